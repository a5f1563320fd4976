// Misuses the type declarations must reject. Each sits on the line after a `@ts-expect-error`, so
// `tsc --noEmit --strict` on this file fails if any of them compiles (an unused directive is an error).

import init, { CognitoAuth, type SignInOutput } from 'cognito-auth-wasm';
import manualInit, { initSync } from 'cognito-auth-wasm/manual';
import { CognitoAuth as CoreAuth } from 'cognito-auth-wasm/core';
// @ts-expect-error the main entry loads the wasm itself: no initSync there
import { initSync as notExported } from 'cognito-auth-wasm';

// @ts-expect-error the config is required
new CognitoAuth();
// @ts-expect-error Amplify v5 names (`region`, `userPoolWebClientId`) are not ours
new CognitoAuth({ userPoolId: 'us-east-1_x', userPoolWebClientId: 'c' });
// @ts-expect-error a misspelt option
const auth = new CognitoAuth({ userPoolId: 'us-east-1_x', userPoolClientId: 'c', endPoint: 'http://127.0.0.1' });

export async function misuse(result: SignInOutput): Promise<void> {
  // @ts-expect-error the username is required
  await auth.signIn({ password: 'Secret-1' });
  // @ts-expect-error a password is a string, not a number
  await auth.signIn({ username: 'alice', password: 12345678 });
  // @ts-expect-error the argument names are Amplify's: username, not user
  await auth.signIn({ user: 'alice', password: 'Secret-1' });
  // @ts-expect-error positional arguments are not the API
  await auth.signIn('alice', 'Secret-1');
  // @ts-expect-error not an auth flow this SDK offers
  await auth.signIn({ username: 'alice', password: 'Secret-1', options: { authFlowType: 'CUSTOM_AUTH' } });
  // @ts-expect-error attribute values are strings
  await auth.signUp({ username: 'alice', password: 'Secret-1', options: { userAttributes: { age: 30 } } });
  // @ts-expect-error the code is confirmationCode
  await auth.confirmSignUp({ username: 'alice', code: '123456' });
  // @ts-expect-error a challenge answer is a string
  await auth.confirmSignIn({ challengeResponse: 123456 });
  // @ts-expect-error resendSignUpCode needs the username
  await auth.resendSignUpCode({});
  // @ts-expect-error global is a boolean
  await auth.signOut({ global: 'yes' });
  // @ts-expect-error no such method
  await auth.currentSession();
  // @ts-expect-error a password is required unless the flow is CUSTOM_WITHOUT_SRP
  await auth.signIn({ username: 'alice' });
  // @ts-expect-error not an MFA preference
  await auth.updateMFAPreference({ totp: 'ON' });
  // @ts-expect-error deleteUserAttributes needs at least one name
  await auth.deleteUserAttributes({ userAttributeKeys: [] });
  // @ts-expect-error updateUserAttribute takes { attributeKey, value }
  await auth.updateUserAttribute({ userAttribute: { email: 'a@example.com' } });

  switch (result.nextStep.signInStep) {
    case 'DONE':
      break;
    // @ts-expect-error not a sign-in step
    case 'CONFIRM_SIGN_IN_WITH_PASSWORD':
      break;
  }
  // @ts-expect-error missingAttributes exists only on the NEW_PASSWORD_REQUIRED step: narrow first
  console.log(result.nextStep.missingAttributes);
  // @ts-expect-error isSignedIn is a boolean
  const signedIn: string = result.isSignedIn;

  const session = await auth.fetchAuthSession();
  // @ts-expect-error tokens is undefined when nobody is signed in
  console.log(session.tokens.idToken);
  // @ts-expect-error a claim is unknown until checked
  console.log(session.tokens?.idToken.payload['email'].toUpperCase());
  // @ts-expect-error a token is not a string; String(token) is
  const raw: string = session.tokens?.accessToken ?? '';
  const user = await auth.getCurrentUser();
  // @ts-expect-error the user's id is userId (Amplify v6), not sub
  console.log(user.sub);

  // @ts-expect-error the main entry's init takes no module or URL: use cognito-auth-wasm/manual
  await init('/cognito_auth_wasm_bg.wasm');
  // @ts-expect-error manual init takes { module_or_path }
  await manualInit('/cognito_auth_wasm_bg.wasm');
  // @ts-expect-error initSync takes { module }
  initSync(new ArrayBuffer(8));
  const core = new CoreAuth({ userPoolId: 'us-east-1_x', userPoolClientId: 'c' });
  // @ts-expect-error the core entry has no hosted UI
  await core.signInWithRedirect();
  // @ts-expect-error the core entry has no account operations
  await core.fetchUserAttributes();
  console.log(notExported, signedIn, raw);
}
