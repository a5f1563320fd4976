//! The shapes of JS arguments and results, and their TypeScript declarations.
//!
//! Names and shapes follow Amplify v6 (`aws-amplify/auth`) so that its users feel at home.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::user_pool::StringMap;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** Configuration of one user pool app client (Amplify v6's `Auth.Cognito` names). */
export interface CognitoAuthConfig {
  /** `<region>_<id>`, e.g. `us-east-1_AbC123`. */
  userPoolId: string;
  userPoolClientId: string;
  /** Only for app clients created with a secret. Prefer public clients in a browser. */
  clientSecret?: string;
  /** Overrides `https://cognito-idp.<region>.amazonaws.com/`; `http://` only for loopback hosts. */
  endpoint?: string;
}

export type StringMap = Record<string, string>;

export interface CodeDeliveryDetails {
  destination?: string;
  deliveryMedium?: 'EMAIL' | 'SMS' | (string & {});
  attributeName?: string;
}

export interface SignUpInput {
  username: string;
  password: string;
  options?: {
    userAttributes?: StringMap;
    validationData?: StringMap;
    clientMetadata?: StringMap;
  };
}

export type SignUpNextStep =
  | { signUpStep: 'CONFIRM_SIGN_UP'; codeDeliveryDetails: CodeDeliveryDetails }
  | { signUpStep: 'DONE' };

export interface SignUpOutput {
  isSignUpComplete: boolean;
  /** The user's `sub`. */
  userId: string;
  nextStep: SignUpNextStep;
}

export interface ConfirmSignUpInput {
  username: string;
  confirmationCode: string;
  options?: { clientMetadata?: StringMap; forceAliasCreation?: boolean };
}

export interface ConfirmSignUpOutput {
  isSignUpComplete: true;
  userId: string;
  nextStep: { signUpStep: 'DONE' };
}

export interface ResendSignUpCodeInput {
  username: string;
  options?: { clientMetadata?: StringMap };
}

export type AuthFlowType = 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH';

export interface SignInInput {
  username: string;
  password: string;
  options?: { authFlowType?: AuthFlowType; clientMetadata?: StringMap };
}

export type SignInNextStep =
  | { signInStep: 'DONE' }
  | { signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED'; missingAttributes: string[] }
  | { signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE'; codeDeliveryDetails: CodeDeliveryDetails }
  | { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE'; codeDeliveryDetails: CodeDeliveryDetails }
  | { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' }
  | { signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION'; allowedMFATypes: ('SMS' | 'TOTP' | 'EMAIL')[] }
  | { signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE'; additionalInfo: StringMap };

export interface SignInOutput {
  isSignedIn: boolean;
  nextStep: SignInNextStep;
}

export interface ConfirmSignInInput {
  /** The new password, the code, `SMS` / `TOTP` / `EMAIL`, or the custom challenge answer. */
  challengeResponse: string;
  options?: { userAttributes?: StringMap; clientMetadata?: StringMap };
}

/** A token and its decoded (unverified) payload; `String(jwt)` gives the token. */
export interface JWT {
  readonly payload: { [claim: string]: unknown; sub?: string; exp?: number; iat?: number };
  toString(): string;
}

export interface AuthTokens {
  idToken: JWT;
  accessToken: JWT;
  refreshToken?: string;
}

export interface AuthSession {
  tokens?: AuthTokens;
  userSub?: string;
}

export interface AuthUser {
  username: string;
  userId: string;
}
"#;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigArg {
    pub user_pool_id: String,
    pub user_pool_client_id: String,
    #[serde(default)]
    pub client_secret: Option<String>,
    #[serde(default)]
    pub endpoint: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct SignUpOptions {
    #[serde(default)]
    pub user_attributes: Option<StringMap>,
    #[serde(default)]
    pub validation_data: Option<StringMap>,
    #[serde(default)]
    pub client_metadata: Option<StringMap>,
}

#[derive(Deserialize)]
pub struct SignUpArg {
    pub username: String,
    pub password: String,
    #[serde(default)]
    pub options: Option<SignUpOptions>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmSignUpOptions {
    #[serde(default)]
    pub client_metadata: Option<StringMap>,
    #[serde(default)]
    pub force_alias_creation: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmSignUpArg {
    pub username: String,
    pub confirmation_code: String,
    #[serde(default)]
    pub options: Option<ConfirmSignUpOptions>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct MetadataOptions {
    #[serde(default)]
    pub client_metadata: Option<StringMap>,
}

#[derive(Deserialize)]
pub struct ResendArg {
    pub username: String,
    #[serde(default)]
    pub options: Option<MetadataOptions>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct SignInOptions {
    #[serde(default)]
    pub auth_flow_type: Option<String>,
    #[serde(default)]
    pub client_metadata: Option<StringMap>,
}

#[derive(Deserialize)]
pub struct SignInArg {
    pub username: String,
    pub password: String,
    #[serde(default)]
    pub options: Option<SignInOptions>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmSignInOptions {
    #[serde(default)]
    pub user_attributes: Option<StringMap>,
    #[serde(default)]
    pub client_metadata: Option<StringMap>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmSignInArg {
    pub challenge_response: String,
    #[serde(default)]
    pub options: Option<ConfirmSignInOptions>,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_medium: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_name: Option<String>,
}

#[derive(Serialize)]
#[serde(tag = "signUpStep")]
pub enum SignUpNextStep {
    #[serde(rename = "CONFIRM_SIGN_UP", rename_all = "camelCase")]
    ConfirmSignUp { code_delivery_details: Delivery },
    #[serde(rename = "DONE")]
    Done,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignUpOutput {
    pub is_sign_up_complete: bool,
    pub user_id: String,
    pub next_step: SignUpNextStep,
}

#[derive(Serialize)]
#[serde(tag = "signInStep")]
pub enum SignInNextStep {
    #[serde(rename = "DONE")]
    Done,
    #[serde(
        rename = "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED",
        rename_all = "camelCase"
    )]
    NewPasswordRequired { missing_attributes: Vec<String> },
    #[serde(rename = "CONFIRM_SIGN_IN_WITH_SMS_CODE", rename_all = "camelCase")]
    SmsCode { code_delivery_details: Delivery },
    #[serde(rename = "CONFIRM_SIGN_IN_WITH_EMAIL_CODE", rename_all = "camelCase")]
    EmailCode { code_delivery_details: Delivery },
    #[serde(rename = "CONFIRM_SIGN_IN_WITH_TOTP_CODE")]
    TotpCode,
    #[serde(rename = "CONTINUE_SIGN_IN_WITH_MFA_SELECTION")]
    MfaSelection {
        #[serde(rename = "allowedMFATypes")]
        allowed_mfa_types: Vec<String>,
    },
    #[serde(
        rename = "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE",
        rename_all = "camelCase"
    )]
    CustomChallenge { additional_info: StringMap },
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInOutput {
    pub is_signed_in: bool,
    pub next_step: SignInNextStep,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthUser {
    pub username: String,
    pub user_id: String,
}
