// The session in a real browser: what only a browser can show. Run after `./dev build` (pkg/ must exist):
//
//   COGNITO_RIG_CONFIG=/path/to/rig.json node tests/e2e/session.mjs   # or COGNITO_RIG=http://127.0.0.1:PORT
//
// With neither variable it starts tests/rig/rig.py itself. A copy of pkg/ is served over http on
// 127.0.0.1 (application/wasm for the wasm) with a page that imports ./pkg/index.js, and
// amazon-cognito-identity-js bundled for the browser with esbuild. Each test runs in a fresh
// context of Debian's Chromium:
// 1. two tabs: a sign-out in tab A reaches tab B's listener (`signedOut`) and B is then signed out;
//    a sign-in in A reaches B (`signedIn`);
// 2. the page's clock an hour ahead (playwright's page.clock; the rig's tokens follow real time):
//    fetchAuthSession() refreshes on its own, once, with new tokens; the next call sends nothing;
// 3. amazon-cognito-identity-js in the same page reads the session we stored, and we read one it stored;
// 4. CookieStorage: sign-in, the session survives a reload, a 6 KB value is split into chunk cookies
//    and read back, and signOut() leaves no cookie of the user and no chunk;
// 5. refresh-token rotation with no grace period: two tabs force refreshes at the same moment, 10
//    rounds; every call must succeed, no refresh token may be sent by both tabs, the tabs send one
//    refresh per round between them (the Web Lock and the IndexedDB hand-over), and both tabs end
//    with the same tokens.
// Ends with 'N passed, N failed'; exits non-zero on a failure.

import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, cleanups, finish, note, test } from './shared/harness.mjs';
import { operationsDelta, rigConfig, rigOperations } from './shared/rig.mjs';
import { launch, siteRoot } from './shared/browser.mjs';
import { serve } from './shared/serve.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const ACI_DIR = join(ROOT, 'tests', 'js'); // amazon-cognito-identity-js 6.3.21 is installed there
const esbuild = createRequire(join(ROOT, 'bench', 'package.json'))('esbuild');
const EVENT_TIMEOUT = 5_000;
const PASSWORD = 'Session-passw0rd';

// --- the rig ------------------------------------------------------------------------------------


const rig = await rigConfig(cleanups);

async function cognito(operation, body) {
  const reply = await fetch(rig.endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}` },
    body: JSON.stringify(body),
  });
  const json = await reply.json().catch(() => ({}));
  if (!reply.ok) throw new Error(`${operation}: HTTP ${reply.status} ${json.__type}: ${json.message}`);
  return json;
}

async function rigHook(path, body) {
  const reply = await fetch(`${rig.endpoint}${path}`, body === undefined ? {} : {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  check(reply.ok, `${path}: HTTP ${reply.status}`);
  return reply.json();
}

const operations = () => rigOperations(rig);

/** A confirmed user of the main pool (SignUp, the rig's code, ConfirmSignUp). */
async function createUser(label, attributes = {}) {
  const username = `session-${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const { clientId, userPoolId } = rig.main;
  await cognito('SignUp', {
    ClientId: clientId, Username: username, Password: PASSWORD,
    UserAttributes: Object.entries({ email: `${username}@example.com`, ...attributes }).map(([Name, Value]) => ({ Name, Value })),
  });
  const { code } = await rigHook(`/rig/code?${new URLSearchParams({ userPoolId, username })}`);
  await cognito('ConfirmSignUp', { ClientId: clientId, Username: username, ConfirmationCode: code });
  return username;
}

// --- what the browser loads ---------------------------------------------------------------------


const PAGE = (scripts) => `<!doctype html>
<meta charset="utf-8">
<title>session tests</title>
<link rel="icon" href="data:,">
${scripts}
<script type="module">
  import { CognitoAuth, CookieStorage } from './pkg/index.js';
  window.CognitoAuth = CognitoAuth;
  window.CookieStorage = CookieStorage;
</script>
`;

async function site() {
  const root = await siteRoot(cleanups, 'session');
  await esbuild.build({
    stdin: { contents: "export * from 'amazon-cognito-identity-js';", resolveDir: ACI_DIR, loader: 'js' },
    outfile: join(root, 'aci.js'),
    bundle: true,
    format: 'iife',
    globalName: 'AmazonCognitoIdentity',
    platform: 'browser',
    // amazon-cognito-identity-js reads Node's `global` when it loads; a browser has only globalThis.
    banner: { js: 'globalThis.global = globalThis;' },
    logLevel: 'warning',
  });
  await writeFile(join(root, 'index.html'), PAGE(''));
  await writeFile(join(root, 'aci.html'), PAGE('<script src="./aci.js"></script>'));

  return serve(root, cleanups);
}

const origin = await site();
const browser = await launch(cleanups);

/** config for `new CognitoAuth` (the storage is added in the page) */
function authConfig(clientId = rig.main.clientId) {
  return { userPoolId: rig.main.userPoolId, userPoolClientId: clientId, endpoint: rig.endpoint };
}

/**
 * A fresh context, closed after `body`. Pages opened with `open` record page errors, console errors
 * and HTTP errors; unless `allowErrors`, the test fails on any of them.
 */
async function withContext(body, { allowErrors = false } = {}) {
  const context = await browser.newContext();
  const problems = [];
  const open = async (file = 'index.html', { before } = {}) => {
    const page = await context.newPage();
    const label = `page ${context.pages().length}`;
    page.on('pageerror', (error) => problems.push(`${label}: page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${label}: console error: ${message.text()}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${label}: HTTP ${response.status()} for ${response.url()}`);
    });
    if (before) await before(page);
    await page.goto(`${origin}/${file}`);
    await ready(page);
    return page;
  };
  try {
    await body(open, context);
    check(allowErrors || problems.length === 0, `the test passed, but:\n${problems.join('\n')}`);
  } finally {
    await context.close();
  }
}

