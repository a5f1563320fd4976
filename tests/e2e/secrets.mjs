// The secret audit: one user's whole life in Chromium against the rig, with every place a secret
// could leak to recorded, then searched. Run after `./dev build` (pkg/ must exist):
//
//   COGNITO_RIG_CONFIG=/path/to/rig.json node tests/e2e/secrets.mjs   # or COGNITO_RIG=http://127.0.0.1:PORT
//
// The run: signUp, a wrong confirmation code, confirmSignUp, a wrong password, signIn (SRP),
// fetchAuthSession({ forceRefresh }), identity-pool credentials, updatePassword (a wrong old
// password, then the right one), signOut; the same user through the app client with a secret
// (SRP, forceRefresh, signOut); then the hosted UI's login form over HTTPS (code + PKCE),
// forceRefresh, signOut through /logout.
// Recorded: every console message, every page error and every error an SDK call rejected with
// (name, message, stack, own properties), every write to localStorage / sessionStorage /
// document.cookie / IndexedDB (an init script wraps them in every document), every URL navigated
// to, every request's URL, headers and body (Playwright's request events).
// Searched for: the passwords (old, new and the wrong one), the SRP secrets (every 128-byte draw
// from crypto.getRandomValues but the PKCE one, in hex and base64), the client secret, every refresh token, the
// PKCE code verifier, the authorization code, the AWS secret key. Each may appear only where it
// must: passwords in the bodies that carry one (SignUp, ChangePassword, the hosted UI's login form;
// SRP never sends it), the refresh token in its own storage key, the cross-tab handover record in
// IndexedDB and the bodies of refresh / revoke requests, the client secret in the bodies of
// GetTokensFromRefreshToken and RevokeToken only (Cognito's `ClientSecret`), the verifier in its sessionStorage flight and the token request,
// the code in the callback URL and the token request, the AWS secret key nowhere.
// After sign-out nothing of the user may remain in localStorage, sessionStorage, cookies or the
// IndexedDB `cognito-auth-wasm` store `handover`; and once both clients have signed out, the wasm's
// whole memory may hold no password and no refresh token (while signed in, the search finds the
// session's refresh token there: the control).
// Prints the audit's scope (console lines, storage writes, requests, navigations) and its findings.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { check, cleanups, finish, note, test } from './shared/harness.mjs';
import { must as rigMust, rigConfig } from './shared/rig.mjs';
import { launch, siteRoot } from './shared/browser.mjs';
import { serve } from './shared/serve.mjs';

const OLD_PASSWORD = 'Audit-0ld-passw0rd';
const NEW_PASSWORD = 'Audit-N3w-passw0rd';
const WRONG_PASSWORD = 'Audit-Wr0ng-passw0rd';
const SRP_SECRET_BYTES = 48; // src/srp.rs SECRET_BYTES: a is 48 random bytes (src/oauth: PKCE draws 48 too)

const rig = await rigConfig(cleanups);
const ui = rig.hostedUi;
const must = (operation, body) => rigMust(rig, operation, body);

// --- the app ------------------------------------------------------------------------------------

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>secret audit</title>
<link rel="icon" href="data:,">
<script type="module">
  import { CognitoAuth } from './pkg/index.js';
  import configs from './config.js';
  window.auths = Object.fromEntries(Object.entries(configs).map(([name, c]) => [name, new CognitoAuth(c)]));
  // Runs one SDK call; a rejection comes back as data (and its name, message and stack are audited).
  window.call = async (name, method, ...args) => {
    try {
      return { ok: true, value: await window.auths[name][method](...args) };
    } catch (e) {
      const own = {};
      for (const k of Object.getOwnPropertyNames(e || {})) { try { own[k] = String(e[k]); } catch (_) { /* getter */ } }
      return { ok: false, name: e?.name, message: e?.message, stack: e?.stack, own };
    }
  };
  window.loaded = true;
