// The hosted UI in a real browser, through the rig's managed login over HTTPS (tests/rig/hosted_ui.py).
// Run after `./dev build` (pkg/ must exist):
//
//   COGNITO_RIG_CONFIG=/path/to/rig.json node tests/e2e/hosted-ui.mjs   # or COGNITO_RIG=http://127.0.0.1:PORT
//
// The app is pkg/ and a page served on http://localhost:PORT (Cognito allows http callback URLs for
// localhost only); the test registers its URLs with UpdateUserPoolClient. Chromium trusts the rig's
// certificate by its key alone (--ignore-certificate-errors-spki-list). Each test, in a fresh context:
// 1. sign in through the login form: back on the app signed in, tokens stored, URL clean, the events
//    `signInWithRedirect` and `customOAuthState` heard, fetchUserInfo works; a reload keeps the session;
// 2. a callback with a wrong or missing state: OAuthError, no token request, nothing stored;
// 3. two concurrent handleRedirect() calls, a second instance and a reload: one /oauth2/token request;
// 4. the provider's cancel (`error=access_denied`): OAuthError with that code, the custom state delivered;
// 5. sign-out: the refresh token is revoked (refused afterwards) and the page lands on /logout with
//    Cognito's parameters, then on the app's sign-out page.
// Ends with 'N passed, N failed'; exits non-zero on a failure.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { check, cleanups, finish, note, test } from './shared/harness.mjs';
import { adminUser, cognito as rigCognito, must as rigMust, rigConfig, rigStats } from './shared/rig.mjs';
import { launch, siteRoot } from './shared/browser.mjs';
import { serve } from './shared/serve.mjs';

const PASSWORD = 'Hosted-passw0rd';
const CUSTOM_STATE = 'back to /cart?item=42 & käse ✓';

const rig = await rigConfig(cleanups);
const ui = rig.hostedUi;

const cognito = (operation, body) => rigCognito(rig, operation, body);
const must = (operation, body) => rigMust(rig, operation, body);
const createUser = (label) => adminUser(rig, ui.userPoolId, `hosted-${label}`, PASSWORD);

async function tokenRequests() {
  return (await rigStats(rig)).oauth?.['POST /oauth2/token'] ?? 0;
}

// --- the app ------------------------------------------------------------------------------------

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>hosted UI tests</title>
<link rel="icon" href="data:,">
<script type="module">
  import { CognitoAuth } from './pkg/index.js';
  import config from './config.js';
  window.CognitoAuth = CognitoAuth;
  window.config = config;
  window.events = JSON.parse(sessionStorage.getItem('test-events') || '[]');
  window.auth = new CognitoAuth(config);
  window.auth.listen((e) => {
    window.events.push(e);
    sessionStorage.setItem('test-events', JSON.stringify(window.events));
  });
  window.loaded = true;
