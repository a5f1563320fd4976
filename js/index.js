// The package entry. Importing it loads the wasm, once, so an app never calls init() itself.
//
// The glue locates the wasm with the literal `new URL('cognito_auth_wasm_bg.wasm', import.meta.url)`,
// the one form Vite, webpack and browsers all understand, so bundlers emit the file and a plain
// <script type="module"> page fetches it beside the glue. The top-level await makes every module
// that imports this one wait until the wasm is instantiated (instantiateStreaming when served as
// application/wasm).
import initWasm from './cognito_auth_wasm.js';

await initWasm();

export { CognitoAuth } from './auth.js';
export { CookieStorage } from './cookie-storage.js';

/**
 * Kept for code written against 0.1 (`await init()`): the wasm is already loaded, so this resolves at
 * once. To load the wasm from your own URL or module, import from `cognito-auth-wasm/manual`.
 */
export default function init(options) {
  if (options !== undefined) {
    return Promise.reject(new TypeError(
      "the wasm is already loaded; to pass your own module or URL, import init from 'cognito-auth-wasm/manual'"));
  }
  return Promise.resolve();
}
