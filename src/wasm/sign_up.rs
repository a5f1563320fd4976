//! `signUp`, `confirmSignUp`, `resendSignUpCode`.

use wasm_bindgen::prelude::*;

use super::convert::{options, Args};
use super::runtime::run;
use super::{delivery, CognitoAuth};
use crate::error::Result;
use crate::json::Body;
use crate::secret::Secret;
use crate::user_pool::{Next, SignUpInput};

fn done_sign_up() -> Body {
    Body::new().str("signUpStep", "DONE")
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
        let request = read_sign_up(input).and_then(|i| inner.client.sign_up_request(&i));
        run(
            request,
            Box::new(move |reply| {
                let out = inner.client.sign_up_reply(reply)?;
                let next = if out.user_confirmed {
                    done_sign_up()
                } else {
                    Body::new().str("signUpStep", "CONFIRM_SIGN_UP").object(
                        "codeDeliveryDetails",
                        delivery(&out.code_delivery_details.unwrap_or_default()),
                    )
                };
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
        let request = (|| {
            let input = Args::new("confirmSignUp input", input)?;
            let options = options(&input)?;
            inner.client.confirm_sign_up_request(
                &input.string("username")?,
                &input.string("confirmationCode")?,
                options.opt_bool("forceAliasCreation")?,
                options.opt_map("clientMetadata")?.as_ref(),
            )
        })();
        run(
            request,
            Box::new(move |reply| {
                inner.client.confirm_sign_up_reply(reply)?;
                Ok(Next::Done(
                    Body::new()
                        .bool("isSignUpComplete", true)
                        .object("nextStep", done_sign_up()),
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
                Ok(Next::Done(delivery(
                    &inner.client.resend_sign_up_code_reply(reply)?,
                )))
            }),
        )
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