async function ready(page) {
  await page.waitForFunction(() => window.CognitoAuth && window.CookieStorage, null, { timeout: 15_000 });
}

/** `window.auth` = a new CognitoAuth; `window.events` collects what its listener hears. */
async function createAuth(page, config, { cookies = false } = {}) {
  await page.evaluate(({ config, cookies }) => {
    window.auth = new window.CognitoAuth(cookies ? { ...config, storage: new window.CookieStorage({ secure: false }) } : config);
    window.events = [];
    window.auth.listen((e) => window.events.push(e));
  }, { config, cookies });
}

async function signIn(page, username) {
  const out = await page.evaluate(([u, p]) => window.auth.signIn({ username: u, password: p }), [username, PASSWORD]);
  check(out.isSignedIn === true, `signIn: ${JSON.stringify(out)}`);
}

/** fetchAuthSession in the page, tokens as strings: { ok, idToken, accessToken, exp, iat, userSub } or { ok: false, name, message } */
function session(page, options) {
  return page.evaluate((options) => window.auth.fetchAuthSession(options).then(
    (s) => ({
      ok: true,
      idToken: s.tokens ? String(s.tokens.idToken) : null,
      accessToken: s.tokens ? String(s.tokens.accessToken) : null,
      exp: s.tokens?.idToken.payload.exp,
      iat: s.tokens?.idToken.payload.iat,
      userSub: s.userSub,
    }),
    (e) => ({ ok: false, name: e?.name, message: e?.message }),
  ), options);
}

/** getCurrentUser in the page: { ok: true, username, userId } or { ok: false, name, message } */
function currentUser(page) {
  return page.evaluate(() => window.auth.getCurrentUser().then(
    (u) => ({ ok: true, username: u.username, userId: u.userId }),
    (e) => ({ ok: false, name: e?.name, message: e?.message }),
  ));
}

async function waitForEvent(page, name, from = 0) {
  try {
    await page.waitForFunction(([name, from]) => window.events.slice(from).some((e) => e.event === name),
      [name, from], { timeout: EVENT_TIMEOUT });
  } catch {
    const heard = await page.evaluate(() => window.events.map((e) => e.event));
    throw new Error(`no '${name}' event within ${EVENT_TIMEOUT} ms; the listener heard [${heard.join(', ')}]`);
  }
  return page.evaluate(([name, from]) => window.events.slice(from).find((e) => e.event === name), [name, from]);
}

const eventCount = (page) => page.evaluate(() => window.events.length);

// --- 1. other tabs --------------------------------------------------------------------------------

