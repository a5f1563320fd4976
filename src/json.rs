//! JSON for request and reply bodies, token payloads and stored values.
//!
//! Replies are read with a small parser of our own into [`Json`] and then picked apart field by
//! field: a generic deserializer (serde_json, then miniserde) cost more wasm than every other
//! part of the protocol together (see BENCHMARKS.md). Numbers are kept as their text and read
//! as integers only where the protocol has integers, so no float parsing is compiled in.
//! Requests are only ever objects of strings, booleans, string maps and attribute lists, so
//! [`Body`] writes them directly, leaving absent options out rather than sending null.
//! Failures are short static messages, never the input (it may hold a token).

use crate::bignum::hex;
use crate::secret::{reserve, Secret, Wipe};

/// A map of strings in insertion order (`AuthParameters`, `ChallengeParameters`, attributes, …).
/// A vector of pairs: these maps hold a handful of entries, and a `BTreeMap` cost kilobytes of wasm.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct StringMap(Vec<(String, String)>);

impl StringMap {
    pub fn new() -> Self {
        Self(Vec::new())
    }

    /// Sets `key`, replacing an earlier value.
    pub fn insert(&mut self, key: String, value: String) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => *v = value,
            None => self.0.push((key, value)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Values may be passwords, codes, sessions or whatever a Lambda trigger sends: wiped when the
/// map is dropped.
impl Drop for StringMap {
    fn drop(&mut self) {
        for (_, v) in &mut self.0 {
            v.wipe();
        }
    }
}

/// Values may be attributes, codes or whatever a Lambda trigger sends: only the keys are printed.
impl std::fmt::Debug for StringMap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(k, _)| k))
            .finish()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for StringMap {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = Self::new();
        for (k, v) in iter {
            map.insert(k.into(), v.into());
        }
        map
    }
}

/// Nesting deeper than this is refused rather than recursed into.
const MAX_DEPTH: u32 = 32;

/// A parsed JSON value. Object members keep their order; a repeated key's first value wins.
#[derive(Clone, PartialEq, Eq)]
pub enum Json {
    Null,
    Bool(bool),
    /// The number's text, as it was written.
    Number(String),
    String(String),
    /// A string with a lone UTF-16 surrogate (`"\ud800"`, as `JSON.stringify` writes one): not
    /// Unicode, so it has no `String`; kept so that reading it fails with [`NOT_UNICODE`] and the
    /// caller can name the field.
    Unpaired,
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// Values may be tokens or passwords: strings (the members' values, not their names) are wiped
/// when the value is dropped, a tree that failed half-way through parsing too.
impl Drop for Json {
    fn drop(&mut self) {
        if let Json::String(s) = self {
            s.wipe();
        }
    }
}

impl std::fmt::Debug for Json {
    /// Values may be tokens or passwords: only the shape is printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Json::Null => "null",
            Json::Bool(_) => "bool",
            Json::Number(_) => "number",
            Json::String(_) | Json::Unpaired => "string",
            Json::Array(_) => "array",
            Json::Object(_) => "object",
        })
    }
}

/// Why a JSON text or one of its fields was refused. Static, so nothing of the input leaks.
pub type Invalid = &'static str;

const NOT_JSON: Invalid = "not JSON";
const WRONG_SHAPE: Invalid = "not JSON of the expected shape";
/// A string field (or a key of a map of strings) holds a lone surrogate.
pub const NOT_UNICODE: Invalid = "a string with a lone surrogate, not Unicode";

/// Parses a whole JSON text (RFC 8259): one value, white space around it, nothing else.
pub fn parse(text: &str) -> Result<Json, Invalid> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    let value = p.value(0)?;
    p.ws();
    if p.i == p.s.len() {
        Ok(value)
    } else {
        Err(NOT_JSON)
    }
}

