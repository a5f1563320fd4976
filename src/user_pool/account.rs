//! The signed-in user's account and the forgotten password, as request/reply pairs in Amplify
//! v6's terms. Field names follow the Amazon Cognito user pools API reference; what the results
//! look like to JS follows Amplify v6's `apis/*.ts`.
//!
//! | Amplify v6 | operation | reply |
//! |---|---|---|
//! | `resetPassword` | `ForgotPassword` (+ `SecretHash`) | [`CodeDeliveryDetails`] |
//! | `confirmResetPassword` | `ConfirmForgotPassword` (+ `SecretHash`) | nothing |
//! | `updatePassword` | `ChangePassword` | nothing |
//! | `fetchUserAttributes`, `fetchMFAPreference` | `GetUser` | [`User`] |
//! | `updateUserAttributes` | `UpdateUserAttributes` | [`AttributeUpdate`]s |
//! | `sendUserAttributeVerificationCode` | `GetUserAttributeVerificationCode` | [`CodeDeliveryDetails`] |
//! | `confirmUserAttribute` | `VerifyUserAttribute` | nothing |
//! | `deleteUserAttributes` | `DeleteUserAttributes` | nothing |
//! | `deleteUser` | `DeleteUser` | nothing |
//! | `setUpTOTP` | `AssociateSoftwareToken` | the shared secret |
//! | `verifyTOTPSetup` | `VerifySoftwareToken` | nothing |
//! | `updateMFAPreference` | `SetUserMFAPreference` | nothing |
//!
//! Replies that carry nothing are read with [`UserPoolClient::empty_reply`].

use super::sign_in::secret_code;
use super::wire::{mfa_type, mfa_types, strings, CodeDeliveryDetails, StringMap};
use super::UserPoolClient;
use crate::aws::{misfit, read_reply, require};
use crate::error::{Error, Result};
use crate::json::{Body, Invalid};
use crate::platform::{HttpRequest, HttpResponse};
use crate::secret::Secret;

/// What `GetUser` says of the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// `fetchUserAttributes`' result: `UserAttributes` as a map (an attribute without a value is
    /// left out).
    pub attributes: StringMap,
    pub mfa: MfaSettings,
}

/// `fetchMFAPreference`'s result: `UserMFASettingList` and `PreferredMfaSetting` in Amplify's
/// names (`SMS_MFA` is `SMS`, `SOFTWARE_TOKEN_MFA` `TOTP`, `EMAIL_OTP` `EMAIL`; others left out).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MfaSettings {
    /// Absent when the service sent no list.
    pub enabled: Option<Vec<String>>,
    pub preferred: Option<String>,
}

impl MfaSettings {
    /// `{ enabled?: [...], preferred? }`
    pub fn to_json(&self) -> Body {
        let body = Body::new().opt_str("preferred", self.preferred.as_deref());
        match &self.enabled {
            Some(list) => body.strings("enabled", list),
            None => body,
        }
    }
}

/// One attribute of `updateUserAttributes`' result: updated, or waiting for the code sent
/// (`CodeDeliveryDetailsList` names it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeUpdate {
    pub name: String,
    /// `Some`: `CONFIRM_ATTRIBUTE_WITH_CODE`, `isUpdated: false`; `None`: `DONE`.
    pub delivery: Option<CodeDeliveryDetails>,
}

impl AttributeUpdate {
    /// Amplify v6's `UpdateUserAttributesOutput`:
    /// `{ [attr]: { isUpdated, nextStep: { updateAttributeStep, codeDeliveryDetails? } } }`.
    pub fn to_json(updates: &[AttributeUpdate]) -> Body {
        updates
            .iter()
            .fold(Body::new(), |body, u| body.object(&u.name, u.result_json()))
    }

