// Odd inputs, signed up and in for real: in Chromium against the rig, each user is made with
// signUp, confirmed with the rig's code (GET /rig/code), signed in with SRP and signed out.
// Run after `./dev build` (pkg/ must exist):
//
//   COGNITO_RIG_CONFIG=/path/to/rig.json node tests/e2e/odd-inputs.mjs   # or COGNITO_RIG=http://127.0.0.1:PORT
//
// 1. unicode: the NFC and NFD forms of one accented name, as usernames (`main` pool) and in
//    passwords, each signs up and in as itself. Cognito documents no Unicode normalization, and its
//    usernames are case-sensitive unless the pool sets UsernameConfiguration.CaseSensitive = false
//    (the API's default is true): the two forms are two users, and a password typed in the other
//    form is refused. The rig derives the SRP verifier from the password's UTF-8 bytes, so a
//    sign-in proves the SDK hashes the same bytes;
// 2. CJK and emoji (astral plane: surrogate pairs in JS) in usernames and passwords; in the
//    `email` pool (the address is the username) in the password;
// 3. a 256-character password (Cognito's maximum), counted in characters;
// 4. attribute values with quotes, backslashes, newlines and astral characters read back exactly
//    from fetchUserAttributes and the ID token;
// 5. a lone surrogate ('\uD800', '\uDC00') in a username, password or attribute: rejected at once
//    with InvalidArgumentError naming the field, and no request sent.
// Ends with 'N passed, N failed'; exits non-zero on a failure.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { check, cleanups, finish, test } from './shared/harness.mjs';
import { rigConfig } from './shared/rig.mjs';
import { launch, siteRoot } from './shared/browser.mjs';
import { serve } from './shared/serve.mjs';

const rig = await rigConfig(cleanups);

/** Unique per run, so the users of one run never meet those of another. */
const tag = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

// --- the page -------------------------------------------------------------------------------------

const root = await siteRoot(cleanups, 'odd-inputs');
await writeFile(join(root, 'index.html'), `<!doctype html>
<meta charset="utf-8">
<title>odd input tests</title>
<link rel="icon" href="data:,">
<script type="module">
  import { CognitoAuth } from './pkg/index.js';
  window.CognitoAuth = CognitoAuth;
  // auth[name](...args) as { ok, value } or { ok: false, name, message }.
  window.call = async (name, ...args) => {
    try {
      return { ok: true, value: await window.auth[name](...args) };
    } catch (e) {
      return { ok: false, name: e?.name, message: e?.message };
    }
  };
  window.loaded = true;
</script>
`);
const origin = await serve(root, cleanups);
const browser = await launch(cleanups);

/** A fresh page with `auth` for `pool`; `body(page, requests)` sees the Cognito calls it made. */
async function withPage(pool, body) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => {
    const target = r.headers()['x-amz-target'];
    if (target) requests.push(target.split('.').pop());
  });
  try {
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => window.loaded === true, null, { timeout: 15_000 });
    await page.evaluate(([userPoolId, userPoolClientId, endpoint]) => {
      window.auth = new window.CognitoAuth({ userPoolId, userPoolClientId, endpoint });
    }, [pool.userPoolId, pool.clientId, rig.endpoint]);
    await body(page, requests);
    check(errors.length === 0, `page errors: ${errors.join('; ')}`);
  } finally {
    await context.close();
  }
}

const call = (page, name, ...args) => page.evaluate(([name, args]) => window.call(name, ...args), [name, args]);

/** Escapes what is not printable ASCII, so a failure message shows the exact code units. */
const shown = (value) => JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

async function ok(page, name, ...args) {
  const out = await call(page, name, ...args);
  check(out.ok, `${name}(${shown(args)}): ${out.name}: ${out.message}`);
  return out.value;
}

async function refused(page, expected, name, ...args) {
  const out = await call(page, name, ...args);
  check(!out.ok && out.name === expected, `${name}(${shown(args)}) should fail with ${expected}: ${shown(out)}`);
  return out;
}

async function rigCode(pool, username) {
  const query = new URLSearchParams({ userPoolId: pool.userPoolId, username, purpose: 'signup' });
  const reply = await fetch(`${rig.endpoint}/rig/code?${query}`);
  check(reply.ok, `/rig/code for ${shown(username)}: HTTP ${reply.status}`);
  return (await reply.json()).code;
}

