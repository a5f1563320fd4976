// The smallest sign-in app with amazon-cognito-identity-js: sign in (SRP), read the session, sign out.
import './global-shim.mjs';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';

/** config: { userPoolId, userPoolClientId, endpoint } */
export async function createClient(config) {
  const pool = new CognitoUserPool({
    UserPoolId: config.userPoolId,
    ClientId: config.userPoolClientId,
    endpoint: config.endpoint,
  });
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
    fetchSession: () =>
      new Promise((resolve, reject) => {
        const current = pool.getCurrentUser();
        if (!current) return resolve({});
        current.getSession((err, session) => (err ? reject(err) : resolve({
          tokens: {
            idToken: session.getIdToken().getJwtToken(),
            accessToken: session.getAccessToken().getJwtToken(),
          },
          userSub: session.getIdToken().decodePayload().sub,
        })));
      }),
    // Local sign-out (clears the cached tokens), like ours; with a callback ACI would also revoke.
    signOut: async () => { user?.signOut(); },
  };
}