    /// This attribute's `{ isUpdated, nextStep }` (Amplify v6's `UpdateUserAttributeOutput`).
    pub fn result_json(&self) -> Body {
        let step = match &self.delivery {
            Some(d) => Body::new()
                .str("updateAttributeStep", "CONFIRM_ATTRIBUTE_WITH_CODE")
                .object("codeDeliveryDetails", d.to_json()),
            None => Body::new().str("updateAttributeStep", "DONE"),
        };
        Body::new()
            .bool("isUpdated", self.delivery.is_none())
            .object("nextStep", step)
    }
}

/// An MFA type's setting in `updateMFAPreference`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MfaPreference {
    Enabled,
    Disabled,
    Preferred,
    NotPreferred,
}

/// Each preference, its name, and Amplify's `getMFASettings`: `Enabled`, `PreferredMfa`.
const PREFERENCES: [(MfaPreference, &str, bool, Option<bool>); 4] = [
    (MfaPreference::Enabled, "ENABLED", true, None),
    (MfaPreference::Disabled, "DISABLED", false, None),
    (MfaPreference::Preferred, "PREFERRED", true, Some(true)),
    (
        MfaPreference::NotPreferred,
        "NOT_PREFERRED",
        true,
        Some(false),
    ),
];

impl MfaPreference {
    pub fn from_name(name: &str) -> Option<Self> {
        PREFERENCES.iter().find(|p| p.1 == name).map(|p| p.0)
    }

    /// `{ Enabled, PreferredMfa? }`
    fn settings(self) -> Option<Body> {
        let (_, _, enabled, preferred) = PREFERENCES.into_iter().find(|p| p.0 == self)?;
        Some(
            Body::new()
                .bool("Enabled", enabled)
                .opt_bool("PreferredMfa", preferred),
        )
    }
}

/// The URI an authenticator app reads from a QR code, as Amplify v6's `getSetupUri` writes it
/// (`otpauth://totp/<appName>:<accountName>?secret=<secret>&issuer=<appName>`), nothing escaped:
/// Amplify hands the text to `new URL()`, which the facade can do too. Amplify's default
/// `accountName` is the username.
pub fn totp_setup_uri(app_name: &str, account_name: &str, shared_secret: &str) -> String {
    [
        "otpauth://totp/",
        app_name,
        ":",
        account_name,
        "?secret=",
        shared_secret,
        "&issuer=",
        app_name,
    ]
    .concat()
}

fn with_token(access_token: &str) -> Body {
    Body::new().str("AccessToken", access_token)
}

impl<T> UserPoolClient<T> {
    /// `resetPassword`: `ForgotPassword`; read the reply with
    /// [`UserPoolClient::reset_password_reply`].
    pub fn reset_password_request(
        &self,
        username: &str,
        client_metadata: Option<&StringMap>,
    ) -> Result<HttpRequest> {
        self.username_request("ForgotPassword", username, client_metadata, |b| b)
    }

    pub fn reset_password_reply(&self, reply: Result<HttpResponse>) -> Result<CodeDeliveryDetails> {
        self.delivery_reply("ForgotPassword", reply)
    }

    /// `confirmResetPassword`: `ConfirmForgotPassword`.
    pub fn confirm_reset_password_request(
        &self,
        username: &str,
        code: &str,
        new_password: &Secret<String>,
        client_metadata: Option<&StringMap>,
    ) -> Result<HttpRequest> {
        require("confirmationCode", code)?;
        require("newPassword", new_password.expose())?;
        self.username_request("ConfirmForgotPassword", username, client_metadata, |body| {
            body.str("ConfirmationCode", code)
                .str("Password", new_password.expose())
        })
    }

    /// `updatePassword`: `ChangePassword`.
    pub fn update_password_request(
        &self,
        access_token: &str,
        old_password: &Secret<String>,
        new_password: &Secret<String>,
    ) -> Result<HttpRequest> {
        require("oldPassword", old_password.expose())?;
        require("newPassword", new_password.expose())?;
        let body = with_token(access_token)
            .str("PreviousPassword", old_password.expose())
            .str("ProposedPassword", new_password.expose());
        Ok(self.request("ChangePassword", body))
    }