</script>
`;

const root = await siteRoot(cleanups, 'hosted-ui');
await writeFile(join(root, 'index.html'), PAGE);
await writeFile(join(root, 'signed-out.html'), '<!doctype html><meta charset="utf-8"><title>signed out</title><p>signed out</p>');
const served = await serve(root, cleanups);
const app = served.replace('127.0.0.1', 'localhost');
const APP_HOME = `${app}/`;
const SIGNED_OUT = `${app}/signed-out.html`;
await writeFile(join(root, 'config.js'), `export default ${JSON.stringify({
  userPoolId: ui.userPoolId,
  userPoolClientId: ui.clientId,
  endpoint: rig.endpoint,
  oauth: {
    domain: ui.domain,
    scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
    redirectSignIn: ['https://app.example.com/', APP_HOME],
    redirectSignOut: [SIGNED_OUT],
    responseType: 'code',
  },
})};\n`);

// The app client as the Cognito console would set it up for this app.
await must('UpdateUserPoolClient', {
  UserPoolId: ui.userPoolId, ClientId: ui.clientId,
  CallbackURLs: ['https://app.example.com/', APP_HOME], LogoutURLs: [SIGNED_OUT],
  AllowedOAuthFlows: ['code'], AllowedOAuthFlowsUserPoolClient: true,
  AllowedOAuthScopes: ui.scopes, SupportedIdentityProviders: ['COGNITO', 'Google'],
});

const browser = await launch(cleanups, [`--ignore-certificate-errors-spki-list=${ui.spkiSha256}`]);

/** A fresh context and page on the app; `body(page, requests)` with every request URL seen. */
async function withApp(body) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  try {
    await open(page, APP_HOME);
    await body(page, requests);
    check(problems.length === 0, problems.join('\n'));
  } finally {
    await context.close();
  }
}

async function open(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.loaded === true, null, { timeout: 15_000 });
}

/** Waits for the app's page after a redirect chain ends on it. */
async function backOnApp(page) {
  await page.waitForURL((url) => url.href.startsWith(app), { timeout: 15_000 });
  await page.waitForFunction(() => window.loaded === true, null, { timeout: 15_000 });
}

function redirectResult(page) {
  return page.evaluate(() => window.auth.handleRedirect().then(
    (r) => ({ ok: true, ...r }),
    (e) => ({ ok: false, name: e?.name, error: e?.error, message: e?.message }),
  ));
}

function storedKeys(page) {
  return page.evaluate((clientId) => Object.keys(localStorage).filter((k) => k.includes(clientId)), ui.clientId);
}

async function signInThroughForm(page, username, input = {}) {
  await page.evaluate((input) => { window.auth.signInWithRedirect(input); }, input);
  await page.waitForSelector('#signInFormUsername', { timeout: 15_000 });
  await page.fill('#signInFormUsername', username);
  await page.fill('#signInFormPassword', PASSWORD);
  await page.click('#signInSubmitButton');
  await backOnApp(page);
}

// --- the tests ------------------------------------------------------------------------------------

await test('sign in through the login form: signed in, tokens stored, URL clean, events heard; a reload keeps the session', async () => {
  const username = await createUser('form');
  await withApp(async (page, requests) => {
    const before = await tokenRequests();
    await signInThroughForm(page, username, { customState: CUSTOM_STATE });
    const result = await redirectResult(page);
    check(result.ok && result.isSignedIn === true, `handleRedirect: ${JSON.stringify(result)}`);
    check(result.customState === CUSTOM_STATE, `custom state came back as ${JSON.stringify(result.customState)}`);
    check(page.url() === APP_HOME, `the URL still carries the callback: ${page.url()}`);
    const authorize = new URL(requests.find((u) => u.includes('/oauth2/authorize')));
    for (const [k, v] of [['response_type', 'code'], ['client_id', ui.clientId], ['redirect_uri', APP_HOME],
      ['code_challenge_method', 'S256'], ['scope', 'openid email profile aws.cognito.signin.user.admin']]) {
      check(authorize.searchParams.get(k) === v, `authorize ${k} = ${authorize.searchParams.get(k)}`);
    }
    check(/^[A-Za-z0-9_-]{43}$/.test(authorize.searchParams.get('code_challenge')), 'no S256 code challenge');
    const heard = await page.evaluate(() => window.events.map((e) => e.event));
    for (const event of ['signedIn', 'signInWithRedirect', 'customOAuthState']) {
      check(heard.includes(event), `${event} not heard: ${heard}`);
    }
    const custom = await page.evaluate(() => window.events.find((e) => e.event === 'customOAuthState')?.data);
    check(custom === CUSTOM_STATE, `customOAuthState data: ${JSON.stringify(custom)}`);
    check(await tokenRequests() === before + 1, 'not exactly one /oauth2/token request');
    const keys = await storedKeys(page);
    for (const field of ['idToken', 'accessToken', 'refreshToken', 'LastAuthUser']) {
      check(keys.some((k) => k.endsWith(field)), `${field} not stored: ${keys}`);
    }
    check(await page.evaluate(() => sessionStorage.length === 1), 'the flight outlived the sign-in'); // test-events
    const info = await page.evaluate(() => window.auth.fetchUserInfo());
    check(info.email === `${username}@example.com` && info.sub, `fetchUserInfo: ${JSON.stringify(info)}`);

    await page.reload();
    await page.waitForFunction(() => window.loaded === true);
    const user = await page.evaluate(() => window.auth.getCurrentUser().then((u) => u.username));
    check(user === username, `after the reload: ${user}`);
    const session = await page.evaluate(() => window.auth.fetchAuthSession({ forceRefresh: true }).then((s) => !!s.tokens));
    check(session, 'the session did not refresh through the user-pool API');
    check(await tokenRequests() === before + 1, 'the reload sent another /oauth2/token request');
  });
});

await test('a callback with a wrong or missing state: OAuthError, no token request, nothing stored', async () => {
  await withApp(async (page) => {
    for (const query of ['?code=forged-code&state=not-ours', '?code=forged-code']) {
      // A sign-in of this tab is under way (its flight waits in sessionStorage)...
      await page.evaluate(() => { window.auth.signInWithRedirect(); });
      await page.waitForSelector('#signInFormUsername', { timeout: 15_000 });
      const before = await tokenRequests();
      // ... and the page comes back with a code it did not ask for.
      await open(page, `${APP_HOME}${query}`);
      const result = await redirectResult(page);
      check(!result.ok && result.name === 'OAuthError' && result.error === 'invalid_state', `${query}: ${JSON.stringify(result)}`);
      check(await tokenRequests() === before, `${query}: a token request was sent`);
      check((await storedKeys(page)).length === 0, `${query}: something was stored`);
      check(page.url() === APP_HOME, `${query}: the URL still carries the callback: ${page.url()}`);
      const heard = await page.evaluate(() => window.events.map((e) => e.event));
      check(heard.includes('signInWithRedirect_failure'), `${query}: no signInWithRedirect_failure: ${heard}`);
    }
  });
});

await test('two concurrent handleRedirect() calls, a second instance and a reload: exactly one /oauth2/token request', async () => {
  const username = await createUser('once');
  await withApp(async (page) => {
    const before = await tokenRequests();
    await signInThroughForm(page, username);
    const results = await page.evaluate(async () => {
      const second = new window.CognitoAuth(window.config);
      const all = await Promise.all([window.auth.handleRedirect(), window.auth.handleRedirect(), second.handleRedirect()]);
      const user = await second.getCurrentUser().then((u) => u.username, (e) => e.name);
      return { all, user };
    });
    check(results.all.every((r) => r.isSignedIn === true), `handleRedirect results: ${JSON.stringify(results.all)}`);
    check(results.user === username, `the second instance: ${results.user}`);
    check(await tokenRequests() === before + 1, `token requests: ${await tokenRequests() - before}`);
    // A reload of the callback URL itself (as if replaceState had not happened): the code is not spent again.
    const code = 'already-used';
    await open(page, `${APP_HOME}?code=${code}&state=whatever`);
    const again = await redirectResult(page);
    check(again.ok && again.isSignedIn === true, `after the reload: ${JSON.stringify(again)}`);
    check(await tokenRequests() === before + 1, 'the reload sent a /oauth2/token request');
  });
});

await test('the provider refuses (error=access_denied): OAuthError with its code, the custom state delivered', async () => {
  await withApp(async (page) => {
    const before = await tokenRequests();
    await page.evaluate((customState) => { window.auth.signInWithRedirect({ provider: 'Google', customState }); }, CUSTOM_STATE);
    await page.waitForSelector('#idpCancel', { timeout: 15_000 });
    await page.click('#idpCancel');
    await backOnApp(page);
    const result = await redirectResult(page);
    check(!result.ok && result.name === 'OAuthError' && result.error === 'access_denied', JSON.stringify(result));
    const events = await page.evaluate(() => window.events);
    check(events.some((e) => e.event === 'customOAuthState' && e.data === CUSTOM_STATE), `custom state: ${JSON.stringify(events)}`);
    check(events.some((e) => e.event === 'signInWithRedirect_failure'), 'no signInWithRedirect_failure');
    check(await tokenRequests() === before, 'a token request was sent');
    check(page.url() === APP_HOME, `URL not clean: ${page.url()}`);
  });
});

await test('sign-out: the refresh token is revoked, then /logout with client_id and logout_uri, back on the app', async () => {
  const username = await createUser('out');
  await withApp(async (page, requests) => {
    await signInThroughForm(page, username);
    const result = await redirectResult(page);
    check(result.isSignedIn, JSON.stringify(result));
    const refresh = await page.evaluate((prefix) => localStorage.getItem(`${prefix}.${localStorage.getItem(`${prefix}.LastAuthUser`)}.refreshToken`),
      `CognitoIdentityServiceProvider.${ui.clientId}`);
    check(refresh, 'no refresh token stored');
    await Promise.all([
      page.waitForURL(SIGNED_OUT, { timeout: 15_000 }),
      page.evaluate(() => { window.auth.signOut(); }),
    ]);
    const logout = new URL(requests.find((u) => u.includes('/logout?')));
    check(logout.origin === `https://${ui.domain}`, `logout at ${logout.origin}`);
    check(logout.searchParams.get('client_id') === ui.clientId && logout.searchParams.get('logout_uri') === SIGNED_OUT,
      `logout parameters: ${logout.search}`);
    check(!logout.searchParams.has('post_logout_redirect_uri'), 'the OIDC parameter was sent');
    const keys = await page.evaluate((clientId) => Object.keys(localStorage).filter((k) => k.includes(clientId)), ui.clientId);
    check(keys.length === 0, `keys left: ${keys}`);
    const { status, json } = await cognito('GetTokensFromRefreshToken', { RefreshToken: refresh, ClientId: ui.clientId });
    check(status === 400 && json.__type === 'NotAuthorizedException', `the old refresh token: HTTP ${status} ${json.__type}`);
    note(`revoked: ${json.message}`);
  });
});

await finish();
