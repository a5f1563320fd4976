//! JS arguments in and JS results out, as JSON text: an argument is `JSON.stringify`ed and read
//! with the same parser as the service's replies, a result is written with the same writer as
//! requests and `JSON.parse`d. Both directions reuse code the core needs anyway; reading and
//! building JS objects field by field through `Reflect` cost several kilobytes of wasm more.
//! Errors name the exact field (`signIn input.options.authFlowType`).

use wasm_bindgen::prelude::*;

use crate::error::{Error, Result};
use crate::json::{self, Body, Object};
use crate::secret::Wipe;
use crate::user_pool::StringMap;

#[wasm_bindgen(inline_js = r#"
export function stringify(v) { try { return JSON.stringify(v) || ''; } catch (e) { return ''; } }
export function parse(text) { return JSON.parse(text); }
export function href(url) { try { return new URL(url).href; } catch (e) { return ''; } }
export function error(name, message, extra) {
  const e = new Error(message);
  e.name = name;
  if (extra) e[name == 'OAuthError' ? 'error' : 'requestId'] = extra;
  return e;
}
"#)]
extern "C" {
    /// `JSON.stringify(value)`, or "" for what it cannot write.
    fn stringify(value: &JsValue) -> String;
    fn parse(json: &str) -> JsValue;
    /// The browser's reading of an absolute URL (`new URL(url).href`), "" when it is not one.
    fn href(url: &str) -> String;
    /// A real `Error` with `name`, `message` and, unless empty, `extra`: the `requestId`, or an
    /// `OAuthError`'s `error` (the server's code).
    pub fn error(name: &str, message: &str, extra: &str) -> JsValue;
}

/// A JS options object being read; `path` names it in error messages (`signIn input.options`).
pub struct Args<'a> {
    object: Object<'a>,
    path: String,
}

fn not_an_object(path: &str) -> Error {
    Error::InvalidArgument([path, " must be an object"].concat())
}

impl Args<'static> {
    /// `value` must be a plain object (anything `JSON.stringify` writes as `{…}`). Its text,
    /// which may hold a password or a code, is wiped once read.
    pub fn new(path: &str, value: JsValue) -> Result<Self> {
        let mut text = stringify(&value);
        let object = json::parse_object(&text);
        text.wipe();
        match object {
            Ok(object) => Ok(Self {
                object,
                path: path.to_owned(),
            }),
            Err(_) => Err(not_an_object(path)),
        }
    }
}

impl Args<'_> {
    pub fn object(&self) -> &Object<'_> {
        &self.object
    }

    /// `key` is not `what`; or it is a string with a lone surrogate ('\uD800'), which has no
    /// UTF-8 form to send (JSON.stringify writes it as an escape that `json` reads as such).
    fn wrong(&self, key: &str, what: &str, why: json::Invalid) -> Error {
        let what = if why == json::NOT_UNICODE {
            " has a lone surrogate (not valid Unicode)"
        } else {
            what
        };
        Error::InvalidArgument([&self.path, ".", key, what].concat())
    }

    /// A required, non-empty string.
    pub fn string(&self, key: &str) -> Result<String> {
        match self.opt_string(key)? {
            Some(s) if !s.is_empty() => Ok(s),
            _ => Err(Error::InvalidArgument(
                [&self.path, ".", key, " is required (a non-empty string)"].concat(),
            )),
        }
    }

    pub fn opt_string(&self, key: &str) -> Result<Option<String>> {
        self.object()
            .string(key)
            .map_err(|e| self.wrong(key, " must be a string", e))
    }

    /// A URL as the browser's (WHATWG) parser reads it, so that the core checks the host the
    /// browser will connect to: `http://a.test\\@127.0.0.1/` is `http://a.test/@127.0.0.1/`.
    pub fn opt_url(&self, key: &str) -> Result<Option<String>> {
        Ok(self.opt_string(key)?.map(|url| href(&url)))
    }

    pub fn opt_bool(&self, key: &str) -> Result<Option<bool>> {
        self.object()
            .bool(key)
            .map_err(|e| self.wrong(key, " must be a boolean", e))
    }

    /// A whole number.
    pub fn opt_u64(&self, key: &str) -> Result<Option<u64>> {
        self.object()
            .u64(key)
            .map_err(|e| self.wrong(key, " must be a whole number", e))
    }

    pub fn opt_object(&self, key: &str) -> Result<Option<Args<'_>>> {
        let path = [&self.path, ".", key].concat();
        match self.object().object(key) {
            Ok(o) => Ok(o.map(|object| Args { object, path })),
            Err(_) => Err(not_an_object(&path)),
        }
    }

    /// An object whose values are all strings (`userAttributes`, `clientMetadata`, …).
    pub fn opt_map(&self, key: &str) -> Result<Option<StringMap>> {
        self.object()
            .map(key)
            .map_err(|e| self.wrong(key, " must be an object of strings", e))
    }
}

/// An optional options argument (`fetchAuthSession(options?)`): absent reads as empty.
pub fn options_of(path: &str, value: Option<JsValue>) -> Result<Args<'static>> {
    match value {
        Some(v) if !v.is_undefined() && !v.is_null() => Args::new(path, v),
        _ => Ok(Args {
            object: Object::Borrowed(&[]),
            path: path.to_owned(),
        }),
    }
}

/// Reads `options` of an input, or an empty one.
pub fn options<'a>(input: &'a Args<'_>) -> Result<Args<'a>> {
    Ok(input.opt_object("options")?.unwrap_or(Args {
        object: Object::Borrowed(&[]),
        path: String::new(),
    }))
}

/// A result built as JSON, handed to JS as a plain object; the text (tokens, credentials) is
/// wiped once JS has parsed it.
pub fn to_js(body: Body) -> JsValue {
    let mut text = body.build();
    let value = parse(&text);
    text.wipe();
    value
}