/// Parses a JSON text that must be an object.
pub fn parse_object(text: &str) -> Result<Object<'static>, Invalid> {
    match &mut parse(text)? {
        Json::Object(members) => Ok(Object::Owned(std::mem::take(members))),
        _ => Err(WRONG_SHAPE),
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn next(&mut self) -> Result<u8, Invalid> {
        let b = self.peek().ok_or(NOT_JSON)?;
        self.i += 1;
        Ok(b)
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn literal(&mut self, word: &[u8], value: Json) -> Result<Json, Invalid> {
        if self.s.get(self.i..self.i + word.len()) == Some(word) {
            self.i += word.len();
            Ok(value)
        } else {
            Err(NOT_JSON)
        }
    }

    fn value(&mut self, depth: u32) -> Result<Json, Invalid> {
        if depth > MAX_DEPTH {
            return Err(NOT_JSON);
        }
        self.ws();
        match self.peek().ok_or(NOT_JSON)? {
            b'{' => {
                self.i += 1;
                let mut members: Vec<(String, Json)> = Vec::new();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                    return Ok(Json::Object(members));
                }
                loop {
                    self.ws();
                    if self.next()? != b'"' {
                        return Err(NOT_JSON);
                    }
                    let (key, unpaired) = self.string()?;
                    self.ws();
                    if self.next()? != b':' {
                        return Err(NOT_JSON);
                    }
                    let mut value = self.value(depth + 1)?;
                    if unpaired {
                        // The member cannot be named: it poisons the object's map of strings.
                        value = Json::Unpaired;
                    }
                    if unpaired || !members.iter().any(|(k, _)| *k == key) {
                        members.push((key, value));
                    }
                    self.ws();
                    match self.next()? {
                        b',' => {}
                        b'}' => return Ok(Json::Object(members)),
                        _ => return Err(NOT_JSON),
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return Ok(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.next()? {
                        b',' => {}
                        b']' => return Ok(Json::Array(items)),
                        _ => return Err(NOT_JSON),
                    }
                }
            }
            b'"' => {
                self.i += 1;
                Ok(match self.string()? {
                    (s, false) => Json::String(s),
                    (_, true) => Json::Unpaired,
                })
            }
            b't' => self.literal(b"true", Json::Bool(true)),
            b'f' => self.literal(b"false", Json::Bool(false)),
            b'n' => self.literal(b"null", Json::Null),
            _ => self.number(),
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Result<Json, Invalid> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(NOT_JSON),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            self.required_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            self.required_digits()?;
        }
        let text = self.s.get(start..self.i).ok_or(NOT_JSON)?;
        Ok(Json::Number(
            std::str::from_utf8(text).map_err(|_| NOT_JSON)?.to_owned(),
        ))
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), Invalid> {
        let start = self.i;
        self.digits();
        if self.i == start {
            Err(NOT_JSON)
        } else {
            Ok(())
        }
    }

    fn hex4(&mut self) -> Result<u32, Invalid> {
        let mut n = 0;
        for _ in 0..4 {
            let d = char::from(self.next()?).to_digit(16).ok_or(NOT_JSON)?;
            n = n * 16 + d;
        }
        Ok(n)
    }

    /// The rest of a string after its opening quote, and whether it held a lone surrogate
    /// (U+FFFD in its place).
    fn string(&mut self) -> Result<(String, bool), Invalid> {
        // As long as the literal, which its escapes only shorten: the buffer never grows, and so
        // never frees a block with the start of a token in it.
        let mut end = self.i;
        while let Some(b) = self.s.get(end) {
            match b {
                b'"' => break,
                b'\\' => end += 2,
                _ => end += 1,
            }
        }
        let mut out = Vec::with_capacity(end - self.i);
        let mut unpaired = false;
        loop {
            match self.next()? {
                b'"' => {
                    return String::from_utf8(out)
                        .map(|s| (s, unpaired))
                        .map_err(|_| NOT_JSON)
                }
                b'\\' => {
                    let c = match self.next()? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi)
                                && self.s.get(self.i..self.i + 2) == Some(b"\\u")
                            {
                                let at = self.i;
                                self.i += 2;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                } else {
                                    self.i = at;
                                    hi
                                }
                            } else {
                                hi
                            };
                            char::from_u32(code).unwrap_or_else(|| {
                                unpaired = true;
                                char::REPLACEMENT_CHARACTER
                            })
                        }
                        _ => return Err(NOT_JSON),
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                b if b < 0x20 => return Err(NOT_JSON),
                b => out.push(b),
            }
        }
    }
}

impl Json {
    /// The members of an object.
    pub fn as_object(&self) -> Option<Object<'_>> {
        match self {
            Json::Object(members) => Some(Object::Borrowed(members)),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The string, or why not: [`NOT_UNICODE`] for one with a lone surrogate.
    fn to_str(&self) -> Result<&str, Invalid> {
        match self {
            Json::String(s) => Ok(s),
            Json::Unpaired => Err(NOT_UNICODE),
            _ => Err(WRONG_SHAPE),
        }
    }
}

/// The members of a JSON object, read field by field. A member that is `null` counts as absent;
/// one of the wrong type is an error. `Debug` prints the member names only.
pub enum Object<'a> {
    Owned(Vec<(String, Json)>),
    Borrowed(&'a [(String, Json)]),
}

impl std::fmt::Debug for Object<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.members().iter().map(|(k, _)| k))
            .finish()
    }
}

