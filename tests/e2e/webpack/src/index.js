import { CognitoAuth } from 'cognito-auth-wasm';
import { run } from '../../shared/flow.js';

run(CognitoAuth, 'webpack');
