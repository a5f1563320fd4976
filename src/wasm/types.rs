//! The TypeScript declarations of the JS arguments and results (built in `mod.rs` and read in
//! `convert.rs`). Names and shapes follow Amplify v6 (`aws-amplify/auth`).

use wasm_bindgen::prelude::*;

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
  /**
   * Bytes of the SRP secret `a`, 48 to 256 (default 48, i.e. 384 bits; amazon-cognito-identity-js
   * and Amplify draw 128). The service accepts any size.
   */
  srpSecretBytes?: number;
  /**
   * Where the session is kept: `'localStorage'` (the default), `'sessionStorage'`, `'memory'`, a
   * `CookieStorage`, or any object with `getItem`, `setItem` and `removeItem` (which may return
   * promises: the methods then wait for the first reads, see `ready`). Keys and
   * values are those of amazon-cognito-identity-js and Amplify v6.
   */
  storage?: 'localStorage' | 'sessionStorage' | 'memory' | KeyValueStorage;
  /** Every request gives up after this many milliseconds (default 30000). */
  timeoutMs?: number;
  /** The hosted UI (Cognito's managed login), for `signInWithRedirect`. */
  oauth?: OAuthConfig;
  /** An identity pool (`<region>:<uuid>`): `fetchAuthSession` then adds AWS credentials. */
  identityPoolId?: string;
  /** Credentials of the pool's unauthenticated role when nobody is signed in (default false). */
  allowGuestAccess?: boolean;
  /** Overrides `https://cognito-identity.<region>.amazonaws.com/`; `http://` only for loopback hosts. */
  identityEndpoint?: string;
  /**
   * For a signed-in user, the IAM role to ask for (`CustomRoleArn`) where the identity pool lets
   * the token choose one of several (`cognito:roles`); the pool's default otherwise.
   */
  customRoleArn?: string;
  /**
   * Other providers' tokens for the identity pool's `Logins`, asked for at each credential fetch:
   * `{ 'accounts.google.com': googleIdToken }`, a SAML or OIDC provider's ARN, or
   * `cognito-identity.amazonaws.com` for a developer-authenticated OpenID token.
   */
  identityLogins?: () => Record<string, string> | Promise<Record<string, string>>;
  /**
   * The basic (classic) flow: `GetOpenIdToken`, then STS `AssumeRoleWithWebIdentity` with this
   * role, instead of `GetCredentialsForIdentity`. `stsEndpoint` overrides `https://sts.<region>.amazonaws.com/`.
   */
  basicFlow?: { roleArn: string; stsEndpoint?: string };
}

/**
 * A storage for the session: the `Storage` interface's three methods, synchronous or answering
 * with promises (Amplify's `KeyValueStorageInterface`).
 */
export interface KeyValueStorage {
  getItem(key: string): string | null | Promise<string | null>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
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
    /**
     * Keep the username and password in memory (never in storage) so that `autoSignIn()` can
     * sign the user in once `confirmSignUp` succeeds; `true` signs in with SRP. Dropped after
     * ten minutes, or at another sign-up, sign-in or sign-out.
     */
    autoSignIn?: boolean | SignInOptions;
  };
}

export type SignUpNextStep =
  | { signUpStep: 'CONFIRM_SIGN_UP'; codeDeliveryDetails: CodeDeliveryDetails }
  /** Call `autoSignIn()`. */
  | { signUpStep: 'COMPLETE_AUTO_SIGN_IN' }
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
  /** `COMPLETE_AUTO_SIGN_IN` after a `signUp` of this user with `options.autoSignIn`. */
  nextStep: { signUpStep: 'DONE' | 'COMPLETE_AUTO_SIGN_IN' };
}

export interface ResendSignUpCodeInput {
  username: string;
  options?: { clientMetadata?: StringMap };
}

/** `CUSTOM_WITH_SRP`: the password (SRP), then the pool's custom challenges; `CUSTOM_WITHOUT_SRP`: the challenges alone. */
export type AuthFlowType = 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'CUSTOM_WITH_SRP' | 'CUSTOM_WITHOUT_SRP';

