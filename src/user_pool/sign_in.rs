//! The sign-in state machine: `InitiateAuth`, then `RespondToAuthChallenge` until tokens come.
//!
//! ```text
//! signIn ──InitiateAuth──▶ PASSWORD_VERIFIER ──(SRP, automatic)──▶ tokens
//!                │                                     │
//!                └──────────▶ other challenge ◀────────┘
//!                                   │ confirmSignIn (user's answer)
//!                                   └──RespondToAuthChallenge──▶ tokens or another challenge
//! ```
//!
//! `MFA_SETUP` takes more requests, as Amplify v6's `signInHelpers.ts` sends them: a challenge
//! that offers TOTP alone is followed at once by `AssociateSoftwareToken` {`Session`} for the
//! shared secret (`CONTINUE_SIGN_IN_WITH_TOTP_SETUP`); the user's code then goes to
//! `VerifySoftwareToken` {`Session`, `UserCode`} and the session it returns to
//! `RespondToAuthChallenge` `MFA_SETUP`. An email address answers email setup in one
//! `RespondToAuthChallenge` {`EMAIL`}; `EMAIL` or `TOTP` answers the setup selection.
//! Custom authentication is `CUSTOM_AUTH`, with SRP first (`CHALLENGE_NAME` = `SRP_A`, then
//! `PASSWORD_VERIFIER`) or without, then `CUSTOM_CHALLENGE` as often as the Lambda triggers ask.

use super::wire::{cognito_mfa_type, mfa_types, AuthResponse, CodeDeliveryDetails, StringMap};
use super::{Next, UserPoolClient};
use crate::aws::{misfit, read_reply, require};
use crate::error::{Error, Result};
use crate::json::{self, Body};
use crate::platform::{HttpRequest, HttpResponse};
use crate::secret::Secret;
use crate::srp::{self, SrpClient, VerifierInput};
use crate::time;
use crate::tokens::Tokens;

/// How a sign-in begins (Amplify's `authFlowType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthFlow {
    /// Secure Remote Password: the password never leaves the client.
    #[default]
    UserSrpAuth,
    /// The password is sent to the service (over TLS); needs `ALLOW_USER_PASSWORD_AUTH`.
    UserPasswordAuth,
    /// `CUSTOM_AUTH` after an SRP exchange: the password first, then the Lambda's challenges.
    CustomWithSrp,
    /// `CUSTOM_AUTH` with the username alone: the Lambda's challenges only.
    CustomWithoutSrp,
}

/// Each flow with Amplify's name and the `AuthFlow` sent to `InitiateAuth`.
const FLOWS: [(AuthFlow, &str, &str); 4] = [
    (AuthFlow::UserSrpAuth, "USER_SRP_AUTH", "USER_SRP_AUTH"),
    (
        AuthFlow::UserPasswordAuth,
        "USER_PASSWORD_AUTH",
        "USER_PASSWORD_AUTH",
    ),
    (AuthFlow::CustomWithSrp, "CUSTOM_WITH_SRP", "CUSTOM_AUTH"),
    (
        AuthFlow::CustomWithoutSrp,
        "CUSTOM_WITHOUT_SRP",
        "CUSTOM_AUTH",
    ),
];

impl AuthFlow {
    fn row(self) -> (AuthFlow, &'static str, &'static str) {
        FLOWS
            .into_iter()
            .find(|(f, _, _)| *f == self)
            .unwrap_or(FLOWS[0])
    }

    /// Amplify's `authFlowType` (also what `signInDetails` stores).
    pub fn as_str(self) -> &'static str {
        self.row().1
    }

    /// The flow of an Amplify `authFlowType`.
    pub fn from_name(name: &str) -> Option<Self> {
        FLOWS.into_iter().find(|(_, n, _)| *n == name).map(|r| r.0)
    }

    /// Whether the flow begins with SRP (and so wants an [`SrpClient`]).
    pub fn uses_srp(self) -> bool {
        matches!(self, Self::UserSrpAuth | Self::CustomWithSrp)
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
    /// `MFA_SETUP` for TOTP (`CONTINUE_SIGN_IN_WITH_TOTP_SETUP`): the user adds
    /// [`PendingChallenge::totp_shared_secret`] to an authenticator app and answers with its code.
    TotpSetup,
    /// `MFA_SETUP` for email (`CONTINUE_SIGN_IN_WITH_EMAIL_SETUP`): answer with an email address.
    EmailSetup,
    /// `MFA_SETUP` offering both (`CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION`): answer `TOTP` or
    /// `EMAIL`.
    MfaSetupSelection { allowed: Vec<String> },
}

