// The flow every fixture app runs: sign up a fresh user against the rig, confirm with the code the
// rig sent, sign in with SRP, read the session. The app hands in the CognitoAuth it imported, the
// way that app's bundler (or none) resolved 'cognito-auth-wasm'. The page's query string carries
// `rig` (the endpoint), `userPoolId` and `clientId`; the result lands in #status[data-result].

export async function run(CognitoAuth, app) {
  const status = document.getElementById('status');
  const query = new URLSearchParams(location.search);
  const rig = query.get('rig');
  const userPoolId = query.get('userPoolId');
  const step = (text) => { status.textContent = text; };
  try {
    const auth = new CognitoAuth({ userPoolId, userPoolClientId: query.get('clientId'), endpoint: rig });
    const username = `e2e-${app}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const password = 'E2e-passw0rd';

    step('signUp');
    const signedUp = await auth.signUp({
      username, password, options: { userAttributes: { email: `${username}@example.com` } },
    });
    if (signedUp.nextStep.signUpStep !== 'CONFIRM_SIGN_UP') throw new Error(`signUp: ${signedUp.nextStep.signUpStep}`);

    step('confirmSignUp');
    const reply = await fetch(`${rig}/rig/code?${new URLSearchParams({ userPoolId, username })}`);
    if (!reply.ok) throw new Error(`rig/code: HTTP ${reply.status}`);
    const { code } = await reply.json();
    await auth.confirmSignUp({ username, confirmationCode: code });

    step('signIn');
    const signedIn = await auth.signIn({ username, password });
    if (!signedIn.isSignedIn) throw new Error(`signIn: ${signedIn.nextStep.signInStep}`);

    step('fetchAuthSession');
    const { tokens, userSub } = await auth.fetchAuthSession();
    if (!tokens || tokens.accessToken.payload.username !== username || userSub !== signedUp.userId) {
      throw new Error('fetchAuthSession: not the user who signed in');
    }
    if (app === 'vite-core') {
      // The core entry has no hosted UI or identity pools: their options are refused by name.
      step('core options');
      for (const extra of [{ oauth: {} }, { identityPoolId: 'us-east-1:x' }]) {
        let error;
        try { new CognitoAuth({ userPoolId, userPoolClientId: query.get('clientId'), endpoint: rig, ...extra }); } catch (e) { error = e; }
        if (error?.name !== 'InvalidArgumentError' || !error.message.includes("'cognito-auth-wasm/core'")) {
          throw new Error(`${Object.keys(extra)[0]} in the core entry: ${error ? `${error.name}: ${error.message}` : 'taken'}`);
        }
      }
    }
    status.textContent = `signed in as ${username} (sub ${userSub})`;
    status.dataset.result = 'ok';
  } catch (e) {
    status.textContent = `${e && e.name}: ${e && e.message} (at ${status.textContent})`;
    status.dataset.result = 'error';
  }
}
