// The rig's config for the Node-side package tests: from COGNITO_RIG_CONFIG (a file), from
// COGNITO_RIG (a running rig's address), or from a rig started here; `cleanups` gets its stop.

import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export async function rigConfig(cleanups) {
  if (process.env.COGNITO_RIG_CONFIG) return JSON.parse(await readFile(process.env.COGNITO_RIG_CONFIG, 'utf8'));
  if (process.env.COGNITO_RIG) return (await fetch(`${process.env.COGNITO_RIG}/rig/config`)).json();
  const rig = spawn('python3', [join(ROOT, 'tests', 'rig', 'rig.py'), '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  cleanups.push(() => rig.kill());
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error('the rig did not start in 30 s')), 30_000);
    rig.on('exit', (code) => reject(new Error(`the rig exited with ${code}`)));
    rig.stdout.on('data', (d) => {
      buffer += d;
      const match = /^RIG READY (.*)$/m.exec(buffer);
      if (match) { clearTimeout(timer); resolve(JSON.parse(match[1])); }
    });
  });
}

/** A user-pool call through the rig: `{ status, json }`. */
export async function cognito(rig, operation, body) {
  const reply = await fetch(rig.endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}` },
    body: JSON.stringify(body),
  });
  return { status: reply.status, json: await reply.json().catch(() => ({})) };
}

/** `cognito`, but anything other than HTTP 200 throws. */
export async function must(rig, operation, body) {
  const { status, json } = await cognito(rig, operation, body);
  if (status !== 200) throw new Error(`${operation}: HTTP ${status} ${json.__type}: ${json.message}`);
  return json;
}

/** A confirmed user with a verified email in the pool `userPoolId`; returns the username. */
export async function adminUser(rig, userPoolId, label, password) {
  const username = `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  await must(rig, 'AdminCreateUser', {
    UserPoolId: userPoolId, Username: username, MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }],
  });
  await must(rig, 'AdminSetUserPassword', { UserPoolId: userPoolId, Username: username, Password: password, Permanent: true });
  return username;
}

/** The rig's counters (`operations`, `oauth`, `other`, `preflights`). */
export async function rigStats(rig) {
  return (await fetch(`${rig.endpoint}/rig/stats`)).json();
}

/** Requests per Cognito operation the rig has seen so far. */
export async function rigOperations(rig) {
  return (await rigStats(rig)).operations;
}

/** The operations counted between two `rigOperations`, without the ones that did not change. */
export function operationsDelta(before, after) {
  const out = {};
  for (const op of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const d = (after[op] ?? 0) - (before[op] ?? 0);
    if (d !== 0) out[op] = d;
  }
  return out;
}
