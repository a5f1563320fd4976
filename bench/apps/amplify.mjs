// The smallest sign-in app with aws-amplify v6: configure, sign in (SRP), read the session, sign out.
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';

/** config: { userPoolId, userPoolClientId, endpoint } */
export async function createClient(config) {
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: config.userPoolId,
        userPoolClientId: config.userPoolClientId,
        userPoolEndpoint: config.endpoint,
      },
    },
  });
  return {
    signIn: (username, password) => signIn({ username, password }),
    fetchSession: () => fetchAuthSession(),
    signOut: () => signOut(),
  };
}