/** signUp, confirmSignUp with the rig's code; `attributes` go with signUp (email is added in `main`). */
async function signUp(page, pool, username, password, attributes = {}) {
  const userAttributes = pool === rig.email ? attributes : { email: `odd-${tag()}@example.com`, ...attributes };
  const up = await ok(page, 'signUp', { username, password, options: { userAttributes } });
  check(up.isSignUpComplete === false && up.nextStep.signUpStep === 'CONFIRM_SIGN_UP', `signUp ${shown(username)}: ${shown(up)}`);
  const confirmed = await ok(page, 'confirmSignUp', { username, confirmationCode: await rigCode(pool, username) });
  check(confirmed.isSignUpComplete === true, `confirmSignUp ${shown(username)}: ${shown(confirmed)}`);
}

/** SRP sign-in (the SDK's default flow); resolves to the ID token's payload. */
async function signIn(page, username, password) {
  const out = await ok(page, 'signIn', { username, password });
  check(out.isSignedIn === true && out.nextStep.signInStep === 'DONE', `signIn ${shown(username)}: ${shown(out)}`);
  const session = await page.evaluate(() => window.auth.fetchAuthSession().then((s) => s.tokens?.idToken?.payload));
  check(session, 'no ID token after signIn');
  return session;
}

async function signOut(page) {
  await ok(page, 'signOut');
  const user = await call(page, 'getCurrentUser');
  check(!user.ok, `still a current user after signOut: ${shown(user)}`);
}

/** The whole round for one user: sign up, confirm, sign in (SRP), sign out; resolves to the ID token's payload. */
async function round(page, pool, username, password, attributes) {
  await signUp(page, pool, username, password, attributes);
  const payload = await signIn(page, username, password);
  await signOut(page);
  return payload;
}

// --- the tests ------------------------------------------------------------------------------------

const NFC = 'Ren\u00e9e-Z\u00f6e'; // é, ö precomposed
const NFD = 'Rene\u0301e-Zo\u0308e'; // e + U+0301, o + U+0308
check(NFC.normalize('NFD') === NFD && NFD.normalize('NFC') === NFC && NFC !== NFD, 'the two forms');

await test('NFC and NFD forms of one accented name: two users, each signs up and in (SRP) as itself; the other form of the password is refused', async () => {
  const t = tag();
  await withPage(rig.main, async (page) => {
    const nfcPassword = `${NFC}-Pa55-${t}`;
    const nfdPassword = `${NFD}-Pa55-${t}`;
    const nfc = await round(page, rig.main, `${NFC}-${t}`, nfcPassword);
    const nfd = await round(page, rig.main, `${NFD}-${t}`, nfdPassword);
    check(nfc['cognito:username'] === `${NFC}-${t}`, `NFC username in the ID token: ${shown(nfc['cognito:username'])}`);
    check(nfd['cognito:username'] === `${NFD}-${t}`, `NFD username in the ID token: ${shown(nfd['cognito:username'])}`);
    check(nfc.sub !== nfd.sub, 'the NFC and NFD usernames are one user');
    await refused(page, 'NotAuthorizedException', 'signIn', { username: `${NFC}-${t}`, password: nfdPassword });
    await refused(page, 'NotAuthorizedException', 'signIn', { username: `${NFD}-${t}`, password: nfcPassword });
  });
});

await test('CJK and emoji (surrogate pairs) in usernames and passwords (main pool) and in passwords of the email pool', async () => {
  const t = tag();
  await withPage(rig.main, async (page) => {
    for (const [username, password] of [
      [`用户名-ユーザー-사용자-${t}`, `密码パスワード비밀번호-Aa1-${t}`],
      [`🦀🔐👩‍💻-${t}`, `Pw-😀🦀𝔘𝔫𝔦-Aa1-${t}`],
    ]) {
      check(/[\uD800-\uDBFF]/.test(username + password) || /[\u4e00-\u9fff]/.test(username), 'the case is what it says');
      const payload = await round(page, rig.main, username, password);
      check(payload['cognito:username'] === username, `username in the ID token: ${shown(payload['cognito:username'])}`);
    }
  });
  await withPage(rig.email, async (page) => {
    const email = `odd-${t}@example.com`;
    const payload = await round(page, rig.email, email, `Pw-用户-🦀-Aa1-${t}`);
    check(payload.email === email, `email in the ID token: ${shown(payload.email)}`);
  });
});