await test('two tabs: a sign-out in tab A signs tab B out (signedOut), a sign-in in A reaches B (signedIn)', async () => {
  const username = await createUser('tabs');
  await withContext(async (open) => {
    const a = await open();
    await createAuth(a, authConfig());
    await signIn(a, username);

    const b = await open();
    await createAuth(b, authConfig());
    const before = await currentUser(b);
    check(before.ok && before.username === username, `tab B did not take up the session tab A stored: ${JSON.stringify(before)}`);

    let from = await eventCount(b);
    const out = await a.evaluate(() => window.auth.signOut());
    check(out.revoked === true, `signOut in A: ${JSON.stringify(out)}`);
    await waitForEvent(b, 'signedOut', from);
    const after = await currentUser(b);
    check(!after.ok && after.name === 'UserUnAuthenticatedException',
      `tab B's getCurrentUser() after A signed out: ${JSON.stringify(after)}`);
    const noTokens = await session(b);
    check(noTokens.ok && noTokens.idToken === null, `tab B's fetchAuthSession() after A signed out: ${JSON.stringify(noTokens)}`);

    from = await eventCount(b);
    await signIn(a, username);
    const signedIn = await waitForEvent(b, 'signedIn', from);
    check(signedIn.data?.username === username, `tab B's signedIn event: ${JSON.stringify(signedIn)}`);
    const again = await currentUser(b);
    check(again.ok && again.username === username, `tab B's getCurrentUser() after A signed in: ${JSON.stringify(again)}`);
    const [sa, sb] = [await session(a), await session(b)];
    check(sb.ok && sb.idToken === sa.idToken, 'tab B does not have the tokens of tab A\'s new sign-in');
  });
});

// --- 2. the page's clock ---------------------------------------------------------------------------

await test('page clock an hour ahead: fetchAuthSession() refreshes by itself, exactly once, with new tokens', async () => {
  const username = await createUser('clock');
  await withContext(async (open) => {
    // Fake timers from the first script on; time keeps flowing until it is set.
    const page = await open('index.html', { before: (p) => p.clock.install() });
    await createAuth(page, authConfig());
    await signIn(page, username);
    const first = await session(page);
    check(first.ok && first.idToken, `fetchAuthSession after sign-in: ${JSON.stringify(first)}`);

    // Control: with the page's clock at real time, nothing is refreshed.
    let ops = await operations();
    const fresh = await session(page);
    check(fresh.idToken === first.idToken, 'the tokens changed without a refresh being due');
    check(Object.keys(operationsDelta(ops, await operations())).length === 0, 'fetchAuthSession sent a request with fresh tokens');

    const hourAhead = Date.now() + 3_600_000;
    await page.clock.setSystemTime(hourAhead);
    const pageNow = await page.evaluate(() => Date.now());
    check(Math.abs(pageNow - hourAhead) < 5_000, `the page's clock is at ${pageNow}, not ${hourAhead}`);
    check(pageNow / 1000 > first.exp - 60, 'the page\'s clock is not past the token\'s expiry margin');

    let from = await eventCount(page);
    ops = await operations();
    const refreshed = await session(page);
    const sent = operationsDelta(ops, await operations());
    check(refreshed.ok && refreshed.idToken, `fetchAuthSession an hour later: ${JSON.stringify(refreshed)}`);
    check(sent.GetTokensFromRefreshToken === 1 && Object.keys(sent).length === 1,
      `fetchAuthSession an hour later sent ${JSON.stringify(sent)}, not one GetTokensFromRefreshToken`);
    check(refreshed.idToken !== first.idToken, 'the ID token did not change');
    check(refreshed.accessToken !== first.accessToken, 'the access token did not change');
    check(refreshed.userSub === first.userSub, 'the refresh returned another user');
    await waitForEvent(page, 'tokenRefresh', from);

    // The new tokens are as fresh in the service's time: the drift is measured again, no second refresh.
    from = await eventCount(page);
    ops = await operations();
    const next = await session(page);
    const sentNext = operationsDelta(ops, await operations());
    check(Object.keys(sentNext).length === 0, `the call right after sent ${JSON.stringify(sentNext)}`);
    check(next.ok && next.idToken === refreshed.idToken, 'the call right after returned other tokens');
    const stored = await page.evaluate(([c, u]) => localStorage.getItem(`CognitoIdentityServiceProvider.${c}.${u}.idToken`), [rig.main.clientId, username]);
    check(stored === refreshed.idToken, 'the refreshed ID token is not in localStorage');
    check(!(await page.evaluate((f) => window.events.slice(f).some((e) => e.event === 'tokenRefresh'), from)),
      'a second tokenRefresh event');
  });
});

