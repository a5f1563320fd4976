//! The user pool API: the JSON protocol, account operations and the sign-in state machine.
//!
//! Every operation is a request/response pair in the style of oauth4webapi: `xxx_request()`
//! builds the [`HttpRequest`], the caller sends it however it likes, and `xxx_reply()` reads the
//! [`HttpResponse`]. Multi-step operations (the SRP sign-in) are small state machines that
//! answer each reply with [`Next::Send`] or [`Next::Done`]. The core thus holds no I/O and no
//! async state: the wasm facade runs every operation through one JS loop around `fetch`, and
//! native code through [`UserPoolClient::drive`] with any [`Transport`].

mod config;
mod sign_in;
pub mod wire;

pub(crate) use config::is_loopback;
pub use config::{check_endpoint, regional_endpoint, split_pool_id, UserPoolConfig, ValidConfig};
pub use sign_in::{
    AuthFlow, ChallengeAnswer, NextStep, PendingChallenge, SignInFlight, SignInInput, SignInStep,
};
pub use wire::{CodeDeliveryDetails, StringMap};

use crate::error::{sanitize_error_name, CognitoErrorKind, Error, Result, ServiceError};
use crate::json::{self, Body, Object};
use crate::platform::{Clock, HttpRequest, HttpResponse, RandomSource, Transport};
use crate::secret::Secret;
use crate::srp::{self, Group, SrpClient};

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";
pub(crate) const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

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
        HttpRequest {
            method: "POST",
            url: self.config.endpoint.clone(),
            headers: vec![
                ("Content-Type".into(), CONTENT_TYPE.into()),
                ("X-Amz-Target".into(), [TARGET_PREFIX, operation].concat()),
            ],
            body: body.build(),
            timeout_ms: self.timeout_ms,
        }
    }

    /// `SECRET_HASH` for `username`, when the client has a secret.
    pub(crate) fn secret_hash(&self, username: &str) -> Option<String> {
        self.config
            .client_secret
            .as_ref()
            .map(|s| srp::secret_hash(s.expose(), username, &self.config.client_id))
    }

    pub fn sign_up_request(&self, input: &SignUpInput) -> Result<HttpRequest> {
        require("username", &input.username)?;
        require("password", input.password.expose())?;
        let body = Body::new()
            .str("ClientId", &self.config.client_id)
            .str("Username", &input.username)
            .str("Password", input.password.expose())
            .attributes("UserAttributes", &input.user_attributes)
            .attributes("ValidationData", &input.validation_data)
            .opt_map("ClientMetadata", input.client_metadata.as_ref())
            .opt_str("SecretHash", self.secret_hash(&input.username).as_deref());
        Ok(self.request("SignUp", body))
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
        require("username", username)?;
        require("confirmationCode", code)?;
        let body = Body::new()
            .str("ClientId", &self.config.client_id)
            .str("Username", username)
            .str("ConfirmationCode", code)
            .opt_bool("ForceAliasCreation", force_alias_creation)
            .opt_map("ClientMetadata", client_metadata)
            .opt_str("SecretHash", self.secret_hash(username).as_deref());
        Ok(self.request("ConfirmSignUp", body))
    }

    pub fn confirm_sign_up_reply(&self, reply: Result<HttpResponse>) -> Result<()> {
        read_reply("ConfirmSignUp", reply).map(drop)
    }

    pub fn resend_sign_up_code_request(
        &self,
        username: &str,
        client_metadata: Option<&StringMap>,
    ) -> Result<HttpRequest> {
        require("username", username)?;
        let body = Body::new()
            .str("ClientId", &self.config.client_id)
            .str("Username", username)
            .opt_map("ClientMetadata", client_metadata)
            .opt_str("SecretHash", self.secret_hash(username).as_deref());
        Ok(self.request("ResendConfirmationCode", body))
    }

    pub fn resend_sign_up_code_reply(
        &self,
        reply: Result<HttpResponse>,
    ) -> Result<CodeDeliveryDetails> {
        let op = "ResendConfirmationCode";
        let o = read_reply(op, reply)?;
        Ok(CodeDeliveryDetails::read(&o)
            .map_err(|_| misfit(op))?
            .unwrap_or_default())
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
        let reply = self
            .transport
            .send(self.confirm_sign_in_request(pending, answer)?)
            .await;
        self.confirm_sign_in_reply(pending, reply)
    }
}

