// CognitoAuth as the package exports it: each method that answers with a promise first waits
// until the stored session has been read (`ready`: at once for a synchronous storage, after its
// reads for one whose methods return promises, such as Amplify's KeyValueStorageInterface; and
// after a return from the hosted UI is completed). With an identity pool, fetchAuthSession adds
// the identity id and AWS credentials, which credentialsProvider() hands to the AWS SDK v3.
import { CognitoAuth as Core } from './cognito_auth_wasm.js';

const SYNC = new Set(['constructor', 'listen', 'free']);

export class CognitoAuth extends Core {
  #logins;

  constructor(config) {
    super(config);
    this.#logins = config && config.identityLogins;
  }

  async fetchAuthSession(options) {
    await this.ready;
    const session = await super.fetchAuthSession(options);
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
  CognitoAuth.prototype[name] = function (...args) {
    return this.ready.then(() => method.apply(this, args));
  };
}