// --- 3. amazon-cognito-identity-js in the same page ------------------------------------------------

await test('amazon-cognito-identity-js reads our session, and we read one it signed in', async () => {
  const ours = await createUser('ours');
  const theirs = await createUser('aci');
  await withContext(async (open) => {
    const page = await open('aci.html');
    check(await page.evaluate(() => typeof window.AmazonCognitoIdentity?.CognitoUserPool === 'function'),
      'amazon-cognito-identity-js did not load');
    const pool = { UserPoolId: rig.main.userPoolId, ClientId: rig.main.clientId, endpoint: rig.endpoint };

    // Ours signs in; amazon-cognito-identity-js takes the stored session as valid, no request.
    await createAuth(page, authConfig());
    await signIn(page, ours);
    const mine = await session(page);
    let ops = await operations();
    const read = await page.evaluate((pool) => new Promise((resolve) => {
      const user = new window.AmazonCognitoIdentity.CognitoUserPool(pool).getCurrentUser();
      if (!user) { resolve({ user: null }); return; }
      user.getSession((error, s) => resolve(error ? { user: user.getUsername(), error: `${error.name}: ${error.message}` } : {
        user: user.getUsername(),
        valid: s.isValid(),
        idToken: s.getIdToken().getJwtToken(),
        accessToken: s.getAccessToken().getJwtToken(),
        hasRefreshToken: Boolean(s.getRefreshToken().getToken()),
      }));
    }), pool);
    check(read.user === ours, `amazon-cognito-identity-js's current user: ${read.user}`);
    check(!read.error, `amazon-cognito-identity-js's getSession: ${read.error}`);
    check(read.valid === true, 'amazon-cognito-identity-js finds our session invalid');
    check(read.idToken === mine.idToken && read.accessToken === mine.accessToken,
      'amazon-cognito-identity-js has other tokens than ours');
    check(read.hasRefreshToken, 'amazon-cognito-identity-js finds no refresh token');
    const sentRead = operationsDelta(ops, await operations());
    check(Object.keys(sentRead).length === 0, `amazon-cognito-identity-js sent ${JSON.stringify(sentRead)} to read our session`);

    // Ours signs out; amazon-cognito-identity-js signs another user in (SRP); a new instance of ours takes it up.
    await page.evaluate(() => window.auth.signOut());
    const aci = await page.evaluate(([pool, username, password]) => new Promise((resolve) => {
      const { AuthenticationDetails, CognitoUser, CognitoUserPool } = window.AmazonCognitoIdentity;
      const user = new CognitoUser({ Username: username, Pool: new CognitoUserPool(pool) });
      user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
        onSuccess: (s) => resolve({ idToken: s.getIdToken().getJwtToken(), accessToken: s.getAccessToken().getJwtToken(), sub: s.getIdToken().payload.sub }),
        onFailure: (error) => resolve({ error: `${error.name || error.code}: ${error.message}` }),
        newPasswordRequired: () => resolve({ error: 'unexpected NEW_PASSWORD_REQUIRED' }),
      });
    }), [pool, theirs, PASSWORD]);
    check(!aci.error, `amazon-cognito-identity-js's authenticateUser: ${aci.error}`);

    ops = await operations();
    await createAuth(page, authConfig());
    const user = await currentUser(page);
    check(user.ok && user.username === theirs, `a new CognitoAuth's getCurrentUser(): ${JSON.stringify(user)}`);
    check(user.userId === aci.sub, `userId ${user.userId}, not the sub ${aci.sub}`);
    const taken = await session(page);
    check(taken.ok && taken.idToken === aci.idToken && taken.accessToken === aci.accessToken,
      'a new CognitoAuth has other tokens than amazon-cognito-identity-js stored');
    const sentTake = operationsDelta(ops, await operations());
    check(Object.keys(sentTake).length === 0, `taking up amazon-cognito-identity-js's session sent ${JSON.stringify(sentTake)}`);
    // And it can use the refresh token amazon-cognito-identity-js stored.
    const forced = await session(page, { forceRefresh: true });
    check(forced.ok && forced.idToken && forced.idToken !== aci.idToken,
      `forceRefresh with amazon-cognito-identity-js's refresh token: ${JSON.stringify(forced)}`);
  });
});

