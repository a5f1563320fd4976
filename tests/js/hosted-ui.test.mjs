// Proves the hosted UI (managed login) of the local Cognito rig (tests/rig/hosted_ui.py) over real
// HTTPS, trusting only the CA the rig made at start-up: the sign-in form, the code exchange with PKCE,
// client authentication, the error redirects, the session cookie and /logout, the stand-in Google,
// /oauth2/revoke and /oauth2/userInfo; that its tokens work with the user-pool API through the rig
// (GetUser, REFRESH_TOKEN_AUTH, GlobalSignOut); and the whole authorization-code flow once more with
// oauth4webapi, a reference OAuth 2.0 / OIDC client. Each behaviour is checked with its refusal.
// Run: cd tests/js && node --test
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, randomBytes, randomUUID, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, fetch } from 'undici';
import * as oauth from 'oauth4webapi';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { claims, unique, useRig } from './rig-process.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const PASSWORD = 'Corr3ctHorse';
const CALLBACK = 'http://localhost/callback';
const SIGNED_OUT = 'http://localhost/signed-out';
const ADMIN = 'aws.cognito.signin.user.admin';

const rig = useRig();
let ui; // rig.config.hostedUi
let agent; // trusts the rig's CA, nothing else
const secrets = new Set([PASSWORD]); // codes, tokens, verifiers: none may show up in the rig's log

const keep = (...values) => { for (const v of values) if (v) secrets.add(v); return values[0]; };
const sdk = () => new CognitoIdentityProviderClient({
  region: rig.config.region, endpoint: rig.config.endpoint, maxAttempts: 1,
  credentials: { accessKeyId: 'AKIDRIGTEST', secretAccessKey: 'rig-test' },
});
const httpsFetch = (url, init = {}) => fetch(url, { ...init, dispatcher: agent });

async function newUser(username = unique('hui'), attributes = []) {
  const created = await rig.raw('AdminCreateUser', {
    UserPoolId: ui.userPoolId, Username: username, MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }, ...attributes],
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const set = await rig.raw('AdminSetUserPassword', { UserPoolId: ui.userPoolId, Username: username, Password: PASSWORD, Permanent: true });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  return username;
}

