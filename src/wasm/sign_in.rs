//! `signIn`, `confirmSignIn`.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::convert::{options, to_js, Args};
use super::runtime::{run, settled};
use super::{BrowserClock, CognitoAuth, Inner, Pending};
use crate::error::{Error, Result};
use crate::json::Body;
use crate::platform::Clock;
use crate::secret::Secret;
use crate::session::{Session, SignInDetails};
use crate::user_pool::{
    AuthFlow, ChallengeAnswer, Next, NextStep, PendingChallenge, SignInInput, SignInStep,
};

#[wasm_bindgen]
impl CognitoAuth {
    /// Signs a user in: SRP (`USER_SRP_AUTH`) unless `options.authFlowType` says otherwise. The
    /// SRP secret and A were computed in an idle moment ahead, so only g^x and S remain here.
    #[wasm_bindgen(js_name = signIn, unchecked_return_type = "Promise<SignInOutput>")]
    pub fn sign_in(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignInInput")] input: JsValue,
    ) -> js_sys::Promise {
        // A sign-in of its own gives up a pending auto sign-in (its kept password).
        self.inner.state.borrow_mut().auto_sign_in = None;
        self.inner.sign_in(read_sign_in(input))
    }

    /// Answers the challenge a sign-in stopped at (`RespondToAuthChallenge`).
    #[wasm_bindgen(js_name = confirmSignIn, unchecked_return_type = "Promise<SignInOutput>")]
    pub fn confirm_sign_in(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ConfirmSignInInput")] input: JsValue,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        let answer = (|| {
            let input = Args::new("confirmSignIn input", input)?;
            let options = options(&input)?;
            Ok::<_, Error>(ChallengeAnswer {
                answer: Secret::new(input.string("challengeResponse")?),
                user_attributes: options.opt_map("userAttributes")?.unwrap_or_default(),
                client_metadata: options.opt_map("clientMetadata")?,
                friendly_device_name: options.opt_string("friendlyDeviceName")?,
            })
        })();
        let epoch = inner.state.borrow().epoch;
        let taken = answer.and_then(|answer| {
            let p = inner
                .state
                .borrow_mut()
                .pending
                .take()
                .ok_or_else(no_challenge)?;
            match inner.client.confirm_sign_in_start(&p.0, &answer) {
                Ok((flight, next)) => Ok((p, flight, next)),
                Err(e) => {
                    restore(&inner, Some(p));
                    Err(e)
                }
            }
        });
        let (mut pending, mut flight, request) = match taken {
            Ok((p, _, Next::Done(step))) => {
                // No request needed (EMAIL chosen for MFA setup).
                return settled(finish_step(&inner, epoch, step, p.1).map(to_js));
            }
            Ok((p, flight, Next::Send(r) | Next::SendAfter(_, r))) => {
                (Some(p), Some(flight), Ok(r))
            }
            Err(e) => (None, None, Err(e)),
        };
        run(
            request,
            Box::new(move |reply| {
                let flight = flight.as_mut().ok_or_else(no_challenge)?;
                match inner.client.sign_in_next(flight, reply) {
                    Ok(Next::Send(r) | Next::SendAfter(_, r)) => Ok(Next::Send(r)),
                    Ok(Next::Done(step)) => {
                        let (_, details) = pending.take().ok_or_else(no_challenge)?;
                        Ok(Next::Done(finish_step(&inner, epoch, step, details)?))
                    }
                    Err(e) => {
                        // A wrong code can be tried again within the same session.
                        restore(&inner, pending.take());
                        Err(e)
                    }
                }
            }),
        )
    }
}

impl Inner {
    /// Runs a sign-in from `InitiateAuth` to tokens or a challenge for the user (`signIn`,
    /// `autoSignIn`).
    pub(super) fn sign_in(self: &Rc<Self>, input: Result<SignInInput>) -> js_sys::Promise {
        let inner = self.clone();
        let start = (|| {
            let input = input?;
            let state = inner.state.borrow();
            if state.session.is_some() {
                return Err(Error::AlreadySignedIn);
            }
            if state.signing_in {
                return Err(Error::InvalidState("a sign-in is already under way".into()));
            }
            let epoch = state.epoch;
            drop(state);
            let details = SignInDetails {
                login_id: input.username.clone(),
                flow: input.flow,
            };
            let srp = if input.flow.uses_srp() {
                inner.take_srp()
            } else {
                None
            };
            let (flight, request) = inner.client.sign_in_start(input, srp)?;
            inner.state.borrow_mut().signing_in = true;
            Ok((flight, request, details, epoch))
        })();
        let (mut flight, request, mut details, epoch) = match start {
            Ok((f, r, d, e)) => (Some(f), Ok(r), Some(d), e),
            Err(e) => (None, Err(e), None, 0),
        };
        run(
            request,
            Box::new(move |reply| {
                let flight = flight.as_mut().ok_or_else(no_challenge)?;
                let next = inner.client.sign_in_next(flight, reply);
                if !matches!(next, Ok(Next::Send(_))) {
                    inner.state.borrow_mut().signing_in = false;
                }
                match next? {
                    Next::Done(step) => {
                        let details = details.take();
                        Ok(Next::Done(finish_step(&inner, epoch, step, details)?))
                    }
                    Next::Send(r) | Next::SendAfter(_, r) => Ok(Next::Send(r)),
                }
            }),
        )
    }
}

