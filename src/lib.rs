//! # cognito-auth-wasm
//!
//! Amazon Cognito authentication for the browser, in Rust compiled to WebAssembly.
//!
//! The protocol lives in a pure core that compiles and is tested natively; [`wasm`] binds it to
//! the browser (fetch, `crypto.getRandomValues`, `Date.now`) and exposes the `CognitoAuth` class
//! to JavaScript.
//!
//! | module | what |
//! |---|---|
//! | [`bignum`] | the arithmetic SRP needs: the browser's `BigInt` in wasm, `num-bigint` natively |
//! | [`srp`] | Cognito's SRP-6a math (`USER_SRP_AUTH` / `PASSWORD_VERIFIER`), `SECRET_HASH`, the timestamp |
//! | [`sha256`] | SHA-256, HMAC-SHA256 and HKDF-SHA256, compact |
//! | [`aws`] | what every AWS call shares: endpoints, the JSON 1.1 protocol, service errors |
//! | [`user_pool`] | the user pool operations, sign-up, the sign-in state machine |
//! | [`oauth`] | the hosted UI: authorization code with PKCE, the callback, token exchange, logout |
//! | [`identity`] | identity pools: AWS credentials for guests and users, the identity id in storage, the credential cache |
//! | [`tokens`] | the tokens of a signed-in user and their claims |
//! | [`time`] | the calendar, HTTP dates, the service's time from a reply's `Date` |
//! | [`platform`] | what the core needs injected: transport, clock, random source |
//! | [`error`] | the one error type |
//!
//! ## Glossary
//! - **SRP**: Secure Remote Password; the password never leaves the client, the service keeps a
//!   salt and a verifier.
//! - **USER_ID_FOR_SRP**: the user's internal username, which SRP hashes (a UUID for pools that
//!   sign in with an email address).
//! - **SECRET_HASH**: proof that the caller knows the app client's secret, for clients that have one.
//! - **Challenge**: a further step the service asks for before it hands out tokens.
//! - **Hosted UI**: Cognito's managed login pages, reached through its OAuth 2.0 endpoints.
//! - **PKCE**: Proof Key for Code Exchange (RFC 7636); only the page that started a sign-in can
//!   exchange its authorization code.
//! - **Identity pool**: hands out temporary AWS credentials, of an unauthenticated role to guests
//!   and of an authenticated role to users who prove a login (a user pool ID token, Google, …).
//! - **Identity id**: `<region>:<uuid>`, one per guest device or per user in an identity pool.

#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod aws;
pub mod base64;
pub mod bignum;
pub mod error;
pub mod identity;
pub mod json;
pub mod oauth;
pub mod platform;
pub mod secret;
pub mod session;
pub mod sha256;
pub mod srp;
pub mod text;
pub mod time;
pub mod tokens;
pub mod user_pool;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{CognitoErrorKind, Error, OAuthError, Result};
