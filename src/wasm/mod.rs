//! The only place that knows about JavaScript: the `CognitoAuth` class, argument and result
//! conversion, JS errors and the browser platform.
//!
//! Data flows one way: JS call → argument conversion here → core → transport → core parses the
//! reply → result conversion here.

mod error;
mod transport;
mod types;

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

pub use transport::{BrowserClock, FetchTransport};

use crate::error::{Error, Result};
use crate::platform::OsRandom;
use crate::secret::Secret;
use crate::tokens::{claims, Tokens};
use crate::user_pool::{
    AuthFlow, ChallengeAnswer, CodeDeliveryDetails, NextStep, PendingChallenge, SignInInput,
    SignInStep, SignUpInput, UserPoolClient, UserPoolConfig,
};
use error::bad_argument;

#[wasm_bindgen(inline_js = "export function jwt(token, payload) { \
    return Object.freeze({ payload, toString() { return token; } }); }")]
extern "C" {
    /// Amplify's `JWT` shape: `{ payload, toString() }`.
    fn jwt(token: &str, payload: JsValue) -> JsValue;
}

/// Per-instance state. Never borrowed across an `await`.
#[derive(Default)]
struct State {
    pending: Option<PendingChallenge>,
    tokens: Option<Tokens>,
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

fn from_js<T: for<'de> Deserialize<'de>>(what: &str, value: JsValue) -> Result<T> {
    if value.is_undefined() || value.is_null() {
        return Err(Error::InvalidArgument(format!("{what} is required")));
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| bad_argument(what, e))
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| Error::InvalidState(format!("cannot convert a result for JS: {e}")))
}

/// Runs a core call as a JS promise; the error becomes a JS `Error`.
fn promise<F>(future: F) -> js_sys::Promise
where
    F: Future<Output = Result<JsValue>> + 'static,
{
    future_to_promise(async move { future.await.map_err(JsValue::from) })
}

impl CognitoAuth {
    fn with_inner<F, Fut>(&self, f: F) -> js_sys::Promise
    where
        F: FnOnce(Rc<Inner>) -> Fut,
        Fut: Future<Output = Result<JsValue>> + 'static,
    {
        promise(f(self.inner.clone()))
    }
}