impl Object<'_> {
    /// Every member in order, nulls included.
    pub fn members(&self) -> &[(String, Json)] {
        match self {
            Object::Owned(m) => m,
            Object::Borrowed(m) => m,
        }
    }

    /// The member of that name, unless absent or null.
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.members()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .filter(|v| !matches!(v, Json::Null))
    }

    pub fn str(&self, key: &str) -> Result<Option<&str>, Invalid> {
        self.get(key).map(Json::to_str).transpose()
    }

    pub fn string(&self, key: &str) -> Result<Option<String>, Invalid> {
        Ok(self.str(key)?.map(str::to_owned))
    }

    /// A string that is a session or a token.
    pub fn secret(&self, key: &str) -> Result<Option<Secret<String>>, Invalid> {
        Ok(self.string(key)?.map(Secret::new))
    }

    /// A non-negative integer that fits a `u64`.
    pub fn u64(&self, key: &str) -> Result<Option<u64>, Invalid> {
        self.get(key)
            .map(|v| match v {
                Json::Number(n) => crate::text::digits(n).ok_or(WRONG_SHAPE),
                _ => Err(WRONG_SHAPE),
            })
            .transpose()
    }

    pub fn bool(&self, key: &str) -> Result<Option<bool>, Invalid> {
        self.get(key)
            .map(|v| match v {
                Json::Bool(b) => Ok(*b),
                _ => Err(WRONG_SHAPE),
            })
            .transpose()
    }

    pub fn object(&self, key: &str) -> Result<Option<Object<'_>>, Invalid> {
        self.get(key)
            .map(|v| v.as_object().ok_or(WRONG_SHAPE))
            .transpose()
    }

    /// The items of an array.
    pub fn array(&self, key: &str) -> Result<Option<&[Json]>, Invalid> {
        self.get(key)
            .map(|v| match v {
                Json::Array(items) => Ok(items.as_slice()),
                _ => Err(WRONG_SHAPE),
            })
            .transpose()
    }

    /// An object whose members are all strings.
    pub fn map(&self, key: &str) -> Result<Option<StringMap>, Invalid> {
        self.object(key)?.map(|o| o.to_map()).transpose()
    }

    /// This object as a map of strings; any other member type is an error.
    pub fn to_map(&self) -> Result<StringMap, Invalid> {
        let mut map = StringMap::new();
        for (k, v) in self.members() {
            map.insert(k.clone(), v.to_str()?.to_owned());
        }
        Ok(map)
    }
}

/// A JSON text that must be an array of strings (`requiredAttributes`, `MFAS_CAN_CHOOSE`).
pub fn string_list(text: &str) -> Result<Vec<String>, Invalid> {
    let list = parse(text)?;
    let Json::Array(items) = &list else {
        return Err(WRONG_SHAPE);
    };
    let mut out = Vec::new();
    for item in items {
        out.push(item.as_str().ok_or(WRONG_SHAPE)?.to_owned());
    }
    Ok(out)
}

/// Appends `s` to `out`, wiping each block `out` outgrows ([`reserve`]): bodies and the JSON
/// handed to JS carry passwords and tokens.
pub fn append(out: &mut String, s: &str) {
    reserve(out, s.len());
    out.push_str(s);
}

/// Appends `s` as a JSON string (RFC 8259 §7: quote, backslash and control characters escaped).
pub fn write_str(out: &mut String, s: &str) {
    append(out, "\"");
    let mut buf = [0; 4];
    for c in s.chars() {
        let piece: &str = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            c if u32::from(c) < 0x20 => {
                append(out, "\\u00");
                append(out, &hex(&[c as u8]));
                continue;
            }
            c => c.encode_utf8(&mut buf),
        };
        append(out, piece);
    }
    append(out, "\"");
}

/// Builds a JSON object member by member. What it writes is wiped when it is dropped, and each
/// block it outgrows (see [`append`]); [`Body::build`] hands the text on.
pub struct Body {
    out: String,
}

impl Default for Body {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for Body {
    fn drop(&mut self) {
        self.out.wipe();
    }
}

impl Body {
    pub fn new() -> Self {
        Self {
            out: String::from("{"),
        }
    }

    fn push(&mut self, s: &str) {
        append(&mut self.out, s);
    }

    fn key(&mut self, key: &str) {
        if self.out.len() > 1 {
            self.push(",");
        }
        write_str(&mut self.out, key);
        self.push(":");
    }

