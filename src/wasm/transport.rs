//! The browser's side of the platform: `fetch`, `Date.now()`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestCredentials, RequestInit, Response};

use crate::error::{Error, Result};
use crate::platform::{Clock, HttpRequest, HttpResponse, Transport};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, in a page or a worker alike.
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(request: &Request) -> Result<js_sys::Promise, JsValue>;
}

/// `fetch`, without cookies. POST replies are never stored by the HTTP cache, so no `cache` mode is
/// set: `no-store` would also bypass the CORS preflight cache and cost a preflight per call.
#[derive(Debug, Default, Clone, Copy)]
pub struct FetchTransport;

/// A failed fetch: the JS error's message, which names no secret (the URL and the reason).
fn network(error: JsValue) -> Error {
    let message = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| "fetch failed".to_owned());
    Error::Network(message)
}

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse> {
        let headers = Headers::new().map_err(network)?;
        for (name, value) in &request.headers {
            headers.append(name, value).map_err(network)?;
        }
        let init = RequestInit::new();
        init.set_method(request.method);
        init.set_credentials(RequestCredentials::Omit);
        init.set_headers(&headers);
        if request.method != "GET" {
            init.set_body(&JsValue::from_str(&request.body));
        }
        let js_request = Request::new_with_str_and_init(&request.url, &init).map_err(network)?;
        let response: Response = JsFuture::from(global_fetch(&js_request).map_err(network)?)
            .await
            .map_err(network)?
            .dyn_into()
            .map_err(|_| Error::Network("fetch did not give a Response".into()))?;
        let mut headers = Vec::new();
        if let Ok(Some(entries)) = js_sys::try_iter(&response.headers()) {
            for entry in entries.flatten() {
                let pair: js_sys::Array = entry.unchecked_into();
                if let (Some(name), Some(value)) =
                    (pair.get(0).as_string(), pair.get(1).as_string())
                {
                    headers.push((name.to_ascii_lowercase(), value));
                }
            }
        }
        let body = JsFuture::from(response.text().map_err(network)?)
            .await
            .map_err(network)?
            .as_string()
            .unwrap_or_default();
        Ok(HttpResponse {
            status: response.status(),
            headers,
            body,
        })
    }
}

/// `Date.now()`.
#[derive(Debug, Default, Clone, Copy)]
pub struct BrowserClock;

impl Clock for BrowserClock {
    fn now_ms(&self) -> u64 {
        // Date.now() is a non-negative integer number of milliseconds.
        js_sys::Date::now().max(0.0) as u64
    }
}
