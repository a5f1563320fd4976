//! The user pool API: the JSON protocol, account operations and the sign-in state machine.

mod config;
mod sign_in;
pub mod wire;

use miniserde::Deserialize;

pub use config::{check_endpoint, regional_endpoint, split_pool_id, UserPoolConfig, ValidConfig};
pub use sign_in::{AuthFlow, ChallengeAnswer, NextStep, PendingChallenge, SignInInput, SignInStep};
pub use wire::{CodeDeliveryDetails, StringMap};

use crate::error::{sanitize_error_name, CognitoErrorKind, Error, Result, ServiceError};
use crate::json::{self, Body};
use crate::platform::{Clock, HttpRequest, HttpResponse, RandomSource, Transport};
use crate::secret::Secret;
use crate::srp::{self, Group};

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";
const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// A client of one user pool app client.
pub struct UserPoolClient<T> {
    transport: T,
    config: ValidConfig,
    group: Group,
    clock: Box<dyn Clock>,
    random: Box<dyn RandomSource>,
}

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

impl<T: Transport> UserPoolClient<T> {
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
        })
    }

    pub fn config(&self) -> &ValidConfig {
        &self.config
    }

    /// One call of the JSON protocol: `POST /` with `X-Amz-Target`, reply parsed or turned into
    /// [`Error::Service`].
    pub async fn call<Resp: Deserialize>(&self, operation: &str, body: Body) -> Result<Resp> {
        let response = self.post(operation, body).await?;
        parse_response(operation, &response)
    }

    /// The request half of [`Self::call`], not generic over the reply.
    async fn post(&self, operation: &str, body: Body) -> Result<HttpResponse> {
        let body = body.build();
        let request = HttpRequest {
            method: "POST",
            url: self.config.endpoint.clone(),
            headers: vec![
                ("Content-Type".into(), CONTENT_TYPE.into()),
                ("X-Amz-Target".into(), format!("{TARGET_PREFIX}{operation}")),
            ],
            body,
        };
        self.transport.send(request).await
    }

    /// `SECRET_HASH` for `username`, when the client has a secret.
    fn secret_hash(&self, username: &str) -> Option<String> {
        self.config
            .client_secret
            .as_ref()
            .map(|s| srp::secret_hash(s.expose(), username, &self.config.client_id))
    }

    pub async fn sign_up(&self, input: &SignUpInput) -> Result<SignUpOutput> {
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
        let reply: wire::SignUpResponse = self.call("SignUp", body).await?;
        Ok(SignUpOutput {
            user_confirmed: reply.user_confirmed,
            user_sub: reply.user_sub,
            code_delivery_details: reply.code_delivery_details,
        })
    }

    pub async fn confirm_sign_up(
        &self,
        username: &str,
        code: &str,
        force_alias_creation: Option<bool>,
        client_metadata: Option<&StringMap>,
    ) -> Result<()> {
        require("username", username)?;
        require("confirmationCode", code)?;
        let body = Body::new()
            .str("ClientId", &self.config.client_id)
            .str("Username", username)
            .str("ConfirmationCode", code)
            .opt_bool("ForceAliasCreation", force_alias_creation)
            .opt_map("ClientMetadata", client_metadata)
            .opt_str("SecretHash", self.secret_hash(username).as_deref());
        let _: wire::Empty = self.call("ConfirmSignUp", body).await?;
        Ok(())
    }

    pub async fn resend_sign_up_code(
        &self,
        username: &str,
        client_metadata: Option<&StringMap>,
    ) -> Result<CodeDeliveryDetails> {
        require("username", username)?;
        let body = Body::new()
            .str("ClientId", &self.config.client_id)
            .str("Username", username)
            .opt_map("ClientMetadata", client_metadata)
            .opt_str("SecretHash", self.secret_hash(username).as_deref());
        let reply: wire::ResendConfirmationCodeResponse =
            self.call("ResendConfirmationCode", body).await?;
        Ok(reply.code_delivery_details.unwrap_or_default())
    }
}

pub(crate) fn require(name: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        Err(Error::invalid_argument(format!("{name} is required")))
    } else {
        Ok(())
    }
}

/// Turns an HTTP reply into the operation's output or a service error.
fn parse_response<Resp: Deserialize>(operation: &str, response: &HttpResponse) -> Result<Resp> {
    check_status(operation, response)?;
    json::from_str(&response.body)
        .map_err(|e| Error::malformed(format!("{operation} reply does not fit its schema ({e})")))
}

/// A 2xx reply passes; anything else becomes the service's error (not generic, so its code is
/// in the wasm once rather than once per reply type).
fn check_status(operation: &str, response: &HttpResponse) -> Result<()> {
    if (200..300).contains(&response.status) {
        return Ok(());
    }
    let request_id = response.header("x-amzn-requestid").map(str::to_owned);
    let body: Option<wire::ErrorBody> = json::from_str(&response.body).ok();
    let header_name = response
        .header("x-amzn-errortype")
        .map(sanitize_error_name)
        .filter(|n| !n.is_empty());
    let body_name = body
        .as_ref()
        .and_then(|b| b.kind.as_deref().or(b.code.as_deref()))
        .map(sanitize_error_name)
        .filter(|n| !n.is_empty());
    let Some(name) = header_name.or(body_name) else {
        return Err(Error::malformed(format!(
            "{operation} failed with HTTP {} and no error type",
            response.status
        )));
    };
    let kind = CognitoErrorKind::from_name(name);
    let message = body
        .and_then(|b| b.message.or(b.message_upper))
        .unwrap_or_else(|| format!("{kind} (HTTP {})", response.status));
    Err(Error::Service(ServiceError {
        kind,
        message,
        request_id,
        status: response.status,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: headers
                .iter()
                .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                .collect(),
            body: body.into(),
        }
    }

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
        let err = parse_response::<wire::Empty>("Op", &r).unwrap_err();
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
        let err = parse_response::<wire::Empty>("Op", &r).unwrap_err();
        assert_eq!(err.kind(), Some(&CognitoErrorKind::CodeMismatchException));
        assert_eq!(err.message(), "bad code");
    }

    #[test]
    fn error_without_a_type_is_malformed() {
        let r = reply(502, &[], "<html>bad gateway</html>");
        let err = parse_response::<wire::Empty>("Op", &r).unwrap_err();
        assert_eq!(err.name(), "MalformedResponseError");
    }

    #[test]
    fn success_body_that_does_not_fit_is_malformed() {
        for body in ["", "[]", "not json", r#"{"UserConfirmed":"yes"}"#] {
            let r = reply(200, &[], body);
            let err = parse_response::<wire::SignUpResponse>("SignUp", &r).unwrap_err();
            assert_eq!(err.name(), "MalformedResponseError", "{body}");
        }
    }
}
