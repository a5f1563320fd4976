// amazon-cognito-identity-js reads Node's `global` when it loads; a browser has only globalThis.
globalThis.global = globalThis;