    /// `fetchUserAttributes` and `fetchMFAPreference`: `GetUser`.
    pub fn get_user_request(&self, access_token: &str) -> HttpRequest {
        self.request("GetUser", with_token(access_token))
    }

    pub fn get_user_reply(&self, reply: Result<HttpResponse>) -> Result<User> {
        let op = "GetUser";
        let o = read_reply(op, reply)?;
        let read = || -> Result<User, Invalid> {
            let mut attributes = StringMap::new();
            for a in o.array("UserAttributes")?.unwrap_or_default() {
                let a = a.as_object().ok_or("")?;
                if let (Some(name), Some(value)) = (a.string("Name")?, a.string("Value")?) {
                    attributes.insert(name, value);
                }
            }
            let enabled = match o.array("UserMFASettingList")? {
                Some(list) => Some(mfa_types(strings(list)?)),
                None => None,
            };
            let preferred = o.str("PreferredMfaSetting")?.and_then(mfa_type);
            Ok(User {
                attributes,
                mfa: MfaSettings {
                    enabled,
                    preferred: preferred.map(str::to_owned),
                },
            })
        };
        read().map_err(|_| misfit(op))
    }

    /// `updateUserAttributes`: `UpdateUserAttributes`.
    pub fn update_user_attributes_request(
        &self,
        access_token: &str,
        attributes: &StringMap,
        client_metadata: Option<&StringMap>,
    ) -> Result<HttpRequest> {
        if attributes.is_empty() {
            return Err(Error::invalid_argument("userAttributes is required"));
        }
        let body = with_token(access_token)
            .attributes("UserAttributes", attributes)
            .opt_map("ClientMetadata", client_metadata);
        Ok(self.request("UpdateUserAttributes", body))
    }

    /// Each attribute of `attributes` (the request's) is `DONE` unless `CodeDeliveryDetailsList`
    /// names it; one it names that was not asked for is listed too (Amplify merges the two).
    pub fn update_user_attributes_reply(
        &self,
        attributes: &StringMap,
        reply: Result<HttpResponse>,
    ) -> Result<Vec<AttributeUpdate>> {
        let op = "UpdateUserAttributes";
        let o = read_reply(op, reply)?;
        let mut updates: Vec<AttributeUpdate> = attributes
            .iter()
            .map(|(name, _)| AttributeUpdate {
                name: name.clone(),
                delivery: None,
            })
            .collect();
        let read = |updates: &mut Vec<AttributeUpdate>| -> Result<(), Invalid> {
            for d in o.array("CodeDeliveryDetailsList")?.unwrap_or_default() {
                let d = CodeDeliveryDetails::of(&d.as_object().ok_or("")?)?;
                let Some(name) = d.attribute_name.clone() else {
                    continue;
                };
                match updates.iter_mut().find(|u| u.name == name) {
                    Some(u) => u.delivery = Some(d),
                    None => updates.push(AttributeUpdate {
                        name,
                        delivery: Some(d),
                    }),
                }
            }
            Ok(())
        };
        read(&mut updates).map_err(|_| misfit(op))?;
        Ok(updates)
    }

    /// `sendUserAttributeVerificationCode`: `GetUserAttributeVerificationCode`; read the reply
    /// with [`UserPoolClient::send_user_attribute_verification_code_reply`].
    pub fn send_user_attribute_verification_code_request(
        &self,
        access_token: &str,
        attribute_name: &str,
        client_metadata: Option<&StringMap>,
    ) -> Result<HttpRequest> {
        require("userAttributeKey", attribute_name)?;
        let body = with_token(access_token)
            .str("AttributeName", attribute_name)
            .opt_map("ClientMetadata", client_metadata);
        Ok(self.request("GetUserAttributeVerificationCode", body))
    }

    pub fn send_user_attribute_verification_code_reply(
        &self,
        reply: Result<HttpResponse>,
    ) -> Result<CodeDeliveryDetails> {
        self.delivery_reply("GetUserAttributeVerificationCode", reply)
    }

