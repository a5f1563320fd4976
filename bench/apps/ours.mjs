// The smallest sign-in app with cognito-auth-wasm: sign in, read the session, sign out. It
// imports the core entry (sign-up, sign-in, sessions), as an app that needs no more would.
// Importing the package loads the wasm (top-level await in its entry module).
// bench/run.mjs resolves 'cognito-auth-wasm/core' to a snapshot of pkg/core/, measures the bundle
// (JS + .wasm) and drives it in Chromium.
import { CognitoAuth } from 'cognito-auth-wasm/core';

/** config: { userPoolId, userPoolClientId, endpoint } */
export async function createClient(config) {
  const auth = new CognitoAuth(config);
  return {
    signIn: (username, password) => auth.signIn({ username, password }),
    fetchSession: () => auth.fetchAuthSession(),
    signOut: () => auth.signOut(),
  };
}