// --- 4. CookieStorage ------------------------------------------------------------------------------

await test('CookieStorage: sign-in, the session survives a reload, 6 KB in chunks, signOut leaves no cookie', async () => {
  // Long standard attributes (readable by the client, so in the ID token) make an ID token of
  // over 5 KB: the session itself needs chunks.
  const long = (c) => c.repeat(1300);
  const username = await createUser('cookie', {
    name: long('n'), profile: `https://example.com/${long('p')}`, website: `https://example.com/${long('w')}`,
  });
  const prefix = encodeURIComponent(`CognitoIdentityServiceProvider.${rig.main.clientId}.`);
  const cookieNames = (page) => page.evaluate(() => (document.cookie ? document.cookie.split('; ').map((c) => c.slice(0, c.indexOf('='))) : []));
  await withContext(async (open) => {
    const page = await open();
    await createAuth(page, authConfig(), { cookies: true });
    await signIn(page, username);
    const first = await session(page);
    check(first.ok && first.idToken, `fetchAuthSession: ${JSON.stringify(first)}`);
    check(first.idToken.length > 3800, `the ID token has ${first.idToken.length} characters: too short to need chunks`);

    let names = await cookieNames(page);
    const idKey = encodeURIComponent(`CognitoIdentityServiceProvider.${rig.main.clientId}.${username}.idToken`);
    check(names.includes(`${prefix}LastAuthUser`), `no LastAuthUser cookie: ${names.join(' ')}`);
    check(names.includes(`${idKey}.0`) && names.includes(`${idKey}.1`) && names.includes(`${idKey}.n`),
      `the ID token is not in chunk cookies: ${names.join(' ')}`);
    check(await page.evaluate(() => localStorage.length) === 0, 'the session went to localStorage as well');
    note(`${names.length} cookies after sign-in, ${names.filter((n) => /\.\d+$/.test(n)).length} of them chunks`);

    // A reload: a new instance with CookieStorage is signed in with the same tokens, no request.
    await page.reload();
    await ready(page);
    let ops = await operations();
    await createAuth(page, authConfig(), { cookies: true });
    const user = await currentUser(page);
    check(user.ok && user.username === username, `after a reload, getCurrentUser(): ${JSON.stringify(user)}`);
    const reloaded = await session(page);
    check(reloaded.ok && reloaded.idToken === first.idToken, 'after a reload, other tokens');
    const sent = operationsDelta(ops, await operations());
    check(Object.keys(sent).length === 0, `after a reload, fetchAuthSession sent ${JSON.stringify(sent)}`);

    // 6 KB with characters that need encoding: split into chunks and joined back.
    const value = Array.from({ length: 6144 }, (_, i) => 'aZ09;= %é,"\\€-_'[i % 16]).join('');
    const big = await page.evaluate((value) => {
      const store = new window.CookieStorage({ secure: false });
      store.setItem('session-test.big', value);
      const names = document.cookie.split('; ').map((c) => c.slice(0, c.indexOf('=')));
      return { back: store.getItem('session-test.big'), names };
    }, value);
    check(big.back === value, `the 6 KB value read back differs (${big.back?.length} characters)`);
    const chunks = big.names.filter((n) => n.startsWith('session-test.big.'));
    check(chunks.includes('session-test.big.0') && chunks.includes('session-test.big.1') && chunks.includes('session-test.big.n'),
      `the 6 KB value is not in chunks: ${chunks.join(' ')}`);
    check(!big.names.includes('session-test.big'), 'the 6 KB value is also in one cookie');
    note(`6 KB value: ${chunks.length} cookies (${chunks.join(' ')})`);
    const removed = await page.evaluate(() => {
      const store = new window.CookieStorage({ secure: false });
      store.removeItem('session-test.big');
      return { back: store.getItem('session-test.big'), cookie: document.cookie };
    });
    check(removed.back === null && !removed.cookie.includes('session-test.big'), 'removeItem left chunks of the 6 KB value');

    // signOut: no cookie of the user (tokens, chunks, LastAuthUser) is left.
    const out = await page.evaluate(() => window.auth.signOut());
    check(out.revoked === true, `signOut: ${JSON.stringify(out)}`);
    names = await cookieNames(page);
    const left = names.filter((n) => n.startsWith(prefix) || /\.(\d+|n)$/.test(n));
    check(left.length === 0, `cookies left after signOut: ${left.join(' ')}`);
    check(names.length === 0, `cookies left after signOut: ${names.join(' ')}`);

    await page.reload();
    await ready(page);
    await createAuth(page, authConfig(), { cookies: true });
    const gone = await currentUser(page);
    check(!gone.ok && gone.name === 'UserUnAuthenticatedException', `after signOut and a reload: ${JSON.stringify(gone)}`);
  });
});

