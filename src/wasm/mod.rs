//! The only place that knows about JavaScript: the `CognitoAuth` class, argument and result
//! conversion, JS errors and the browser platform.
//!
//! Data flows one way: JS call → argument conversion here → core → transport → core parses the
//! reply → result conversion here.

mod convert;
mod error;
mod transport;
mod types;

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

pub use transport::{BrowserClock, FetchTransport};

use crate::error::{Error, Result};
use crate::platform::OsRandom;
use crate::secret::Secret;
use crate::tokens::{claims, payload_json, Tokens};
use crate::user_pool::{
    AuthFlow, ChallengeAnswer, CodeDeliveryDetails, NextStep, SignInInput, SignInStep, SignUpInput,
    UserPoolClient, UserPoolConfig,
};
use convert::{is_plain_object, map, options, strings, Args, Obj};

#[wasm_bindgen(inline_js = "export function jwt(token, payload) { \
    return Object.freeze({ payload, toString() { return token; } }); }")]
extern "C" {
    /// Amplify's `JWT` shape: `{ payload, toString() }`.
    fn jwt(token: &str, payload: JsValue) -> JsValue;
}

/// How the current sign-in started: Amplify's `signInDetails`.
#[derive(Clone)]
struct SignInDetails {
    login_id: String,
    flow: AuthFlow,
}

impl SignInDetails {
    fn to_js(&self) -> JsValue {
        Obj::new()
            .set("loginId", self.login_id.as_str())
            .set("authFlowType", self.flow.as_str())
            .build()
    }
}

/// Per-instance state. Never borrowed across an `await`.
#[derive(Default)]
struct State {
    pending: Option<crate::user_pool::PendingChallenge>,
    tokens: Option<Tokens>,
    details: Option<SignInDetails>,
}

struct Inner {
    client: UserPoolClient<FetchTransport>,
    state: RefCell<State>,
}

/// A Cognito user pool client for the browser. One instance per app client configuration.
#[wasm_bindgen]
pub struct CognitoAuth {
    inner: Rc<Inner>,
}

impl CognitoAuth {
    /// Runs a core call as a JS promise; an error becomes a JS `Error`.
    fn run<F, Fut>(&self, f: F) -> js_sys::Promise
    where
        F: FnOnce(Rc<Inner>) -> Fut,
        Fut: Future<Output = Result<JsValue>> + 'static,
    {
        promise(Box::pin(f(self.inner.clone())))
    }
}

/// One promise adapter for every method: boxing the futures keeps a single copy of
/// `future_to_promise`'s machinery in the wasm instead of one per method.
fn promise(future: Pin<Box<dyn Future<Output = Result<JsValue>>>>) -> js_sys::Promise {
    future_to_promise(async move { future.await.map_err(JsValue::from) })
}

fn delivery(d: CodeDeliveryDetails) -> JsValue {
    Obj::new()
        .opt("destination", d.destination)
        .opt("deliveryMedium", d.delivery_medium)
        .opt("attributeName", d.attribute_name)
        .build()
}

fn done_sign_up() -> JsValue {
    Obj::new().set("signUpStep", "DONE").build()
}

