// For apps that load the wasm themselves (their own URL, a precompiled WebAssembly.Module, a
// service worker cache): nothing happens on import; call init() or initSync() before `new CognitoAuth`.
export { default, initSync } from './cognito_auth_wasm.js';
export { CognitoAuth } from './auth.js';
export { CookieStorage } from './cookie-storage.js';
