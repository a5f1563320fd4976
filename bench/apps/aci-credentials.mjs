// The auth stack of an app that calls AWS with amazon-cognito-identity-js: it signs in; the AWS SDK
// v3's fromCognitoIdentityPool, with a CognitoIdentityClient, turns the ID token into
// identity-pool credentials. aci-sts.mjs adds the AWS SDK v3 client that uses them.

import './global-shim.mjs';
import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-provider-cognito-identity';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';

/** config: { userPoolId, userPoolClientId, endpoint, region, identityPoolId, identityEndpoint, awsEndpoint } */
export async function createClient(config) {
  const pool = new CognitoUserPool({
    UserPoolId: config.userPoolId,
    ClientId: config.userPoolClientId,
    endpoint: config.endpoint,
  });
  const idToken = () => new Promise((resolve, reject) => {
    const user = pool.getCurrentUser();
    if (!user) return reject(new Error('not signed in'));
    user.getSession((err, session) => (err ? reject(err) : resolve(session.getIdToken().getJwtToken())));
  });
  const region = config.userPoolId.split('_')[0];
  let user = null;
  return {
    signIn: (username, password) =>
      new Promise((resolve, reject) => {
        user = new CognitoUser({ Username: username, Pool: pool });
        user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
          onSuccess: () => resolve({ isSignedIn: true }),
          onFailure: reject,
          newPasswordRequired: () => reject(new Error('unexpected NEW_PASSWORD_REQUIRED')),
        });
      }),
    credentials: fromCognitoIdentityPool({
      client: new CognitoIdentityClient({ region: config.region, endpoint: config.identityEndpoint }),
      identityPoolId: config.identityPoolId,
      logins: { [`cognito-idp.${region}.amazonaws.com/${config.userPoolId}`]: idToken },
    }),
    signOut: async () => { user?.signOut(); },
  };
}