/// A challenge waiting for the user's answer.
#[derive(Debug)]
pub struct PendingChallenge {
    name: String,
    session: Option<Secret<String>>,
    username: String,
    parameters: StringMap,
    next_step: NextStep,
    /// [`NextStep::TotpSetup`]'s secret, once `AssociateSoftwareToken` gave it.
    shared_secret: Option<Secret<String>>,
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

    /// The TOTP secret (base32) of [`NextStep::TotpSetup`], Amplify's
    /// `totpSetupDetails.sharedSecret`; see [`super::totp_setup_uri`].
    pub fn totp_shared_secret(&self) -> Option<&str> {
        self.shared_secret.as_ref().map(|s| s.expose().as_str())
    }

    fn session(&self) -> Option<&str> {
        self.session.as_ref().map(|s| s.expose().as_str())
    }
}

/// The user's answer to a [`PendingChallenge`].
#[derive(Debug)]
pub struct ChallengeAnswer {
    /// The new password, the code, the MFA type, the email address or the custom answer.
    pub answer: Secret<String>,
    /// Attributes asked for by `NEW_PASSWORD_REQUIRED`.
    pub user_attributes: StringMap,
    pub client_metadata: Option<StringMap>,
    /// `VerifySoftwareToken`'s `FriendlyDeviceName` when a TOTP code answers
    /// [`NextStep::TotpSetup`] (Amplify's `options.friendlyDeviceName`).
    pub friendly_device_name: Option<String>,
}

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
/// `MFAS_CAN_CHOOSE`, `MFAS_CAN_SETUP`); absent means empty.
fn string_list(parameters: &StringMap, key: &str) -> Result<Vec<String>> {
    match parameters.get(key) {
        None => Ok(Vec::new()),
        Some(raw) => json::string_list(raw).map_err(|_| {
            Error::malformed(["challenge parameter ", key, " is not a list"].concat())
        }),
    }
}

/// Amplify's MFA names of a challenge parameter's list.
fn mfa_list(parameters: &StringMap, key: &str) -> Result<Vec<String>> {
    Ok(mfa_types(
        string_list(parameters, key)?.iter().map(String::as_str),
    ))
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
            allowed: mfa_list(parameters, "MFAS_CAN_CHOOSE")?,
        },
        "CUSTOM_CHALLENGE" => NextStep::CustomChallenge {
            parameters: parameters.clone(),
        },
        // Amplify's getAllowedMfaSetupTypes: SMS cannot be set up while signing in.
        "MFA_SETUP" => {
            let mut allowed = mfa_list(parameters, "MFAS_CAN_SETUP")?;
            allowed.retain(|m| m == "TOTP" || m == "EMAIL");
            match allowed.len() {
                2 => NextStep::MfaSetupSelection { allowed },
                1 if allowed.iter().any(|m| m == "TOTP") => NextStep::TotpSetup,
                1 => NextStep::EmailSetup,
                _ => return Err(Error::UnsupportedChallenge(name.to_owned())),
            }
        }
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

/// Which reply a sign-in waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Awaiting {
    InitiateAuth,
    RespondToAuthChallenge,
    /// The shared secret of [`SignInFlight::setup`].
    AssociateSoftwareToken,
    /// Then `RespondToAuthChallenge` `MFA_SETUP` with the session it returns.
    VerifySoftwareToken,
}

/// A sign-in under way, from `signIn` or from `confirmSignIn`: what it needs between requests.
pub struct SignInFlight {
    /// The username answers carry: the one typed, then the service's `USER_ID_FOR_SRP`.
    username: String,
    password: Secret<String>,
    client_metadata: Option<StringMap>,
    /// SRP flows only; taken when the verifier is answered.
    srp: Option<SrpClient>,
    awaiting: Awaiting,
    /// The `MFA_SETUP` challenge whose TOTP secret was asked for.
    setup: Option<Box<PendingChallenge>>,
}