</script>
`;

const root = await siteRoot(cleanups, 'secrets');
await writeFile(join(root, 'index.html'), PAGE);
await writeFile(join(root, 'signed-out.html'), '<!doctype html><meta charset="utf-8"><title>signed out</title><p>signed out</p>');
const app = (await serve(root, cleanups)).replace('127.0.0.1', 'localhost');
const APP_HOME = `${app}/`;
const SIGNED_OUT = `${app}/signed-out.html`;
const base = { userPoolId: rig.main.userPoolId, endpoint: rig.endpoint };
await writeFile(join(root, 'config.js'), `export default ${JSON.stringify({
  public: {
    ...base, userPoolClientId: rig.main.clientId,
    identityPoolId: rig.identity.identityPoolId, identityEndpoint: rig.identity.endpoint,
  },
  secret: { ...base, userPoolClientId: rig.main.secretClientId, clientSecret: rig.main.clientSecret },
  hosted: {
    ...base, userPoolClientId: ui.clientId,
    oauth: {
      domain: ui.domain, scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
      redirectSignIn: [APP_HOME], redirectSignOut: [SIGNED_OUT], responseType: 'code',
    },
  },
})};\n`);
await must('UpdateUserPoolClient', {
  UserPoolId: ui.userPoolId, ClientId: ui.clientId, CallbackURLs: [APP_HOME], LogoutURLs: [SIGNED_OUT],
  AllowedOAuthFlows: ['code'], AllowedOAuthFlowsUserPoolClient: true,
  AllowedOAuthScopes: ui.scopes, SupportedIdentityProviders: ['COGNITO'],
});

// --- the recorder ---------------------------------------------------------------------------------

// In every document, before any of its scripts: storage writes, cookies, IndexedDB puts and random
// draws go to the binding `__audit` (a binding survives navigations; a page array would not).
const RECORDER = () => {
  const send = (kind, key, value) => { try { window.__audit(kind, location.origin, String(key), String(value)); } catch (_) { /* no binding yet */ } };
  const setItem = Storage.prototype.setItem; // one prototype for both areas
  Storage.prototype.setItem = function (key, value) {
    send(this === window.localStorage ? 'localStorage' : this === window.sessionStorage ? 'sessionStorage' : 'storage', key, value);
    return setItem.call(this, key, value);
  };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true, get() { return cookie.get.call(this); },
    set(value) { send('cookie', String(value).split('=')[0], value); cookie.set.call(this, value); },
  });
  for (const method of ['put', 'add']) {
    const original = IDBObjectStore.prototype[method];
    IDBObjectStore.prototype[method] = function (value, key) {
      send(`indexedDB:${this.transaction.db.name}/${this.name}`, key, typeof value === 'string' ? value : JSON.stringify(value));
      return original.apply(this, arguments);
    };
  }
  const random = Crypto.prototype.getRandomValues;
  Crypto.prototype.getRandomValues = function (array) {
    const out = random.call(this, array);
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    send('random', bytes.length, Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''));
    return out;
  };
};

const records = { console: [], errors: [], writes: [], navigations: [], requests: [], randoms: [] };
const pendingRequests = [];

const browser = await launch(cleanups, [`--ignore-certificate-errors-spki-list=${ui.spkiSha256}`]);
const context = await browser.newContext();
await context.exposeBinding('__audit', (_source, kind, origin, key, value) => {
  if (kind === 'random') records.randoms.push({ bytes: Number(key), hex: value });
  else records.writes.push({ area: kind, origin, key, value });
});
await context.addInitScript(RECORDER);
const page = await context.newPage();
page.on('console', (m) => records.console.push({ type: m.type(), text: m.text(), at: m.location()?.url ?? '' }));
page.on('pageerror', (e) => records.errors.push({ where: 'pageerror', name: e.name, message: e.message, stack: e.stack ?? '' }));
page.on('framenavigated', (f) => { if (f === page.mainFrame()) records.navigations.push(f.url()); });
page.on('request', (r) => {
  pendingRequests.push(r.allHeaders().then((headers) => {
    records.requests.push({ method: r.method(), url: r.url(), headers, body: r.postData() ?? '' });
  }, () => records.requests.push({ method: r.method(), url: r.url(), headers: r.headers(), body: r.postData() ?? '' })));
});

async function open(url) {
  await page.goto(url);
  await page.waitForFunction(() => window.loaded === true, null, { timeout: 15_000 });
}

/** One SDK call in the page: its value, or (with `fails`) the error it must reject with. */
async function call(name, method, args = [], fails) {
  const out = await page.evaluate(([n, m, a]) => window.call(n, m, ...a), [name, method, args]);
  if (!out.ok) records.errors.push({ where: `${name}.${method}`, ...out });
  if (fails) {
    check(!out.ok && out.name === fails, `${name}.${method} should fail with ${fails}: ${JSON.stringify(out).slice(0, 300)}`);
  } else {
    check(out.ok, `${name}.${method}: ${out.name}: ${out.message}`);
  }
  return out.value;
}

async function code(username, purpose = 'signup') {
  const reply = await fetch(`${rig.endpoint}/rig/code?${new URLSearchParams({ userPoolId: rig.main.userPoolId, username, purpose })}`);
  check(reply.ok, `no ${purpose} code for ${username}`);
  return (await reply.json()).code;
}

/** Everything of the app's origin that outlives sign-out: storage, cookies, IndexedDB handover. */
async function leftovers() {
  const inPage = await page.evaluate(async () => {
    const dump = (s) => Object.fromEntries(Object.keys(s).map((k) => [k, s.getItem(k)]));
    const handover = await new Promise((done) => {
      const req = indexedDB.open('cognito-auth-wasm');
      req.onerror = () => done({ error: String(req.error) });
      req.onsuccess = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('handover')) { db.close(); done({}); return; }
        const store = db.transaction('handover', 'readonly').objectStore('handover');
        const keys = store.getAllKeys();
        const values = store.getAll();
        values.onsuccess = () => { db.close(); done(Object.fromEntries(keys.result.map((k, i) => [String(k), values.result[i]]))); };
      };
    });
    return { localStorage: dump(localStorage), sessionStorage: dump(sessionStorage), documentCookie: document.cookie, handover };
  });
  return { ...inPage, cookies: await context.cookies() };
}

/** The page's wasm memory, copied out: the package's glue hands its instance to a second init(). */
async function wasmMemory() {
  return Buffer.from(await page.evaluate(async () => {
    const { default: init } = await import('./pkg/cognito_auth_wasm.js');
    const bytes = new Uint8Array((await init()).memory.buffer);
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  }), 'base64');
}

// --- the run --------------------------------------------------------------------------------------

const secrets = { passwords: [OLD_PASSWORD, NEW_PASSWORD, WRONG_PASSWORD] };
const username = `audit-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const facts = {};