await test('a 256-character password (Cognito\'s maximum, counted in characters) with astral characters signs in', async () => {
  const t = tag();
  const head = `Aa1-${t}-`;
  const password = head + '😀'.repeat(256 - [...head].length);
  check([...password].length === 256 && password.length > 256, 'the password is 256 characters and more UTF-16 units');
  await withPage(rig.main, async (page) => {
    await round(page, rig.main, `long-${t}`, password);
    const ascii = head + 'x'.repeat(256 - head.length);
    await round(page, rig.main, `long-ascii-${t}`, ascii);
    await refused(page, 'InvalidPasswordException', 'signUp',
      { username: `too-long-${t}`, password: `${ascii}y`, options: { userAttributes: { email: `long-${t}@example.com` } } });
  });
});

await test('attribute values with quotes, backslashes, newlines and astral characters read back exactly (fetchUserAttributes, ID token)', async () => {
  const t = tag();
  const name = 'O\'Brien "the \\ one"\nsecond line\r\n\ttab \u2028 \u{1F980} \\u0041 </script>';
  const nickname = '{"json":"in a value"} \\"escaped\\" \u00e9 e\u0301';
  await withPage(rig.main, async (page) => {
    const username = `attrs-${t}`;
    const password = `Attr-Pa55-${t}`;
    await signUp(page, rig.main, username, password, { name, nickname });
    const payload = await signIn(page, username, password);
    check(payload.name === name, `ID token name: ${shown(payload.name)}`);
    check(payload.nickname === nickname, `ID token nickname: ${shown(payload.nickname)}`);
    const attributes = await ok(page, 'fetchUserAttributes');
    check(attributes.name === name && attributes.nickname === nickname, `fetchUserAttributes: ${shown(attributes)}`);
    await ok(page, 'updateUserAttributes', { userAttributes: { name: nickname, nickname: name } });
    const updated = await ok(page, 'fetchUserAttributes');
    check(updated.name === nickname && updated.nickname === name, `after updateUserAttributes: ${shown(updated)}`);
    await signOut(page);
  });
});

await test('a lone surrogate in a username, password or attribute: InvalidArgumentError naming the field, no request sent', async () => {
  const t = tag();
  await withPage(rig.main, async (page, requests) => {
    const email = { email: `lone-${t}@example.com` };
    for (const [name, input, field] of [
      ['signUp', { username: `lone-\uD800-${t}`, password: 'Lone-Pa55', options: { userAttributes: email } }, 'signUp input.username'],
      ['signUp', { username: `lone-${t}`, password: 'Lone-Pa55\uDC00', options: { userAttributes: email } }, 'signUp input.password'],
      ['signUp', { username: `lone-${t}`, password: 'Lone-Pa55', options: { userAttributes: { ...email, name: 'a\uD83D' } } }, 'signUp input.options.userAttributes'],
      ['signUp', { username: `lone-${t}`, password: 'Lone-Pa55', options: { userAttributes: { ...email, ['x\uDFFF']: 'a' } } }, 'signUp input.options.userAttributes'],
      ['signIn', { username: `lone-\uD800-${t}`, password: 'Lone-Pa55' }, 'signIn input.username'],
      ['signIn', { username: `lone-${t}`, password: '\uD800' }, 'signIn input.password'],
      ['signIn', { username: `lone-${t}`, password: '\uDE00\uD83D' }, 'signIn input.password'],
      ['confirmSignUp', { username: `lone-\uDBFF-${t}`, confirmationCode: '123456' }, 'confirmSignUp input.username'],
      ['resetPassword', { username: `lone-\uD800-${t}` }, 'resetPassword input.username'],
    ]) {
      const out = await refused(page, 'InvalidArgumentError', name, input);
      check(out.message.startsWith(field) && /lone surrogate/.test(out.message), `${name}: ${shown(out.message)} (expected ${field})`);
      check(!/[\uD800-\uDFFF]/.test(out.message) && !out.message.includes('Lone-Pa55'), `${name}: the message shows the value: ${shown(out.message)}`);
    }
    check(requests.length === 0, `requests sent: ${requests.join(', ')}`);
    // A well-formed pair is not a lone surrogate.
    await round(page, rig.main, `pair-\uD83D\uDE00-${t}`, 'Pair-Pa55-\uD83D\uDE00');
  });
});

await finish();
