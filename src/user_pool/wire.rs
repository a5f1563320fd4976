//! Reply bodies of the user pool JSON protocol (`application/x-amz-json-1.1`), field names as in
//! the Amazon Cognito user pools API reference. Requests are built with [`crate::json::Body`].

pub use crate::json::StringMap;
use crate::json::{Invalid, Object};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CodeDeliveryDetails {
    pub destination: Option<String>,
    pub delivery_medium: Option<String>,
    pub attribute_name: Option<String>,
}

impl CodeDeliveryDetails {
    /// `CodeDeliveryDetails` of a reply, if present.
    pub fn read(reply: &Object<'_>) -> Result<Option<Self>, Invalid> {
        let Some(d) = reply.object("CodeDeliveryDetails")? else {
            return Ok(None);
        };
        Ok(Some(Self {
            destination: d.string("Destination")?,
            delivery_medium: d.string("DeliveryMedium")?,
            attribute_name: d.string("AttributeName")?,
        }))
    }
}

/// The reply of `InitiateAuth` and `RespondToAuthChallenge`.
pub struct AuthResponse {
    pub challenge_name: Option<String>,
    pub session: Option<String>,
    pub challenge_parameters: Option<StringMap>,
    pub authentication_result: Option<AuthenticationResult>,
}

pub struct AuthenticationResult {
    pub access_token: Option<String>,
    pub id_token: Option<String>,
    pub refresh_token: Option<String>,
    pub expires_in: Option<u64>,
}

impl AuthResponse {
    pub fn read(reply: &Object<'_>) -> Result<Self, Invalid> {
        Ok(Self {
            challenge_name: reply.string("ChallengeName")?,
            session: reply.string("Session")?,
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
            access_token: result.string("AccessToken")?,
            id_token: result.string("IdToken")?,
            refresh_token: result.string("RefreshToken")?,
            expires_in: result.u64("ExpiresIn")?,
        })
    }
}