await test('the run: sign-up, failures, SRP, refresh, credentials, password change, secret client, hosted UI, sign-out', async () => {
  await open(APP_HOME);
  const signedUp = await call('public', 'signUp', [{ username, password: OLD_PASSWORD, options: { userAttributes: { email: `${username}@example.com` } } }]);
  facts.sub = signedUp.userId;
  const sent = await code(username);
  const wrong = String((Number(sent) + 1) % 1_000_000).padStart(6, '0');
  await call('public', 'confirmSignUp', [{ username, confirmationCode: wrong }], 'CodeMismatchException');
  await call('public', 'confirmSignUp', [{ username, confirmationCode: sent }]);
  await call('public', 'signIn', [{ username, password: WRONG_PASSWORD }], 'NotAuthorizedException');
  const signedIn = await call('public', 'signIn', [{ username, password: OLD_PASSWORD }]);
  check(signedIn.isSignedIn, `signIn: ${JSON.stringify(signedIn)}`);
  await call('public', 'fetchAuthSession', [{ forceRefresh: true }]);
  const session = await page.evaluate(() => window.auths.public.fetchAuthSession().then((s) => ({
    identityId: s.identityId, secretAccessKey: s.credentials?.secretAccessKey, sessionToken: s.credentials?.sessionToken,
  })));
  check(session.secretAccessKey && session.identityId, `no identity credentials: ${JSON.stringify(Object.keys(session))}`);
  secrets.awsSecretKey = session.secretAccessKey;
  facts.identityId = session.identityId;
  await call('public', 'updatePassword', [{ oldPassword: WRONG_PASSWORD, newPassword: NEW_PASSWORD }], 'NotAuthorizedException');
  await call('public', 'updatePassword', [{ oldPassword: OLD_PASSWORD, newPassword: NEW_PASSWORD }]);
  await call('public', 'signOut');

  // The app client with a secret: SRP with SECRET_HASH at both steps, a refresh, sign-out.
  await call('secret', 'signIn', [{ username, password: WRONG_PASSWORD }], 'NotAuthorizedException');
  check((await call('secret', 'signIn', [{ username, password: NEW_PASSWORD }])).isSignedIn, 'the secret client did not sign in');
  await call('secret', 'fetchAuthSession', [{ forceRefresh: true }]);
  // Control for the memory search below: while signed in, the session in the wasm holds the
  // refresh token, and the search finds it.
  const liveToken = await page.evaluate(() =>
    localStorage.getItem(Object.keys(localStorage).find((k) => k.endsWith('.refreshToken'))));
  facts.liveTokenInMemory = (await wasmMemory()).includes(Buffer.from(liveToken));
  await call('secret', 'signOut');
  // The wasm's whole memory now that both clients have signed out (the instances live on): the
  // audit searches it for the passwords and the refresh tokens, which the wasm wipes before it
  // frees their memory.
  facts.wasmMemory = await wasmMemory();

  // The hosted UI: the login form over HTTPS, back with a code, exchanged with the PKCE verifier.
  await page.evaluate(() => { window.auths.hosted.signInWithRedirect(); });
  await page.waitForSelector('#signInFormUsername', { timeout: 15_000 });
  await page.fill('#signInFormUsername', username);
  await page.fill('#signInFormPassword', NEW_PASSWORD);
  await page.click('#signInSubmitButton');
  await page.waitForURL((url) => url.href.startsWith(app), { timeout: 15_000 });
  await page.waitForFunction(() => window.loaded === true, null, { timeout: 15_000 });
  check((await call('hosted', 'handleRedirect')).isSignedIn, 'the hosted UI sign-in did not complete');
  check(await page.evaluate(() => !Object.keys(sessionStorage).some((k) => k.endsWith('oauthFlight'))), 'the PKCE flight outlived the sign-in');
  await call('hosted', 'fetchAuthSession', [{ forceRefresh: true }]);
  await Promise.all([page.waitForURL(SIGNED_OUT, { timeout: 15_000 }), page.evaluate(() => { window.auths.hosted.signOut(); })]);
  await open(APP_HOME); // the app again, to read what its origin kept
  facts.left = await leftovers();
  await Promise.all(pendingRequests);
});

