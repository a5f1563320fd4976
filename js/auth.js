// CognitoAuth as the package exports it: each method that answers with a promise first waits
// until the stored session has been read (`ready`: at once for a synchronous storage, after its
// reads for one whose methods return promises, such as Amplify's KeyValueStorageInterface; and
// after a return from the hosted UI is completed). With an identity pool, fetchAuthSession adds
// the identity id and AWS credentials, which credentialsProvider() hands to the AWS SDK v3.
// The methods that send the access token first run the glue's fetchAuthSession, which refreshes
// tokens about to expire. A TOTP secret in a result gets Amplify's getSetupUri.
import { CognitoAuth as Core } from './cognito_auth_wasm.js';

const SYNC = new Set(['constructor', 'listen', 'free']);
const FRESH = new Set(['updatePassword', 'fetchUserAttributes', 'updateUserAttributes', 'updateUserAttribute',
  'sendUserAttributeVerificationCode', 'confirmUserAttribute', 'deleteUserAttributes', 'deleteUser', 'setUpTOTP',
  'verifyTOTPSetup', 'updateMFAPreference', 'fetchMFAPreference']);

// The glue's { sharedSecret, accountName } as Amplify's TOTPSetupDetails.
function setupDetails({ sharedSecret, accountName }) {
  return {
    sharedSecret,
    getSetupUri: (appName, account) => new URL(Core.totpSetupUri(sharedSecret, appName, account ?? accountName)),
  };
}
function signInOutput(out) {
  if (out.nextStep.totpSetupDetails) out.nextStep.totpSetupDetails = setupDetails(out.nextStep.totpSetupDetails);
  return out;
}
const nothing = () => undefined;
const RESULTS = {
  signIn: signInOutput, confirmSignIn: signInOutput, autoSignIn: signInOutput, setUpTOTP: setupDetails,
  confirmResetPassword: nothing, updatePassword: nothing, confirmUserAttribute: nothing, deleteUserAttributes: nothing,
  deleteUser: nothing, verifyTOTPSetup: nothing, updateMFAPreference: nothing,
};

export class CognitoAuth extends Core {
  #logins;

  constructor(config) {
    super(config);
    this.#logins = config && config.identityLogins;
  }

  async fetchAuthSession(options) {
    await this.ready;
    const session = await super.fetchAuthSession(options);
    if (!this.fetchCredentials) return session; // cognito-auth-wasm/core: no identity pools
    const logins = typeof this.#logins == 'function' ? JSON.stringify(await this.#logins()) ?? '' : '';
    const { identityId, credentials } = await this.fetchCredentials(options, logins);
    if (identityId) session.identityId = identityId;
    if (credentials) session.credentials = { ...credentials, expiration: new Date(credentials.expiration * 1000) };
    return session;
  }

  credentialsProvider() {
    return async () => {
      const { credentials } = await this.fetchAuthSession();
      if (credentials) return credentials;
      const error = new Error('no AWS credentials: config.identityPoolId is not set, or nobody is signed in and config.allowGuestAccess is off');
      error.name = 'CredentialsUnavailableError';
      throw error;
    };
  }
}

for (const name of Object.getOwnPropertyNames(Core.prototype)) {
  const method = Object.getOwnPropertyDescriptor(Core.prototype, name).value;
  if (typeof method != 'function' || SYNC.has(name) || name.startsWith('__') || Object.hasOwn(CognitoAuth.prototype, name)) continue;
  const fresh = FRESH.has(name);
  const result = Object.hasOwn(RESULTS, name) ? RESULTS[name] : undefined;
  CognitoAuth.prototype[name] = function (...args) {
    let ready = this.ready;
    if (fresh) ready = ready.then(() => Core.prototype.fetchAuthSession.call(this));
    const out = ready.then(() => method.apply(this, args));
    return result ? out.then(result) : out;
  };
}
