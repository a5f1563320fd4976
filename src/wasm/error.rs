//! Errors at the JS boundary: a real `Error` whose `name` is the Cognito exception name or a
//! stable SDK name, with `message` and, where the service sent one, `requestId`.

use wasm_bindgen::JsValue;

use crate::error::Error;

impl From<Error> for JsValue {
    fn from(error: Error) -> Self {
        let js = js_sys::Error::new(&error.message());
        js.set_name(error.name());
        if let Some(id) = error.request_id() {
            // Setting a property on a fresh Error object cannot fail.
            let _ = js_sys::Reflect::set(&js, &"requestId".into(), &id.into());
        }
        js.into()
    }
}
