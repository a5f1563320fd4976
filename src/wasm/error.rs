//! Errors at the JS boundary: a real `Error` whose `name` is the Cognito exception name or a
//! stable SDK name, with `message` and, where the service sent one, `requestId`.

use wasm_bindgen::JsValue;

use super::convert::error;
use crate::error::Error;

impl From<Error> for JsValue {
    fn from(e: Error) -> Self {
        error(e.name(), &e.message(), e.request_id().unwrap_or(""))
    }
}
