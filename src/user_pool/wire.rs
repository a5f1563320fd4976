//! Reply bodies of the user pool JSON protocol (`application/x-amz-json-1.1`), field names as in
//! the Amazon Cognito user pools API reference. Requests are built with [`crate::json::Body`].

pub use crate::json::StringMap;
use crate::json::{Body, Invalid, Json, Object};
use crate::secret::Secret;

/// Cognito's MFA type names and Amplify's (`SMS_MFA` is `SMS`, …).
const MFA_NAMES: [(&str, &str); 3] = [
    ("SMS_MFA", "SMS"),
    ("SOFTWARE_TOKEN_MFA", "TOTP"),
    ("EMAIL_OTP", "EMAIL"),
];

/// Amplify's name of a Cognito MFA type (`getMFAType`); `None` for a name it does not know.
pub fn mfa_type(cognito: &str) -> Option<&'static str> {
    MFA_NAMES
        .iter()
        .find(|(c, _)| *c == cognito)
        .map(|(_, a)| *a)
}

/// Cognito's name of an Amplify MFA type (`SMS`, `TOTP`, `EMAIL`).
pub fn cognito_mfa_type(amplify: &str) -> Option<&'static str> {
    MFA_NAMES
        .iter()
        .find(|(_, a)| *a == amplify)
        .map(|(c, _)| *c)
}

/// Amplify's names of a list of Cognito MFA types, unknown ones left out (`getMFATypes`).
pub fn mfa_types<'a>(cognito: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    cognito
        .into_iter()
        .filter_map(mfa_type)
        .map(str::to_owned)
        .collect()
}

/// The strings of a JSON array; any other item is an error.
pub fn strings(items: &[Json]) -> Result<Vec<&str>, Invalid> {
    items.iter().map(|i| i.as_str().ok_or("")).collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CodeDeliveryDetails {
    pub destination: Option<String>,
    pub delivery_medium: Option<String>,
    pub attribute_name: Option<String>,
}

impl CodeDeliveryDetails {
    /// `CodeDeliveryDetails` of a reply, if present.
    pub fn read(reply: &Object<'_>) -> Result<Option<Self>, Invalid> {
        reply
            .object("CodeDeliveryDetails")?
            .map(|d| Self::of(&d))
            .transpose()
    }

    /// A `CodeDeliveryDetailsType` object.
    pub fn of(d: &Object<'_>) -> Result<Self, Invalid> {
        Ok(Self {
            destination: d.string("Destination")?,
            delivery_medium: d.string("DeliveryMedium")?,
            attribute_name: d.string("AttributeName")?,
        })
    }

    /// Amplify's `codeDeliveryDetails`: `{ destination?, deliveryMedium?, attributeName? }`.
    pub fn to_json(&self) -> Body {
        Body::new()
            .opt_str("destination", self.destination.as_deref())
            .opt_str("deliveryMedium", self.delivery_medium.as_deref())
            .opt_str("attributeName", self.attribute_name.as_deref())
    }
}

/// The reply of `InitiateAuth` and `RespondToAuthChallenge`.
pub struct AuthResponse {
    pub challenge_name: Option<String>,
    pub session: Option<Secret<String>>,
    pub challenge_parameters: Option<StringMap>,
    pub authentication_result: Option<AuthenticationResult>,
}

pub struct AuthenticationResult {
    pub access_token: Option<Secret<String>>,
    pub id_token: Option<Secret<String>>,
    pub refresh_token: Option<Secret<String>>,
    pub expires_in: Option<u64>,
}

impl AuthResponse {
    pub fn read(reply: &Object<'_>) -> Result<Self, Invalid> {
        Ok(Self {
            challenge_name: reply.string("ChallengeName")?,
            session: reply.secret("Session")?,
            challenge_parameters: reply.map("ChallengeParameters")?,
            authentication_result: reply
                .object("AuthenticationResult")?
                .map(|r| AuthenticationResult::read(&r))
                .transpose()?,
        })
    }
}

impl AuthenticationResult {
    pub fn read(result: &Object<'_>) -> Result<Self, Invalid> {
        Ok(Self {
            access_token: result.secret("AccessToken")?,
            id_token: result.secret("IdToken")?,
            refresh_token: result.secret("RefreshToken")?,
            expires_in: result.u64("ExpiresIn")?,
        })
    }
}