#[wasm_bindgen]
impl CognitoAuth {
    /// Creates a client. Throws `InvalidArgumentError` for a malformed configuration.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "CognitoAuthConfig")] config: JsValue,
    ) -> Result<CognitoAuth, JsValue> {
        let config = Args::new("config", config)?;
        let client = UserPoolClient::new(
            UserPoolConfig {
                user_pool_id: config.string("userPoolId")?,
                user_pool_client_id: config.string("userPoolClientId")?,
                client_secret: config.opt_string("clientSecret")?.map(Secret::new),
                endpoint: config.opt_string("endpoint")?,
            },
            FetchTransport,
            Box::new(BrowserClock),
            Box::new(OsRandom),
        )?;
        Ok(CognitoAuth {
            inner: Rc::new(Inner {
                client,
                state: RefCell::new(State::default()),
            }),
        })
    }

    /// Registers a user (`SignUp`).
    #[wasm_bindgen(js_name = signUp, unchecked_return_type = "Promise<SignUpOutput>")]
    pub fn sign_up(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignUpInput")] input: JsValue,
    ) -> js_sys::Promise {
        let input = read_sign_up(input);
        self.run(|inner| async move {
            let out = inner.client.sign_up(&input?).await?;
            let next = if out.user_confirmed {
                done_sign_up()
            } else {
                Obj::new()
                    .set("signUpStep", "CONFIRM_SIGN_UP")
                    .set(
                        "codeDeliveryDetails",
                        delivery(out.code_delivery_details.unwrap_or_default()),
                    )
                    .build()
            };
            Ok(Obj::new()
                .set("isSignUpComplete", out.user_confirmed)
                .set("userId", out.user_sub)
                .set("nextStep", next)
                .build())
        })
    }

    /// Confirms a registration with the code the user received (`ConfirmSignUp`).
    #[wasm_bindgen(js_name = confirmSignUp, unchecked_return_type = "Promise<ConfirmSignUpOutput>")]
    pub fn confirm_sign_up(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ConfirmSignUpInput")] input: JsValue,
    ) -> js_sys::Promise {
        let input = (|| {
            let input = Args::new("confirmSignUp input", input)?;
            let options = options(&input)?;
            Ok::<_, Error>((
                input.string("username")?,
                input.string("confirmationCode")?,
                options.opt_bool("forceAliasCreation")?,
                options.opt_map("clientMetadata")?,
            ))
        })();
        self.run(|inner| async move {
            let (username, code, force_alias, metadata) = input?;
            inner
                .client
                .confirm_sign_up(&username, &code, force_alias, metadata.as_ref())
                .await?;
            Ok(Obj::new()
                .set("isSignUpComplete", true)
                .set("nextStep", done_sign_up())
                .build())
        })
    }

    /// Sends the confirmation code again (`ResendConfirmationCode`).
    #[wasm_bindgen(
        js_name = resendSignUpCode,
        unchecked_return_type = "Promise<CodeDeliveryDetails>"
    )]
    pub fn resend_sign_up_code(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ResendSignUpCodeInput")] input: JsValue,
    ) -> js_sys::Promise {
        let input = (|| {
            let input = Args::new("resendSignUpCode input", input)?;
            Ok::<_, Error>((
                input.string("username")?,
                options(&input)?.opt_map("clientMetadata")?,
            ))
        })();
        self.run(|inner| async move {
            let (username, metadata) = input?;
            let details = inner
                .client
                .resend_sign_up_code(&username, metadata.as_ref())
                .await?;
            Ok(delivery(details))
        })
    }

    /// Signs a user in: SRP (`USER_SRP_AUTH`) unless `options.authFlowType` says otherwise.
    #[wasm_bindgen(js_name = signIn, unchecked_return_type = "Promise<SignInOutput>")]
    pub fn sign_in(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignInInput")] input: JsValue,
    ) -> js_sys::Promise {
        let input = read_sign_in(input);
        self.run(|inner| async move {
            let input = input?;
            if inner.state.borrow().tokens.is_some() {
                return Err(Error::AlreadySignedIn);
            }
            let details = SignInDetails {
                login_id: input.username.clone(),
                flow: input.flow,
            };
            let step = inner.client.sign_in(&input).await?;
            {
                let mut state = inner.state.borrow_mut();
                state.pending = None;
                state.details = Some(details);
            }
            inner.finish_step(step)
        })
    }

    /// Answers the challenge a sign-in stopped at (`RespondToAuthChallenge`).
    #[wasm_bindgen(js_name = confirmSignIn, unchecked_return_type = "Promise<SignInOutput>")]
    pub fn confirm_sign_in(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ConfirmSignInInput")] input: JsValue,
    ) -> js_sys::Promise {
        let answer = (|| {
            let input = Args::new("confirmSignIn input", input)?;
            let options = options(&input)?;
            Ok::<_, Error>(ChallengeAnswer {
                answer: Secret::new(input.string("challengeResponse")?),
                user_attributes: options.opt_map("userAttributes")?.unwrap_or_default(),
                client_metadata: options.opt_map("clientMetadata")?,
            })
        })();
        self.run(|inner| async move {
            let answer = answer?;
            let pending = inner.state.borrow_mut().pending.take().ok_or_else(|| {
                Error::InvalidState("confirmSignIn needs a sign-in waiting for a challenge".into())
            })?;
            match inner.client.confirm_sign_in(&pending, &answer).await {
                Ok(step) => inner.finish_step(step),
                Err(e) => {
                    // A wrong code can be tried again within the same session.
                    let mut state = inner.state.borrow_mut();
                    if state.pending.is_none() {
                        state.pending = Some(pending);
                    }
                    Err(e)
                }
            }
        })
    }

    /// The current tokens, with their decoded payloads (Amplify's `fetchAuthSession`).
    #[wasm_bindgen(js_name = fetchAuthSession, unchecked_return_type = "Promise<AuthSession>")]
    pub fn fetch_auth_session(&self) -> js_sys::Promise {
        self.run(|inner| async move { inner.session() })
    }

    /// The signed-in user: `{ username, userId, signInDetails }`. Throws
    /// `UserUnAuthenticatedException` when nobody is signed in.
    #[wasm_bindgen(js_name = getCurrentUser, unchecked_return_type = "Promise<AuthUser>")]
    pub fn get_current_user(&self) -> js_sys::Promise {
        self.run(|inner| async move { inner.current_user() })
    }

    /// Forgets the tokens held by this instance.
    #[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<void>")]
    pub fn sign_out(&self) -> js_sys::Promise {
        self.run(|inner| async move {
            *inner.state.borrow_mut() = State::default();
            Ok(JsValue::UNDEFINED)
        })
    }
}

