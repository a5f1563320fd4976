//! Request and response bodies of the user pool JSON protocol (`application/x-amz-json-1.1`),
//! field names as in the Amazon Cognito user pools API reference.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub type StringMap = BTreeMap<String, String>;

#[derive(Debug, Serialize, Deserialize, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeType {
    pub name: String,
    pub value: String,
}

pub fn attributes(map: &StringMap) -> Vec<AttributeType> {
    map.iter()
        .map(|(name, value)| AttributeType {
            name: name.clone(),
            value: value.clone(),
        })
        .collect()
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignUpRequest<'a> {
    pub client_id: &'a str,
    pub username: &'a str,
    pub password: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub user_attributes: Vec<AttributeType>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub validation_data: Vec<AttributeType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<&'a StringMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<String>,
}

#[derive(Debug, Deserialize, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase")]
pub struct CodeDeliveryDetails {
    pub destination: Option<String>,
    pub delivery_medium: Option<String>,
    pub attribute_name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignUpResponse {
    pub user_confirmed: bool,
    pub user_sub: String,
    pub code_delivery_details: Option<CodeDeliveryDetails>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmSignUpRequest<'a> {
    pub client_id: &'a str,
    pub username: &'a str,
    pub confirmation_code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force_alias_creation: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<&'a StringMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<String>,
}

/// Replies whose content the SDK does not need (but which must still be a JSON object).
#[derive(Debug, Deserialize)]
pub struct Empty {}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResendConfirmationCodeRequest<'a> {
    pub client_id: &'a str,
    pub username: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<&'a StringMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResendConfirmationCodeResponse {
    pub code_delivery_details: Option<CodeDeliveryDetails>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateAuthRequest<'a> {
    pub auth_flow: &'a str,
    pub client_id: &'a str,
    pub auth_parameters: StringMap,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<&'a StringMap>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RespondToAuthChallengeRequest<'a> {
    pub challenge_name: &'a str,
    pub client_id: &'a str,
    pub challenge_responses: StringMap,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<&'a StringMap>,
}

/// The reply of `InitiateAuth` and `RespondToAuthChallenge`.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthResponse {
    pub challenge_name: Option<String>,
    pub session: Option<String>,
    #[serde(default)]
    pub challenge_parameters: StringMap,
    pub authentication_result: Option<AuthenticationResult>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticationResult {
    pub access_token: Option<String>,
    pub id_token: Option<String>,
    pub refresh_token: Option<String>,
    pub expires_in: Option<u64>,
    pub token_type: Option<String>,
}