impl std::fmt::Debug for SignInFlight {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInFlight")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// `ChallengeResponses` that begin with `USERNAME`.
fn responses_of(username: &str) -> StringMap {
    let mut responses = StringMap::new();
    responses.insert("USERNAME".into(), username.to_owned());
    responses
}

impl<T> UserPoolClient<T> {
    /// Starts a sign-in: the `InitiateAuth` request. `srp` is a secret computed ahead with
    /// [`UserPoolClient::srp_client`]; without one, an SRP flow draws it now.
    pub fn sign_in_start(
        &self,
        input: SignInInput,
        srp: Option<SrpClient>,
    ) -> Result<(SignInFlight, HttpRequest)> {
        require("username", &input.username)?;
        if input.flow == AuthFlow::CustomWithoutSrp {
            // Amplify's CustomAuthSignInPassword validation.
            if !input.password.expose().is_empty() {
                return Err(Error::invalid_argument(
                    "CUSTOM_WITHOUT_SRP takes no password",
                ));
            }
        } else {
            require("password", input.password.expose())?;
        }
        let mut auth = responses_of(&input.username);
        if let Some(hash) = self.secret_hash(&input.username) {
            auth.insert("SECRET_HASH".into(), hash);
        }
        let srp = if input.flow.uses_srp() {
            let client = match srp {
                Some(c) => c,
                None => self.srp_client()?,
            };
            auth.insert("SRP_A".into(), client.srp_a());
            if input.flow == AuthFlow::CustomWithSrp {
                auth.insert("CHALLENGE_NAME".into(), "SRP_A".into());
            }
            Some(client)
        } else {
            if input.flow == AuthFlow::UserPasswordAuth {
                auth.insert("PASSWORD".into(), input.password.expose().clone());
            }
            None
        };
        let body = Body::new()
            .str("AuthFlow", input.flow.row().2)
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
                awaiting: Awaiting::InitiateAuth,
                setup: None,
            },
            request,
        ))
    }

    /// Reads a reply of a sign-in ([`UserPoolClient::sign_in_start`] or
    /// [`UserPoolClient::confirm_sign_in_start`]) and says what comes next: it answers
    /// `PASSWORD_VERIFIER`, asks for a TOTP secret, completes TOTP setup, or ends with tokens or
    /// a challenge for the user.
    pub fn sign_in_next(
        &self,
        flight: &mut SignInFlight,
        reply: Result<HttpResponse>,
    ) -> Result<Next<SignInStep>> {
        match flight.awaiting {
            Awaiting::AssociateSoftwareToken => {
                let (secret, session) = secret_code(reply)?;
                let mut pending = flight
                    .setup
                    .take()
                    .ok_or_else(|| Error::InvalidState("no MFA setup under way".into()))?;
                pending.shared_secret = Some(secret);
                pending.session = session.map(Secret::new);
                return Ok(Next::Done(SignInStep::Challenge(pending)));
            }
            Awaiting::VerifySoftwareToken => {
                let op = "VerifySoftwareToken";
                let session = read_reply(op, reply)?
                    .secret("Session")
                    .map_err(|_| misfit(op))?;
                flight.awaiting = Awaiting::RespondToAuthChallenge;
                return Ok(Next::Send(self.respond(
                    "MFA_SETUP",
                    responses_of(&flight.username),
                    session.as_ref().map(|s| s.expose().as_str()),
                    flight.client_metadata.as_ref(),
                )));
            }
            Awaiting::RespondToAuthChallenge => {
                let reply = auth_response("RespondToAuthChallenge", reply)?;
                return self.settle(flight, step(reply, &flight.username)?);
            }
            Awaiting::InitiateAuth => {}
        }
        // The TIMESTAMP is checked against the service's clock, within minutes: the reply's
        // `Date` corrects a device clock that is wrong.
        let now = self.clock.now_ms();
        let now = time::shifted(now, time::skew_ms(reply.as_ref().ok(), now));
        let reply = auth_response("InitiateAuth", reply)?;
        let srp = match (flight.srp.take(), reply.challenge_name.as_deref()) {
            (Some(srp), Some("PASSWORD_VERIFIER")) => srp,
            _ => {
                let step = step(reply, &flight.username)?;
                return self.settle(flight, step);
            }
        };
        let p = reply
            .challenge_parameters
            .as_ref()
            .ok_or_else(|| Error::malformed("PASSWORD_VERIFIER challenge without parameters"))?;
        let user_id = param(p, "USER_ID_FOR_SRP")?;
        let secret_block = param(p, "SECRET_BLOCK")?;
        let timestamp = srp::timestamp(now);
        let signature = srp.password_claim_signature(&VerifierInput {
            pool_name: &self.config.pool_name,
            user_id_for_srp: user_id,
            password: flight.password.expose(),
            srp_b: param(p, "SRP_B")?,
            salt: param(p, "SALT")?,
            secret_block,
            timestamp: &timestamp,
        })?;
        let mut responses = responses_of(user_id);
        responses.insert(
            "PASSWORD_CLAIM_SECRET_BLOCK".into(),
            secret_block.to_owned(),
        );
        responses.insert("PASSWORD_CLAIM_SIGNATURE".into(), signature);
        responses.insert("TIMESTAMP".into(), timestamp);
        flight.username = user_id.to_owned();
        flight.awaiting = Awaiting::RespondToAuthChallenge;
        Ok(Next::Send(self.respond(
            "PASSWORD_VERIFIER",
            responses,
            reply.session.as_ref().map(|s| s.expose().as_str()),
            flight.client_metadata.as_ref(),
        )))
    }

    /// `RespondToAuthChallenge`, with `SECRET_HASH` for the `USERNAME` of `responses` when the
    /// client has a secret.
    fn respond(
        &self,
        challenge: &str,
        mut responses: StringMap,
        session: Option<&str>,
        client_metadata: Option<&StringMap>,
    ) -> HttpRequest {
        if let Some(hash) = self.secret_hash(responses.get("USERNAME").unwrap_or("")) {
            responses.insert("SECRET_HASH".into(), hash);
        }
        let body = Body::new()
            .str("ChallengeName", challenge)
            .str("ClientId", &self.config.client_id)
            .map("ChallengeResponses", &responses)
            .opt_str("Session", session)
            .opt_map("ClientMetadata", client_metadata);
        self.request("RespondToAuthChallenge", body)
    }

    /// A step for the user, unless it is TOTP setup still without its secret: then
    /// `AssociateSoftwareToken` {`Session`} is asked first.
    fn settle(&self, flight: &mut SignInFlight, step: SignInStep) -> Result<Next<SignInStep>> {
        match step {
            SignInStep::Challenge(p)
                if p.next_step == NextStep::TotpSetup && p.shared_secret.is_none() =>
            {
                let body = Body::new().opt_str("Session", p.session());
                flight.username.clone_from(&p.username);
                flight.setup = Some(p);
                flight.awaiting = Awaiting::AssociateSoftwareToken;
                Ok(Next::Send(self.request("AssociateSoftwareToken", body)))
            }
            step => Ok(Next::Done(step)),
        }
    }

    /// Answers a pending challenge (`confirmSignIn`): the first request, or at once the next
    /// step where no request is needed (`EMAIL` chosen for MFA setup). Drive the rest with
    /// [`UserPoolClient::sign_in_next`]. `pending` is only read: a wrong code can be answered
    /// again.
    pub fn confirm_sign_in_start(
        &self,
        pending: &PendingChallenge,
        answer: &ChallengeAnswer,
    ) -> Result<(SignInFlight, Next<SignInStep>)> {
        let value = answer.answer.expose();
        require("challengeResponse", value)?;
        let mut flight = SignInFlight {
            username: pending.username.clone(),
            password: Secret::new(String::new()),
            client_metadata: answer.client_metadata.clone(),
            srp: None,
            awaiting: Awaiting::RespondToAuthChallenge,
            setup: None,
        };
        let mut responses = responses_of(&pending.username);
        let (key, value) = match &pending.next_step {
            // Amplify's handleMFASetupChallenge tells the answers apart by their form.
            NextStep::TotpSetup | NextStep::EmailSetup | NextStep::MfaSetupSelection { .. } => {
                if value == "TOTP" || value == "EMAIL" {
                    let chosen = Box::new(PendingChallenge {
                        name: pending.name.clone(),
                        session: pending.session().map(|s| Secret::new(s.to_owned())),
                        username: pending.username.clone(),
                        parameters: pending.parameters.clone(),
                        next_step: if value == "TOTP" {
                            NextStep::TotpSetup
                        } else {
                            NextStep::EmailSetup
                        },
                        shared_secret: None,
                    });
                    let next = self.settle(&mut flight, SignInStep::Challenge(chosen))?;
                    return Ok((flight, next));
                }
                if value.bytes().all(|b| b.is_ascii_digit()) {
                    let body = Body::new()
                        .str("UserCode", value)
                        .opt_str("Session", pending.session())
                        .opt_str("FriendlyDeviceName", answer.friendly_device_name.as_deref());
                    flight.awaiting = Awaiting::VerifySoftwareToken;
                    let request = self.request("VerifySoftwareToken", body);
                    return Ok((flight, Next::Send(request)));
                }
                if !value.bytes().any(|b| b == b'@') {
                    return Err(Error::invalid_argument(
                        "challengeResponse must be TOTP, EMAIL, a code or an email address",
                    ));
                }
                ("EMAIL", value.clone())
            }
            NextStep::NewPasswordRequired { .. } => {
                for (name, v) in answer.user_attributes.iter() {
                    responses.insert(["userAttributes.", name].concat(), v.clone());
                }
                ("NEW_PASSWORD", value.clone())
            }
            NextStep::SmsCode { .. } => ("SMS_MFA_CODE", value.clone()),
            NextStep::EmailCode { .. } => ("EMAIL_OTP_CODE", value.clone()),
            NextStep::TotpCode => ("SOFTWARE_TOKEN_MFA_CODE", value.clone()),
            NextStep::MfaSelection { allowed } => {
                let wire_name = cognito_mfa_type(value)
                    .filter(|_| allowed.iter().any(|a| a == value))
                    .ok_or_else(|| {
                        Error::invalid_argument(
                            ["challengeResponse must be one of ", &allowed.join(", ")].concat(),
                        )
                    })?;
                ("ANSWER", wire_name.to_owned())
            }
            NextStep::CustomChallenge { .. } => ("ANSWER", value.clone()),
        };
        responses.insert(key.into(), value);
        let request = self.respond(
            &pending.name,
            responses,
            pending.session(),
            answer.client_metadata.as_ref(),
        );
        Ok((flight, Next::Send(request)))
    }

    /// The `RespondToAuthChallenge` of an answer that takes just that request: every step but
    /// MFA setup's, which needs [`UserPoolClient::confirm_sign_in_start`]. Read its reply with
    /// [`UserPoolClient::confirm_sign_in_reply`].
    pub fn confirm_sign_in_request(
        &self,
        pending: &PendingChallenge,
        answer: &ChallengeAnswer,
    ) -> Result<HttpRequest> {
        match self.confirm_sign_in_start(pending, answer)? {
            (f, Next::Send(r)) if f.awaiting == Awaiting::RespondToAuthChallenge => Ok(r),
            _ => Err(Error::InvalidState(
                "this answer needs confirm_sign_in_start".into(),
            )),
        }
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

/// `AssociateSoftwareToken`'s reply: the TOTP secret, and the session when it was asked with one.
pub(super) fn secret_code(reply: Result<HttpResponse>) -> Result<(Secret<String>, Option<String>)> {
    let op = "AssociateSoftwareToken";
    let o = read_reply(op, reply)?;
    let read = || -> Result<_, json::Invalid> {
        let secret = o
            .string("SecretCode")?
            .filter(|s| !s.is_empty())
            .ok_or("")?;
        Ok((Secret::new(secret), o.string("Session")?))
    };
    read().map_err(|_| misfit(op))
}

fn auth_response(operation: &str, reply: Result<HttpResponse>) -> Result<AuthResponse> {
    AuthResponse::read(&read_reply(operation, reply)?).map_err(|_| misfit(operation))
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
            id_token: id,
            access_token: access,
            refresh_token: result.refresh_token,
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
        session: reply.session,
        username,
        parameters,
        next_step,
        shared_secret: None,
    })))
}
