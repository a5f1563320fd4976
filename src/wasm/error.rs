//! Errors at the JS boundary: a real `Error` whose `name` is the Cognito exception name or a
//! stable SDK name, with `message` and, where the service sent one, `requestId`; an `OAuthError`
//! carries the server's code as `error`.

use wasm_bindgen::JsValue;

use super::convert::error;
use crate::error::Error;

impl From<Error> for JsValue {
    fn from(e: Error) -> Self {
        let extra = match &e {
            Error::OAuth(o) => o.error.as_str(),
            _ => e.request_id().unwrap_or(""),
        };
        error(e.name(), &e.message(), extra)
    }
}
