//! The signed-in user's account and the forgotten password (Amplify v6's names and results):
//! `resetPassword`, `confirmResetPassword`, `updatePassword`, `fetchUserAttributes`,
//! `updateUserAttributes`, `updateUserAttribute`, `sendUserAttributeVerificationCode`,
//! `confirmUserAttribute`, `deleteUserAttributes`, `deleteUser`, `setUpTOTP`, `verifyTOTPSetup`,
//! `updateMFAPreference`, `fetchMFAPreference`.
//!
//! The methods that send the access token get a fresh one: js/auth.js runs `fetchAuthSession`
//! (which refreshes tokens about to expire) before each of them.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::convert::{options, Args};
use super::runtime::run;
use super::sign_in::totp_setup_details;
use super::{CognitoAuth, Inner};
use crate::error::{Error, Result};
use crate::json::Body;
use crate::platform::{HttpRequest, HttpResponse};
use crate::secret::Secret;
use crate::user_pool::wire::strings;
use crate::user_pool::{totp_setup_uri, AttributeUpdate, MfaPreference, Next, StringMap};

/// What an operation's reply becomes in JS.
type Read = Box<dyn FnMut(&Inner, Result<HttpResponse>) -> Result<Body>>;

impl Inner {
    /// The current access token and username; `UserUnAuthenticatedException` without a session.
    fn signed_in(&self) -> Result<(String, String)> {
        let state = self.state.borrow();
        let s = state.session.as_ref().ok_or(Error::NotSignedIn)?;
        Ok((s.access_token.token().to_owned(), s.username.clone()))
    }

    /// Sends `request`, built with the access token, and reads its one reply with `read`.
    fn with_token(
        self: &Rc<Self>,
        request: impl FnOnce(&str) -> Result<HttpRequest>,
        mut read: Read,
    ) -> js_sys::Promise {
        let inner = self.clone();
        let request = self.signed_in().and_then(|(token, _)| request(&token));
        run(
            request,
            Box::new(move |reply| Ok(Next::Done(read(&inner, reply)?))),
        )
    }
}

/// A reply that carries nothing: `undefined` in JS.
fn empty(operation: &'static str) -> Read {
    Box::new(move |inner, reply| {
        inner.client.empty_reply(operation, reply)?;
        Ok(Body::new())
    })
}

fn mfa_preference(input: &Args<'_>, key: &str) -> Result<Option<MfaPreference>> {
    match input.opt_string(key)? {
        None => Ok(None),
        Some(name) => MfaPreference::from_name(&name).map(Some).ok_or_else(|| {
            Error::InvalidArgument(
                [
                    "updateMFAPreference input.",
                    key,
                    " must be ENABLED, DISABLED, PREFERRED or NOT_PREFERRED",
                ]
                .concat(),
            )
        }),
    }
}

