//! The user pool API: account operations and the sign-in state machine, over the JSON protocol
//! of [`crate::aws`].
//!
//! Every operation is a request/response pair in the style of oauth4webapi: `xxx_request()`
//! builds the [`HttpRequest`], the caller sends it however it likes, and `xxx_reply()` reads the
//! [`HttpResponse`]. Multi-step operations (the SRP sign-in) are small state machines that
//! answer each reply with [`Next::Send`] or [`Next::Done`]. The core thus holds no I/O and no
//! async state: the wasm facade runs every operation through one JS loop around `fetch`, and
//! native code through [`UserPoolClient::drive`] with any [`Transport`].

mod account;
mod config;
mod sign_in;
pub mod wire;

pub use account::{totp_setup_uri, AttributeUpdate, MfaPreference, MfaSettings, User};
pub use config::{split_pool_id, UserPoolConfig, ValidConfig};
pub use sign_in::{
    AuthFlow, ChallengeAnswer, NextStep, PendingChallenge, SignInFlight, SignInInput, SignInStep,
};
pub use wire::{CodeDeliveryDetails, StringMap};

use crate::aws::{self, misfit, read_reply, require};
use crate::error::{Error, Result};
use crate::json::{self, Body};
use crate::platform::{Clock, HttpRequest, HttpResponse, RandomSource, Transport};
use crate::secret::Secret;
use crate::srp::{self, Group, SrpClient};

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

/// What an operation asks of whoever drives it.
#[derive(Debug)]
pub enum Next<T> {
    /// Send this request and hand back the reply.
    Send(HttpRequest),
    /// Wait this many milliseconds, then send the request (a retry after a backoff). The native
    /// [`UserPoolClient::drive`] sends at once: it has no timer.
    SendAfter(u64, HttpRequest),
    /// The operation is over.
    Done(T),
}

/// A client of one user pool app client. `T` is the transport of the native async methods; the
/// request/response methods work with any `T` (the wasm facade uses `()`).
pub struct UserPoolClient<T = ()> {
    transport: T,
    config: ValidConfig,
    group: Group,
    clock: Box<dyn Clock>,
    random: Box<dyn RandomSource>,
    srp_secret_bytes: usize,
    timeout_ms: u64,
}

/// How long a request may take before it is given up, unless configured.
pub const TIMEOUT_MS: u64 = 30_000;

impl<T> std::fmt::Debug for UserPoolClient<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserPoolClient")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// `signUp` input.
#[derive(Debug)]
pub struct SignUpInput {
    pub username: String,
    pub password: Secret<String>,
    pub user_attributes: StringMap,
    pub validation_data: StringMap,
    pub client_metadata: Option<StringMap>,
}

impl SignUpInput {
    /// The sign-in of Amplify's `autoSignIn` after this sign-up (`signUp`'s
    /// `options.autoSignIn`): same username, the password moved over (none for
    /// `CUSTOM_WITHOUT_SRP`). The caller keeps it only until the sign-in starts, which consumes
    /// it, or the auto sign-in is given up (a new `signUp`, `signIn` or sign-out): dropping it
    /// is what ends the password's life, nothing is copied or stored.
    pub fn into_sign_in(self, flow: AuthFlow, client_metadata: Option<StringMap>) -> SignInInput {
        SignInInput {
            username: self.username,
            password: if flow == AuthFlow::CustomWithoutSrp {
                Secret::new(String::new())
            } else {
                self.password
            },
            flow,
            client_metadata,
        }
    }
}

/// `signUp` result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignUpOutput {
    pub user_confirmed: bool,
    pub user_sub: String,
    pub code_delivery_details: Option<CodeDeliveryDetails>,
}

impl<T> UserPoolClient<T> {
    pub fn new(
        config: UserPoolConfig,
        transport: T,
        clock: Box<dyn Clock>,
        random: Box<dyn RandomSource>,
    ) -> Result<Self> {
        Ok(Self {
            config: config.validate()?,
            transport,
            group: Group::cognito(),
            clock,
            random,
            srp_secret_bytes: srp::SECRET_BYTES,
            timeout_ms: TIMEOUT_MS,
        })
    }

