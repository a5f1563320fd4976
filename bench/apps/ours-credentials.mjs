// The auth stack of an app that calls AWS, with cognito-auth-wasm: sign in, and AWS credentials from
// the identity pool for the signed-in user. ours-sts.mjs adds the AWS SDK v3 client that uses them.

import { CognitoAuth } from 'cognito-auth-wasm';

/** config: { userPoolId, userPoolClientId, endpoint, region, identityPoolId, identityEndpoint, awsEndpoint } */
export async function createClient(config) {
  const auth = new CognitoAuth({
    userPoolId: config.userPoolId,
    userPoolClientId: config.userPoolClientId,
    endpoint: config.endpoint,
    identityPoolId: config.identityPoolId,
    identityEndpoint: config.identityEndpoint,
  });
  return {
    signIn: (username, password) => auth.signIn({ username, password }),
    // What an AWS SDK v3 client takes as `credentials`.
    credentials: auth.credentialsProvider(),
    signOut: () => auth.signOut(),
  };
}