#[wasm_bindgen]
impl CognitoAuth {
    /// Sends a code to reset a forgotten password (`ForgotPassword`).
    #[wasm_bindgen(js_name = resetPassword, unchecked_return_type = "Promise<ResetPasswordOutput>")]
    pub fn reset_password(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ResetPasswordInput")] input: JsValue,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        let request = (|| {
            let input = Args::new("resetPassword input", input)?;
            inner.client.reset_password_request(
                &input.string("username")?,
                options(&input)?.opt_map("clientMetadata")?.as_ref(),
            )
        })();
        run(
            request,
            Box::new(move |reply| {
                let d = inner.client.reset_password_reply(reply)?;
                let next = Body::new()
                    .str("resetPasswordStep", "CONFIRM_RESET_PASSWORD_WITH_CODE")
                    .object("codeDeliveryDetails", d.to_json());
                Ok(Next::Done(
                    Body::new()
                        .bool("isPasswordReset", false)
                        .object("nextStep", next),
                ))
            }),
        )
    }

    /// Sets the new password with the code `resetPassword` sent (`ConfirmForgotPassword`).
    #[wasm_bindgen(js_name = confirmResetPassword, unchecked_return_type = "Promise<void>")]
    pub fn confirm_reset_password(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ConfirmResetPasswordInput")] input: JsValue,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        let request = (|| {
            let input = Args::new("confirmResetPassword input", input)?;
            inner.client.confirm_reset_password_request(
                &input.string("username")?,
                &input.string("confirmationCode")?,
                &Secret::new(input.string("newPassword")?),
                options(&input)?.opt_map("clientMetadata")?.as_ref(),
            )
        })();
        let mut read = empty("ConfirmForgotPassword");
        run(
            request,
            Box::new(move |reply| Ok(Next::Done(read(&inner, reply)?))),
        )
    }

    /// Changes the signed-in user's password (`ChangePassword`).
    #[wasm_bindgen(js_name = updatePassword, unchecked_return_type = "Promise<void>")]
    pub fn update_password(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UpdatePasswordInput")] input: JsValue,
    ) -> js_sys::Promise {
        let input = Args::new("updatePassword input", input);
        self.inner.with_token(
            |token| {
                let input = input?;
                self.inner.client.update_password_request(
                    token,
                    &Secret::new(input.string("oldPassword")?),
                    &Secret::new(input.string("newPassword")?),
                )
            },
            empty("ChangePassword"),
        )
    }

    /// The signed-in user's attributes (`GetUser`).
    #[wasm_bindgen(
        js_name = fetchUserAttributes,
        unchecked_return_type = "Promise<FetchUserAttributesOutput>"
    )]
    pub fn fetch_user_attributes(&self) -> js_sys::Promise {
        self.inner.with_token(
            |token| Ok(self.inner.client.get_user_request(token)),
            Box::new(|inner, reply| {
                Ok(Body::of_map(
                    &inner.client.get_user_reply(reply)?.attributes,
                ))
            }),
        )
    }

    /// Changes attributes (`UpdateUserAttributes`); a changed email or phone number waits for
    /// the code sent to it (`confirmUserAttribute`).
    #[wasm_bindgen(
        js_name = updateUserAttributes,
        unchecked_return_type = "Promise<UpdateUserAttributesOutput>"
    )]
    pub fn update_user_attributes(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UpdateUserAttributesInput")] input: JsValue,
    ) -> js_sys::Promise {
        let input = Args::new("updateUserAttributes input", input).and_then(|input| {
            let attributes = input.opt_map("userAttributes")?.unwrap_or_default();
            Ok((attributes, options(&input)?.opt_map("clientMetadata")?))
        });
        self.update_attributes(input, None)
    }

    /// Changes one attribute: that attribute's `{ isUpdated, nextStep }`.
    #[wasm_bindgen(
        js_name = updateUserAttribute,
        unchecked_return_type = "Promise<UpdateUserAttributeOutput>"
    )]
    pub fn update_user_attribute(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UpdateUserAttributeInput")] input: JsValue,
    ) -> js_sys::Promise {
        let mut name = String::new();
        let input = Args::new("updateUserAttribute input", input).and_then(|input| {
            let attribute = input.opt_object("userAttribute")?.ok_or_else(|| {
                Error::invalid_argument("updateUserAttribute input.userAttribute is required")
            })?;
            name = attribute.string("attributeKey")?;
            let mut attributes = StringMap::new();
            let value = attribute.opt_string("value")?.unwrap_or_default();
            attributes.insert(name.clone(), value);
            Ok((attributes, options(&input)?.opt_map("clientMetadata")?))
        });
        self.update_attributes(input, Some(name))
    }

    /// Sends a code to verify an attribute (`GetUserAttributeVerificationCode`).
    #[wasm_bindgen(
        js_name = sendUserAttributeVerificationCode,
        unchecked_return_type = "Promise<CodeDeliveryDetails>"
    )]
    pub fn send_user_attribute_verification_code(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SendUserAttributeVerificationCodeInput")]
        input: JsValue,
    ) -> js_sys::Promise {
        let input = Args::new("sendUserAttributeVerificationCode input", input);
        self.inner.with_token(
            |token| {
                let input = input?;
                self.inner
                    .client
                    .send_user_attribute_verification_code_request(
                        token,
                        &input.string("userAttributeKey")?,
                        options(&input)?.opt_map("clientMetadata")?.as_ref(),
                    )
            },
            Box::new(|inner, reply| {
                let d = inner
                    .client
                    .send_user_attribute_verification_code_reply(reply)?;
                Ok(d.to_json())
            }),
        )
    }

    /// Verifies an attribute with the code sent to it (`VerifyUserAttribute`).
    #[wasm_bindgen(js_name = confirmUserAttribute, unchecked_return_type = "Promise<void>")]
    pub fn confirm_user_attribute(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ConfirmUserAttributeInput")] input: JsValue,
    ) -> js_sys::Promise {
        let input = Args::new("confirmUserAttribute input", input);
        self.inner.with_token(
            |token| {
                let input = input?;
                self.inner.client.confirm_user_attribute_request(
                    token,
                    &input.string("userAttributeKey")?,
                    &input.string("confirmationCode")?,
                )
            },
            empty("VerifyUserAttribute"),
        )
    }

    /// Deletes attributes (`DeleteUserAttributes`).
    #[wasm_bindgen(js_name = deleteUserAttributes, unchecked_return_type = "Promise<void>")]
    pub fn delete_user_attributes(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DeleteUserAttributesInput")] input: JsValue,
    ) -> js_sys::Promise {
        let names = Args::new("deleteUserAttributes input", input).and_then(|input| {
            let names = match input.object().array("userAttributeKeys") {
                Ok(Some(list)) => strings(list).ok().filter(|l| !l.is_empty()),
                _ => None,
            };
            names
                .map(|l| l.into_iter().map(str::to_owned).collect::<Vec<_>>())
                .ok_or_else(|| {
                    Error::invalid_argument(
                        "deleteUserAttributes input.userAttributeKeys must be a non-empty array \
                         of strings",
                    )
                })
        });
        self.inner.with_token(
            |token| {
                Ok(self
                    .inner
                    .client
                    .delete_user_attributes_request(token, &names?))
            },
            empty("DeleteUserAttributes"),
        )
    }

    /// Deletes the signed-in user (`DeleteUser`), then signs out here: storage is cleared and
    /// `signedOut` told.
    #[wasm_bindgen(js_name = deleteUser, unchecked_return_type = "Promise<void>")]
    pub fn delete_user(&self) -> js_sys::Promise {
        self.inner.with_token(
            |token| Ok(self.inner.client.delete_user_request(token)),
            Box::new(|inner, reply| {
                inner.client.empty_reply("DeleteUser", reply)?;
                inner.end_session();
                Ok(Body::new())
            }),
        )
    }

    /// Starts adding an authenticator app (`AssociateSoftwareToken`): `{ sharedSecret,
    /// getSetupUri }`; `verifyTOTPSetup` completes it.
    #[wasm_bindgen(js_name = setUpTOTP, unchecked_return_type = "Promise<TOTPSetupDetails>")]
    pub fn set_up_totp(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        let signed_in = inner.signed_in();
        let request = signed_in
            .as_ref()
            .map(|(token, _)| inner.client.set_up_totp_request(token))
            .map_err(Error::clone);
        let account = signed_in.map(|(_, username)| username).unwrap_or_default();
        run(
            request,
            Box::new(move |reply| {
                let secret = inner.client.set_up_totp_reply(reply)?;
                Ok(Next::Done(totp_setup_details(secret.expose(), &account)))
            }),
        )
    }

    /// Completes `setUpTOTP` with a code of the authenticator app (`VerifySoftwareToken`).
    #[wasm_bindgen(js_name = verifyTOTPSetup, unchecked_return_type = "Promise<void>")]
    pub fn verify_totp_setup(
        &self,
        #[wasm_bindgen(unchecked_param_type = "VerifyTOTPSetupInput")] input: JsValue,
    ) -> js_sys::Promise {
        let input = Args::new("verifyTOTPSetup input", input);
        self.inner.with_token(
            |token| {
                let input = input?;
                self.inner.client.verify_totp_setup_request(
                    token,
                    &input.string("code")?,
                    options(&input)?
                        .opt_string("friendlyDeviceName")?
                        .as_deref(),
                )
            },
            empty("VerifySoftwareToken"),
        )
    }

    /// Turns MFA types on or off, or makes one preferred (`SetUserMFAPreference`).
    #[wasm_bindgen(js_name = updateMFAPreference, unchecked_return_type = "Promise<void>")]
    pub fn update_mfa_preference(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UpdateMFAPreferenceInput")] input: JsValue,
    ) -> js_sys::Promise {
        let input = Args::new("updateMFAPreference input", input).and_then(|input| {
            Ok((
                mfa_preference(&input, "sms")?,
                mfa_preference(&input, "totp")?,
                mfa_preference(&input, "email")?,
            ))
        });
        self.inner.with_token(
            |token| {
                let (sms, totp, email) = input?;
                Ok(self
                    .inner
                    .client
                    .update_mfa_preference_request(token, sms, totp, email))
            },
            empty("SetUserMFAPreference"),
        )
    }

    /// The MFA types turned on, and the preferred one (`GetUser`).
    #[wasm_bindgen(
        js_name = fetchMFAPreference,
        unchecked_return_type = "Promise<FetchMFAPreferenceOutput>"
    )]
    pub fn fetch_mfa_preference(&self) -> js_sys::Promise {
        self.inner.with_token(
            |token| Ok(self.inner.client.get_user_request(token)),
            Box::new(|inner, reply| Ok(inner.client.get_user_reply(reply)?.mfa.to_json())),
        )
    }

    /// The `otpauth://` URI of a TOTP secret; js/auth.js wraps it as Amplify's `getSetupUri`.
    #[wasm_bindgen(js_name = totpSetupUri, skip_typescript)]
    pub fn totp_setup_uri(secret: &str, app_name: &str, account_name: &str) -> String {
        totp_setup_uri(app_name, account_name, secret)
    }
}

impl CognitoAuth {
    /// `updateUserAttributes`, or with `one` the result of that attribute alone
    /// (`updateUserAttribute`).
    fn update_attributes(
        &self,
        input: Result<(StringMap, Option<StringMap>)>,
        one: Option<String>,
    ) -> js_sys::Promise {
        let (attributes, client_metadata) = match input {
            Ok(i) => (i.0, i.1),
            Err(e) => return js_sys::Promise::reject(&e.into()),
        };
        let request = |token: &str| {
            self.inner.client.update_user_attributes_request(
                token,
                &attributes,
                client_metadata.as_ref(),
            )
        };
        let sent = attributes.clone();
        self.inner.with_token(
            request,
            Box::new(move |inner, reply| {
                let updates = inner.client.update_user_attributes_reply(&sent, reply)?;
                match &one {
                    None => Ok(AttributeUpdate::to_json(&updates)),
                    Some(name) => updates
                        .iter()
                        .find(|u| &u.name == name)
                        .map(AttributeUpdate::result_json)
                        .ok_or_else(|| Error::malformed("UpdateUserAttributes lost the attribute")),
                }
            }),
        )
    }
}