// --- the audit ------------------------------------------------------------------------------------

const b64 = (hex) => Buffer.from(hex, 'hex').toString('base64');
const b64url = (hex) => Buffer.from(hex, 'hex').toString('base64url');
/** The ways a value can be written down: as is, URL-encoded, JSON-escaped. */
const spellings = (v) => [...new Set([v, encodeURIComponent(v), new URLSearchParams({ v }).toString().slice(2), JSON.stringify(v).slice(1, -1)])];

function targetOf(req) {
  return req.headers['x-amz-target']?.split('.').pop() ?? '';
}
function bodyParams(req) {
  try { return new URLSearchParams(req.body); } catch (_) { return new URLSearchParams(); }
}
const isLogin = (req) => req.method === 'POST' && req.url.startsWith(ui.endpoint) && new URL(req.url).pathname === '/login';
const isTokenRequest = (req, grant) => req.url.startsWith(`${ui.endpoint}/oauth2/token`) && bodyParams(req).get('grant_type') === grant;

await test('no secret appears where it should not; nothing of the user is left after sign-out', async () => {
  // What to look for, from what was recorded.
  const refreshTokens = [...new Set(records.writes.filter((w) => w.key.endsWith('.refreshToken') && w.value).map((w) => w.value))];
  const flights = records.writes.filter((w) => w.area === 'sessionStorage' && w.key.endsWith('oauthFlight'));
  const verifiers = [...new Set(flights.map((w) => { try { return JSON.parse(w.value).codeVerifier; } catch (_) { return undefined; } }).filter(Boolean))];
  const callbacks = records.navigations.filter((u) => u.startsWith(app) && new URL(u).searchParams.has('code'));
  const codes = [...new Set(callbacks.map((u) => new URL(u).searchParams.get('code')))];
  // The PKCE draw is verifier (32 bytes, base64url) + state (16 bytes, hex, public): not SRP's.
  const srpSecrets = records.randoms.filter((r) => r.bytes === SRP_SECRET_BYTES && !verifiers.includes(b64url(r.hex.slice(0, 64))))
    .map((r) => r.hex);
  check(refreshTokens.length >= 3, `refresh tokens seen: ${refreshTokens.length}`);
  check(verifiers.length === 1, `PKCE verifiers seen: ${verifiers.length}`);
  check(codes.length === 1, `authorization codes seen: ${codes.length}`);
  check(srpSecrets.length >= 4, `SRP secrets seen: ${srpSecrets.length}`);
  check(secrets.awsSecretKey, 'no AWS secret key');

  // Each secret with the places it may be; everything else is a finding.
  const passwordBody = (p) => p.kind === 'request body'
    && (['SignUp', 'ChangePassword'].includes(targetOf(p.req)) || isLogin(p.req));
  const refreshPlace = (p) => (p.kind === 'storage' && (p.write.key.endsWith('.refreshToken') || p.write.area === 'indexedDB:cognito-auth-wasm/handover'))
    || (p.kind === 'request body' && (['GetTokensFromRefreshToken', 'RevokeToken'].includes(targetOf(p.req))
      || (targetOf(p.req) === 'InitiateAuth' && /"REFRESH_TOKEN(_AUTH)?"/.test(p.req.body))
      || isTokenRequest(p.req, 'refresh_token') || p.req.url.startsWith(`${ui.endpoint}/oauth2/revoke`)));
  const verifierPlace = (p) => (p.kind === 'storage' && p.write.area === 'sessionStorage' && p.write.key.endsWith('oauthFlight'))
    || (p.kind === 'request body' && isTokenRequest(p.req, 'authorization_code'));
  const codePlace = (p) => p.kind === 'navigation'
    || (p.kind === 'request url' && p.req.url.startsWith(app))
    // A page loaded from the callback URL sends it as Referer to its own origin (the default
    // referrer policy), before any script runs; cross-origin requests get the origin only.
    || (p.kind === 'request header' && p.name === 'referer' && p.req.url.startsWith(app))
    || (p.kind === 'request body' && isTokenRequest(p.req, 'authorization_code'));
  const nowhere = () => false;
  const rules = [
    ...secrets.passwords.map((v, i) => ({ what: ['old password', 'new password', 'wrong password'][i], values: [v], allowed: passwordBody })),
    { what: 'SRP secret a', values: srpSecrets.flatMap((h) => [h, h.replace(/^0+/, ''), h.toUpperCase(), b64(h), b64url(h)]), allowed: nowhere, plain: true },
    // Cognito's GetTokensFromRefreshToken and RevokeToken take the secret itself (`ClientSecret`).
    { what: 'client secret', values: [rig.main.clientSecret],
      allowed: (p) => p.kind === 'request body' && ['GetTokensFromRefreshToken', 'RevokeToken'].includes(targetOf(p.req)) },
    { what: 'refresh token', values: refreshTokens, allowed: refreshPlace },
    { what: 'PKCE code verifier', values: verifiers, allowed: verifierPlace },
    { what: 'authorization code', values: codes, allowed: codePlace },
    { what: 'AWS secret key', values: [secrets.awsSecretKey], allowed: nowhere },
  ];

  // Every place, as text.
  const places = [];
  for (const m of records.console) places.push({ kind: 'console', text: m.text, label: `console.${m.type}` });
  for (const e of records.errors) {
    places.push({ kind: 'error', text: [e.name, e.message, e.stack, JSON.stringify(e.own ?? {})].join('\n'), label: `error of ${e.where}` });
  }
  for (const w of records.writes) places.push({ kind: 'storage', write: w, text: `${w.key}\n${w.value}`, label: `${w.area} ${w.key}` });
  for (const u of records.navigations) places.push({ kind: 'navigation', text: u, label: `navigation ${u.slice(0, 80)}` });
  for (const req of records.requests) {
    places.push({ kind: 'request url', req, text: req.url, label: `${req.method} ${req.url.slice(0, 80)}` });
    for (const [name, value] of Object.entries(req.headers)) {
      places.push({ kind: 'request header', req, name, text: value, label: `header ${name} of ${req.method} ${req.url.slice(0, 60)}` });
    }
    if (req.body) places.push({ kind: 'request body', req, text: req.body, label: `body of ${req.method} ${req.url.slice(0, 60)} ${targetOf(req)}` });
  }

  const search = (rule, where) => {
    const forms = rule.values.flatMap((v) => (rule.plain ? [v] : spellings(v))).filter((v) => v && v.length >= 8);
    return where.filter((place) => forms.some((f) => place.text.includes(f)) && !rule.allowed(place))
      .map((place) => `${rule.what} in ${place.label}`);
  };
  // The search itself finds each secret planted in a console line (URL-encoded, for the spellings).
  for (const rule of rules) {
    const planted = { kind: 'console', text: `planted ${encodeURIComponent(rule.values[rule.values.length - 1])}`, label: 'planted' };
    check(search(rule, [planted]).length === 1, `the audit does not find a planted ${rule.what}`);
  }
  const findings = rules.flatMap((rule) => search(rule, places));

  // After sign-out: nothing of the user in the app's storage, cookies or the handover store.
  const marks = [username, facts.sub, facts.identityId, ...refreshTokens].filter(Boolean);
  const left = facts.left;
  for (const [area, entries] of [['localStorage', left.localStorage], ['sessionStorage', left.sessionStorage], ['IndexedDB handover', left.handover]]) {
    for (const [k, v] of Object.entries(entries)) {
      if (marks.some((m) => `${k}\n${typeof v === 'string' ? v : JSON.stringify(v)}`.includes(m)) || k.startsWith('CognitoIdentityServiceProvider.')) {
        findings.push(`after sign-out, ${area} keeps ${k}`);
      }
    }
  }
  for (const c of left.cookies) {
    if (marks.some((m) => `${c.name}=${c.value}`.includes(m)) || c.name.startsWith('CognitoIdentityServiceProvider.')) {
      findings.push(`after sign-out, cookie ${c.name} of ${c.domain}`);
    }
  }
  if (left.documentCookie) findings.push(`after sign-out, document.cookie of the app: ${left.documentCookie.split(';').map((s) => s.split('=')[0]).join(', ')}`);

  // The wasm's memory after both sign-outs: no password, no refresh token (the hosted UI's came
  // later and cannot be there).
  const memory = facts.wasmMemory;
  for (const [what, values] of [['a password', secrets.passwords], ['a refresh token', refreshTokens]]) {
    for (const v of values) if (memory.includes(Buffer.from(v))) findings.push(`${what} in the wasm's memory after sign-out`);
  }
  check(facts.liveTokenInMemory, 'the memory search did not find the refresh token of the session the wasm held');

  const headers = records.requests.reduce((n, r) => n + Object.keys(r.headers).length, 0);
  note(`audited: ${records.console.length} console lines, ${records.errors.length} errors, ${records.writes.length} storage writes `
    + `(${records.writes.filter((w) => w.area === 'localStorage').length} local, ${records.writes.filter((w) => w.area === 'sessionStorage').length} session, `
    + `${records.writes.filter((w) => w.area === 'cookie').length} cookie, ${records.writes.filter((w) => w.area.startsWith('indexedDB')).length} IndexedDB), `
    + `${records.requests.length} requests (${headers} headers, ${records.requests.filter((r) => r.body).length} bodies), ${records.navigations.length} navigations checked, `
    + `and ${memory.length} bytes of wasm memory after two sign-outs`);
  note(`for: 3 passwords, ${srpSecrets.length} SRP secrets, 1 client secret, ${refreshTokens.length} refresh tokens, ${verifiers.length} PKCE verifier, `
    + `${codes.length} authorization code, 1 AWS secret key; after sign-out: ${Object.keys(left.localStorage).length} localStorage, `
    + `${Object.keys(left.sessionStorage).length} sessionStorage, ${left.cookies.length} cookies (${left.cookies.map((c) => `${c.name} of ${c.domain}`).join(', ') || 'none'}), `
    + `${Object.keys(left.handover).length} handover records left`);
  note(`${findings.length} findings`);
  check(findings.length === 0, `findings:\n${[...new Set(findings)].join('\n')}`);
});

await finish();
