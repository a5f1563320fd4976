//! JSON for request and reply bodies and token payloads.
//!
//! Replies are parsed with miniserde: one small, non-generic parser for both the native and the wasm
//! build (serde_json plus serde-wasm-bindgen cost about 100 KB of wasm; see BENCHMARKS.md).
//! Requests are only ever objects of strings, booleans, string maps and attribute lists, so
//! [`Body`] writes them directly, leaving absent options out rather than sending null. Failures
//! are short messages, never the input (it may hold a token).

use miniserde::Deserialize;

use crate::bignum::hex;

pub fn from_str<T: Deserialize>(text: &str) -> Result<T, &'static str> {
    miniserde::json::from_str(text).map_err(|_| "not JSON of the expected shape")
}

/// Appends `s` as a JSON string (RFC 8259 §7: quote, backslash and control characters escaped).
fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                out.push_str("\\u00");
                out.push_str(&hex(&[c as u8]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Builds a JSON object member by member.
pub struct Body {
    out: String,
}

impl Default for Body {
    fn default() -> Self {
        Self::new()
    }
}

impl Body {
    pub fn new() -> Self {
        Self {
            out: String::from("{"),
        }
    }

    fn key(&mut self, key: &str) {
        if self.out.len() > 1 {
            self.out.push(',');
        }
        write_str(&mut self.out, key);
        self.out.push(':');
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

    pub fn opt_bool(mut self, key: &str, value: Option<bool>) -> Self {
        if let Some(v) = value {
            self.key(key);
            self.out.push_str(if v { "true" } else { "false" });
        }
        self
    }

    /// A map of strings (`AuthParameters`, `ChallengeResponses`, `ClientMetadata`).
    pub fn map<'a>(
        mut self,
        key: &str,
        map: impl IntoIterator<Item = (&'a String, &'a String)>,
    ) -> Self {
        self.key(key);
        self.out.push('{');
        for (i, (k, v)) in map.into_iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            write_str(&mut self.out, k);
            self.out.push(':');
            write_str(&mut self.out, v);
        }
        self.out.push('}');
        self
    }

    pub fn opt_map<'a>(
        self,
        key: &str,
        map: Option<impl IntoIterator<Item = (&'a String, &'a String)>>,
    ) -> Self {
        match map {
            Some(m) => self.map(key, m),
            None => self,
        }
    }

    /// A list of `{ "Name": …, "Value": … }` (`UserAttributes`, `ValidationData`); left out
    /// when empty.
    pub fn attributes<'a>(
        mut self,
        key: &str,
        map: impl IntoIterator<Item = (&'a String, &'a String)>,
    ) -> Self {
        let mut map = map.into_iter().peekable();
        if map.peek().is_none() {
            return self;
        }
        self.key(key);
        self.out.push('[');
        for (i, (name, value)) in map.enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.out.push_str("{\"Name\":");
            write_str(&mut self.out, name);
            self.out.push_str(",\"Value\":");
            write_str(&mut self.out, value);
            self.out.push('}');
        }
        self.out.push(']');
        self
    }

    pub fn build(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn bodies_are_json_that_serde_json_reads_back() {
        let tricky =
            "quote \" backslash \\ newline \n tab \t nul \u{0} bell \u{7} unit \u{1f} é 用户 😀";
        let mut map = BTreeMap::new();
        map.insert(tricky.to_owned(), tricky.to_owned());
        map.insert("b".to_owned(), String::new());
        let body = Body::new()
            .str("S", tricky)
            .opt_str("Absent", None)
            .opt_bool("T", Some(true))
            .opt_bool("F", Some(false))
            .map("M", &map)
            .attributes("A", &map)
            .attributes("Empty", &BTreeMap::new())
            .build();
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "S": tricky, "T": true, "F": false,
                "M": { tricky: tricky, "b": "" },
                "A": [{ "Name": "b", "Value": "" }, { "Name": tricky, "Value": tricky }],
            })
        );
        assert_eq!(Body::new().build(), "{}");
    }
}