    /// Gives every request `ms` milliseconds (at least 1) before it is given up.
    pub fn with_timeout_ms(mut self, ms: u64) -> Self {
        self.timeout_ms = ms.max(1);
        self
    }

    /// Draws SRP secrets of `bytes` bytes instead of [`srp::SECRET_BYTES`] (48 to 256; 128 is
    /// amazon-cognito-identity-js's size).
    pub fn with_srp_secret_bytes(mut self, bytes: usize) -> Result<Self> {
        if !(srp::SECRET_BYTES..=256).contains(&bytes) {
            return Err(Error::invalid_argument(
                "the SRP secret size must be 48 to 256 bytes",
            ));
        }
        self.srp_secret_bytes = bytes;
        Ok(self)
    }

    /// How long each request may take.
    pub fn timeout_ms(&self) -> u64 {
        self.timeout_ms
    }

    pub fn config(&self) -> &ValidConfig {
        &self.config
    }

    /// A fresh SRP secret a and A = g^a: the part of an SRP sign-in that does not depend on the
    /// user's input, so a caller may compute it ahead (never use one for two sign-ins).
    pub fn srp_client(&self) -> Result<SrpClient> {
        SrpClient::generate(self.group.clone(), &*self.random, self.srp_secret_bytes)
    }

    /// One call of the JSON protocol: `POST /` with `X-Amz-Target`.
    pub fn request(&self, operation: &str, body: Body) -> HttpRequest {
        aws::request(
            &self.config.endpoint,
            TARGET_PREFIX,
            operation,
            body,
            self.timeout_ms,
        )
    }

    /// `SECRET_HASH` for `username`, when the client has a secret.
    pub(crate) fn secret_hash(&self, username: &str) -> Option<String> {
        self.config
            .client_secret
            .as_ref()
            .map(|s| srp::secret_hash(s.expose(), username, &self.config.client_id))
    }

    /// An operation of a user who is not signed in: `ClientId`, `Username`, what `fields` adds,
    /// `ClientMetadata` and the `SecretHash` of the client's secret, in that order.
    pub(crate) fn username_request(
        &self,
        operation: &str,
        username: &str,
        client_metadata: Option<&StringMap>,
        fields: impl FnOnce(Body) -> Body,
    ) -> Result<HttpRequest> {
        require("username", username)?;
        let body = Body::new()
            .str("ClientId", &self.config.client_id)
            .str("Username", username);
        let body = fields(body)
            .opt_map("ClientMetadata", client_metadata)
            .opt_str("SecretHash", self.secret_hash(username).as_deref());
        Ok(self.request(operation, body))
    }

    pub fn sign_up_request(&self, input: &SignUpInput) -> Result<HttpRequest> {
        require("password", input.password.expose())?;
        self.username_request(
            "SignUp",
            &input.username,
            input.client_metadata.as_ref(),
            |body| {
                body.str("Password", input.password.expose())
                    .attributes("UserAttributes", &input.user_attributes)
                    .attributes("ValidationData", &input.validation_data)
            },
        )
    }

    pub fn sign_up_reply(&self, reply: Result<HttpResponse>) -> Result<SignUpOutput> {
        let op = "SignUp";
        let o = read_reply(op, reply)?;
        let read = || {
            Ok(SignUpOutput {
                user_confirmed: o.bool("UserConfirmed")?.ok_or("")?,
                user_sub: o.string("UserSub")?.ok_or("")?,
                code_delivery_details: CodeDeliveryDetails::read(&o)?,
            })
        };
        read().map_err(|_: json::Invalid| misfit(op))
    }

    pub fn confirm_sign_up_request(
        &self,
        username: &str,
        code: &str,
        force_alias_creation: Option<bool>,
        client_metadata: Option<&StringMap>,
    ) -> Result<HttpRequest> {
        require("confirmationCode", code)?;
        self.username_request("ConfirmSignUp", username, client_metadata, |body| {
            body.str("ConfirmationCode", code)
                .opt_bool("ForceAliasCreation", force_alias_creation)
        })
    }

