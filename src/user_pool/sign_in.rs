//! The sign-in state machine: `InitiateAuth`, then `RespondToAuthChallenge` until tokens come.
//!
//! ```text
//! signIn ──InitiateAuth──▶ PASSWORD_VERIFIER ──(SRP, automatic)──▶ tokens
//!                │                                     │
//!                └──────────▶ other challenge ◀────────┘
//!                                   │ confirmSignIn (user's answer)
//!                                   └──RespondToAuthChallenge──▶ tokens or another challenge
//! ```

use super::wire::{AuthResponse, CodeDeliveryDetails, StringMap};
use super::{Next, UserPoolClient};
use crate::aws::{read_reply, require};
use crate::error::{Error, Result};
use crate::json::{self, Body};
use crate::platform::{HttpRequest, HttpResponse};
use crate::secret::Secret;
use crate::srp::{self, SrpClient, VerifierInput};
use crate::tokens::Tokens;

/// The first step of a sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthFlow {
    /// Secure Remote Password: the password never leaves the client.
    #[default]
    UserSrpAuth,
    /// The password is sent to the service (over TLS); needs `ALLOW_USER_PASSWORD_AUTH`.
    UserPasswordAuth,
}

impl AuthFlow {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UserSrpAuth => "USER_SRP_AUTH",
            Self::UserPasswordAuth => "USER_PASSWORD_AUTH",
        }
    }
}

/// `signIn` input.
#[derive(Debug)]
pub struct SignInInput {
    pub username: String,
    pub password: Secret<String>,
    pub flow: AuthFlow,
    pub client_metadata: Option<StringMap>,
}

/// What a sign-in step ended with.
#[derive(Debug)]
pub enum SignInStep {
    Done(Tokens),
    /// Boxed: a challenge is much larger than the other variants' data, and every `Result` that
    /// carries a step would be as large.
    Challenge(Box<PendingChallenge>),
}

/// What the user has to do next, in Amplify v6's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextStep {
    /// `NEW_PASSWORD_REQUIRED`: answer with the new password (and the missing attributes).
    NewPasswordRequired { missing_attributes: Vec<String> },
    /// `SMS_MFA`: answer with the code sent by SMS.
    SmsCode { delivery: CodeDeliveryDetails },
    /// `EMAIL_OTP`: answer with the code sent by email.
    EmailCode { delivery: CodeDeliveryDetails },
    /// `SOFTWARE_TOKEN_MFA`: answer with the authenticator app's code.
    TotpCode,
    /// `SELECT_MFA_TYPE`: answer `SMS`, `TOTP` or `EMAIL`.
    MfaSelection { allowed: Vec<String> },
    /// `CUSTOM_CHALLENGE`: answer as the pool's Lambda triggers expect.
    CustomChallenge { parameters: StringMap },
}

/// A challenge waiting for the user's answer.
#[derive(Debug)]
pub struct PendingChallenge {
    name: String,
    session: Option<Secret<String>>,
    username: String,
    parameters: StringMap,
    next_step: NextStep,
}

impl PendingChallenge {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn next_step(&self) -> &NextStep {
        &self.next_step
    }

    /// The challenge parameters as the service sent them.
    pub fn parameters(&self) -> &StringMap {
        &self.parameters
    }

    /// The username the challenge answers must carry (Cognito's internal username).
    pub fn username(&self) -> &str {
        &self.username
    }
}

/// The user's answer to a [`PendingChallenge`].
#[derive(Debug)]
pub struct ChallengeAnswer {
    /// The new password, the code, the MFA type or the custom answer.
    pub answer: Secret<String>,
    /// Attributes asked for by `NEW_PASSWORD_REQUIRED`.
    pub user_attributes: StringMap,
    pub client_metadata: Option<StringMap>,
}

const MFA_NAMES: [(&str, &str); 3] = [
    ("SMS_MFA", "SMS"),
    ("SOFTWARE_TOKEN_MFA", "TOTP"),
    ("EMAIL_OTP", "EMAIL"),
];

fn delivery(parameters: &StringMap) -> CodeDeliveryDetails {
    CodeDeliveryDetails {
        destination: parameters
            .get("CODE_DELIVERY_DESTINATION")
            .map(str::to_owned),
        delivery_medium: parameters
            .get("CODE_DELIVERY_DELIVERY_MEDIUM")
            .map(str::to_owned),
        attribute_name: None,
    }
}

/// Reads a JSON array of strings carried in a challenge parameter (`requiredAttributes`,
/// `MFAS_CAN_CHOOSE`); absent means empty.
fn string_list(parameters: &StringMap, key: &str) -> Result<Vec<String>> {
    match parameters.get(key) {
        None => Ok(Vec::new()),
        Some(raw) => json::string_list(raw).map_err(|_| {
            Error::malformed(["challenge parameter ", key, " is not a list"].concat())
        }),
    }
}