fn no_challenge() -> Error {
    Error::InvalidState("confirmSignIn needs a sign-in waiting for a challenge".into())
}

/// Puts a challenge back to be answered again, unless a newer sign-in replaced it.
fn restore(inner: &Inner, pending: Option<Pending>) {
    let mut state = inner.state.borrow_mut();
    if state.pending.is_none() {
        state.pending = pending;
    }
}

fn read_sign_in(input: JsValue) -> Result<SignInInput> {
    let input = Args::new("signIn input", input)?;
    let options = options(&input)?;
    let flow = read_flow(&options)?;
    // CUSTOM_WITHOUT_SRP takes no password (the core refuses one).
    let password = if flow == AuthFlow::CustomWithoutSrp {
        input.opt_string("password")?.unwrap_or_default()
    } else {
        input.string("password")?
    };
    Ok(SignInInput {
        username: input.string("username")?,
        password: Secret::new(password),
        flow,
        client_metadata: options.opt_map("clientMetadata")?,
    })
}

/// `authFlowType` of sign-in options (`signIn`'s, `signUp`'s `autoSignIn`).
pub(super) fn read_flow(options: &Args<'_>) -> Result<AuthFlow> {
    match options.opt_string("authFlowType")? {
        None => Ok(AuthFlow::UserSrpAuth),
        Some(name) => AuthFlow::from_name(&name).ok_or_else(|| {
            Error::InvalidArgument(
                "options.authFlowType must be USER_SRP_AUTH, USER_PASSWORD_AUTH, \
                 CUSTOM_WITH_SRP or CUSTOM_WITHOUT_SRP"
                    .into(),
            )
        }),
    }
}

/// The end of a sign-in step: a session (stored, `signedIn`) or the next challenge. A sign-out
/// since the sign-in began wins: nothing is stored.
fn finish_step(
    inner: &Rc<Inner>,
    epoch: u32,
    step: SignInStep,
    details: Option<SignInDetails>,
) -> Result<Body> {
    if inner.state.borrow().epoch != epoch {
        return Err(Error::InvalidState(
            "signed out while the sign-in was under way".into(),
        ));
    }
    let (signed_in, next) = match step {
        SignInStep::Done(tokens) => {
            let now = BrowserClock.now_ms();
            let client_id = &inner.client.config().client_id;
            let session = Session::new(client_id, tokens, now, details)?;
            inner.state.borrow_mut().pending = None;
            inner.begin_session(session);
            (true, Body::new().str("signInStep", "DONE"))
        }
        SignInStep::Challenge(pending) => {
            let account = details.as_ref().map_or(pending.username(), |d| &d.login_id);
            let next = next_step_for_js(&pending, account);
            inner.state.borrow_mut().pending = Some((pending, details));
            (false, next)
        }
    };
    Ok(Body::new()
        .bool("isSignedIn", signed_in)
        .object("nextStep", next))
}

/// Amplify's `nextStep`; `account` is the TOTP setup URI's default account name.
fn next_step_for_js(pending: &PendingChallenge, account: &str) -> Body {
    let o = Body::new();
    match pending.next_step() {
        NextStep::NewPasswordRequired { missing_attributes } => o
            .str("signInStep", "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED")
            .strings("missingAttributes", missing_attributes),
        NextStep::SmsCode { delivery: d } => o
            .str("signInStep", "CONFIRM_SIGN_IN_WITH_SMS_CODE")
            .object("codeDeliveryDetails", d.to_json()),
        NextStep::EmailCode { delivery: d } => o
            .str("signInStep", "CONFIRM_SIGN_IN_WITH_EMAIL_CODE")
            .object("codeDeliveryDetails", d.to_json()),
        NextStep::TotpCode => o.str("signInStep", "CONFIRM_SIGN_IN_WITH_TOTP_CODE"),
        NextStep::MfaSelection { allowed } => o
            .str("signInStep", "CONTINUE_SIGN_IN_WITH_MFA_SELECTION")
            .strings("allowedMFATypes", allowed),
        NextStep::CustomChallenge { parameters } => o
            .str("signInStep", "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE")
            .map("additionalInfo", parameters),
        // js/auth.js turns `accountName` into Amplify's `getSetupUri`.
        NextStep::TotpSetup => o
            .str("signInStep", "CONTINUE_SIGN_IN_WITH_TOTP_SETUP")
            .object(
                "totpSetupDetails",
                totp_setup_details(pending.totp_shared_secret().unwrap_or(""), account),
            ),
        NextStep::EmailSetup => o.str("signInStep", "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP"),
        NextStep::MfaSetupSelection { allowed } => o
            .str("signInStep", "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION")
            .strings("allowedMFATypes", allowed),
    }
}

/// `{ sharedSecret, accountName }`: Amplify's `TOTPSetupDetails` before js/auth.js replaces
/// `accountName` (the default account of the setup URI) with `getSetupUri`.
pub(super) fn totp_setup_details(secret: &str, account: &str) -> Body {
    Body::new()
        .str("sharedSecret", secret)
        .str("accountName", account)
}
