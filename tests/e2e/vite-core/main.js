import { CognitoAuth } from 'cognito-auth-wasm/core';
import { run } from '../shared/flow.js';

run(CognitoAuth, 'vite-core');