fn next_step(name: &str, parameters: &StringMap) -> Result<NextStep> {
    Ok(match name {
        "NEW_PASSWORD_REQUIRED" => NextStep::NewPasswordRequired {
            missing_attributes: string_list(parameters, "requiredAttributes")?
                .into_iter()
                .map(|a| a.strip_prefix("userAttributes.").unwrap_or(&a).to_owned())
                .collect(),
        },
        "SMS_MFA" => NextStep::SmsCode {
            delivery: delivery(parameters),
        },
        "EMAIL_OTP" => NextStep::EmailCode {
            delivery: delivery(parameters),
        },
        "SOFTWARE_TOKEN_MFA" => NextStep::TotpCode,
        "SELECT_MFA_TYPE" => NextStep::MfaSelection {
            allowed: string_list(parameters, "MFAS_CAN_CHOOSE")?
                .iter()
                .filter_map(|m| MFA_NAMES.iter().find(|(wire, _)| wire == m))
                .map(|(_, short)| (*short).to_owned())
                .collect(),
        },
        "CUSTOM_CHALLENGE" => NextStep::CustomChallenge {
            parameters: parameters.clone(),
        },
        other => {
            return Err(Error::UnsupportedChallenge(other.to_owned()));
        }
    })
}

fn param<'a>(parameters: &'a StringMap, key: &str) -> Result<&'a str> {
    parameters
        .get(key)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| Error::malformed(["PASSWORD_VERIFIER challenge without ", key].concat()))
}

/// An SRP or password sign-in under way: what it needs between its two requests.
pub struct SignInFlight {
    username: String,
    password: Secret<String>,
    client_metadata: Option<StringMap>,
    /// `USER_SRP_AUTH` only; taken when the verifier is answered.
    srp: Option<SrpClient>,
    /// The internal username once `PASSWORD_VERIFIER` was answered.
    verifier_sent_for: Option<String>,
}

impl std::fmt::Debug for SignInFlight {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInFlight")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

impl<T> UserPoolClient<T> {
    /// Starts a sign-in: the `InitiateAuth` request. `srp` is a secret computed ahead with
    /// [`UserPoolClient::srp_client`]; without one, it is drawn now.
    pub fn sign_in_start(
        &self,
        input: SignInInput,
        srp: Option<SrpClient>,
    ) -> Result<(SignInFlight, HttpRequest)> {
        require("username", &input.username)?;
        require("password", input.password.expose())?;
        let mut auth = StringMap::new();
        auth.insert("USERNAME".into(), input.username.clone());
        if let Some(hash) = self.secret_hash(&input.username) {
            auth.insert("SECRET_HASH".into(), hash);
        }
        let srp = match input.flow {
            AuthFlow::UserSrpAuth => {
                let client = match srp {
                    Some(c) => c,
                    None => self.srp_client()?,
                };
                auth.insert("SRP_A".into(), client.srp_a());
                Some(client)
            }
            AuthFlow::UserPasswordAuth => {
                auth.insert("PASSWORD".into(), input.password.expose().clone());
                None
            }
        };
        let body = Body::new()
            .str("AuthFlow", input.flow.as_str())
            .str("ClientId", &self.config.client_id)
            .map("AuthParameters", &auth)
            .opt_map("ClientMetadata", input.client_metadata.as_ref());
        let request = self.request("InitiateAuth", body);
        Ok((
            SignInFlight {
                username: input.username,
                password: input.password,
                client_metadata: input.client_metadata,
                srp,
                verifier_sent_for: None,
            },
            request,
        ))
    }

    /// Reads a reply of the sign-in: `InitiateAuth`'s (and answers `PASSWORD_VERIFIER`), then
    /// `RespondToAuthChallenge`'s.
    pub fn sign_in_next(
        &self,
        flight: &mut SignInFlight,
        reply: Result<HttpResponse>,
    ) -> Result<Next<SignInStep>> {
        if let Some(user_id) = &flight.verifier_sent_for {
            let reply = auth_response("RespondToAuthChallenge", reply)?;
            return step(reply, user_id).map(Next::Done);
        }
        let reply = auth_response("InitiateAuth", reply)?;
        let srp = match (flight.srp.take(), reply.challenge_name.as_deref()) {
            (Some(srp), Some("PASSWORD_VERIFIER")) => srp,
            _ => return step(reply, &flight.username).map(Next::Done),
        };
        let p = reply
            .challenge_parameters
            .as_ref()
            .ok_or_else(|| Error::malformed("PASSWORD_VERIFIER challenge without parameters"))?;
        let user_id = param(p, "USER_ID_FOR_SRP")?;
        let secret_block = param(p, "SECRET_BLOCK")?;
        let timestamp = srp::timestamp(self.clock.now_ms());
        let signature = srp.password_claim_signature(&VerifierInput {
            pool_name: &self.config.pool_name,
            user_id_for_srp: user_id,
            password: flight.password.expose(),
            srp_b: param(p, "SRP_B")?,
            salt: param(p, "SALT")?,
            secret_block,
            timestamp: &timestamp,
        })?;
        let mut responses = StringMap::new();
        responses.insert("USERNAME".into(), user_id.to_owned());
        responses.insert(
            "PASSWORD_CLAIM_SECRET_BLOCK".into(),
            secret_block.to_owned(),
        );
        responses.insert("PASSWORD_CLAIM_SIGNATURE".into(), signature);
        responses.insert("TIMESTAMP".into(), timestamp);
        if let Some(hash) = self.secret_hash(user_id) {
            responses.insert("SECRET_HASH".into(), hash);
        }
        let body = Body::new()
            .str("ChallengeName", "PASSWORD_VERIFIER")
            .str("ClientId", &self.config.client_id)
            .map("ChallengeResponses", &responses)
            .opt_str("Session", reply.session.as_deref())
            .opt_map("ClientMetadata", flight.client_metadata.as_ref());
        flight.verifier_sent_for = Some(user_id.to_owned());
        Ok(Next::Send(self.request("RespondToAuthChallenge", body)))
    }

