//! `signUp`, `confirmSignUp`, `resendSignUpCode`, `autoSignIn`.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::convert::{options, Args};
use super::runtime::{after_ms, run};
use super::sign_in::read_flow;
use super::{BrowserClock, CognitoAuth, Inner};
use crate::error::{Error, Result};
use crate::json::Body;
use crate::platform::Clock;
use crate::secret::Secret;
use crate::user_pool::{AuthFlow, Next, SignUpInput, StringMap};

/// How long `autoSignIn` may come after `signUp` (Amplify's `AUTO_SIGN_IN_EXPIRY`).
const AUTO_SIGN_IN_MS: u64 = 10 * 60 * 1000;

/// A sign-up's auto sign-in: the username and password (a [`Secret`], in memory only, never in
/// storage) kept from `signUp` until `autoSignIn` runs, or another sign-up, sign-in or sign-out
/// happens, or ten minutes pass.
pub struct AutoSignIn {
    input: SignUpInput,
    flow: AuthFlow,
    client_metadata: Option<StringMap>,
    /// `confirmSignUp` (or the sign-up itself) confirmed the user.
    confirmed: bool,
    until_ms: u64,
}

/// The sign-in options of `options.autoSignIn`.
type AutoOptions = (AuthFlow, Option<StringMap>);

/// `options.autoSignIn`: `true` or `{ authFlowType?, clientMetadata? }`; `None` when off.
fn read_auto_sign_in(options: &Args<'_>) -> Result<Option<AutoOptions>> {
    if let Ok(Some(o)) = options.opt_object("autoSignIn") {
        return Ok(Some((read_flow(&o)?, o.opt_map("clientMetadata")?)));
    }
    Ok(options
        .opt_bool("autoSignIn")?
        .filter(|on| *on)
        .map(|_| (AuthFlow::UserSrpAuth, None)))
}

fn done_sign_up() -> Body {
    Body::new().str("signUpStep", "DONE")
}

fn auto_sign_in_step() -> Body {
    Body::new().str("signUpStep", "COMPLETE_AUTO_SIGN_IN")
}

#[wasm_bindgen]
impl CognitoAuth {
    /// Registers a user (`SignUp`).
    #[wasm_bindgen(js_name = signUp, unchecked_return_type = "Promise<SignUpOutput>")]
    pub fn sign_up(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignUpInput")] input: JsValue,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        // A new sign-up gives up the last one's auto sign-in.
        inner.state.borrow_mut().auto_sign_in = None;
        let mut kept = None;
        let request = read_sign_up(input).and_then(|(input, auto)| {
            let request = inner.client.sign_up_request(&input)?;
            kept = auto.map(|(flow, client_metadata)| AutoSignIn {
                input,
                flow,
                client_metadata,
                confirmed: false,
                until_ms: BrowserClock.now_ms().saturating_add(AUTO_SIGN_IN_MS),
            });
            Ok(request)
        });
        run(
            request,
            Box::new(move |reply| {
                let out = inner.client.sign_up_reply(reply)?;
                let auto = kept.take().map(|k| AutoSignIn {
                    confirmed: out.user_confirmed,
                    ..k
                });
                let next = match (out.user_confirmed, auto.is_some()) {
                    (true, true) => auto_sign_in_step(),
                    (true, false) => done_sign_up(),
                    (false, _) => Body::new().str("signUpStep", "CONFIRM_SIGN_UP").object(
                        "codeDeliveryDetails",
                        out.code_delivery_details.unwrap_or_default().to_json(),
                    ),
                };
                if let Some(auto) = auto {
                    inner.keep_auto_sign_in(auto);
                }
                Ok(Next::Done(
                    Body::new()
                        .bool("isSignUpComplete", out.user_confirmed)
                        .str("userId", &out.user_sub)
                        .object("nextStep", next),
                ))
            }),
        )
    }

