//! Reply bodies of the user pool JSON protocol (`application/x-amz-json-1.1`), field names as in
//! the Amazon Cognito user pools API reference. Requests are built with [`crate::json::Body`].

use std::collections::BTreeMap;

use miniserde::Deserialize;

pub type StringMap = BTreeMap<String, String>;

#[derive(Debug, Deserialize, Clone, PartialEq, Eq, Default)]
pub struct CodeDeliveryDetails {
    #[serde(rename = "Destination")]
    pub destination: Option<String>,
    #[serde(rename = "DeliveryMedium")]
    pub delivery_medium: Option<String>,
    #[serde(rename = "AttributeName")]
    pub attribute_name: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct SignUpResponse {
    #[serde(rename = "UserConfirmed")]
    pub user_confirmed: bool,
    #[serde(rename = "UserSub")]
    pub user_sub: String,
    #[serde(rename = "CodeDeliveryDetails")]
    pub code_delivery_details: Option<CodeDeliveryDetails>,
}

/// Replies whose content the SDK does not need (but which must still be a JSON object).
#[derive(Debug, Deserialize)]
pub struct Empty {}

#[derive(Debug, Deserialize)]
pub struct ResendConfirmationCodeResponse {
    #[serde(rename = "CodeDeliveryDetails")]
    pub code_delivery_details: Option<CodeDeliveryDetails>,
}

/// The reply of `InitiateAuth` and `RespondToAuthChallenge`.
#[derive(Deserialize)]
pub struct AuthResponse {
    #[serde(rename = "ChallengeName")]
    pub challenge_name: Option<String>,
    #[serde(rename = "Session")]
    pub session: Option<String>,
    #[serde(rename = "ChallengeParameters")]
    pub challenge_parameters: Option<StringMap>,
    #[serde(rename = "AuthenticationResult")]
    pub authentication_result: Option<AuthenticationResult>,
}

#[derive(Deserialize)]
pub struct AuthenticationResult {
    #[serde(rename = "AccessToken")]
    pub access_token: Option<String>,
    #[serde(rename = "IdToken")]
    pub id_token: Option<String>,
    #[serde(rename = "RefreshToken")]
    pub refresh_token: Option<String>,
    #[serde(rename = "ExpiresIn")]
    pub expires_in: Option<u64>,
}

/// An error reply: `__type` (or `code`) and `message` (or `Message`).
#[derive(Deserialize)]
pub struct ErrorBody {
    #[serde(rename = "__type")]
    pub kind: Option<String>,
    pub code: Option<String>,
    pub message: Option<String>,
    #[serde(rename = "Message")]
    pub message_upper: Option<String>,
}
