//! The browser's side of the platform: fetch, `Date.now()`.

use gloo_net::http::{Method, RequestBuilder};
use web_sys::RequestCredentials;

use crate::error::{Error, Result};
use crate::platform::{Clock, HttpRequest, HttpResponse, Transport};

/// `fetch`, without cookies. POST replies are never stored by the HTTP cache, so no `cache` mode is
/// set: `no-store` would also bypass the CORS preflight cache and cost a preflight per call.
#[derive(Debug, Default, Clone, Copy)]
pub struct FetchTransport;

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse> {
        let method = match request.method {
            "GET" => Method::GET,
            _ => Method::POST,
        };
        let mut builder = RequestBuilder::new(&request.url)
            .method(method)
            .credentials(RequestCredentials::Omit);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let network = |e: gloo_net::Error| Error::Network(e.to_string());
        let response = builder
            .body(request.body)
            .map_err(network)?
            .send()
            .await
            .map_err(network)?;
        let status = response.status();
        let headers = response
            .headers()
            .entries()
            .map(|(name, value)| (name.to_ascii_lowercase(), value))
            .collect();
        let body = response.text().await.map_err(network)?;
        Ok(HttpResponse {
            status,
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