    /// `confirmUserAttribute`: `VerifyUserAttribute`.
    pub fn confirm_user_attribute_request(
        &self,
        access_token: &str,
        attribute_name: &str,
        code: &str,
    ) -> Result<HttpRequest> {
        require("userAttributeKey", attribute_name)?;
        require("confirmationCode", code)?;
        let body = with_token(access_token)
            .str("AttributeName", attribute_name)
            .str("Code", code);
        Ok(self.request("VerifyUserAttribute", body))
    }

    /// `deleteUserAttributes`: `DeleteUserAttributes`.
    pub fn delete_user_attributes_request(
        &self,
        access_token: &str,
        names: &[String],
    ) -> HttpRequest {
        let body = with_token(access_token).strings("UserAttributeNames", names);
        self.request("DeleteUserAttributes", body)
    }

    /// `deleteUser`: `DeleteUser`.
    pub fn delete_user_request(&self, access_token: &str) -> HttpRequest {
        self.request("DeleteUser", with_token(access_token))
    }

    /// `setUpTOTP`: `AssociateSoftwareToken`; the reply is the shared secret (base32), for
    /// `totpSetupDetails.sharedSecret` and [`totp_setup_uri`].
    pub fn set_up_totp_request(&self, access_token: &str) -> HttpRequest {
        self.request("AssociateSoftwareToken", with_token(access_token))
    }

    pub fn set_up_totp_reply(&self, reply: Result<HttpResponse>) -> Result<Secret<String>> {
        secret_code(reply).map(|(secret, _)| secret)
    }

    /// `verifyTOTPSetup`: `VerifySoftwareToken`. Its `Status` is not read, as in Amplify: a
    /// wrong code is an error reply (`CodeMismatchException`, `EnableSoftwareTokenMFAException`).
    pub fn verify_totp_setup_request(
        &self,
        access_token: &str,
        code: &str,
        friendly_device_name: Option<&str>,
    ) -> Result<HttpRequest> {
        require("code", code)?;
        let body = with_token(access_token)
            .str("UserCode", code)
            .opt_str("FriendlyDeviceName", friendly_device_name);
        Ok(self.request("VerifySoftwareToken", body))
    }

    /// `updateMFAPreference`: `SetUserMFAPreference`, each type's setting as Amplify v6's
    /// `getMFASettings` writes it; a type left out is not changed.
    pub fn update_mfa_preference_request(
        &self,
        access_token: &str,
        sms: Option<MfaPreference>,
        totp: Option<MfaPreference>,
        email: Option<MfaPreference>,
    ) -> HttpRequest {
        let body = with_token(access_token)
            .opt_object("SMSMfaSettings", sms.and_then(MfaPreference::settings))
            .opt_object(
                "SoftwareTokenMfaSettings",
                totp.and_then(MfaPreference::settings),
            )
            .opt_object("EmailMfaSettings", email.and_then(MfaPreference::settings));
        self.request("SetUserMFAPreference", body)
    }

    /// The reply of an operation that answers nothing the caller needs (`ConfirmForgotPassword`,
    /// `ChangePassword`, `VerifyUserAttribute`, `DeleteUserAttributes`, `DeleteUser`,
    /// `VerifySoftwareToken`, `SetUserMFAPreference`): success or the service's error.
    pub fn empty_reply(&self, operation: &str, reply: Result<HttpResponse>) -> Result<()> {
        read_reply(operation, reply).map(drop)
    }

    /// A reply whose `CodeDeliveryDetails` is all that matters (empty when absent).
    pub(super) fn delivery_reply(
        &self,
        operation: &str,
        reply: Result<HttpResponse>,
    ) -> Result<CodeDeliveryDetails> {
        let o = read_reply(operation, reply)?;
        Ok(CodeDeliveryDetails::read(&o)
            .map_err(|_| misfit(operation))?
            .unwrap_or_default())
    }
}

#[cfg(test)]
#[path = "account_tests.rs"]
mod tests;
