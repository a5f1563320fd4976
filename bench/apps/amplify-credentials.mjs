// The auth stack of an app that calls AWS, the three-package way: aws-amplify/auth signs in; the
// AWS SDK v3's fromCognitoIdentityPool, with a CognitoIdentityClient, turns the ID token into
// identity-pool credentials. amplify-sts.mjs adds the AWS SDK v3 client that uses them.

import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-provider-cognito-identity';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';

/** config: { userPoolId, userPoolClientId, endpoint, region, identityPoolId, identityEndpoint, awsEndpoint } */
export async function createClient(config) {
  // No identityPoolId here: the identity pool is the AWS SDK's job in this app.
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: config.userPoolId,
        userPoolClientId: config.userPoolClientId,
        userPoolEndpoint: config.endpoint,
      },
    },
  });
  const region = config.userPoolId.split('_')[0];
  return {
    signIn: (username, password) => signIn({ username, password }),
    credentials: fromCognitoIdentityPool({
      client: new CognitoIdentityClient({ region: config.region, endpoint: config.identityEndpoint }),
      identityPoolId: config.identityPoolId,
      logins: {
        [`cognito-idp.${region}.amazonaws.com/${config.userPoolId}`]: async () => {
          const { tokens } = await fetchAuthSession();
          if (!tokens?.idToken) throw new Error('not signed in');
          return tokens.idToken.toString();
        },
      },
    }),
    signOut: () => signOut(),
  };
}