export interface SignInOptions {
  authFlowType?: AuthFlowType;
  clientMetadata?: StringMap;
}

/** A password, except with `CUSTOM_WITHOUT_SRP`, which takes none. */
export type SignInInput =
  | { username: string; password: string; options?: SignInOptions }
  | { username: string; password?: undefined; options: SignInOptions & { authFlowType: 'CUSTOM_WITHOUT_SRP' } };

export type MFAType = 'SMS' | 'TOTP' | 'EMAIL';

/** What an authenticator app needs (Amplify's `TOTPSetupDetails`). */
export interface TOTPSetupDetails {
  /** The secret, base32. */
  sharedSecret: string;
  /**
   * `otpauth://totp/<appName>:<accountName>?secret=…&issuer=<appName>` for a QR code;
   * `accountName` defaults to the username.
   */
  getSetupUri(appName: string, accountName?: string): URL;
}

export type SignInNextStep =
  | { signInStep: 'DONE' }
  | { signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED'; missingAttributes: string[] }
  | { signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE'; codeDeliveryDetails: CodeDeliveryDetails }
  | { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE'; codeDeliveryDetails: CodeDeliveryDetails }
  | { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' }
  | { signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION'; allowedMFATypes: MFAType[] }
  | { signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE'; additionalInfo: StringMap }
  /** Add `totpSetupDetails` to an authenticator app, answer with its code. */
  | { signInStep: 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP'; totpSetupDetails: TOTPSetupDetails }
  /** Answer with the email address that will get the codes. */
  | { signInStep: 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP' }
  /** Answer `TOTP` or `EMAIL`. */
  | { signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION'; allowedMFATypes: MFAType[] };

export interface SignInOutput {
  isSignedIn: boolean;
  nextStep: SignInNextStep;
}

export interface ConfirmSignInInput {
  /**
   * The new password, the code, `SMS` / `TOTP` / `EMAIL`, the email address for email MFA
   * setup, or the custom challenge answer.
   */
  challengeResponse: string;
  options?: {
    userAttributes?: StringMap;
    clientMetadata?: StringMap;
    /** The authenticator's name, when a code completes TOTP setup. */
    friendlyDeviceName?: string;
  };
}

export interface ResetPasswordInput {
  username: string;
  options?: { clientMetadata?: StringMap };
}

export interface ResetPasswordOutput {
  isPasswordReset: false;
  nextStep: { resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE'; codeDeliveryDetails: CodeDeliveryDetails };
}

export interface ConfirmResetPasswordInput {
  username: string;
  confirmationCode: string;
  newPassword: string;
  options?: { clientMetadata?: StringMap };
}

export interface UpdatePasswordInput {
  oldPassword: string;
  newPassword: string;
}

/** The user's attributes by name (`email`, `email_verified` as `'true'`, `custom:…`). */
export type FetchUserAttributesOutput = StringMap;

export interface UpdateUserAttributesInput {
  userAttributes: StringMap;
  options?: { clientMetadata?: StringMap };
}

export interface UpdateUserAttributeOutput {
  /** False while the new value waits for its code (`confirmUserAttribute`). */
  isUpdated: boolean;
  nextStep:
    | { updateAttributeStep: 'CONFIRM_ATTRIBUTE_WITH_CODE'; codeDeliveryDetails: CodeDeliveryDetails }
    | { updateAttributeStep: 'DONE' };
}

export type UpdateUserAttributesOutput = Record<string, UpdateUserAttributeOutput>;

export interface UpdateUserAttributeInput {
  userAttribute: { attributeKey: string; value: string };
  options?: { clientMetadata?: StringMap };
}

export interface SendUserAttributeVerificationCodeInput {
  userAttributeKey: string;
  options?: { clientMetadata?: StringMap };
}

export interface ConfirmUserAttributeInput {
  userAttributeKey: string;
  confirmationCode: string;
}

export interface DeleteUserAttributesInput {
  userAttributeKeys: [string, ...string[]];
}

export interface VerifyTOTPSetupInput {
  code: string;
  options?: { friendlyDeviceName?: string };
}

export type MFAPreference = 'ENABLED' | 'DISABLED' | 'PREFERRED' | 'NOT_PREFERRED';

/** A type left out is not changed. */
export interface UpdateMFAPreferenceInput {
  sms?: MFAPreference;
  totp?: MFAPreference;
  email?: MFAPreference;
}

export interface FetchMFAPreferenceOutput {
  enabled?: MFAType[];
  preferred?: MFAType;
}

/** A token and its decoded (unverified) payload; `String(jwt)` gives the token. */
export interface JWT {
  readonly payload: { [claim: string]: unknown; sub?: string; exp?: number; iat?: number };
  toString(): string;
}

/** How the current sign-in started (Amplify's `signInDetails`). */
export interface SignInDetails {
  /** What the user typed as the username. */
  loginId: string;
  authFlowType: AuthFlowType;
}

/** The tokens of the session. As in Amplify, the refresh token stays inside the SDK. */
export interface AuthTokens {
  idToken: JWT;
  accessToken: JWT;
  signInDetails?: SignInDetails;
}

export interface FetchAuthSessionOptions {
  /** Refresh the tokens even when they are not about to expire. */
  forceRefresh?: boolean;
}

export interface SignOutInput {
  /** Also sign the user out of every other device (`GlobalSignOut`). */
  global?: boolean;
}

export interface SignOutOutput {
  /** Whether the service revoked the refresh token; the local sign-out happens either way. */
  revoked: boolean;
}

/** What `listen` hands each listener; the event names are Amplify's Hub auth events. */
export type AuthHubEvent =
  | { event: 'signedIn'; data: AuthUser }
  | { event: 'signedOut'; data?: undefined }
  | { event: 'tokenRefresh'; data?: undefined }
  | { event: 'tokenRefresh_failure'; data: { error: { name: string; message: string } } }
  | { event: 'signInWithRedirect'; data?: undefined }
  | { event: 'signInWithRedirect_failure'; data: { error: { name: string; message: string } } }
  | { event: 'customOAuthState'; data: string };

/** Amplify v6's `oauth` configuration. */
export interface OAuthConfig {
  /** The hosted UI's domain, e.g. `auth.example.com` or `myapp.auth.us-east-1.amazoncognito.com`. */
  domain: string;
  scopes: string[];
  /** Where the hosted UI sends the page back; of a list, the one on the page's origin is used. */
  redirectSignIn: string | string[];
  /** Where Cognito's `/logout` sends the page after `signOut()`. */
  redirectSignOut: string | string[];
  responseType?: 'code';
  providers?: Array<'Google' | 'Facebook' | 'Amazon' | 'Apple' | { custom: string }>;
}

export interface SignInWithRedirectInput {
  provider?: 'Google' | 'Facebook' | 'Amazon' | 'Apple' | { custom: string } | { idpIdentifier: string };
  /** Comes back in `handleRedirect()`'s result and the `customOAuthState` event. */
  customState?: string;
  options?: {
    lang?: string;
    loginHint?: string;
    nonce?: string;
    prompt?: 'NONE' | 'LOGIN' | 'CONSENT' | 'SELECT_ACCOUNT';
  };
}

export interface HandleRedirectOutput {
  isSignedIn: boolean;
  customState?: string;
}

export interface AuthSession {
  tokens?: AuthTokens;
  userSub?: string;
  /** With `identityPoolId`: the identity of the user, or of the guest. */
  identityId?: string;
  /** With `identityPoolId`: what the AWS SDK for JavaScript v3 takes as `credentials`. */
  credentials?: AWSCredentials;
}

/** Temporary AWS credentials (the AWS SDK v3's `AwsCredentialIdentity`). */
export interface AWSCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export interface AuthUser {
  /** Cognito's username (a UUID in pools that sign in with an email address). */
  username: string;
  /** The user's `sub`. */
  userId: string;
  signInDetails?: SignInDetails;
}
"#;
