//! JSON for request and reply bodies and token payloads, with miniserde: one small, non-generic
//! parser for both the native and the wasm build (serde_json plus serde-wasm-bindgen cost about
//! 100 KB of wasm; see BENCHMARKS.md). Failures are short messages, never the input (it may hold a
//! token).

pub use miniserde::json::{Array, Object, Value};
use miniserde::{Deserialize, Serialize};

pub fn to_string<T: Serialize>(value: &T) -> String {
    miniserde::json::to_string(value)
}

pub fn from_str<T: Deserialize>(text: &str) -> Result<T, &'static str> {
    miniserde::json::from_str(text).map_err(|_| "not JSON of the expected shape")
}

/// Builds a JSON object member by member; absent options are left out rather than sent as null.
#[derive(Default)]
pub struct Body(Object);

impl Body {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn str(mut self, key: &str, value: &str) -> Self {
        self.0
            .insert(key.to_owned(), Value::String(value.to_owned()));
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
            self.0.insert(key.to_owned(), Value::Bool(v));
        }
        self
    }

    /// A map of strings (`AuthParameters`, `ChallengeResponses`, `ClientMetadata`).
    pub fn map<'a>(
        mut self,
        key: &str,
        map: impl IntoIterator<Item = (&'a String, &'a String)>,
    ) -> Self {
        let mut object = Object::new();
        for (k, v) in map {
            object.insert(k.clone(), Value::String(v.clone()));
        }
        self.0.insert(key.to_owned(), Value::Object(object));
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
        let mut list = Array::new();
        for (name, value) in map {
            let mut attribute = Object::new();
            attribute.insert("Name".into(), Value::String(name.clone()));
            attribute.insert("Value".into(), Value::String(value.clone()));
            list.push(Value::Object(attribute));
        }
        if !list.is_empty() {
            self.0.insert(key.to_owned(), Value::Array(list));
        }
        self
    }

    pub fn build(self) -> String {
        to_string(&Value::Object(self.0))
    }
}
