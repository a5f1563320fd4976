//! What the fuzz targets share: reading an input as a sequence of choices and texts, a canned
//! HTTP reply from it, a user pool client and unsigned JWTs around a fuzzed payload.
//!
//! An input is bytes: [`Input::byte`] takes one (0 when none is left), [`Input::part`] the text
//! up to the next NUL, [`Input::rest`] all that is left. Texts are read as UTF-8 with invalid
//! sequences replaced, as the browser's `fetch` and storage hand the wasm only valid strings.

use cognito_auth_wasm::base64;
use cognito_auth_wasm::json::StringMap;
use cognito_auth_wasm::platform::{Clock, HttpResponse, RandomSource};
use cognito_auth_wasm::secret::Secret;
use cognito_auth_wasm::session::{Keys, Session, SignInDetails};
use cognito_auth_wasm::srp::SrpClient;
use cognito_auth_wasm::user_pool::{
    AuthFlow, ChallengeAnswer, Next, SignInInput, SignInStep, UserPoolClient, UserPoolConfig,
};
use cognito_auth_wasm::{Error, Result};

pub struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Self(data)
    }

    pub fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }

    pub fn u16(&mut self) -> u16 {
        u16::from_be_bytes([self.byte(), self.byte()])
    }

    /// The text up to the next NUL (which is dropped), or to the end.
    pub fn part(&mut self) -> String {
        let end = self.0.iter().position(|b| *b == 0).unwrap_or(self.0.len());
        let text = String::from_utf8_lossy(&self.0[..end]).into_owned();
        self.0 = self.0.get(end + 1..).unwrap_or_default();
        text
    }

    /// Everything left, NULs included.
    pub fn rest(&mut self) -> String {
        let text = String::from_utf8_lossy(self.0).into_owned();
        self.0 = &[];
        text
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A reply as a transport hands it over: a flags byte (bit 7: the request failed to send;
    /// bit 0: an `x-amzn-errortype` header; bit 1: an `x-amzn-requestid` header; bit 2: the body
    /// ends at the next NUL instead of the input's end), the status (two bytes, big-endian),
    /// then each header's value and the body, NUL-separated.
    pub fn reply(&mut self) -> Result<HttpResponse> {
        let flags = self.byte();
        let status = self.u16();
        let mut headers = Vec::new();
        if flags & 1 != 0 {
            headers.push(("x-amzn-errortype".to_owned(), self.part()));
        }
        if flags & 2 != 0 {
            headers.push(("x-amzn-requestid".to_owned(), self.part()));
        }
        let body = if flags & 4 != 0 {
            self.part()
        } else {
            self.rest()
        };
        if flags & 0x80 != 0 {
            return Err(Error::Network(body));
        }
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

/// Reads every part of an error, as the facade does when it hands one to JS.
pub fn touch_error(error: &Error) {
    let _ = (
        error.name(),
        error.message(),
        error.request_id(),
        error.kind(),
    );
    let _ = error.to_string();
}

/// Reads a result's error, if any, and hands the value on.
pub fn ok<T>(result: Result<T>) -> Option<T> {
    result.map_err(|e| touch_error(&e)).ok()
}

pub const CLIENT_ID: &str = "3n4b5urk1ft4fl3mg5e62d9ado";
pub const POOL_ID: &str = "eu-west-1_AbC123";
pub const NOW_MS: u64 = 1_700_000_100_000;

pub struct FixedClock;

impl Clock for FixedClock {
    fn now_ms(&self) -> u64 {
        NOW_MS
    }
}

/// The same bytes every time: fuzzing needs repeatable runs, not secrets.
pub struct FixedRandom;

impl RandomSource for FixedRandom {
    fn fill(&self, buf: &mut [u8]) -> Result<()> {
        buf.iter_mut()
            .enumerate()
            .for_each(|(i, b)| *b = i as u8 | 1);
        Ok(())
    }
}

/// A client of the pool, with or without an app client secret (`SECRET_HASH` then goes along).
pub fn client(with_secret: bool) -> UserPoolClient {
    let config = UserPoolConfig {
        user_pool_id: POOL_ID.into(),
        user_pool_client_id: CLIENT_ID.into(),
        client_secret: with_secret.then(|| "s3cr3t".into()),
        endpoint: None,
    };
    match UserPoolClient::new(config, (), Box::new(FixedClock), Box::new(FixedRandom)) {
        Ok(c) => c,
        Err(e) => panic!("the fuzz client's configuration: {e}"),
    }
}

/// An unsigned JWT (`alg: none`) carrying `payload` as is.
pub fn jwt(payload: &str) -> String {
    [
        "eyJhbGciOiJub25lIn0.",
        &base64::encode_url(payload.as_bytes()),
        ".c2ln",
    ]
    .concat()
}

/// A sign-in from `InitiateAuth` on, each reply NUL-separated (the reply's flags bit 2 set
/// ends its body at the next NUL): the challenges it reaches are answered with the input's
/// next text, as `confirmSignIn` would.
pub fn sign_in(c: &UserPoolClient, flow: AuthFlow, srp: Option<SrpClient>, input: &mut Input) {
    let password = if flow == AuthFlow::CustomWithoutSrp {
        ""
    } else {
        "Passw0rd!"
    };
    let sign_in = SignInInput {
        username: "alice".into(),
        password: Secret::from(password),
        flow,
        client_metadata: None,
    };
    let Some((mut flight, _)) = ok(c.sign_in_start(sign_in, srp)) else {
        return;
    };
    for _ in 0..6 {
        if input.is_empty() {
            return;
        }
        match ok(c.sign_in_next(&mut flight, input.reply())) {
            Some(Next::Send(_) | Next::SendAfter(..)) => continue,
            Some(Next::Done(SignInStep::Done(tokens))) => {
                let details = SignInDetails {
                    login_id: "alice".into(),
                    flow,
                };
                if let Some(s) = ok(Session::new(CLIENT_ID, tokens, NOW_MS, Some(details))) {
                    let _ = s.entries(&Keys::new(CLIENT_ID));
                }
                return;
            }
            Some(Next::Done(SignInStep::Challenge(pending))) => {
                let _ = (pending.next_step(), pending.totp_shared_secret());
                let answer = ChallengeAnswer {
                    answer: Secret::new(input.part()),
                    user_attributes: StringMap::new(),
                    client_metadata: None,
                    friendly_device_name: None,
                };
                if input.byte() & 1 == 0 {
                    let _ = ok(c.confirm_sign_in_reply(&pending, input.reply()));
                    return;
                }
                match ok(c.confirm_sign_in_start(&pending, &answer)) {
                    Some((next, Next::Send(_) | Next::SendAfter(..))) => flight = next,
                    _ => return,
                }
            }
            None => return,
        }
    }
}
