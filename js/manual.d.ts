// Types of `cognito-auth-wasm/manual`: the same API, but the app loads the wasm itself with init()
// or initSync() before it creates a CognitoAuth.

export * from './index.js';
export type { InitInput, SyncInitInput } from './cognito_auth_wasm.js';
import type { InitInput, SyncInitInput } from './cognito_auth_wasm.js';

/** What init() and initSync() return. The module's raw exports are internal. */
export interface InitOutput {
  readonly memory: WebAssembly.Memory;
}

/**
 * Fetches (a URL or Request) or instantiates (a Response, bytes or WebAssembly.Module) the wasm,
 * once; later calls return the same instance. Without an argument it loads
 * `cognito_auth_wasm_bg.wasm` beside the package's JS.
 */
export default function init(options?: {
  module_or_path: InitInput | Promise<InitInput>;
}): Promise<InitOutput>;

/** Instantiates the wasm synchronously from bytes or a compiled module, once. */
export function initSync(options: { module: SyncInitInput }): InitOutput;
