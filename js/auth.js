// CognitoAuth as the package exports it: each method that answers with a promise first waits
// until the stored session has been read (`ready`: at once for a synchronous storage, after its
// reads for one whose methods return promises, such as Amplify's KeyValueStorageInterface).
import { CognitoAuth as Core } from './cognito_auth_wasm.js';

const SYNC = new Set(['constructor', 'listen', 'free']);

export class CognitoAuth extends Core {}

for (const name of Object.getOwnPropertyNames(Core.prototype)) {
  const method = Object.getOwnPropertyDescriptor(Core.prototype, name).value;
  if (typeof method != 'function' || SYNC.has(name) || name.startsWith('__')) continue;
  CognitoAuth.prototype[name] = function (...args) {
    return this.ready.then(() => method.apply(this, args));
  };
}
