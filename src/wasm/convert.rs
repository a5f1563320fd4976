//! Reading JS arguments and building JS results by hand: a handful of `Reflect` calls cost far
//! fewer wasm bytes than serde-wasm-bindgen's generic code, and the errors name the exact field.

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{Error, Result};
use crate::user_pool::StringMap;

/// A JS options object being read; `path` names it in error messages (`signIn input.options`).
pub struct Args {
    object: Object,
    path: String,
}

/// An object that is neither an array nor a function.
pub fn is_plain_object(value: &JsValue) -> bool {
    value.is_object() && !js_sys::Array::is_array(value) && !value.is_function()
}

impl Args {
    /// `value` must be an object.
    pub fn new(path: &str, value: JsValue) -> Result<Self> {
        if !is_plain_object(&value) {
            return Err(Error::InvalidArgument(format!("{path} must be an object")));
        }
        Ok(Self {
            object: value.unchecked_into(),
            path: path.to_owned(),
        })
    }

    fn get(&self, key: &str) -> Result<Option<JsValue>> {
        let value = Reflect::get(&self.object, &JsValue::from_str(key))
            .map_err(|_| Error::InvalidArgument(format!("{}.{key} cannot be read", self.path)))?;
        Ok(if value.is_undefined() || value.is_null() {
            None
        } else {
            Some(value)
        })
    }

    fn wrong(&self, key: &str, what: &str) -> Error {
        Error::InvalidArgument(format!("{}.{key} must be {what}", self.path))
    }

    /// A required, non-empty string.
    pub fn string(&self, key: &str) -> Result<String> {
        match self.opt_string(key)? {
            Some(s) if !s.is_empty() => Ok(s),
            _ => Err(Error::InvalidArgument(format!(
                "{}.{key} is required (a non-empty string)",
                self.path
            ))),
        }
    }

    pub fn opt_string(&self, key: &str) -> Result<Option<String>> {
        self.get(key)?
            .map(|v| v.as_string().ok_or_else(|| self.wrong(key, "a string")))
            .transpose()
    }

    pub fn opt_bool(&self, key: &str) -> Result<Option<bool>> {
        self.get(key)?
            .map(|v| v.as_bool().ok_or_else(|| self.wrong(key, "a boolean")))
            .transpose()
    }

    pub fn opt_object(&self, key: &str) -> Result<Option<Args>> {
        self.get(key)?
            .map(|v| Args::new(&format!("{}.{key}", self.path), v))
            .transpose()
    }

    /// An object whose values are all strings (`userAttributes`, `clientMetadata`, …).
    pub fn opt_map(&self, key: &str) -> Result<Option<StringMap>> {
        let Some(value) = self.get(key)? else {
            return Ok(None);
        };
        if !is_plain_object(&value) {
            return Err(self.wrong(key, "an object of strings"));
        }
        let mut map = StringMap::new();
        for entry in Object::entries(value.unchecked_ref()).iter() {
            let pair: js_sys::Array = entry.unchecked_into();
            match (pair.get(0).as_string(), pair.get(1).as_string()) {
                (Some(k), Some(v)) => {
                    map.insert(k, v);
                }
                _ => return Err(self.wrong(key, "an object of strings")),
            }
        }
        Ok(Some(map))
    }
}

/// Reads `options` of an input, or an empty one.
pub fn options(input: &Args) -> Result<Args> {
    match input.opt_object("options")? {
        Some(o) => Ok(o),
        None => Args::new("options", Object::new().into()),
    }
}

/// Builds a plain JS object.
pub struct Obj(Object);

impl Obj {
    pub fn new() -> Self {
        Self(Object::new())
    }

    pub fn set(self, key: &str, value: impl Into<JsValue>) -> Self {
        // Defining a property on a plain object we just created cannot fail.
        let _ = Reflect::set(&self.0, &JsValue::from_str(key), &value.into());
        self
    }

    pub fn opt(self, key: &str, value: Option<impl Into<JsValue>>) -> Self {
        match value {
            Some(v) => self.set(key, v),
            None => self,
        }
    }

    pub fn build(self) -> JsValue {
        self.0.into()
    }
}

impl From<Obj> for JsValue {
    fn from(o: Obj) -> Self {
        o.build()
    }
}

/// A string map as a plain object.
pub fn map(m: &StringMap) -> JsValue {
    m.iter()
        .fold(Obj::new(), |o, (k, v)| o.set(k, v.as_str()))
        .build()
}

/// A list of strings as an array.
pub fn strings(list: &[String]) -> JsValue {
    list.iter()
        .map(|s| JsValue::from_str(s))
        .collect::<js_sys::Array>()
        .into()
}