/** A browser's cookie store for the rig's domain. */
class Jar {
  #cookies = new Map();
  take(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      if (/;\s*Max-Age=0\b/i.test(line)) this.#cookies.delete(pair.slice(0, at));
      else this.#cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  has(name) { return this.#cookies.has(name); }
  header() { return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
}

/** One step of a browser at the domain, redirects not followed. */
async function browse(url, { jar, method = 'GET', form } = {}) {
  const headers = {};
  if (jar?.header()) headers.cookie = jar.header();
  if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const response = await httpsFetch(new URL(url, ui.endpoint), {
    method, redirect: 'manual', headers, body: form ? new URLSearchParams(form).toString() : undefined,
  });
  jar?.take(response);
  return { status: response.status, location: response.headers.get('location'), body: await response.text(), headers: response.headers };
}

function authorizeUrl(params = {}) {
  const url = new URL('/oauth2/authorize', ui.endpoint);
  const all = { response_type: 'code', client_id: ui.clientId, redirect_uri: CALLBACK, ...params };
  for (const [key, value] of Object.entries(all)) if (value !== undefined) url.searchParams.set(key, value);
  return url;
}

function formOf(page) {
  const csrf = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1];
  const action = page.body.match(/<form id="signInForm" method="post" action="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&');
  assert.ok(csrf && action, `no sign-in form in: ${page.body}`);
  return { csrf, action };
}

/** authorize -> /login -> the form posted; answers the response to the POST. */
async function signIn({ username, password = PASSWORD, jar = new Jar(), url = authorizeUrl() }) {
  const start = await browse(url, { jar });
  assert.equal(start.status, 302, start.body);
  assert.match(start.location, /^\/login\?/);
  const page = await browse(start.location, { jar });
  assert.equal(page.status, 200, page.body);
  const { csrf, action } = formOf(page);
  return browse(action, { jar, method: 'POST', form: { _csrf: csrf, username, password, signInSubmitButton: 'Sign in' } });
}

/** The app's callback URL a response redirected to (asserting it is one). */
function callback(response) {
  assert.equal(response.status, 302, response.body);
  const url = new URL(response.location);
  assert.equal(`${url.origin}${url.pathname}`, CALLBACK);
  return url;
}

function pkce() {
  const verifier = keep(randomBytes(48).toString('base64url'));
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** A code for `username` through the form, with PKCE; `params` go to /oauth2/authorize. */
async function codeFor(username, params = {}, jar = new Jar()) {
  const { verifier, challenge } = pkce();
  const state = params.state ?? randomUUID();
  const url = callback(await signIn({
    username, jar, url: authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256', state, ...params }),
  }));
  assert.equal(url.searchParams.get('state'), state);
  return { code: keep(url.searchParams.get('code')), verifier, jar };
}

async function endpoint(path, form, { basic, headers = {} } = {}) {
  const response = await httpsFetch(new URL(path, ui.endpoint), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(basic ? { authorization: `Basic ${Buffer.from(basic).toString('base64')}` } : {}),
      ...headers,
    },
    body: new URLSearchParams(form).toString(),
  });
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (body) keep(body.access_token, body.id_token, body.refresh_token);
  return { status: response.status, body, headers: response.headers };
}

const exchange = (code, verifier, extra = {}, options = {}) => endpoint('/oauth2/token', {
  grant_type: 'authorization_code', client_id: ui.clientId, code, redirect_uri: CALLBACK,
  ...(verifier ? { code_verifier: verifier } : {}), ...extra,
}, options);

async function tokensFor(username, params = {}) {
  const { code, verifier } = await codeFor(username, params);
  const out = await exchange(code, verifier);
  assert.equal(out.status, 200, JSON.stringify(out.body));
  return out.body;
}

async function userInfo(accessToken) {
  const response = await httpsFetch(new URL('/oauth2/userInfo', ui.endpoint), {
    headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {},
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

const errorOf = (response) => {
  const url = callback(response);
  return { error: url.searchParams.get('error'), state: url.searchParams.get('state'), code: url.searchParams.get('code') };
};

describe('hosted UI', () => {
  before(() => {
    ui = rig.config.hostedUi;
    agent = new Agent({ connect: { ca: readFileSync(ui.caFile) } });
  });
  after(() => agent.close());

  test('the sign-in form and a PKCE code exchange give tokens the user-pool API takes, refreshed with their scopes', async () => {
    const user = await newUser();
    const { code, verifier } = await codeFor(user, { state: 'st-1', nonce: 'n-123', scope: `openid email ${ADMIN}` });
    const out = await exchange(code, verifier);
    assert.equal(out.status, 200, JSON.stringify(out.body));
    assert.deepEqual(Object.keys(out.body).sort(), ['access_token', 'expires_in', 'id_token', 'refresh_token', 'token_type']);
    assert.equal(out.body.token_type, 'Bearer');
    assert.equal(out.body.expires_in, 3600);
    assert.equal(out.headers.get('access-control-allow-origin'), '*');
    assert.equal(out.headers.get('cache-control'), 'no-store');
    assert.equal(out.body.refresh_token.split('.').length, 5, 'refresh token shaped like a JWE');

    const access = claims(out.body.access_token);
    assert.equal(access.token_use, 'access');
    assert.equal(access.client_id, ui.clientId);
    assert.equal(access.username, user);
    assert.equal(access.scope, `openid email ${ADMIN}`);
    assert.equal(access.iss, ui.issuer);
    const id = claims(out.body.id_token);
    assert.equal(id.token_use, 'id');
    assert.equal(id.aud, ui.clientId);
    assert.equal(id.nonce, 'n-123');
    assert.equal(id['cognito:username'], user);
    assert.equal(id.email, `${user}@example.com`);
    assert.equal(id.email_verified, true);
    assert.equal(id.origin_jti, access.origin_jti);
    assert.equal(id.at_hash, createHash('sha256').update(out.body.access_token).digest().subarray(0, 16).toString('base64url'));

    const jwks = await browse('/.well-known/jwks.json');
    const [key] = JSON.parse(jwks.body).keys.filter((k) => k.kid === JSON.parse(Buffer.from(out.body.id_token.split('.')[0], 'base64url')).kid);
    for (const jwt of [out.body.id_token, out.body.access_token]) {
      const [head, payload, signature] = jwt.split('.');
      assert.ok(verify('RSA-SHA256', Buffer.from(`${head}.${payload}`), createPublicKey({ key, format: 'jwk' }),
        Buffer.from(signature, 'base64url')), 'signed with the key the JWKS publishes');
    }

    const me = await sdk().send(new GetUserCommand({ AccessToken: out.body.access_token }));
    assert.equal(me.Username, user);

    const refreshed = await sdk().send(new InitiateAuthCommand({
      AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: ui.clientId, AuthParameters: { REFRESH_TOKEN: out.body.refresh_token },
    }));
    keep(refreshed.AuthenticationResult.AccessToken, refreshed.AuthenticationResult.IdToken);
    assert.equal(claims(refreshed.AuthenticationResult.AccessToken).scope, `openid email ${ADMIN}`);
    assert.equal(claims(refreshed.AuthenticationResult.AccessToken).origin_jti, access.origin_jti);
    assert.equal(claims(refreshed.AuthenticationResult.IdToken).nonce, undefined);

    const again = await endpoint('/oauth2/token', { grant_type: 'refresh_token', client_id: ui.clientId, refresh_token: out.body.refresh_token });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.deepEqual(Object.keys(again.body).sort(), ['access_token', 'expires_in', 'id_token', 'token_type']);
    assert.equal((await sdk().send(new GetUserCommand({ AccessToken: again.body.access_token }))).Username, user);
  });

  test('the form refuses a wrong password, an unknown, unconfirmed or disabled user, and a post without its CSRF cookie', async () => {
    const user = await newUser();
    const message = (page) => page.body.match(/id="loginErrorMessage"[^>]*>([^<]*)</)?.[1];
    const wrong = await signIn({ username: user, password: 'Wr0ngHorse1' });
    assert.equal(wrong.status, 200);
    assert.equal(wrong.location, null);
    assert.equal(message(wrong), 'Incorrect username or password.');
    assert.equal(message(await signIn({ username: unique('nobody') })), 'Incorrect username or password.');

    const pending = unique('unconf');
    const signedUp = await rig.raw('SignUp', { ClientId: ui.clientId, Username: pending, Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: `${pending}@example.com` }] });
    assert.equal(signedUp.status, 200, JSON.stringify(signedUp.body));
    assert.equal(message(await signIn({ username: pending })), 'User is not confirmed.');

    assert.equal((await rig.raw('AdminDisableUser', { UserPoolId: ui.userPoolId, Username: user })).status, 200);
    assert.equal(message(await signIn({ username: user })), 'User is disabled.');

    const fresh = await newUser();
    const jar = new Jar();
    const page = await browse((await browse(authorizeUrl(), { jar })).location, { jar });
    const { csrf, action } = formOf(page);
    const forged = await browse(action, { method: 'POST', form: { _csrf: csrf, username: fresh, password: PASSWORD } });
    assert.equal(forged.status, 403);
    assert.equal(forged.location, null);
  });

  test('a code is single-use and bound to its verifier, redirect_uri and client', async () => {
    const user = await newUser();
    let { code, verifier } = await codeFor(user);
    assert.equal((await exchange(code, verifier)).status, 200);
    const reused = await exchange(code, verifier);
    assert.equal(reused.status, 400);
    assert.deepEqual(reused.body, { error: 'invalid_grant' });

    ({ code, verifier } = await codeFor(user));
    assert.deepEqual((await exchange(code, pkce().verifier)).body, { error: 'invalid_grant' });
    assert.deepEqual((await exchange(code, verifier)).body, { error: 'invalid_grant' }, 'a failed exchange used the code up');

    ({ code } = await codeFor(user));
    assert.deepEqual((await exchange(code, undefined)).body, { error: 'invalid_grant' }, 'verifier missing');

    ({ code, verifier } = await codeFor(user));
    const elsewhere = await exchange(code, verifier, { redirect_uri: `${CALLBACK}/` });
    assert.equal(elsewhere.status, 400);
    assert.deepEqual(elsewhere.body, { error: 'unauthorized_client' }, 'a redirect_uri the client never registered');
    const otherClient = await exchange(code, verifier, { client_id: ui.secretClientId },
      { basic: `${ui.secretClientId}:${ui.clientSecret}` });
    assert.deepEqual(otherClient.body, { error: 'invalid_grant' });

    // no PKCE at all is allowed (Cognito makes it optional), but a verifier for such a code is not
    const plain = callback(await signIn({ username: user, url: authorizeUrl({ state: 's' }) }));
    assert.equal((await exchange(keep(plain.searchParams.get('code')), undefined)).status, 200);
    const downgrade = callback(await signIn({ username: user, url: authorizeUrl({ state: 's' }) }));
    assert.deepEqual((await exchange(keep(downgrade.searchParams.get('code')), pkce().verifier)).body, { error: 'invalid_grant' });

    assert.deepEqual((await endpoint('/oauth2/token', { grant_type: 'password', client_id: ui.clientId })).body,
      { error: 'unsupported_grant_type' });
    assert.deepEqual((await endpoint('/oauth2/token', { client_id: ui.clientId })).body, { error: 'invalid_request' });
  });

  test('authorize never redirects to an unregistered URL; its other errors go back to the app with the state', async () => {
    const mismatch = await browse(authorizeUrl({ redirect_uri: `${CALLBACK}/`, state: 'x' }));
    assert.equal(mismatch.status, 302);
    assert.equal(mismatch.location, `/error?error=redirect_mismatch&client_id=${ui.clientId}`);
    const page = await browse(mismatch.location);
    assert.equal(page.status, 400);
    assert.match(page.body, /id="errorMessage">redirect_mismatch</);
    assert.match((await browse(authorizeUrl({ client_id: 'nosuchclient' }))).location, /^\/error\?error=invalid_request/);

    const { challenge } = pkce();
    assert.deepEqual(errorOf(await browse(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'plain', state: 's1' }))),
      { error: 'invalid_request', state: 's1', code: null });
    assert.deepEqual(errorOf(await browse(authorizeUrl({ scope: 'openid admin:all', state: 's2' }))),
      { error: 'invalid_scope', state: 's2', code: null });
    assert.equal(errorOf(await browse(authorizeUrl({ scope: 'email', state: 's3' }))).error, 'invalid_scope', 'email without openid');
    assert.equal(errorOf(await browse(authorizeUrl({ response_type: undefined, state: 's4' }))).error, 'invalid_request');
    const facebook = await browse(authorizeUrl({ identity_provider: 'Facebook', state: 's5' }));
    assert.equal(facebook.status, 400);
    assert.match(facebook.body, /Login option is not available/);
    const silent = await browse((await browse(authorizeUrl({ prompt: 'none', state: 's6' }))).location);
    assert.deepEqual(errorOf(silent), { error: 'login_required', state: 's6', code: null });
  });

  test('a client with a secret authenticates with HTTP Basic or client_secret_post', async () => {
    const user = await newUser();
    const secretUrl = (params) => authorizeUrl({ client_id: ui.secretClientId, ...params });
    const { verifier, challenge } = pkce();
    const code = keep(callback(await signIn({ username: user,
      url: secretUrl({ code_challenge: challenge, code_challenge_method: 'S256' }) })).searchParams.get('code'));
    const form = { client_id: ui.secretClientId };
    const none = await exchange(code, verifier, form);
    assert.equal(none.status, 401);
    assert.deepEqual(none.body, { error: 'invalid_client' });
    const wrong = await exchange(code, verifier, form, { basic: `${ui.secretClientId}:not-the-secret` });
    assert.equal(wrong.status, 401);
    assert.match(wrong.headers.get('www-authenticate'), /^Basic/);
    const basic = await exchange(code, verifier, form, { basic: `${ui.secretClientId}:${ui.clientSecret}` });
    assert.equal(basic.status, 200, 'a refused client authentication did not use the code up');

    const second = keep(callback(await signIn({ username: user, url: secretUrl({}) })).searchParams.get('code'));
    const post = await exchange(second, undefined, { client_id: ui.secretClientId, client_secret: ui.clientSecret });
    assert.equal(post.status, 200, JSON.stringify(post.body));
    const refreshed = await endpoint('/oauth2/token', { grant_type: 'refresh_token', refresh_token: post.body.refresh_token },
      { basic: `${ui.secretClientId}:${ui.clientSecret}` });
    assert.equal(refreshed.status, 200);
    assert.deepEqual((await endpoint('/oauth2/token', { grant_type: 'refresh_token', client_id: ui.secretClientId,
      refresh_token: post.body.refresh_token })).body, { error: 'invalid_client' });
  });

  test('the session cookie skips the form until /logout; prompt=login shows it again', async () => {
    const user = await newUser();
    const { jar } = await codeFor(user);
    assert.ok(jar.has('cognito'));
    const again = await browse((await browse(authorizeUrl({ state: 'again' }), { jar })).location, { jar });
    assert.equal(errorOf(again).state, 'again');
    assert.ok(errorOf(again).code, 'a code without the form');
    const forced = await browse((await browse(authorizeUrl({ prompt: 'login' }), { jar })).location, { jar });
    assert.equal(forced.status, 200);
    assert.ok(formOf(forced));

    const wrong = await browse(`/logout?client_id=${ui.clientId}&logout_uri=${encodeURIComponent(`${SIGNED_OUT}/`)}`, { jar });
    assert.equal(wrong.location, `/error?error=redirect_mismatch&client_id=${ui.clientId}`);
    assert.ok(jar.has('cognito'), 'a refused logout keeps the session');
    const out = await browse(`/logout?client_id=${ui.clientId}&logout_uri=${encodeURIComponent(SIGNED_OUT)}`, { jar });
    assert.equal(out.status, 302);
    assert.equal(out.location, SIGNED_OUT);
    assert.ok(!jar.has('cognito'));
    const after = await browse((await browse(authorizeUrl({ prompt: 'none', state: 'gone' }), { jar })).location, { jar });
    assert.deepEqual(errorOf(after), { error: 'login_required', state: 'gone', code: null });

    const relogin = await browse(`/logout?client_id=${ui.clientId}&redirect_uri=${encodeURIComponent(CALLBACK)}&response_type=code&state=r`);
    assert.equal(relogin.status, 302);
    assert.match(relogin.location, /^\/login\?/);
    assert.equal(new URLSearchParams(relogin.location.split('?')[1]).get('state'), 'r');
    assert.equal((await browse(`/logout?client_id=${ui.clientId}`)).location, `/error?error=invalid_request&client_id=${ui.clientId}`);
  });

  test('Google (stand-in): consent makes a linked user, a second sign-in reuses it, cancel gives access_denied', async () => {
    const email = `${unique('ada')}@example.com`;
    async function viaGoogle(consent, state) {
      const jar = new Jar();
      const start = await browse(authorizeUrl({ identity_provider: 'Google', state, login_hint: email, scope: `openid email profile ${ADMIN}` }), { jar });
      assert.match(start.location, /^\/rig\/idp\/authorize\?provider=Google&/);
      const page = await browse(start.location, { jar });
      assert.match(page.body, new RegExp(`id="idpEmail" name="email" type="email" value="${email}"`));
      const flow = page.body.match(/name="state" value="([^"]+)"/)[1];
      const back = await browse('/rig/idp/consent', { jar, method: 'POST', form: { state: flow, email, name: 'Ada', consent } });
      assert.match(back.location, /^\/oauth2\/idpresponse\?/);
      return browse(back.location, { jar });
    }
    const first = errorOf(await viaGoogle('allow', 'g-1'));
    assert.equal(first.state, 'g-1');
    const out = await exchange(keep(first.code), undefined);
    assert.equal(out.status, 200, JSON.stringify(out.body));
    const id = claims(out.body.id_token);
    assert.match(id['cognito:username'], /^Google_\d{21}$/);
    assert.equal(id.email, email);
    assert.equal(id.identities[0].providerName, 'Google');
    assert.equal(id.identities[0].primary, 'true');
    const stored = await rig.raw('AdminGetUser', { UserPoolId: ui.userPoolId, Username: id['cognito:username'] });
    assert.equal(stored.body.UserStatus, 'CONFIRMED');
    assert.equal(JSON.parse(stored.body.UserAttributes.find((a) => a.Name === 'identities').Value)[0].userId,
      id['cognito:username'].slice('Google_'.length));
    assert.equal((await sdk().send(new GetUserCommand({ AccessToken: out.body.access_token }))).Username, id['cognito:username']);

    const second = await exchange(keep(errorOf(await viaGoogle('allow', 'g-2')).code), undefined);
    assert.equal(claims(second.body.id_token).sub, id.sub, 'the same Google account is the same user');
    assert.deepEqual(errorOf(await viaGoogle('deny', 'g-3')), { error: 'access_denied', state: 'g-3', code: null });
  });