#[wasm_bindgen]
impl CognitoAuth {
    /// Creates a client. Throws `InvalidArgumentError` for a malformed configuration.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "CognitoAuthConfig")] config: JsValue,
    ) -> Result<CognitoAuth, JsValue> {
        let config: types::ConfigArg = from_js("config", config)?;
        let client = UserPoolClient::new(
            UserPoolConfig {
                user_pool_id: config.user_pool_id,
                user_pool_client_id: config.user_pool_client_id,
                client_secret: config.client_secret.map(Secret::new),
                endpoint: config.endpoint,
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
        let arg = from_js::<types::SignUpArg>("signUp input", input);
        self.with_inner(|inner| async move {
            let arg = arg?;
            let options = arg.options.unwrap_or_default();
            let out = inner
                .client
                .sign_up(&SignUpInput {
                    username: arg.username,
                    password: Secret::new(arg.password),
                    user_attributes: options.user_attributes.unwrap_or_default(),
                    validation_data: options.validation_data.unwrap_or_default(),
                    client_metadata: options.client_metadata,
                })
                .await?;
            to_js(&types::SignUpOutput {
                is_sign_up_complete: out.user_confirmed,
                user_id: out.user_sub,
                next_step: if out.user_confirmed {
                    types::SignUpNextStep::Done
                } else {
                    types::SignUpNextStep::ConfirmSignUp {
                        code_delivery_details: out.code_delivery_details.unwrap_or_default().into(),
                    }
                },
            })
        })
    }

    /// Confirms a registration with the code the user received (`ConfirmSignUp`).
    #[wasm_bindgen(js_name = confirmSignUp, unchecked_return_type = "Promise<ConfirmSignUpOutput>")]
    pub fn confirm_sign_up(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ConfirmSignUpInput")] input: JsValue,
    ) -> js_sys::Promise {
        let arg = from_js::<types::ConfirmSignUpArg>("confirmSignUp input", input);
        self.with_inner(|inner| async move {
            let arg = arg?;
            let options = arg.options.unwrap_or_default();
            inner
                .client
                .confirm_sign_up(
                    &arg.username,
                    &arg.confirmation_code,
                    options.force_alias_creation,
                    options.client_metadata.as_ref(),
                )
                .await?;
            to_js(&types::SignUpOutput {
                is_sign_up_complete: true,
                user_id: String::new(),
                next_step: types::SignUpNextStep::Done,
            })
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
        let arg = from_js::<types::ResendArg>("resendSignUpCode input", input);
        self.with_inner(|inner| async move {
            let arg = arg?;
            let options = arg.options.unwrap_or_default();
            let details = inner
                .client
                .resend_sign_up_code(&arg.username, options.client_metadata.as_ref())
                .await?;
            to_js(&types::Delivery::from(details))
        })
    }

    /// Signs a user in: SRP (`USER_SRP_AUTH`) unless `options.authFlowType` says otherwise.
    #[wasm_bindgen(js_name = signIn, unchecked_return_type = "Promise<SignInOutput>")]
    pub fn sign_in(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignInInput")] input: JsValue,
    ) -> js_sys::Promise {
        let arg = from_js::<types::SignInArg>("signIn input", input);
        self.with_inner(|inner| async move {
            let arg = arg?;
            if inner.state.borrow().tokens.is_some() {
                return Err(Error::AlreadySignedIn);
            }
            let options = arg.options.unwrap_or_default();
            let flow = match options.auth_flow_type.as_deref() {
                None | Some("USER_SRP_AUTH") => AuthFlow::UserSrpAuth,
                Some("USER_PASSWORD_AUTH") => AuthFlow::UserPasswordAuth,
                Some(other) => {
                    return Err(Error::InvalidArgument(format!(
                        "authFlowType must be USER_SRP_AUTH or USER_PASSWORD_AUTH; got {other:?}"
                    )))
                }
            };
            let step = inner
                .client
                .sign_in(&SignInInput {
                    username: arg.username,
                    password: Secret::new(arg.password),
                    flow,
                    client_metadata: options.client_metadata,
                })
                .await?;
            inner.state.borrow_mut().pending = None;
            inner.finish_step(step)
        })
    }

    /// Answers the challenge a sign-in stopped at (`RespondToAuthChallenge`).
    #[wasm_bindgen(js_name = confirmSignIn, unchecked_return_type = "Promise<SignInOutput>")]
    pub fn confirm_sign_in(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ConfirmSignInInput")] input: JsValue,
    ) -> js_sys::Promise {
        let arg = from_js::<types::ConfirmSignInArg>("confirmSignIn input", input);
        self.with_inner(|inner| async move {
            let arg = arg?;
            let options = arg.options.unwrap_or_default();
            let pending = inner.state.borrow_mut().pending.take().ok_or_else(|| {
                Error::InvalidState("confirmSignIn needs a sign-in waiting for a challenge".into())
            })?;
            let answer = ChallengeAnswer {
                answer: Secret::new(arg.challenge_response),
                user_attributes: options.user_attributes.unwrap_or_default(),
                client_metadata: options.client_metadata,
            };
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
        self.with_inner(|inner| async move { inner.session() })
    }

    /// The signed-in user: `{ username, userId }`. Throws `UserUnAuthenticatedException` when
    /// nobody is signed in.
    #[wasm_bindgen(js_name = getCurrentUser, unchecked_return_type = "Promise<AuthUser>")]
    pub fn get_current_user(&self) -> js_sys::Promise {
        self.with_inner(|inner| async move { inner.current_user() })
    }

    /// Forgets the tokens held by this instance.
    #[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<void>")]
    pub fn sign_out(&self) -> js_sys::Promise {
        self.with_inner(|inner| async move {
            let mut state = inner.state.borrow_mut();
            state.tokens = None;
            state.pending = None;
            Ok(JsValue::UNDEFINED)
        })
    }
}

impl Inner {
    fn finish_step(&self, step: SignInStep) -> Result<JsValue> {
        let mut state = self.state.borrow_mut();
        match step {
            SignInStep::Done(tokens) => {
                state.tokens = Some(tokens);
                to_js(&types::SignInOutput {
                    is_signed_in: true,
                    next_step: types::SignInNextStep::Done,
                })
            }
            SignInStep::Challenge(pending) => {
                let next = next_step_for_js(pending.next_step());
                state.pending = Some(pending);
                to_js(&types::SignInOutput {
                    is_signed_in: false,
                    next_step: next,
                })
            }
        }
    }

    fn session(&self) -> Result<JsValue> {
        let state = self.state.borrow();
        let out = js_sys::Object::new();
        if let Some(tokens) = &state.tokens {
            let id = tokens.id_token.expose();
            let access = tokens.access_token.expose();
            let id_claims = claims(id)?;
            let t = js_sys::Object::new();
            set(&t, "idToken", &jwt(id, to_js(&id_claims)?));
            set(&t, "accessToken", &jwt(access, to_js(&claims(access)?)?));
            if let Some(refresh) = &tokens.refresh_token {
                set(&t, "refreshToken", &refresh.expose().into());
            }
            set(&out, "tokens", &t);
            if let Some(sub) = id_claims.get("sub").and_then(|s| s.as_str()) {
                set(&out, "userSub", &sub.into());
            }
        }
        Ok(out.into())
    }

    fn current_user(&self) -> Result<JsValue> {
        let state = self.state.borrow();
        let tokens = state.tokens.as_ref().ok_or(Error::NotSignedIn)?;
        let access = claims(tokens.access_token.expose())?;
        let claim = |name: &str| {
            access
                .get(name)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
                .ok_or_else(|| Error::malformed(format!("access token has no {name} claim")))
        };
        to_js(&types::AuthUser {
            username: claim("username")?,
            user_id: claim("sub")?,
        })
    }
}

fn set(target: &js_sys::Object, key: &str, value: &JsValue) {
    // Defining a property on a plain object we just created cannot fail.
    let _ = js_sys::Reflect::set(target, &key.into(), value);
}

fn next_step_for_js(step: &NextStep) -> types::SignInNextStep {
    use types::SignInNextStep as S;
    match step {
        NextStep::NewPasswordRequired { missing_attributes } => S::NewPasswordRequired {
            missing_attributes: missing_attributes.clone(),
        },
        NextStep::SmsCode { delivery } => S::SmsCode {
            code_delivery_details: delivery.clone().into(),
        },
        NextStep::EmailCode { delivery } => S::EmailCode {
            code_delivery_details: delivery.clone().into(),
        },
        NextStep::TotpCode => S::TotpCode,
        NextStep::MfaSelection { allowed } => S::MfaSelection {
            allowed_mfa_types: allowed.clone(),
        },
        NextStep::CustomChallenge { parameters } => S::CustomChallenge {
            additional_info: parameters.clone(),
        },
    }
}

impl From<CodeDeliveryDetails> for types::Delivery {
    fn from(d: CodeDeliveryDetails) -> Self {
        Self {
            destination: d.destination,
            delivery_medium: d.delivery_medium,
            attribute_name: d.attribute_name,
        }
    }
}