    /// Confirms a registration with the code the user received (`ConfirmSignUp`).
    #[wasm_bindgen(js_name = confirmSignUp, unchecked_return_type = "Promise<ConfirmSignUpOutput>")]
    pub fn confirm_sign_up(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ConfirmSignUpInput")] input: JsValue,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        let mut username = String::new();
        let request = (|| {
            let input = Args::new("confirmSignUp input", input)?;
            let options = options(&input)?;
            username = input.string("username")?;
            inner.client.confirm_sign_up_request(
                &username,
                &input.string("confirmationCode")?,
                options.opt_bool("forceAliasCreation")?,
                options.opt_map("clientMetadata")?.as_ref(),
            )
        })();
        run(
            request,
            Box::new(move |reply| {
                inner.client.confirm_sign_up_reply(reply)?;
                // Amplify: the auto sign-in of the same user can now run.
                let mut state = inner.state.borrow_mut();
                let auto = state
                    .auto_sign_in
                    .as_mut()
                    .filter(|a| a.input.username == username);
                let next = match auto {
                    Some(a) => {
                        a.confirmed = true;
                        auto_sign_in_step()
                    }
                    None => done_sign_up(),
                };
                Ok(Next::Done(
                    Body::new()
                        .bool("isSignUpComplete", true)
                        .object("nextStep", next),
                ))
            }),
        )
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
        let inner = self.inner.clone();
        let request = (|| {
            let input = Args::new("resendSignUpCode input", input)?;
            inner.client.resend_sign_up_code_request(
                &input.string("username")?,
                options(&input)?.opt_map("clientMetadata")?.as_ref(),
            )
        })();
        run(
            request,
            Box::new(move |reply| {
                Ok(Next::Done(
                    inner.client.resend_sign_up_code_reply(reply)?.to_json(),
                ))
            }),
        )
    }

    /// Signs in the user that `signUp` with `options.autoSignIn` registered and `confirmSignUp`
    /// confirmed, with the password kept in memory since; the password is gone after.
    #[wasm_bindgen(js_name = autoSignIn, unchecked_return_type = "Promise<SignInOutput>")]
    pub fn auto_sign_in(&self) -> js_sys::Promise {
        let mut state = self.inner.state.borrow_mut();
        let now = BrowserClock.now_ms();
        // One called before confirmSignUp leaves the auto sign-in waiting.
        let ready = (state.auto_sign_in.as_ref()).is_some_and(|a| a.confirmed && now < a.until_ms);
        let auto = if ready {
            state.auto_sign_in.take()
        } else {
            None
        };
        drop(state);
        let input = match auto {
            Some(a) => Ok(a.input.into_sign_in(a.flow, a.client_metadata)),
            None => Err(Error::InvalidState(
                "autoSignIn needs a signUp with options.autoSignIn, confirmed by confirmSignUp \
                 within 10 minutes"
                    .into(),
            )),
        };
        self.inner.sign_in(input)
    }
}

impl Inner {
    /// Keeps a sign-up's auto sign-in, and drops it (the password with it) when its time is up
    /// unless something else did before.
    fn keep_auto_sign_in(self: &Rc<Self>, auto: AutoSignIn) {
        let until = auto.until_ms;
        self.state.borrow_mut().auto_sign_in = Some(auto);
        let weak = Rc::downgrade(self);
        let wait = until.saturating_sub(BrowserClock.now_ms());
        after_ms(wait, move || {
            if let Some(inner) = weak.upgrade() {
                let mut state = inner.state.borrow_mut();
                if state
                    .auto_sign_in
                    .as_ref()
                    .is_some_and(|a| a.until_ms == until)
                {
                    state.auto_sign_in = None;
                }
            }
        });
    }
}

fn read_sign_up(input: JsValue) -> Result<(SignUpInput, Option<AutoOptions>)> {
    let input = Args::new("signUp input", input)?;
    let options = options(&input)?;
    let sign_up = SignUpInput {
        username: input.string("username")?,
        password: Secret::new(input.string("password")?),
        user_attributes: options.opt_map("userAttributes")?.unwrap_or_default(),
        validation_data: options.opt_map("validationData")?.unwrap_or_default(),
        client_metadata: options.opt_map("clientMetadata")?,
    };
    Ok((sign_up, read_auto_sign_in(&options)?))
}
