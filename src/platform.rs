//! What the core asks of its platform: a transport, a clock and a random source.
//!
//! The core never touches the browser. The wasm facade supplies fetch, `Date.now()` and
//! `crypto.getRandomValues()`; unit tests supply a scripted transport and fixed time and bytes.

use crate::error::{Error, Result};

/// An HTTP request as the core builds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// An HTTP response as the transport hands it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
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
        getrandom::fill(buf).map_err(|e| Error::Random(e.to_string()))
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
