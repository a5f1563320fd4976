//! What the core asks of its platform: a transport, a clock and a random source.
//!
//! The core never touches the browser. The wasm facade supplies fetch, `Date.now()` and
//! `crypto.getRandomValues()`; unit tests supply a scripted transport and fixed time and bytes.

use crate::error::{Error, Result};
use crate::secret::Wipe;

/// An HTTP request as the core builds it. `Debug` leaves the body and the `Authorization` value
/// out: they hold passwords, codes, sessions, tokens and client secrets; for the same reason
/// both, and every other header value, are wiped when the request is dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// Give up after this long (the browser aborts the fetch; a native transport should too).
    pub timeout_ms: u64,
}

/// An HTTP response as the transport hands it back. `Debug` leaves the body out, and dropping
/// it wipes the body: it holds tokens.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Drop for HttpRequest {
    fn drop(&mut self) {
        self.body.wipe();
        for (_, value) in &mut self.headers {
            value.wipe();
        }
    }
}

impl Drop for HttpResponse {
    fn drop(&mut self) {
        self.body.wipe();
    }
}

impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &redacted(&self.headers))
            .finish_non_exhaustive()
    }
}

/// Headers with the value of `Authorization` (a client secret or a bearer token) left out.
fn redacted(headers: &[(String, String)]) -> Vec<(&str, &str)> {
    headers
        .iter()
        .map(|(n, v)| {
            let secret = n.eq_ignore_ascii_case("authorization");
            (n.as_str(), if secret { "[redacted]" } else { v.as_str() })
        })
        .collect()
}

impl std::fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

impl HttpResponse {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one HTTP request. A failure to reach the server is [`Error::Network`]; any HTTP status
/// is a successful send.
#[allow(async_fn_in_trait)] // the wasm target is single-threaded: no Send bound wanted
pub trait Transport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse>;
}

/// Wall-clock time in milliseconds since the Unix epoch.
pub trait Clock {
    fn now_ms(&self) -> u64;
}

/// A cryptographically secure random source.
pub trait RandomSource {
    fn fill(&self, buf: &mut [u8]) -> Result<()>;
}

/// The operating system's (or, in the browser, `crypto.getRandomValues`') random source.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsRandom;

impl RandomSource for OsRandom {
    fn fill(&self, buf: &mut [u8]) -> Result<()> {
        getrandom::fill(buf).map_err(|_| Error::Random)
    }
}

/// The system clock (not for wasm32-unknown-unknown, where `SystemTime` is unavailable).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

#[cfg(not(target_arch = "wasm32"))]
impl Clock for SystemClock {
    fn now_ms(&self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
            .unwrap_or(0)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::{Clock, HttpResponse};

    pub struct FixedClock(pub u64);

    /// A canned reply for a `xxx_reply()` method.
    pub fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> crate::Result<HttpResponse> {
        Ok(HttpResponse {
            status,
            headers: headers
                .iter()
                .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                .collect(),
            body: body.into(),
        })
    }

    impl Clock for FixedClock {
        fn now_ms(&self) -> u64 {
            self.0
        }
    }

    #[test]
    fn debug_of_requests_and_replies_leaves_bodies_and_credentials_out() {
        let request = super::HttpRequest {
            method: "POST",
            url: "https://example.test/".into(),
            headers: vec![("authorization".into(), "Basic c2VjcmV0".into())],
            body: r#"{"Password":"hunter2"}"#.into(),
            timeout_ms: 1,
        };
        let response = super::HttpResponse {
            status: 200,
            headers: vec![],
            body: r#"{"IdToken":"eyJsecret"}"#.into(),
        };
        let printed = format!("{request:?} {response:?}");
        assert!(
            !printed.contains("hunter2")
                && !printed.contains("eyJsecret")
                && !printed.contains("c2VjcmV0"),
            "{printed}"
        );
    }
}
