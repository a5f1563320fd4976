// The rig as a child process for the node tests: one per test file, started before its tests and
// stopped after them. `rig.log()` is everything it wrote to stderr (one line per request);
// `rig.raw()` sends one API call as is, `rig.hook()` calls one of its /rig/ hooks. Also the small
// helpers every node test file uses.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

const RIG = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'rig', 'rig.py');

/** Starts the rig before the file's tests and stops it after; the config is filled in by then. */
export function useRig() {
  const rig = {
    config: null,
    child: null,
    stderr: '',
    log() { return this.stderr; },
    /** One call of the user pool API, sent as is: `{ status, headers, body }`. */
    async raw(operation, body) {
      const response = await fetch(this.config.endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
        },
        body: JSON.stringify(body),
      });
      return { status: response.status, headers: response.headers, body: await response.json() };
    },
    /** One of the rig's hooks (`/rig/...`): GET without a body, POST with a JSON one; `{ status, body }`. */
    async hook(route, body) {
      const response = await fetch(`${this.config.endpoint}${route}`, {
        method: body === undefined ? 'GET' : 'POST',
        ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
      });
      return { status: response.status, body: await response.json() };
    },
  };
  before(() => new Promise((resolve, reject) => {
    const child = spawn('python3', [RIG], { stdio: ['ignore', 'pipe', 'pipe'] });
    rig.child = child;
    const timer = setTimeout(() => reject(new Error(`rig did not start:\n${rig.stderr}`)), 30_000);
    child.stderr.on('data', (chunk) => { rig.stderr += chunk; });
    child.on('exit', (code) => reject(new Error(`rig exited (${code}):\n${rig.stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('RIG READY ')) {
        clearTimeout(timer);
        rig.config = JSON.parse(line.slice('RIG READY '.length));
        resolve();
      }
    });
  }));
  after(async () => {
    const { child } = rig;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.removeAllListeners('exit');
    child.once('exit', () => {});
    child.kill('SIGTERM');
    await exited;
  });
  return rig;
}

/** A name no other test run uses: `prefix` and 8 random hex digits. */
export const unique = (prefix) => `${prefix}${randomUUID().slice(0, 8)}`;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The claims of a JWT, unverified. */
export const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

/** `promise` rejects with an error of that name (`code` for amazon-cognito-identity-js), and a
 * message that matches `message` when given. */
export async function rejectsWith(promise, name, message) {
  await assert.rejects(promise, (err) => {
    assert.equal(err.code ?? err.name, name, `expected ${name}, got ${err.code ?? err.name}: ${err.message}`);
    if (message) assert.match(err.message, message);
    return true;
  });
}