  test('/oauth2/revoke revokes the sign-in: refresh, GetUser and userInfo refuse its tokens', async () => {
    const user = await newUser();
    const tokens = await tokensFor(user);
    assert.deepEqual((await endpoint('/oauth2/revoke', { client_id: ui.clientId })).body, { error: 'invalid_request' });
    const jwt = await endpoint('/oauth2/revoke', { client_id: ui.clientId, token: tokens.access_token });
    assert.equal(jwt.status, 400);
    assert.deepEqual(jwt.body, { error: 'unsupported_token_type' });
    const secretClient = await endpoint('/oauth2/revoke', { client_id: ui.secretClientId, token: tokens.refresh_token });
    assert.equal(secretClient.status, 401);
    assert.deepEqual(secretClient.body, { error: 'invalid_client' });

    const revoked = await endpoint('/oauth2/revoke', { client_id: ui.clientId, token: tokens.refresh_token });
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body, null, 'an empty body');
    assert.equal(revoked.headers.get('access-control-allow-origin'), '*');
    assert.equal((await endpoint('/oauth2/revoke', { client_id: ui.clientId, token: tokens.refresh_token })).status, 200);
    assert.equal((await endpoint('/oauth2/revoke', { client_id: ui.clientId, token: 'not-a-token' })).status, 200);

    assert.deepEqual((await endpoint('/oauth2/token', { grant_type: 'refresh_token', client_id: ui.clientId,
      refresh_token: tokens.refresh_token })).body, { error: 'invalid_grant' });
    await assert.rejects(sdk().send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: ui.clientId,
      AuthParameters: { REFRESH_TOKEN: tokens.refresh_token } })), { name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
    await assert.rejects(sdk().send(new GetUserCommand({ AccessToken: tokens.access_token })),
      { name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    const info = await userInfo(tokens.access_token);
    assert.equal(info.status, 401);
    assert.match(info.headers.get('www-authenticate'), /error="invalid_token"/);
  });

  test('userInfo answers for the granted scopes; the admin scope alone opens the user-pool API', async () => {
    const user = await newUser(unique('info'), [{ Name: 'name', Value: 'Info User' }, { Name: 'phone_number', Value: '+15555550100' }]);
    const narrow = await tokensFor(user, { scope: 'openid email' });
    const info = await userInfo(narrow.access_token);
    assert.equal(info.status, 200, JSON.stringify(info.body));
    assert.equal(info.headers.get('access-control-allow-origin'), '*');
    assert.deepEqual(info.body, { sub: claims(narrow.access_token).sub, email: `${user}@example.com`, email_verified: 'true', username: user });
    assert.deepEqual(Object.keys(claims(narrow.id_token)).filter((k) => ['email', 'name', 'phone_number'].includes(k)), ['email']);
    await assert.rejects(sdk().send(new GetUserCommand({ AccessToken: narrow.access_token })),
      { name: 'NotAuthorizedException', message: 'Access Token does not have required scopes' });

    const everything = await userInfo((await tokensFor(user, { scope: 'openid' })).access_token);
    assert.equal(everything.body.name, 'Info User', 'openid alone: every attribute the client reads');
    assert.equal(everything.body.phone_number, '+15555550100');

    assert.equal((await userInfo(undefined)).status, 400);
    const api = await sdk().send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: ui.clientId,
      AuthParameters: { USERNAME: user, PASSWORD } }));
    keep(api.AuthenticationResult.AccessToken, api.AuthenticationResult.RefreshToken, api.AuthenticationResult.IdToken);
    assert.equal((await userInfo(api.AuthenticationResult.AccessToken)).status, 401, 'an API access token has no openid scope');
    const [head, body] = narrow.access_token.split('.');
    assert.equal((await userInfo(`${head}.${body}.${Buffer.from('forged').toString('base64url')}`)).status, 401);

    const full = await tokensFor(user, { scope: `openid ${ADMIN}` });
    await sdk().send(new GlobalSignOutCommand({ AccessToken: full.access_token }));
    assert.equal((await userInfo(full.access_token)).status, 401);
    assert.equal((await userInfo(narrow.access_token)).status, 401, 'GlobalSignOut ends every sign-in of the user');
  });

  test('the token, revoke and userInfo endpoints answer CORS preflights from any origin', async () => {
    const response = await httpsFetch(new URL('/oauth2/token', ui.endpoint), {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-amz-user-agent' },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('access-control-allow-headers'), 'content-type,x-amz-user-agent');
    assert.match(response.headers.get('access-control-allow-methods'), /POST/);
    const failed = await endpoint('/oauth2/token', { grant_type: 'authorization_code', client_id: ui.clientId, code: 'x', redirect_uri: CALLBACK });
    assert.equal(failed.headers.get('access-control-allow-origin'), '*', 'errors are readable cross-origin too');
  });

  test('UpdateUserPoolClient sets the callback URLs authorize takes; the rig checks them as Cognito does', async () => {
    const create = (extra) => sdk().send(new CreateUserPoolClientCommand({ UserPoolId: ui.userPoolId, ClientName: unique('app'),
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', ADMIN],
      SupportedIdentityProviders: ['COGNITO'], ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'], ...extra }));
    await assert.rejects(create({ CallbackURLs: ['http://127.0.0.1:5173/cb'] }), { name: 'InvalidParameterException' });
    await assert.rejects(create({ CallbackURLs: ['http://localhost:5173/cb'], SupportedIdentityProviders: ['COGNITO', 'Okta'] }),
      { name: 'InvalidParameterException', message: /The provider Okta does not exist/ });
    const app = (await create({ CallbackURLs: ['http://localhost:5173/cb'],
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 } })).UserPoolClient;
    const moved = authorizeUrl({ client_id: app.ClientId, redirect_uri: 'http://localhost:5174/cb' });
    assert.match((await browse(moved)).location, /^\/error\?error=redirect_mismatch/);
    await assert.rejects(sdk().send(new UpdateUserPoolClientCommand({ UserPoolId: ui.userPoolId, ClientId: app.ClientId,
      RefreshTokenRotation: { Feature: 'ON' } })), { name: 'InvalidParameterException' }, 'rotation settings still checked');
    await sdk().send(new UpdateUserPoolClientCommand({ UserPoolId: ui.userPoolId, ClientId: app.ClientId,
      CallbackURLs: ['http://localhost:5174/cb'] }));

    const user = await newUser();
    const landed = await signIn({ username: user, url: moved });
    assert.match(landed.location, /^http:\/\/localhost:5174\/cb\?code=/);
    const code = keep(new URL(landed.location).searchParams.get('code'));
    const out = await endpoint('/oauth2/token', { grant_type: 'authorization_code', client_id: app.ClientId, code,
      redirect_uri: 'http://localhost:5174/cb' });
    assert.equal(out.status, 200, JSON.stringify(out.body));
    const rotated = await endpoint('/oauth2/token', { grant_type: 'refresh_token', client_id: app.ClientId, refresh_token: out.body.refresh_token });
    assert.ok(rotated.body.refresh_token && rotated.body.refresh_token !== out.body.refresh_token, 'a rotating client gets a new refresh token');
    assert.deepEqual((await endpoint('/oauth2/token', { grant_type: 'refresh_token', client_id: app.ClientId,
      refresh_token: out.body.refresh_token })).body, { error: 'invalid_grant' }, 'the rotated-out one, grace period 0');
  });

  test('/rig/stats counts /oauth2/token requests exactly; /rig/fail injects failures there', async () => {
    const user = await newUser();
    const { code, verifier } = await codeFor(user);
    await rig.hook('/rig/stats/reset', {});
    await exchange(code, verifier);
    await exchange(code, verifier);
    assert.equal((await rig.hook('/rig/stats')).body.oauth['POST /oauth2/token'], 2);

    assert.equal((await rig.hook('/rig/fail', { operation: 'oauth2/token', mode: '503' })).status, 200);
    const failed = await endpoint('/oauth2/token', { grant_type: 'refresh_token', client_id: ui.clientId, refresh_token: 'x' });
    assert.equal(failed.status, 503);
    assert.equal(failed.body.error, 'server_error');
    await rig.hook('/rig/fail', { operation: 'oauth2/token', mode: 'drop' });
    await assert.rejects(endpoint('/oauth2/token', { grant_type: 'refresh_token', client_id: ui.clientId, refresh_token: 'x' }),
      (err) => err instanceof TypeError);
    assert.deepEqual((await endpoint('/oauth2/token', { grant_type: 'refresh_token', client_id: ui.clientId, refresh_token: 'x' })).body,
      { error: 'invalid_grant' }, 'back to normal');
    assert.equal((await rig.hook('/rig/stats')).body.oauth['POST /oauth2/token'], 5);
  });

  test('oauth4webapi (a reference OAuth 2.0 / OIDC client): discovery, code + PKCE, ID token, userinfo, refresh, revocation', async () => {
    const issuer = new URL(ui.issuer);
    // Cognito's discovery document lives at the issuer (cognito-idp.<region>.amazonaws.com), not on
    // the domain; the rig serves it at its user-pool endpoint
    const discovered = await oauth.discoveryRequest(new URL(`${rig.config.endpoint}/${ui.userPoolId}`), { [oauth.allowInsecureRequests]: true });
    const as = await oauth.processDiscoveryResponse(issuer, discovered);
    assert.equal(as.authorization_endpoint, `${ui.endpoint}/oauth2/authorize`);
    const client = { client_id: ui.clientId };
    const options = { [oauth.customFetch]: httpsFetch };

    const verifier = keep(oauth.generateRandomCodeVerifier());
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const url = new URL(as.authorization_endpoint);
    for (const [key, value] of Object.entries({ client_id: client.client_id, redirect_uri: CALLBACK, response_type: 'code',
      scope: `openid email ${ADMIN}`, state, nonce, code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256' })) url.searchParams.set(key, value);
    const user = await newUser();
    const landed = callback(await signIn({ username: user, url }));
    keep(landed.searchParams.get('code'));

    const params = oauth.validateAuthResponse(as, client, landed, state);
    const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, CALLBACK, verifier, options);
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce, requireIdToken: true });
    keep(result.access_token, result.id_token, result.refresh_token);
    const idClaims = oauth.getValidatedIdTokenClaims(result);
    assert.equal(idClaims['cognito:username'], user);
    assert.equal(idClaims.nonce, nonce);

    const info = await oauth.processUserInfoResponse(as, client, idClaims.sub,
      await oauth.userInfoRequest(as, client, result.access_token, options));
    assert.equal(info.email, `${user}@example.com`);

    const refreshed = await oauth.processRefreshTokenResponse(as, client,
      await oauth.refreshTokenGrantRequest(as, client, oauth.None(), result.refresh_token, options));
    keep(refreshed.access_token, refreshed.id_token);
    assert.equal(oauth.getValidatedIdTokenClaims(refreshed).sub, idClaims.sub);

    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, oauth.None(), result.refresh_token, options));
    await assert.rejects(async () => oauth.processRefreshTokenResponse(as, client,
      await oauth.refreshTokenGrantRequest(as, client, oauth.None(), result.refresh_token, options)),
    (err) => err.error === 'invalid_grant');

    // and a confidential client, with client_secret_basic
    const confidential = { client_id: ui.secretClientId };
    const secretVerifier = keep(oauth.generateRandomCodeVerifier());
    const secretUrl = authorizeUrl({ client_id: confidential.client_id, state, code_challenge_method: 'S256',
      code_challenge: await oauth.calculatePKCECodeChallenge(secretVerifier) });
    const secretLanded = callback(await signIn({ username: user, url: secretUrl }));
    keep(secretLanded.searchParams.get('code'));
    const secretResult = await oauth.processAuthorizationCodeResponse(as, confidential,
      await oauth.authorizationCodeGrantRequest(as, confidential, oauth.ClientSecretBasic(ui.clientSecret),
        oauth.validateAuthResponse(as, confidential, secretLanded, state), CALLBACK, secretVerifier, options));
    keep(secretResult.access_token, secretResult.id_token, secretResult.refresh_token);
    assert.equal(oauth.getValidatedIdTokenClaims(secretResult).aud, ui.secretClientId);
  });

  test('no code, token, verifier or password shows up in the rig log', () => {
    const log = rig.log();
    assert.match(log, /hosted-ui \/oauth2\/token tokens \(code\) 200/);
    for (const value of secrets) assert.ok(!log.includes(value), 'a secret value is in the rig log');
  });
});