// --- 5. rotation, two tabs --------------------------------------------------------------------------

await test('a storage that answers with promises: a new instance is signed in at once, a sign-out right after construction signs out', async () => {
  const username = await createUser('async');
  await withContext(async (open) => {
    const page = await open();
    // Amplify's KeyValueStorageInterface: every method returns a promise, settled a little later.
    await page.evaluate(() => {
      const map = new Map();
      const later = (value) => new Promise((resolve) => setTimeout(() => resolve(value), 5));
      window.asyncStore = {
        map,
        getItem: (k) => later(map.has(k) ? map.get(k) : null),
        setItem: (k, v) => later(void map.set(k, v)),
        removeItem: (k) => later(void map.delete(k)),
      };
    });
    const make = (page) => page.evaluate((config) => {
      window.auth = new window.CognitoAuth({ ...config, storage: window.asyncStore });
      window.events = [];
      window.auth.listen((e) => window.events.push(e));
    }, authConfig());
    await make(page);
    await signIn(page, username);
    const first = await session(page);
    const keys = () => page.evaluate((u) => [...window.asyncStore.map.keys()].filter((k) => k.includes(u) || k.endsWith('LastAuthUser')), username);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the writes settle
    check((await keys()).length >= 5, `the session was not written: ${await keys()}`);

    // A reload: the first calls, made before the storage has answered, see the stored session.
    const user = await page.evaluate(async (config) => {
      window.auth = new window.CognitoAuth({ ...config, storage: window.asyncStore });
      window.events = [];
      window.auth.listen((e) => window.events.push(e));
      return window.auth.getCurrentUser().then((u) => ({ ok: true, username: u.username }), (e) => ({ ok: false, name: e?.name }));
    }, authConfig());
    check(user.ok && user.username === username, `getCurrentUser right after construction: ${JSON.stringify(user)}`);
    const again = await session(page);
    check(again.ok && again.idToken === first.idToken, 'fetchAuthSession after the reload gave other tokens');
    const heard = await page.evaluate(() => window.events.map((e) => e.event));
    check(heard.length === 0, `a reload is no sign-in, yet the listener heard ${heard}`);

    // Another reload, and sign-out at once: the session it had not read yet still ends.
    const before = await operations();
    const out = await page.evaluate((config) => new window.CognitoAuth({ ...config, storage: window.asyncStore }).signOut(), authConfig());
    check(out.revoked === true, `signOut: ${JSON.stringify(out)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    check((await keys()).length === 0, `keys left after sign-out: ${await keys()}`);
    const sent = operationsDelta(before, await operations());
    check(sent.RevokeToken === 1, `the sign-out did not revoke the token: ${JSON.stringify(sent)}`);
  });
});

const RACE = 'rotation race: two tabs force a refresh at once, 10 rounds, grace period 0';
{
  await test(RACE, async () => {
    const username = await createUser('rotation');
    const config = authConfig(rig.main.rotatingClientId);
    await rigHook('/rig/grace', { seconds: 0 });
    try {
      await withContext(async (open) => {
        const a = await open();
        await createAuth(a, config);
        await signIn(a, username);
        const b = await open();
        await createAuth(b, config);
        const user = await currentUser(b);
        check(user.ok && user.username === username, `tab B did not take up the session: ${JSON.stringify(user)}`);

        // Which refresh token each tab sends in each round (R0 = the sign-in's, R1… = rotated ones).
        const labels = new Map();
        const sentBy = [];
        let round = 0;
        for (const [tab, page] of [['A', a], ['B', b]]) {
          page.on('request', (request) => {
            if (!/GetTokensFromRefreshToken$/.test(request.headers()['x-amz-target'] ?? '')) return;
            const token = request.postDataJSON()?.RefreshToken;
            if (!labels.has(token)) labels.set(token, `R${labels.size}`);
            (sentBy[round] ??= []).push(`${tab} ${labels.get(token)}`);
          });
        }
        labels.set(await a.evaluate(([c, u]) => localStorage.getItem(`CognitoIdentityServiceProvider.${c}.${u}.refreshToken`),
          [rig.main.rotatingClientId, username]), 'R0');

        const ops = await operations();
        const failures = [];
        for (round = 1; round <= 10; round += 1) {
          const [ra, rb] = await Promise.all([session(a, { forceRefresh: true }), session(b, { forceRefresh: true })]);
          for (const [tab, r] of [['A', ra], ['B', rb]]) {
            if (!r.ok || !r.idToken) failures.push(`round ${round}, tab ${tab}: ${r.ok ? 'no tokens' : `${r.name}: ${r.message}`}`);
          }
          if (failures.length) break;
        }
        const sent = operationsDelta(ops, await operations());
        await new Promise((resolve) => setTimeout(resolve, 500)); // let the last storage events arrive
        const [ea, eb] = [await a.evaluate(() => window.events.map((e) => e.event)), await b.evaluate(() => window.events.map((e) => e.event))];
        const [sa, sb] = [await session(a), await session(b)];
        note(`sent ${JSON.stringify(sent)}`);
        note(`refresh tokens sent per round: ${sentBy.slice(1).map((r, i) => `${i + 1}: ${(r ?? []).join(', ')}`).join('; ')}`);
        note(`tab A heard [${ea.join(', ')}]`);
        note(`tab B heard [${eb.join(', ')}]`);
        note(`at the end: tab A ${sa.idToken ? 'signed in' : 'signed out'}, tab B ${sb.idToken ? 'signed in' : 'signed out'}, same tokens: ${sa.idToken === sb.idToken}`);
        check(failures.length === 0, `refreshes failed:\n${failures.join('\n')}`);
        // Passing rounds are no proof by themselves: two requests with the same token that reach the
        // rig at the same moment may both be accepted. Cognito makes no such promise, so a refresh
        // token must never be sent by both tabs.
        const twice = sentBy.slice(1).map((r, i) => [i + 1, r ?? []])
          .filter(([, r]) => new Set(r.map((x) => x.split(' ')[1])).size < r.length);
        check(twice.length === 0, `both tabs sent the same refresh token in rounds ${twice.map(([i]) => i).join(', ')}`);
        const perRound = sentBy.slice(1).map((r) => (r ?? []).length);
        check(sent.GetTokensFromRefreshToken === 10 && perRound.every((n) => n === 1),
          `the tabs did not refresh once per round between them: ${JSON.stringify(sent)}, per round ${perRound}`);
        check(sa.ok && sb.ok && sa.idToken && sa.idToken === sb.idToken, 'the tabs end with different tokens (or signed out)');
        const later = await session(a, { forceRefresh: true });
        check(later.ok && later.idToken, `a refresh after the rounds: ${JSON.stringify(later)}`);
        // The hand-over record holds tokens: a sign-out removes it with the rest.
        const records = () => a.evaluate(() => new Promise((resolve, reject) => {
          const open = indexedDB.open('cognito-auth-wasm');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('handover')) { db.close(); resolve(0); return; }
            const count = db.transaction('handover').objectStore('handover').count();
            count.onsuccess = () => { db.close(); resolve(count.result); };
          };
        }));
        check(await records() === 1, 'no hand-over record after the refreshes');
        await a.evaluate(() => window.auth.signOut());
        for (let i = 0; i < 20 && await records() > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
        check(await records() === 0, 'the hand-over record outlived the sign-out');
      });
    } finally {
      await rigHook('/rig/grace', { seconds: null });
    }
  });
}

await finish();