    /// The `RespondToAuthChallenge` that answers a pending challenge (`confirmSignIn`).
    pub fn confirm_sign_in_request(
        &self,
        pending: &PendingChallenge,
        answer: &ChallengeAnswer,
    ) -> Result<HttpRequest> {
        require("challengeResponse", answer.answer.expose())?;
        let value = answer.answer.expose().clone();
        let mut responses = StringMap::new();
        responses.insert("USERNAME".into(), pending.username.clone());
        match &pending.next_step {
            NextStep::NewPasswordRequired { .. } => {
                responses.insert("NEW_PASSWORD".into(), value);
                for (name, v) in answer.user_attributes.iter() {
                    responses.insert(["userAttributes.", name].concat(), v.clone());
                }
            }
            NextStep::SmsCode { .. } => {
                responses.insert("SMS_MFA_CODE".into(), value);
            }
            NextStep::EmailCode { .. } => {
                responses.insert("EMAIL_OTP_CODE".into(), value);
            }
            NextStep::TotpCode => {
                responses.insert("SOFTWARE_TOKEN_MFA_CODE".into(), value);
            }
            NextStep::MfaSelection { allowed } => {
                let wire_name = MFA_NAMES
                    .iter()
                    .find(|(_, short)| *short == value && allowed.iter().any(|a| a == short))
                    .map(|(wire, _)| *wire)
                    .ok_or_else(|| {
                        Error::invalid_argument(
                            ["challengeResponse must be one of ", &allowed.join(", ")].concat(),
                        )
                    })?;
                responses.insert("ANSWER".into(), wire_name.into());
            }
            NextStep::CustomChallenge { .. } => {
                responses.insert("ANSWER".into(), value);
            }
        }
        if let Some(hash) = self.secret_hash(&pending.username) {
            responses.insert("SECRET_HASH".into(), hash);
        }
        let body = Body::new()
            .str("ChallengeName", &pending.name)
            .str("ClientId", &self.config.client_id)
            .map("ChallengeResponses", &responses)
            .opt_str(
                "Session",
                pending.session.as_ref().map(|s| s.expose().as_str()),
            )
            .opt_map("ClientMetadata", answer.client_metadata.as_ref());
        Ok(self.request("RespondToAuthChallenge", body))
    }

    /// Reads the reply to [`UserPoolClient::confirm_sign_in_request`].
    pub fn confirm_sign_in_reply(
        &self,
        pending: &PendingChallenge,
        reply: Result<HttpResponse>,
    ) -> Result<SignInStep> {
        step(
            auth_response("RespondToAuthChallenge", reply)?,
            &pending.username,
        )
    }
}

fn auth_response(operation: &str, reply: Result<HttpResponse>) -> Result<AuthResponse> {
    AuthResponse::read(&read_reply(operation, reply)?)
        .map_err(|_| Error::malformed([operation, " reply does not fit its schema"].concat()))
}

/// Reads an auth reply: tokens, or the next challenge.
fn step(reply: AuthResponse, username: &str) -> Result<SignInStep> {
    if let Some(result) = reply.authentication_result {
        let (Some(id), Some(access)) = (result.id_token, result.access_token) else {
            return Err(Error::malformed(
                "AuthenticationResult without IdToken or AccessToken",
            ));
        };
        return Ok(SignInStep::Done(Tokens {
            id_token: Secret::new(id),
            access_token: Secret::new(access),
            refresh_token: result.refresh_token.map(Secret::new),
            expires_in: result.expires_in,
        }));
    }
    let Some(name) = reply.challenge_name else {
        return Err(Error::malformed(
            "reply has neither AuthenticationResult nor ChallengeName",
        ));
    };
    let parameters = reply.challenge_parameters.unwrap_or_default();
    let next_step = next_step(&name, &parameters)?;
    let username = parameters
        .get("USERNAME")
        .filter(|u| !u.is_empty())
        .unwrap_or(username)
        .to_owned();
    Ok(SignInStep::Challenge(Box::new(PendingChallenge {
        name,
        session: reply.session.map(Secret::new),
        username,
        parameters,
        next_step,
    })))
}
