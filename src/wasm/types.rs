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