fn read_sign_up(input: JsValue) -> Result<SignUpInput> {
    let input = Args::new("signUp input", input)?;
    let options = options(&input)?;
    Ok(SignUpInput {
        username: input.string("username")?,
        password: Secret::new(input.string("password")?),
        user_attributes: options.opt_map("userAttributes")?.unwrap_or_default(),
        validation_data: options.opt_map("validationData")?.unwrap_or_default(),
        client_metadata: options.opt_map("clientMetadata")?,
    })
}

fn read_sign_in(input: JsValue) -> Result<SignInInput> {
    let input = Args::new("signIn input", input)?;
    let options = options(&input)?;
    let flow = match options.opt_string("authFlowType")?.as_deref() {
        None | Some("USER_SRP_AUTH") => AuthFlow::UserSrpAuth,
        Some("USER_PASSWORD_AUTH") => AuthFlow::UserPasswordAuth,
        Some(other) => {
            return Err(Error::InvalidArgument(format!(
                "options.authFlowType must be USER_SRP_AUTH or USER_PASSWORD_AUTH, not {other}"
            )))
        }
    };
    Ok(SignInInput {
        username: input.string("username")?,
        password: Secret::new(input.string("password")?),
        flow,
        client_metadata: options.opt_map("clientMetadata")?,
    })
}

impl Inner {
    fn finish_step(&self, step: SignInStep) -> Result<JsValue> {
        let mut state = self.state.borrow_mut();
        let (signed_in, next) = match step {
            SignInStep::Done(tokens) => {
                state.tokens = Some(tokens);
                (true, Obj::new().set("signInStep", "DONE").build())
            }
            SignInStep::Challenge(pending) => {
                let next = next_step_for_js(pending.next_step());
                state.pending = Some(pending);
                (false, next)
            }
        };
        Ok(Obj::new()
            .set("isSignedIn", signed_in)
            .set("nextStep", next)
            .build())
    }

    fn session(&self) -> Result<JsValue> {
        let state = self.state.borrow();
        let Some(tokens) = &state.tokens else {
            return Ok(Obj::new().build());
        };
        let id = tokens.id_token.expose();
        let access = tokens.access_token.expose();
        let id_payload = payload(id)?;
        let sub = js_sys::Reflect::get(&id_payload, &JsValue::from_str("sub"))
            .ok()
            .and_then(|s| s.as_string());
        let t = Obj::new()
            .set("idToken", jwt(id, id_payload))
            .set("accessToken", jwt(access, payload(access)?))
            .opt(
                "refreshToken",
                tokens.refresh_token.as_ref().map(|r| r.expose().as_str()),
            )
            .opt(
                "signInDetails",
                state.details.as_ref().map(SignInDetails::to_js),
            );
        Ok(Obj::new().set("tokens", t).opt("userSub", sub).build())
    }

    fn current_user(&self) -> Result<JsValue> {
        let state = self.state.borrow();
        let tokens = state.tokens.as_ref().ok_or(Error::NotSignedIn)?;
        let access = claims(tokens.access_token.expose())?;
        let (Some(username), Some(user_id)) = (access.username, access.sub) else {
            return Err(Error::malformed(
                "access token has no username or sub claim",
            ));
        };
        Ok(Obj::new()
            .set("username", username)
            .set("userId", user_id)
            .opt(
                "signInDetails",
                state.details.as_ref().map(SignInDetails::to_js),
            )
            .build())
    }
}

/// A token's payload as a JS object (`JSON.parse` of the decoded payload).
fn payload(token: &str) -> Result<JsValue> {
    let payload = js_sys::JSON::parse(&payload_json(token)?)
        .map_err(|_| Error::malformed("token payload is not JSON"))?;
    if is_plain_object(&payload) {
        Ok(payload)
    } else {
        Err(Error::malformed("token payload is not a JSON object"))
    }
}

fn next_step_for_js(step: &NextStep) -> JsValue {
    let o = Obj::new();
    match step {
        NextStep::NewPasswordRequired { missing_attributes } => o
            .set("signInStep", "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED")
            .set("missingAttributes", strings(missing_attributes)),
        NextStep::SmsCode { delivery: d } => o
            .set("signInStep", "CONFIRM_SIGN_IN_WITH_SMS_CODE")
            .set("codeDeliveryDetails", delivery(d.clone())),
        NextStep::EmailCode { delivery: d } => o
            .set("signInStep", "CONFIRM_SIGN_IN_WITH_EMAIL_CODE")
            .set("codeDeliveryDetails", delivery(d.clone())),
        NextStep::TotpCode => o.set("signInStep", "CONFIRM_SIGN_IN_WITH_TOTP_CODE"),
        NextStep::MfaSelection { allowed } => o
            .set("signInStep", "CONTINUE_SIGN_IN_WITH_MFA_SELECTION")
            .set("allowedMFATypes", strings(allowed)),
        NextStep::CustomChallenge { parameters } => o
            .set("signInStep", "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE")
            .set("additionalInfo", map(parameters)),
    }
    .build()
}
