// The smallest sign-in app with cognito-auth-wasm: sign in, read the session, sign out.
// Importing the package loads the wasm (top-level await in its entry module).
// bench/run.mjs resolves 'cognito-auth-wasm' to a snapshot of pkg/, measures the bundle (JS + .wasm)
// and drives it in Chromium.
import { CognitoAuth } from 'cognito-auth-wasm';

/** config: { userPoolId, userPoolClientId, endpoint } */
export async function createClient(config) {
  const auth = new CognitoAuth(config);
  return {
    signIn: (username, password) => auth.signIn({ username, password }),
    fetchSession: () => auth.fetchAuthSession(),
    signOut: () => auth.signOut(),
  };
}