pub(crate) fn require(name: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        Err(Error::invalid_argument([name, " is required"].concat()))
    } else {
        Ok(())
    }
}

fn misfit(operation: &str) -> Error {
    Error::malformed([operation, " reply does not fit its schema"].concat())
}

/// Turns an HTTP reply into the operation's JSON object, or a service error.
pub(crate) fn read_reply(operation: &str, reply: Result<HttpResponse>) -> Result<Object<'static>> {
    let response = reply?;
    check_status(operation, &response)?;
    json::parse_object(&response.body).map_err(|_| misfit(operation))
}

/// A 2xx reply passes; anything else becomes the service's error.
fn check_status(operation: &str, response: &HttpResponse) -> Result<()> {
    if (200..300).contains(&response.status) {
        return Ok(());
    }
    let request_id = response.header("x-amzn-requestid").map(str::to_owned);
    let body = json::parse_object(&response.body).ok();
    let field = |key: &str| body.as_ref().and_then(|b| b.str(key).ok().flatten());
    let name = response
        .header("x-amzn-errortype")
        .map(sanitize_error_name)
        .filter(|n| !n.is_empty())
        .or_else(|| {
            field("__type")
                .or_else(|| field("code"))
                .map(sanitize_error_name)
                .filter(|n| !n.is_empty())
        });
    let status = json::decimal(u64::from(response.status));
    let Some(name) = name else {
        return Err(Error::malformed(
            [
                operation,
                " failed with HTTP ",
                &status,
                " and no error type",
            ]
            .concat(),
        ));
    };
    let kind = CognitoErrorKind::from_name(name);
    let message = field("message")
        .or_else(|| field("Message"))
        .map(str::to_owned)
        .unwrap_or_else(|| [kind.as_str(), " (HTTP ", &status, ")"].concat());
    Err(Error::Service(Box::new(ServiceError {
        kind,
        message,
        request_id,
        status: response.status,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::tests::reply;

    #[test]
    fn error_type_header_wins_over_the_body() {
        let r = reply(
            400,
            &[
                ("x-amzn-errortype", "UserNotFoundException:http://internal/"),
                ("x-amzn-requestid", "req-1"),
            ],
            r#"{"__type":"NotAuthorizedException","message":"m"}"#,
        );
        let err = read_reply("Op", r).unwrap_err();
        assert_eq!(err.name(), "UserNotFoundException");
        assert_eq!(err.message(), "m");
        assert_eq!(err.request_id(), Some("req-1"));
    }

    #[test]
    fn error_type_comes_from_the_body_with_namespace_stripped() {
        let r = reply(
            400,
            &[],
            r#"{"__type":"com.amazonaws.cognito#CodeMismatchException","Message":"bad code"}"#,
        );
        let err = read_reply("Op", r).unwrap_err();
        assert_eq!(err.kind(), Some(&CognitoErrorKind::CodeMismatchException));
        assert_eq!(err.message(), "bad code");
    }

    #[test]
    fn error_without_a_type_is_malformed() {
        let r = reply(502, &[], "<html>bad gateway</html>");
        let err = read_reply("Op", r).unwrap_err();
        assert_eq!(err.name(), "MalformedResponseError");
        assert_eq!(
            err.message(),
            "malformed reply from the service: Op failed with HTTP 502 and no error type"
        );
    }

    #[test]
    fn an_error_without_a_message_is_named_with_its_status() {
        let err = read_reply(
            "Op",
            reply(429, &[], r#"{"__type":"TooManyRequestsException"}"#),
        )
        .unwrap_err();
        assert_eq!(err.message(), "TooManyRequestsException (HTTP 429)");
    }

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