    pub fn str(mut self, key: &str, value: &str) -> Self {
        self.key(key);
        write_str(&mut self.out, value);
        self
    }

    pub fn opt_str(self, key: &str, value: Option<&str>) -> Self {
        match value {
            Some(v) => self.str(key, v),
            None => self,
        }
    }

    pub fn bool(mut self, key: &str, value: bool) -> Self {
        self.key(key);
        self.push(if value { "true" } else { "false" });
        self
    }

    pub fn opt_bool(self, key: &str, value: Option<bool>) -> Self {
        match value {
            Some(v) => self.bool(key, v),
            None => self,
        }
    }

    /// An array of strings.
    pub fn strings(mut self, key: &str, list: &[String]) -> Self {
        self.key(key);
        self.push("[");
        for (i, s) in list.iter().enumerate() {
            if i > 0 {
                self.push(",");
            }
            write_str(&mut self.out, s);
        }
        self.push("]");
        self
    }

    /// A nested object.
    pub fn object(self, key: &str, object: Body) -> Self {
        let mut json = object.build();
        let out = self.raw(key, &json);
        json.wipe();
        out
    }

    pub fn opt_object(self, key: &str, object: Option<Body>) -> Self {
        match object {
            Some(o) => self.object(key, o),
            None => self,
        }
    }

    /// An unsigned integer.
    pub fn num(mut self, key: &str, value: u64) -> Self {
        self.key(key);
        self.push(&decimal(value));
        self
    }

    /// A JSON value written by another `Body` (or any valid JSON text).
    pub fn raw(mut self, key: &str, json: &str) -> Self {
        self.key(key);
        self.push(json);
        self
    }

    /// A map of strings (`AuthParameters`, `ChallengeResponses`, `ClientMetadata`).
    pub fn map(self, key: &str, map: &StringMap) -> Self {
        self.object(key, Self::of_map(map))
    }

    /// The members of a map of strings (`fetchUserInfo`'s result), as a body.
    pub fn of_map(map: &StringMap) -> Self {
        let mut body = Self::new();
        for (k, v) in map.iter() {
            body = body.str(k, v);
        }
        body
    }

    pub fn opt_map(self, key: &str, map: Option<&StringMap>) -> Self {
        match map {
            Some(m) => self.map(key, m),
            None => self,
        }
    }

    /// A list of `{ "Name": …, "Value": … }` (`UserAttributes`, `ValidationData`); left out
    /// when empty.
    pub fn attributes(mut self, key: &str, map: &StringMap) -> Self {
        if map.is_empty() {
            return self;
        }
        self.key(key);
        self.push("[");
        for (i, (name, value)) in map.iter().enumerate() {
            if i > 0 {
                self.push(",");
            }
            self.push("{\"Name\":");
            write_str(&mut self.out, name);
            self.push(",\"Value\":");
            write_str(&mut self.out, value);
            self.push("}");
        }
        self.push("]");
        self
    }