    pub fn confirm_sign_up_reply(&self, reply: Result<HttpResponse>) -> Result<()> {
        read_reply("ConfirmSignUp", reply).map(drop)
    }

    pub fn resend_sign_up_code_request(
        &self,
        username: &str,
        client_metadata: Option<&StringMap>,
    ) -> Result<HttpRequest> {
        self.username_request("ResendConfirmationCode", username, client_metadata, |b| b)
    }

    pub fn resend_sign_up_code_reply(
        &self,
        reply: Result<HttpResponse>,
    ) -> Result<CodeDeliveryDetails> {
        self.delivery_reply("ResendConfirmationCode", reply)
    }
}

/// The native async face: each operation's request sent through `T`, its reply read.
impl<T: Transport> UserPoolClient<T> {
    /// Runs an operation from its first request to its result.
    pub async fn drive<O>(
        &self,
        first: HttpRequest,
        mut next: impl FnMut(Result<HttpResponse>) -> Result<Next<O>>,
    ) -> Result<O> {
        let mut request = first;
        loop {
            match next(self.transport.send(request).await)? {
                Next::Send(r) | Next::SendAfter(_, r) => request = r,
                Next::Done(out) => return Ok(out),
            }
        }
    }

    pub async fn sign_up(&self, input: &SignUpInput) -> Result<SignUpOutput> {
        let reply = self.transport.send(self.sign_up_request(input)?).await;
        self.sign_up_reply(reply)
    }

    pub async fn confirm_sign_up(
        &self,
        username: &str,
        code: &str,
        force_alias_creation: Option<bool>,
        client_metadata: Option<&StringMap>,
    ) -> Result<()> {
        let request =
            self.confirm_sign_up_request(username, code, force_alias_creation, client_metadata)?;
        self.confirm_sign_up_reply(self.transport.send(request).await)
    }

    pub async fn resend_sign_up_code(
        &self,
        username: &str,
        client_metadata: Option<&StringMap>,
    ) -> Result<CodeDeliveryDetails> {
        let request = self.resend_sign_up_code_request(username, client_metadata)?;
        self.resend_sign_up_code_reply(self.transport.send(request).await)
    }

    /// Signs in; with SRP, the `PASSWORD_VERIFIER` challenge is answered on the way.
    pub async fn sign_in(&self, input: &SignInInput) -> Result<SignInStep> {
        let input = SignInInput {
            username: input.username.clone(),
            password: Secret::new(input.password.expose().clone()),
            flow: input.flow,
            client_metadata: input.client_metadata.clone(),
        };
        let (mut flight, first) = self.sign_in_start(input, None)?;
        self.drive(first, |reply| self.sign_in_next(&mut flight, reply))
            .await
    }

    /// Answers a pending challenge (`confirmSignIn`).
    pub async fn confirm_sign_in(
        &self,
        pending: &PendingChallenge,
        answer: &ChallengeAnswer,
    ) -> Result<SignInStep> {
        let (mut flight, next) = self.confirm_sign_in_start(pending, answer)?;
        match next {
            Next::Done(step) => Ok(step),
            Next::Send(first) | Next::SendAfter(_, first) => {
                self.drive(first, |reply| self.sign_in_next(&mut flight, reply))
                    .await
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::tests::reply;

    #[test]
    fn success_body_that_does_not_fit_is_malformed() {
        let client = UserPoolClient::new(
            UserPoolConfig {
                user_pool_id: "us-east-1_a".into(),
                user_pool_client_id: "c".into(),
                client_secret: None,
                endpoint: None,
            },
            (),
            Box::new(crate::platform::tests::FixedClock(0)),
            Box::new(crate::platform::OsRandom),
        )
        .unwrap();
        for body in [
            "",
            "[]",
            "not json",
            r#"{"UserConfirmed":"yes"}"#,
            r#"{"UserConfirmed":true}"#,
            r#"{"UserConfirmed":true,"UserSub":"s","CodeDeliveryDetails":"x"}"#,
        ] {
            let err = client.sign_up_reply(reply(200, &[], body)).unwrap_err();
            assert_eq!(err.name(), "MalformedResponseError", "{body}");
        }
    }
}
