// An app that calls AWS with one auth package: it signs in with cognito-auth-wasm, and the AWS SDK
// v3's STS client signs GetCallerIdentity with `credentials: auth.credentialsProvider()` (the
// identity pool's credentials for the signed-in user). The query string carries the rig's
// endpoints, the pools and a confirmed user (tests/e2e/run.mjs); the result lands in
// #status[data-result], the caller's ARN in #status[data-arn].

import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CognitoAuth } from 'cognito-auth-wasm';

async function main() {
  const status = document.getElementById('status');
  const query = new URLSearchParams(location.search);
  const step = (text) => { status.textContent = text; };
  try {
    const auth = new CognitoAuth({
      userPoolId: query.get('userPoolId'),
      userPoolClientId: query.get('clientId'),
      endpoint: query.get('rig'),
      identityPoolId: query.get('identityPoolId'),
      identityEndpoint: query.get('identityEndpoint'),
    });

    step('signIn');
    const username = query.get('username');
    const signedIn = await auth.signIn({ username, password: query.get('password') });
    if (!signedIn.isSignedIn) throw new Error(`signIn: ${signedIn.nextStep.signInStep}`);

    step('fetchAuthSession');
    const { identityId, credentials } = await auth.fetchAuthSession();
    if (!identityId || !credentials?.accessKeyId) throw new Error('fetchAuthSession: no identity-pool credentials');

    step('GetCallerIdentity');
    const sts = new STSClient({
      region: query.get('region'), endpoint: query.get('awsEndpoint'), credentials: auth.credentialsProvider(),
    });
    const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
    status.dataset.arn = Arn;
    status.textContent = `signed in as ${username}, identity ${identityId}; STS: ${Arn}`;
    status.dataset.result = 'ok';
  } catch (e) {
    status.textContent = `${e && e.name}: ${e && e.message} (at ${status.textContent})`;
    status.dataset.result = 'error';
  }
}

main();
