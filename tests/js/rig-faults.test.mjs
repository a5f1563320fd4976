// Pins the fault modes of the rig's /rig/fail hook that a proxy or a broken service produces
// (500, truncate, html, shape, nocors), next to the older ones (503, 429, drop, stall:
// session.test.mjs): what the client receives, whether the real operation ran, that only the
// next N requests of that operation are hit, and that the identity operations and the hosted UI's
// paths take the same modes. Run: cd tests/js && node --test
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent, fetch as undiciFetch } from 'undici';
import { unique, useRig } from './rig-process.mjs';

const rig = useRig();
const ORIGIN = 'http://127.0.0.1:5999';
const PASSWORD = 'Corr3ctHorse';

/** One call as a browser page on ORIGIN sends it; the body as text. */
async function call(operation, body, prefix = 'AWSCognitoIdentityProviderService') {
  const response = await fetch(rig.config.endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `${prefix}.${operation}`, Origin: ORIGIN },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const userExists = async (username) => (await rig.raw('AdminGetUser', { UserPoolId: rig.config.main.userPoolId, Username: username })).status === 200;
const signUp = (username) => call('SignUp', {
  ClientId: rig.config.main.clientId, Username: username, Password: PASSWORD,
  UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
});

describe('/rig/fail: proxy and broken-service faults', () => {
  test('500: HTTP 500 InternalErrorException, Cognito-shaped; "status" picks another code; the operation does not run', async () => {
    const username = unique('f500');
    await rig.hook('/rig/fail', { operation: 'SignUp', mode: '500' });
    const failed = await signUp(username);
    assert.equal(failed.status, 500);
    assert.equal(failed.headers.get('x-amzn-errortype'), 'InternalErrorException:');
    assert.equal(failed.headers.get('access-control-allow-origin'), ORIGIN);
    assert.deepEqual(JSON.parse(failed.text), { __type: 'InternalErrorException', message: 'rig: injected failure' });
    assert.equal(await userExists(username), false);
    await rig.hook('/rig/fail', { operation: 'SignUp', mode: '500', status: 502 });
    assert.equal((await signUp(username)).status, 502);
    assert.equal((await signUp(username)).status, 200, 'only the next request');
  });

  test('truncate: the real reply (the operation ran) with its status, cut in half', async () => {
    const username = unique('ftrunc');
    await rig.hook('/rig/fail', { operation: 'SignUp', mode: 'truncate' });
    const cut = await signUp(username);
    assert.equal(cut.status, 200);
    assert.equal(cut.headers.get('access-control-allow-origin'), ORIGIN);
    assert.ok(cut.text.startsWith('{') && cut.text.length > 10);
    assert.throws(() => JSON.parse(cut.text), SyntaxError);
    assert.equal(await userExists(username), true, 'the sign-up happened');
    const again = await signUp(username);
    assert.equal(JSON.parse(again.text).__type, 'UsernameExistsException');
    // the whole reply of the same shape is about twice as long
    const whole = await signUp(unique('ftrunc'));
    assert.ok(Math.abs(whole.text.length / 2 - cut.text.length) <= 2, `${whole.text.length} vs ${cut.text.length}`);
  });

  test('html: HTTP 200 with an HTML page (text/html), the operation does not run', async () => {
    const username = unique('fhtml');
    await rig.hook('/rig/fail', { operation: 'SignUp', mode: 'html' });
    const page = await signUp(username);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type'), /^text\/html/);
    assert.match(page.text, /^<!doctype html>.*<\/html>$/s);
    assert.equal(await userExists(username), false);
  });

  test('shape: HTTP 200 JSON of the wrong shape ({"unexpected": true}, or "body"), the operation does not run', async () => {
    const username = unique('fshape');
    await rig.hook('/rig/fail', { operation: 'SignUp', mode: 'shape' });
    const first = await signUp(username);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.deepEqual(JSON.parse(first.text), { unexpected: true });
    const body = { UserConfirmed: 'no', UserSub: 7, CodeDeliveryDetails: [] };
    const set = await rig.hook('/rig/fail', { operation: 'SignUp', mode: 'shape', body, times: 2 });
    assert.deepEqual(set.body.faults.SignUp, { mode: 'shape', times: 2, status: null, seconds: 60, body });
    assert.deepEqual(JSON.parse((await signUp(username)).text), body);
    await rig.hook('/rig/fail', { operation: 'SignUp', mode: 'shape', body: 'a string', times: 1 });
    assert.equal((await signUp(username)).text, '"a string"');
    assert.equal(await userExists(username), false);
    assert.equal((await rig.hook('/rig/fail', { operation: 'SignUp', mode: '503', body })).status, 400, 'body goes with shape only');
    assert.deepEqual((await rig.hook('/rig/fail')).body, { faults: {} });
  });

  test('nocors: the real reply (the operation ran) without Access-Control-Allow-Origin', async () => {
    const username = unique('fcors');
    await rig.hook('/rig/fail', { operation: 'SignUp', mode: 'nocors' });
    const reply = await signUp(username);
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get('access-control-allow-origin'), null);
    assert.equal(reply.headers.get('access-control-expose-headers'), null);
    assert.ok(JSON.parse(reply.text).UserSub);
    assert.equal(await userExists(username), true);
    const normal = await call('GetUser', { AccessToken: 'x' });
    assert.equal(normal.headers.get('access-control-allow-origin'), ORIGIN, 'only the next request');
  });

  test('the identity operations take the same modes', async () => {
    const { identityPoolId, guestIdentityPoolId } = rig.config.identity;
    assert.ok(identityPoolId);
    await rig.hook('/rig/fail', { operation: 'GetId', mode: 'shape', body: { IdentityId: 42 } });
    const shaped = await call('GetId', { IdentityPoolId: guestIdentityPoolId }, 'AWSCognitoIdentityService');
    assert.deepEqual(JSON.parse(shaped.text), { IdentityId: 42 });
    await rig.hook('/rig/fail', { operation: 'GetId', mode: 'truncate' });
    const cut = await call('GetId', { IdentityPoolId: guestIdentityPoolId }, 'AWSCognitoIdentityService');
    assert.equal(cut.status, 200);
    assert.throws(() => JSON.parse(cut.text), SyntaxError);
    await rig.hook('/rig/fail', { operation: 'GetId', mode: '500' });
    assert.equal((await call('GetId', { IdentityPoolId: guestIdentityPoolId }, 'AWSCognitoIdentityService')).status, 500);
    const whole = await call('GetId', { IdentityPoolId: guestIdentityPoolId }, 'AWSCognitoIdentityService');
    assert.match(JSON.parse(whole.text).IdentityId, /^us-east-1:/);
  });

  test('the hosted UI paths take the same modes (oauth2/token)', async () => {
    const ui = rig.config.hostedUi;
    const agent = new Agent({ connect: { ca: readFileSync(ui.caFile) } });
    const token = () => undiciFetch(`${ui.endpoint}/oauth2/token`, {
      method: 'POST', dispatcher: agent,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: ui.clientId, refresh_token: 'x' }),
    }).then(async (r) => ({ status: r.status, headers: r.headers, text: await r.text() }));
    const normal = await token();
    assert.deepEqual([normal.status, JSON.parse(normal.text), normal.headers.get('access-control-allow-origin')],
      [400, { error: 'invalid_grant' }, '*']);
    await rig.hook('/rig/fail', { operation: 'oauth2/token', mode: '500' });
    const failed = await token();
    assert.deepEqual([failed.status, JSON.parse(failed.text).error], [500, 'server_error']);
    await rig.hook('/rig/fail', { operation: 'oauth2/token', mode: 'truncate' });
    const cut = await token();
    assert.equal(cut.status, 400);
    assert.equal(cut.text, normal.text.slice(0, normal.text.length >> 1));
    await rig.hook('/rig/fail', { operation: 'oauth2/token', mode: 'html' });
    const page = await token();
    assert.deepEqual([page.status, /^text\/html/.test(page.headers.get('content-type'))], [200, true]);
    await rig.hook('/rig/fail', { operation: 'oauth2/token', mode: 'shape' });
    assert.deepEqual(JSON.parse((await token()).text), { unexpected: true });
    await rig.hook('/rig/fail', { operation: 'oauth2/token', mode: 'nocors' });
    const bare = await token();
    assert.deepEqual([bare.status, bare.headers.get('access-control-allow-origin')], [400, null]);
    await agent.close();
  });

  test('the log names each injected fault and carries no password', () => {
    for (const line of [/SignUp injected InternalErrorException 500/, /SignUp ok, injected truncate 200/,
      /SignUp injected html 200/, /SignUp injected shape 200/, /SignUp ok, injected nocors 200/]) {
      assert.match(rig.log(), line);
    }
    assert.ok(!rig.log().includes(PASSWORD));
  });
});
