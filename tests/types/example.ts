// An app written against the package, as its users write one. Compiled with
// `tsc --noEmit --strict` (tsconfig.json: no skipLibCheck, so the package's .d.ts files are checked too).

import {
  CognitoAuth,
  type AuthSession,
  type FetchMFAPreferenceOutput,
  type MFAType,
  type TOTPSetupDetails,
  type UpdateUserAttributesOutput,
  type CognitoAuthConfig,
  type JWT,
  type SignInNextStep,
  type SignInOutput,
  type SignUpOutput,
} from 'cognito-auth-wasm';
import initManually, { initSync, CognitoAuth as ManualCognitoAuth, type InitOutput } from 'cognito-auth-wasm/manual';

const config: CognitoAuthConfig = { userPoolId: 'us-east-1_AbC123', userPoolClientId: '1example23456789' };
const auth = new CognitoAuth(config);

function describe(step: SignInNextStep): string {
  switch (step.signInStep) {
    case 'DONE':
      return 'signed in';
    case 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED':
      return `new password; also ${step.missingAttributes.join(', ')}`;
    case 'CONFIRM_SIGN_IN_WITH_SMS_CODE':
    case 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE':
      return `code sent to ${step.codeDeliveryDetails.destination ?? 'somewhere'}`;
    case 'CONFIRM_SIGN_IN_WITH_TOTP_CODE':
      return 'authenticator code';
    case 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION':
      return `choose one of ${step.allowedMFATypes.join(', ')}`;
    case 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE':
      return `custom: ${Object.keys(step.additionalInfo).join(', ')}`;
    case 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP':
      return step.totpSetupDetails.getSetupUri('Example').href;
    case 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP':
      return 'email address for codes';
    case 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION':
      return `set up one of ${step.allowedMFATypes.join(', ')}`;
    default: {
      const unreachable: never = step;
      return unreachable;
    }
  }
}

export async function signUpAndIn(username: string, password: string, code: string): Promise<string> {
  const up: SignUpOutput = await auth.signUp({
    username,
    password,
    options: { userAttributes: { email: `${username}@example.com` }, clientMetadata: { source: 'example' } },
  });
  if (up.nextStep.signUpStep === 'CONFIRM_SIGN_UP') {
    const where: string | undefined = up.nextStep.codeDeliveryDetails.destination;
    console.log(where);
    const confirmed = await auth.confirmSignUp({ username, confirmationCode: code });
    const complete: true = confirmed.isSignUpComplete;
    console.log(complete);
  }
  await auth.resendSignUpCode({ username }).catch((error: unknown) => console.log(error));

  let result: SignInOutput = await auth.signIn({ username, password, options: { authFlowType: 'USER_SRP_AUTH' } });
  if (result.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED') {
    const missing: string[] = result.nextStep.missingAttributes;
    result = await auth.confirmSignIn({
      challengeResponse: 'N3w-password!',
      options: { userAttributes: Object.fromEntries(missing.map((name) => [name, 'x'])) },
    });
  }
  if (!result.isSignedIn) return describe(result.nextStep);

  const session: AuthSession = await auth.fetchAuthSession();
  const idToken: JWT | undefined = session.tokens?.idToken;
  const email = idToken?.payload['email'];
  const expires: number | undefined = idToken?.payload.exp;
  const accessToken: string = String(session.tokens?.accessToken ?? '');
  const { username: who, userId } = await auth.getCurrentUser();
  await auth.signOut();
  auth.free();
  return `${who} ${userId} ${typeof email === 'string' ? email : ''} ${expires ?? 0} ${accessToken.length}`;
}

// The account: a forgotten password, attributes, TOTP and MFA preferences, auto sign-in.
export async function account(username: string, code: string): Promise<string> {
  const reset = await auth.resetPassword({ username });
  const where: string | undefined = reset.nextStep.codeDeliveryDetails.destination;
  await auth.confirmResetPassword({ username, confirmationCode: code, newPassword: 'N3w-password!' });
  await auth.signIn({ username, options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } });
  await auth.updatePassword({ oldPassword: 'N3w-password!', newPassword: 'N3wer-password!' });
  const attributes: Record<string, string> = await auth.fetchUserAttributes();
  const updated: UpdateUserAttributesOutput = await auth.updateUserAttributes({ userAttributes: { email: 'a@example.com' } });
  const one = await auth.updateUserAttribute({ userAttribute: { attributeKey: 'name', value: 'A' } });
  if (one.nextStep.updateAttributeStep === 'CONFIRM_ATTRIBUTE_WITH_CODE') console.log(one.nextStep.codeDeliveryDetails);
  await auth.sendUserAttributeVerificationCode({ userAttributeKey: 'email' });
  await auth.confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: code });
  await auth.deleteUserAttributes({ userAttributeKeys: ['name'] });
  const totp: TOTPSetupDetails = await auth.setUpTOTP();
  const uri: URL = totp.getSetupUri('Example', 'alice');
  await auth.verifyTOTPSetup({ code, options: { friendlyDeviceName: 'phone' } });
  await auth.updateMFAPreference({ totp: 'PREFERRED', sms: 'DISABLED' });
  const mfa: FetchMFAPreferenceOutput = await auth.fetchMFAPreference();
  const preferred: MFAType | undefined = mfa.preferred;
  await auth.deleteUser();
  const up = await auth.signUp({ username, password: 'Secret-1', options: { autoSignIn: true } });
  const confirmed = await auth.confirmSignUp({ username, confirmationCode: code });
  if (up.nextStep.signUpStep === 'COMPLETE_AUTO_SIGN_IN' || confirmed.nextStep.signUpStep === 'COMPLETE_AUTO_SIGN_IN') {
    const out = await auth.autoSignIn();
    console.log(out.isSignedIn);
  }
  return `${where ?? ''} ${Object.keys(attributes).length} ${Object.keys(updated).length} ${uri.href} ${preferred ?? ''}`;
}

// The manual entry: the app loads the wasm itself.
export async function loadFrom(url: URL, bytes: ArrayBuffer): Promise<CognitoAuth> {
  const output: InitOutput = await initManually({ module_or_path: url });
  const sameOutput: InitOutput = initSync({ module: bytes });
  console.log(output.memory.buffer.byteLength, sameOutput === output);
  const fromManual: CognitoAuth = new ManualCognitoAuth({ ...config, endpoint: 'http://127.0.0.1:9229' });
  return fromManual;
}

// The core entry: sign-up, sign-in and sessions in a smaller wasm.
import { CognitoAuth as CoreAuth, type AuthSession as CoreSession } from 'cognito-auth-wasm/core';

export async function withCore(username: string, password: string): Promise<string | undefined> {
  const core = new CoreAuth(config);
  const out = await core.signIn({ username, password });
  if (out.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_TOTP_CODE') await core.confirmSignIn({ challengeResponse: '123456' });
  const session: CoreSession = await core.fetchAuthSession();
  await core.signOut({ global: true });
  return session.tokens?.idToken?.payload.sub;
}
