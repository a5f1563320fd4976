//! Test doubles for the core: a scripted transport, a fixed clock, fixed random bytes.

#![allow(dead_code)]

pub mod totp;

use std::cell::RefCell;
use std::collections::VecDeque;

use cognito_auth_wasm::platform::{Clock, HttpRequest, HttpResponse, RandomSource, Transport};
use cognito_auth_wasm::Result;
use serde_json::Value;

/// Answers each request with the next canned reply and records what was sent.
#[derive(Default)]
pub struct Scripted {
    replies: RefCell<VecDeque<HttpResponse>>,
    pub sent: RefCell<Vec<HttpRequest>>,
}

impl Scripted {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn reply(self, status: u16, body: Value) -> Self {
        self.replies.borrow_mut().push_back(HttpResponse {
            status,
            headers: vec![("x-amzn-requestid".into(), "req-test".into())],
            body: body.to_string(),
        });
        self
    }

    /// A reply with a `Date` header (the service's clock).
    pub fn reply_dated(self, status: u16, body: Value, date: &str) -> Self {
        self.replies.borrow_mut().push_back(HttpResponse {
            status,
            headers: vec![("date".into(), date.into())],
            body: body.to_string(),
        });
        self
    }

    pub fn reply_raw(self, status: u16, body: &str) -> Self {
        self.replies.borrow_mut().push_back(HttpResponse {
            status,
            headers: vec![],
            body: body.into(),
        });
        self
    }

    /// The n-th request: its `X-Amz-Target` and JSON body.
    pub fn request(&self, n: usize) -> (String, Value) {
        let sent = self.sent.borrow();
        let r = &sent[n];
        let target = r
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("x-amz-target"))
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        (target, serde_json::from_str(&r.body).unwrap())
    }
}

impl Transport for &Scripted {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse> {
        self.sent.borrow_mut().push(request);
        Ok(self
            .replies
            .borrow_mut()
            .pop_front()
            .expect("the test scripted fewer replies than the client sent requests"))
    }
}

pub struct FixedClock(pub u64);

impl Clock for FixedClock {
    fn now_ms(&self) -> u64 {
        self.0
    }
}

/// Hands out the given bytes, left-padded with zeros to the requested length.
pub struct FixedRandom(pub Vec<u8>);

impl RandomSource for FixedRandom {
    fn fill(&self, buf: &mut [u8]) -> Result<()> {
        let n = self.0.len().min(buf.len());
        let start = buf.len() - n;
        buf[..start].fill(0);
        buf[start..].copy_from_slice(&self.0[self.0.len() - n..]);
        Ok(())
    }
}
