// Types of the package entry. Importing it loads the wasm; no init() call is needed.
// Every type the Rust side declares (src/wasm/types.rs) is re-exported here by name: the type
// tests (tests/types/check.mjs) fail when one is missing or when the public surface shows `any`.

export { CognitoAuth } from './cognito_auth_wasm.js';
export { CookieStorage, type CookieStorageOptions } from './cookie-storage.js';
export type {
  AuthFlowType,
  AuthHubEvent,
  AuthSession,
  AuthTokens,
  AuthUser,
  AWSCredentials,
  CodeDeliveryDetails,
  CognitoAuthConfig,
  ConfirmResetPasswordInput,
  ConfirmSignInInput,
  ConfirmSignUpInput,
  ConfirmSignUpOutput,
  ConfirmUserAttributeInput,
  DeleteUserAttributesInput,
  FetchAuthSessionOptions,
  FetchMFAPreferenceOutput,
  FetchUserAttributesOutput,
  HandleRedirectOutput,
  JWT,
  KeyValueStorage,
  MFAPreference,
  MFAType,
  OAuthConfig,
  ResendSignUpCodeInput,
  ResetPasswordInput,
  ResetPasswordOutput,
  SendUserAttributeVerificationCodeInput,
  SignInDetails,
  SignInInput,
  SignInNextStep,
  SignInOptions,
  SignInOutput,
  SignInWithRedirectInput,
  SignOutInput,
  SignOutOutput,
  SignUpInput,
  SignUpNextStep,
  SignUpOutput,
  StringMap,
  TOTPSetupDetails,
  UpdateMFAPreferenceInput,
  UpdatePasswordInput,
  UpdateUserAttributeInput,
  UpdateUserAttributeOutput,
  UpdateUserAttributesInput,
  UpdateUserAttributesOutput,
  VerifyTOTPSetupInput,
} from './cognito_auth_wasm.js';

/**
 * Kept for code written against 0.1 (`await init()`): importing the package already loaded the
 * wasm, so this resolves at once. To load the wasm from your own URL or module, import from
 * `cognito-auth-wasm/manual`.
 */
export default function init(): Promise<void>;

import type { AWSCredentials } from './cognito_auth_wasm.js';

declare module './cognito_auth_wasm.js' {
  interface CognitoAuth {
    /**
     * What the AWS SDK for JavaScript v3 takes as `credentials`: each call resolves to the current
     * user's (or guest's) credentials from `fetchAuthSession()`, fetched again ahead of expiry;
     * rejects with `CredentialsUnavailableError` when there are none to give.
     */
    credentialsProvider(): () => Promise<AWSCredentials>;
  }
}