    /// The text; whoever takes it wipes it when done, if it holds a secret.
    pub fn build(mut self) -> String {
        self.push("}");
        std::mem::take(&mut self.out)
    }
}

/// The decimal digits of `n`, without `core::fmt`.
pub fn decimal(mut n: u64) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_json_that_serde_json_reads_back() {
        let tricky =
            "quote \" backslash \\ newline \n tab \t nul \u{0} bell \u{7} unit \u{1f} é 用户 😀";
        let mut map = StringMap::new();
        map.insert("b".to_owned(), String::new());
        map.insert(tricky.to_owned(), tricky.to_owned());
        let body = Body::new()
            .str("S", tricky)
            .opt_str("Absent", None)
            .opt_bool("T", Some(true))
            .opt_bool("F", Some(false))
            .num("N", 18_446_744_073_709_551_615)
            .map("M", &map)
            .attributes("A", &map)
            .attributes("Empty", &StringMap::new())
            .raw("R", &Body::new().str("x", "y").build())
            .build();
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "S": tricky, "T": true, "F": false, "N": 18_446_744_073_709_551_615u64,
                "M": { tricky: tricky, "b": "" },
                "A": [{ "Name": "b", "Value": "" }, { "Name": tricky, "Value": tricky }],
                "R": { "x": "y" },
            })
        );
        assert_eq!(Body::new().build(), "{}");
    }

    #[test]
    fn the_parser_reads_what_serde_json_writes() {
        let value = serde_json::json!({
            "s": "quote \" backslash \\ slash / control \u{1} é 用户 😀",
            "n": [0, -1, 1.5, 2e10, -0.25E-3, 18_446_744_073_709_551_615u64],
            "b": [true, false, null],
            "o": { "nested": { "deeper": [[], {}] } },
        });
        let parsed = parse(&value.to_string()).unwrap();
        let o = parsed.as_object().unwrap();
        assert_eq!(
            o.str("s").unwrap(),
            Some("quote \" backslash \\ slash / control \u{1} é 用户 😀")
        );
        let Some(Json::Array(n)) = o.get("n") else {
            panic!("n")
        };
        assert_eq!(n.len(), 6);
        assert_eq!(n[5], Json::Number("18446744073709551615".into()));
        assert!(o.object("o").unwrap().unwrap().object("nested").is_ok());
        assert_eq!(
            parse(r#""\ud83d\ude00\u00e9\n""#).unwrap(),
            Json::String("😀é\n".into())
        );
    }

    #[test]
    fn a_lone_surrogate_fails_only_its_field_and_names_it() {
        // What JSON.stringify writes for { password: '\uD800', username: 'ok\uDE00', ... }.
        let o = parse_object(
            r#"{"password":"a\ud800","username":"ok\ude00","low":"\ud800\u0041","pair":"\ud83d\ude00","m":{"k":"v","\udbff":"x"},"v":{"k":"\udfff"},"ok":"fine"}"#,
        )
        .unwrap();
        assert_eq!(o.str("password"), Err(NOT_UNICODE));
        assert_eq!(o.str("username"), Err(NOT_UNICODE));
        assert_eq!(o.str("low"), Err(NOT_UNICODE));
        assert_eq!(o.str("pair"), Ok(Some("😀")));
        assert_eq!(o.map("m").err(), Some(NOT_UNICODE));
        assert_eq!(o.map("v").err(), Some(NOT_UNICODE));
        assert_eq!(o.str("ok"), Ok(Some("fine")));
        assert_eq!(format!("{:?}", parse(r#""\ud800""#)), "Ok(string)");
        // Still not JSON: a bad escape after a high surrogate, or a truncated one.
        assert!(parse(r#""\ud800\uZZZZ""#).is_err());
        assert!(parse(r#""\ud800\u00""#).is_err());
    }

    #[test]
    fn fields_of_the_wrong_type_are_errors_and_null_is_absent() {
        let o = parse_object(
            r#"{"s":"x","n":42,"big":18446744073709551616,"z":null,"b":true,"m":{"k":"v"}}"#,
        )
        .unwrap();
        assert_eq!(o.str("s"), Ok(Some("x")));
        assert_eq!(o.str("z"), Ok(None));
        assert_eq!(o.str("missing"), Ok(None));
        assert!(o.str("n").is_err());
        assert_eq!(o.u64("n"), Ok(Some(42)));
        assert!(o.u64("big").is_err());
        assert!(o.u64("s").is_err());
        assert_eq!(o.bool("b"), Ok(Some(true)));
        assert!(o.bool("n").is_err());
        assert_eq!(o.map("m").unwrap().unwrap().get("k"), Some("v"));
        assert!(o.map("s").is_err());
        assert!(parse_object(r#"{"m":{"k":1}}"#).unwrap().map("m").is_err());
    }

    #[test]
    fn malformed_text_is_refused_not_a_panic() {
        let deep = "[".repeat(10_000);
        for bad in [
            "",
            " ",
            "{",
            "}",
            "{\"a\"}",
            "{\"a\":}",
            "{\"a\":1,}",
            "[1,]",
            "[1 2]",
            "01",
            "-",
            "1.",
            "1e",
            "+1",
            "tru",
            "nulll",
            "\"unterminated",
            "\"bad \\x escape\"",
            "\"raw \n newline\"",
            "{} {}",
            "\u{feff}{}",
            deep.as_str(),
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        assert!(parse(&format!("{}{}", "[".repeat(32), "]".repeat(32))).is_ok());
        assert!(parse_object("[]").is_err());
        assert_eq!(
            string_list(r#"["a","b"]"#),
            Ok(vec!["a".into(), "b".into()])
        );
        assert!(string_list(r#"["a",1]"#).is_err());
        assert!(string_list(r#"{}"#).is_err());
    }

    #[test]
    fn decimal_writes_digits() {
        assert_eq!(decimal(0), "0");
        assert_eq!(decimal(1_700_000_000), "1700000000");
        assert_eq!(decimal(u64::MAX), "18446744073709551615");
    }
}
