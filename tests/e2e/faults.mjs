// Every flow of the SDK under every fault the rig injects (/rig/fail), in Debian's Chromium. Run
// after `./dev build` (pkg/ must exist):
//
//   COGNITO_RIG_CONFIG=/path/to/rig.json node tests/e2e/faults.mjs   # or COGNITO_RIG=http://127.0.0.1:PORT
//
// With neither variable it starts tests/rig/rig.py itself; FAULTS_ONLY=<regexp> runs the matching
// flows only. The flows: signUp, confirmSignUp, both SRP requests, the challenges answered with
// confirmSignIn (TOTP code, new password, custom challenge), TOTP setup while signing in
// (AssociateSoftwareToken), resetPassword, confirmResetPassword, a forced refresh,
// fetchUserAttributes, updateUserAttributes, updatePassword, identity-pool credentials of a user
// and of a guest (GetId), deleteUser, signOut and the hosted UI's code exchange.
// The SDK runs with `timeoutMs: 3000`; a stall lasts 6 s. For each flow × fault cell:
// 1. the promise settles in time: one request's timeout plus a margin, or, for a refresh, the four
//    attempts and the backoff between them (the refresh is retried by design: the fault is injected
//    `times: 4`, enough to exhaust the retries; a `drop` twice as often, as Chromium itself sends
//    a request once more when a kept-alive connection closes without a reply);
// 2. it settles as EXPECTED says (the table printed at the end): a rejection's `name` is one of the SDK's typed names
//    (README "Errors"), never TypeError, RuntimeError (a wasm panic) or undefined;
// 3. the stored session (every localStorage entry) is what it was, or absent for the signed-out
//    flows (sign-up, sign-in, password reset, guests: no guest id kept) and after signOut (which
//    signs out locally first, by design) or a deleteUser that resolved; a fresh CognitoAuth in the
//    page reads the stored session back intact;
// 4. the same flow succeeds right after with the fault cleared (for `truncate` and `nocors` the
//    service did the work before the reply was spoiled, so a repeat of a one-time step says so:
//    see RECOVERY).
// Prints the flows × faults table (also in README.md, "How it is tested", where `./dev test`
// runs this script) and 'N passed, N failed'.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { check, cleanups, finish, note, test } from './shared/harness.mjs';
import { adminUser, must, rigConfig } from './shared/rig.mjs';
import { launch, siteRoot } from './shared/browser.mjs';
import { serve } from './shared/serve.mjs';
import { totp } from '../js/totp.mjs';

const PASSWORD = 'Faults-passw0rd';
const NEW_PASSWORD = 'Faults-passw0rd-2';
const TEMPORARY_PASSWORD = 'Temporary-passw0rd-1';
const TIMEOUT_MS = 3_000;
const STALL_SECONDS = 6;
const MARGIN_MS = 2_500;
const REFRESH_ATTEMPTS = 4; // the first try and three retries (README "Sessions")
const BACKOFF_MS = 500 + 1_000 + 2_000; // the most the three backoffs can add
const FAULTS = ['500', '503', '429', 'drop', 'stall', 'truncate', 'html', 'shape', 'nocors'];
const TYPED = new Set(['InternalErrorException', 'TooManyRequestsException', 'NetworkError', 'MalformedResponseError',
  'NotAuthorizedException', 'CodeMismatchException', 'UsernameExistsException', 'OAuthError', 'InvalidStateError']);

const rig = await rigConfig(cleanups);

// --- the rig ------------------------------------------------------------------------------------

async function fail(operation, mode, times = 1, shape = SHAPES[operation]) {
  const spec = { operation, mode, times };
  if (mode === 'stall') spec.seconds = STALL_SECONDS;
  if (mode === 'shape' && shape !== undefined) spec.body = shape;
  const reply = await fetch(`${rig.endpoint}/rig/fail`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(spec),
  });
  check(reply.ok, `/rig/fail ${operation} ${mode}: HTTP ${reply.status}`);
}

/** Clears whatever fault of `operation` a cell left unspent. */
const clear = (operation) => fail(operation, '503', 0);

/** `shape` bodies: the reply's own keys with the wrong types, or the right types with contents
 * that do not hold up (an SRP challenge whose numbers are not hex, tokens that are not JWTs or whose
 * payload is not JSON); operations that answer `{}` (ConfirmSignUp, RevokeToken,
 * ConfirmForgotPassword, ChangePassword, DeleteUser) get the rig's default `{"unexpected": true}`. */
const NOT_A_JWT = 'eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln'; // {"alg":"RS256"} . "not json" . "sig"
const GARBLED_TOKENS = { AccessToken: 'a.b.c', IdToken: NOT_A_JWT, RefreshToken: 'r', ExpiresIn: 3600, TokenType: 'Bearer' };
const SHAPES = {
  SignUp: { UserConfirmed: 'no', UserSub: 7 },
  InitiateAuth: { ChallengeName: 'PASSWORD_VERIFIER', Session: 5,
    ChallengeParameters: { SALT: 'zz', SRP_B: 'not hex', SECRET_BLOCK: 7, USER_ID_FOR_SRP: '' } },
  RespondToAuthChallenge: { AuthenticationResult: GARBLED_TOKENS },
  GetTokensFromRefreshToken: { AuthenticationResult: GARBLED_TOKENS },
  GetUser: { Username: 'u', UserAttributes: [{ Name: 7, Value: [] }] },
  GetCredentialsForIdentity: { IdentityId: 'us-east-1:x', Credentials: { AccessKeyId: 7, SecretKey: 'x', SessionToken: 's', Expiration: 'tomorrow' } },
  GetId: { IdentityId: 7 },
  AssociateSoftwareToken: { SecretCode: 7, Session: [] },
  ForgotPassword: { CodeDeliveryDetails: { Destination: 7, DeliveryMedium: [], AttributeName: {} } },
  UpdateUserAttributes: { CodeDeliveryDetailsList: [{ AttributeName: 7, DeliveryMedium: 'EMAIL' }] },
  'oauth2/token': { access_token: 'a.b.c', id_token: NOT_A_JWT, refresh_token: 'r', expires_in: 3600, token_type: 'Bearer' },
};

async function rigCode(userPoolId, username, purpose = 'signup') {
  const reply = await fetch(`${rig.endpoint}/rig/code?${new URLSearchParams({ userPoolId, username, purpose })}`);
  check(reply.ok, `/rig/code: HTTP ${reply.status}`);
  return (await reply.json()).code;
}


// --- the page -----------------------------------------------------------------------------------

const root = await siteRoot(cleanups, 'faults');
await writeFile(join(root, 'index.html'), `<!doctype html>
<meta charset="utf-8">
<title>fault tests</title>
<link rel="icon" href="data:,">
<script type="module">
  import { CognitoAuth } from './pkg/index.js';
  window.CognitoAuth = CognitoAuth;
  // auth[name](...args) as { ok, value, ms } or { ok: false, name, message, ms }
  window.call = async (name, ...args) => {
    const started = performance.now();
    try {
      const value = await window.auth[name](...args);
      const secret = value?.nextStep?.totpSetupDetails?.sharedSecret;
      return { ok: true, value: JSON.parse(JSON.stringify(value ?? null)), secret, ms: performance.now() - started };
    } catch (e) {
      return { ok: false, name: e?.name, message: e?.message, isError: e instanceof Error, ms: performance.now() - started };
    }
  };
  // every localStorage entry, sorted
  window.stored = () => JSON.stringify(Object.entries(localStorage).sort());
  window.loaded = true;
</script>
`);
const origin = await serve(root, cleanups);
// The hosted UI's callback must be http://localhost; the app page starts the code exchange as it loads.
const ui = rig.hostedUi;
const app = origin.replace('127.0.0.1', 'localhost');
const APP_PAGE = `${app}/hosted.html`;
await writeFile(join(root, 'hosted.html'), `<!doctype html>
<meta charset="utf-8">
<title>fault tests: hosted UI</title>
<link rel="icon" href="data:,">
<script type="module">
  import { CognitoAuth } from './pkg/index.js';
  window.CognitoAuth = CognitoAuth;
  window.auth = new CognitoAuth(${JSON.stringify({
    userPoolId: ui.userPoolId, userPoolClientId: ui.clientId, endpoint: rig.endpoint, timeoutMs: TIMEOUT_MS,
    oauth: { domain: ui.domain, scopes: ['openid', 'email', 'aws.cognito.signin.user.admin'], redirectSignIn: [`${app}/hosted.html`],
      redirectSignOut: [`${app}/hosted.html`], responseType: 'code' },
  })});
  window.stored = () => JSON.stringify(Object.entries(localStorage).sort());
  window.loaded = true;
</script>
`);

const browser = await launch(cleanups, [`--ignore-certificate-errors-spki-list=${ui.spkiSha256}`]);

function authConfig(pool = rig.main, extra = {}) {
  return { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, endpoint: rig.endpoint, timeoutMs: TIMEOUT_MS, ...extra };
}

const identityConfig = () => authConfig(rig.main, { identityPoolId: rig.identity.identityPoolId, identityEndpoint: rig.identity.endpoint });

async function withPage(body) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => window.loaded === true, null, { timeout: 15_000 });
    await body(page);
    check(errors.length === 0, `page errors: ${errors.join('; ')}`);
  } finally {
    await context.close();
  }
}

/** Which stored keys a change added, removed or rewrote (names only: values hold tokens). */
function storageDiff(before, after) {
  const a = new Map(JSON.parse(before));
  const b = new Map(JSON.parse(after));
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys.filter((k) => a.get(k) !== b.get(k))
    .map((k) => `${!a.has(k) ? '+' : !b.has(k) ? '-' : '~'}${k.replace(/^CognitoIdentityServiceProvider\.[^.]+\./, '')}`).join(' ') || 'none';
}

const make = (page, config) => page.evaluate((c) => { window.auth = new window.CognitoAuth(c); }, config);
const call = (page, name, ...args) => page.evaluate(([n, a]) => window.call(n, ...a), [name, args]);
const stored = (page) => page.evaluate(() => window.stored());

async function ok(page, name, ...args) {
  const out = await call(page, name, ...args);
  check(out.ok, `${name}: ${out.name}: ${out.message}`);
  return out;
}

async function signedIn(page, username, password = PASSWORD) {
  const out = await ok(page, 'signIn', { username, password });
  check(out.value.isSignedIn, `signIn: ${JSON.stringify(out.value)}`);
}

/** A second CognitoAuth in the page reads the stored session back: the user, tokens that decode. */
async function readBack(page, config, username) {
  const out = await page.evaluate(async (c) => {
    const other = new window.CognitoAuth(c);
    try {
      const user = await other.getCurrentUser();
      const { tokens } = await other.fetchAuthSession();
      return { ok: true, username: user.username, access: String(tokens.accessToken), id: tokens.idToken.payload.sub };
    } catch (e) {
      return { ok: false, name: e?.name, message: e?.message };
    }
  }, config);
  check(out.ok && out.username === username && out.id, `the stored session does not read back: ${JSON.stringify(out)}`);
}

// --- expectations ---------------------------------------------------------------------------------

// What each cell settles as: an error name, 'ok', or 'ok:<what>' for a flow that resolves by
// design. The defaults follow README "Errors": a Cognito error keeps its name, a network failure
// (a dropped connection, a timeout, a reply the browser may not read) is a NetworkError, a reply
// that does not parse or fit is a MalformedResponseError.
const DEFAULT = {
  500: 'InternalErrorException', 503: 'InternalErrorException', 429: 'TooManyRequestsException', drop: 'NetworkError',
  stall: 'NetworkError', truncate: 'MalformedResponseError', html: 'MalformedResponseError',
  shape: 'MalformedResponseError', nocors: 'NetworkError',
};
const EXPECTED = {
  // ConfirmSignUp answers {}: a 200 with unknown fields is a success in AWS JSON 1.1 (so are
  // ConfirmForgotPassword's, ChangePassword's and DeleteUser's; the rig did not run any of them)
  confirmSignUp: { shape: 'ok' },
  confirmResetPassword: { shape: 'ok' },
  updatePassword: { shape: 'ok' },
  deleteUser: { shape: 'ok' },
  // the local sign-out happens first and always; { revoked } says whether the service revoked;
  // RevokeToken answers {}, so a 200 with unknown fields is a revocation
  signOut: Object.fromEntries(FAULTS.map((f) => [f, f === 'shape' ? 'ok:revoked' : 'ok:not revoked'])),
};
const expected = (flow, fault) => EXPECTED[flow]?.[fault] ?? DEFAULT[fault];

// For `truncate` and `nocors` the service did the work before the reply was spoiled; a one-time
// step cannot be repeated, and what the repeat answers shows it was done.
const RECOVERY = {
  signUp: { truncate: 'UsernameExistsException', nocors: 'UsernameExistsException' },
  confirmSignUp: { truncate: 'NotAuthorizedException', nocors: 'NotAuthorizedException' },
  // truncate / nocors: the Session was spent on tokens the page never read; shape: a reply with
  // tokens ends the challenge, usable or not (the service spends the Session when it issues
  // tokens); then a new sign-in
  'confirmSignIn (TOTP)': { truncate: 'NotAuthorizedException', nocors: 'NotAuthorizedException', shape: 'InvalidStateError' },
  // the same for a new password
  'confirmSignIn (new password)': { truncate: 'NotAuthorizedException', nocors: 'NotAuthorizedException', shape: 'InvalidStateError' },
  // truncate / nocors: the service moved on to round 2 under a new Session; the old one is spent
  'confirmSignIn (custom challenge)': { truncate: 'NotAuthorizedException', nocors: 'NotAuthorizedException' },
  // the code was spent on the new password
  confirmResetPassword: { truncate: 'CodeMismatchException', nocors: 'CodeMismatchException' },
  // the old password is no longer the password
  updatePassword: { truncate: 'NotAuthorizedException', nocors: 'NotAuthorizedException' },
  // the user is gone and its tokens revoked
  deleteUser: { truncate: 'NotAuthorizedException', nocors: 'NotAuthorizedException' },
};

/** The repeat of a cell's call without the fault: it succeeds, or fails as RECOVERY says. */
async function repeat(page, name, fault, method, ...args) {
  const out = await call(page, method, ...args);
  const want = RECOVERY[name]?.[fault];
  check(want ? out.name === want : out.ok,
    `${fault}: the repeat: ${out.ok ? 'ok' : `${out.name}: ${out.message}`}${want ? `, expected ${want}` : ''}`);
  return out;
}

// --- the flows ------------------------------------------------------------------------------------

const table = {}; // flow -> fault -> cell text
let slowest = { ms: 0 };
// The cell as the table shows it (README "How it is tested" has the same table).
const SHORT = { InternalErrorException: 'Internal', TooManyRequestsException: 'TooMany', NetworkError: 'Network',
  MalformedResponseError: 'Malformed', 'OAuthError:too_many_requests': 'OAuth `too_many_requests`',
  ok: 'resolves', 'ok:revoked': 'resolves, `revoked: true`', 'ok:not revoked': 'resolves, `revoked: false`' };
function record(name, fault, got, ms) {
  table[name][fault] = SHORT[got] ?? got;
  if (ms > slowest.ms) slowest = { ms, where: `${name} under ${fault}` };
}
// FAULTS_ONLY=<regular expression>: only the flows whose names match (while working on one)
const selected = (name) => !process.env.FAULTS_ONLY || new RegExp(process.env.FAULTS_ONLY).test(name);

/**
 * One flow under every fault. `setup(page)` runs once; `before(page)` readies each cell (no fault);
 * `act(page)` is the faulted call; `after(page, fault)` recovers (no fault); `session` says what the
 * stored session must be after the faulted call: 'same', 'absent' or 'cleared' (signOut), or a
 * function of the fault that says which; `shape` replaces SHAPES[operation] for this flow.
 */
async function flow(name, { operation, times = 1, budget = TIMEOUT_MS + MARGIN_MS, config = () => authConfig(),
  setup, before, act, after, session, username, shape = SHAPES[operation] }) {
  if (!selected(name)) return;
  await test(`${name} (${operation}) under each fault`, async () => {
    table[name] = { operation: `\`${operation}\`` };
    await withPage(async (page) => {
      await make(page, config());
      const context = setup ? await setup(page) : {};
      const problems = [];
      for (const fault of FAULTS) {
        if (before) await before(page, context);
        const was = await stored(page);
        // Chromium sends a request again by itself when a kept-alive connection closes before
        // any byte of reply: a second drop is needed for the page to see one
        await fail(operation, fault, fault === 'drop' ? 2 * times : times, shape);
        const out = await act(page, context);
        await clear(operation);
        const want = expected(name, fault);
        const got = out.ok ? (want.startsWith('ok:') ? `ok:${out.value?.revoked ? 'revoked' : 'not revoked'}` : 'ok') : out.name;
        record(name, fault, got, out.ms);
        try {
          check(got === want, `settled as ${got} (${out.message ?? ''}), expected ${want}`);
          check(out.ok || (TYPED.has(out.name) && out.isError), `untyped rejection ${out.name}: ${out.message}`);
          check(out.ms <= budget, `settled after ${Math.round(out.ms)} ms, over the ${budget} ms budget`);
          const now = await stored(page);
          const kept = typeof session === 'function' ? session(fault) : session;
          if (kept === 'same') {
            check(now === was, `the stored session changed: ${storageDiff(was, now)}`);
            await readBack(page, authConfig(), username(context));
          } else if (kept === 'absent') {
            check(now === '[]', `something was stored: ${now}`);
          } else if (kept === 'cleared') {
            check(!now.includes('CognitoIdentityServiceProvider'), `the session outlived signOut: ${now}`);
          }
          await after(page, context, fault);
        } catch (error) {
          problems.push(`${fault}: ${error.message}`);
          table[name][fault] += ' FAILED';
        }
      }
      check(problems.length === 0, problems.join('\n'));
    });
  });
}

// 1. signUp: a fresh username per cell; the repeat signs up (or finds the user made).
await flow('signUp', {
  operation: 'SignUp', session: 'absent',
  before: (page, c) => { c.username = `faults-su-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`; },
  act: (page, c) => call(page, 'signUp', { username: c.username, password: PASSWORD, options: { userAttributes: { email: `${c.username}@example.com` } } }),
  after: async (page, c, fault) => {
    const out = await call(page, 'signUp', { username: c.username, password: PASSWORD, options: { userAttributes: { email: `${c.username}@example.com` } } });
    const want = RECOVERY.signUp[fault];
    check(want ? out.name === want : out.ok, `${fault}: the repeat: ${out.ok ? 'ok' : `${out.name}: ${out.message}`}`);
  },
});

// 2. confirmSignUp: a user signed up (from Node) per cell; the repeat with the same code confirms
//    (truncate / nocors: already confirmed); either way the user then signs in.
await flow('confirmSignUp', {
  operation: 'ConfirmSignUp', session: 'absent',
  before: async (page, c) => {
    c.username = `faults-cs-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    await must(rig, 'SignUp', { ClientId: rig.main.clientId, Username: c.username, Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: `${c.username}@example.com` }] });
    c.code = await rigCode(rig.main.userPoolId, c.username);
  },
  act: (page, c) => call(page, 'confirmSignUp', { username: c.username, confirmationCode: c.code }),
  after: async (page, c, fault) => {
    const out = await call(page, 'confirmSignUp', { username: c.username, confirmationCode: c.code });
    const want = RECOVERY.confirmSignUp[fault];
    check(want ? out.name === want : out.ok, `${fault}: the repeat: ${out.ok ? 'ok' : `${out.name}: ${out.message}`}`);
    await signedIn(page, c.username);
    await ok(page, 'signOut');
  },
});

// 3, 4. SRP sign-in, the fault on either request; then a sign-in without the fault.
for (const [name, operation] of [['signIn (SRP step 1)', 'InitiateAuth'], ['signIn (SRP step 2)', 'RespondToAuthChallenge']]) {
  await flow(name, {
    operation, session: 'absent',
    setup: async () => ({ username: await adminUser(rig, rig.main.userPoolId, 'faults-si', PASSWORD) }),
    act: (page, c) => call(page, 'signIn', { username: c.username, password: PASSWORD }),
    after: async (page, c) => {
      await signedIn(page, c.username);
      await ok(page, 'signOut');
    },
  });
}

// 5. confirmSignIn with a TOTP code (the mfaRequired pool; TOTP set up once, in setup); the
//    repeat answers the same challenge, or (see RECOVERY) a new sign-in's.
await flow('confirmSignIn (TOTP)', {
  operation: 'RespondToAuthChallenge', session: 'absent', config: () => authConfig(rig.mfaRequired),
  setup: async (page) => {
    const username = await adminUser(rig, rig.mfaRequired.userPoolId, 'faults-totp', PASSWORD);
    const setupStep = await ok(page, 'signIn', { username, password: PASSWORD });
    check(setupStep.value.nextStep.signInStep === 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP', JSON.stringify(setupStep.value));
    const secret = setupStep.secret;
    check((await ok(page, 'confirmSignIn', { challengeResponse: totp(secret) })).value.isSignedIn, 'TOTP set-up');
    await ok(page, 'signOut');
    return { username, secret };
  },
  before: async (page, c) => {
    const out = await ok(page, 'signIn', { username: c.username, password: PASSWORD });
    check(out.value.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_TOTP_CODE', JSON.stringify(out.value));
  },
  act: (page, c) => call(page, 'confirmSignIn', { challengeResponse: totp(c.secret) }),
  after: async (page, c, fault) => {
    let out = await call(page, 'confirmSignIn', { challengeResponse: totp(c.secret) });
    const want = RECOVERY['confirmSignIn (TOTP)'][fault];
    if (want) {
      check(out.name === want, `${fault}: the repeat: ${JSON.stringify(out)}, expected ${want}`);
      await ok(page, 'signIn', { username: c.username, password: PASSWORD });
      out = await call(page, 'confirmSignIn', { challengeResponse: totp(c.secret) });
    }
    check(out.ok && out.value.isSignedIn, `${fault}: the repeat: ${JSON.stringify(out)}`);
    await ok(page, 'signOut');
  },
});

// 6. confirmSignIn with a new password (NEW_PASSWORD_REQUIRED): a user made with AdminCreateUser
//    and a temporary password per cell, as the answer spends the challenge; the repeat answers the
//    same challenge, or (see RECOVERY) signs in again: with the new password where the service set
//    it (truncate, nocors), with the temporary one where it never ran (shape).
await flow('confirmSignIn (new password)', {
  operation: 'RespondToAuthChallenge', session: 'absent',
  before: async (page, c) => {
    c.username = `faults-np-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    await must(rig, 'AdminCreateUser', {
      UserPoolId: rig.main.userPoolId, Username: c.username, TemporaryPassword: TEMPORARY_PASSWORD, MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: `${c.username}@example.com` }, { Name: 'email_verified', Value: 'true' }],
    });
    const out = await ok(page, 'signIn', { username: c.username, password: TEMPORARY_PASSWORD });
    check(out.value.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED', JSON.stringify(out.value));
  },
  act: (page) => call(page, 'confirmSignIn', { challengeResponse: PASSWORD }),
  after: async (page, c, fault) => {
    let out = await repeat(page, 'confirmSignIn (new password)', fault, 'confirmSignIn', { challengeResponse: PASSWORD });
    if (!out.ok) {
      out = await ok(page, 'signIn', { username: c.username, password: fault === 'shape' ? TEMPORARY_PASSWORD : PASSWORD });
      if (fault === 'shape') out = await ok(page, 'confirmSignIn', { challengeResponse: PASSWORD });
    }
    check(out.value.isSignedIn, `${fault}: not signed in: ${JSON.stringify(out.value)}`);
    await ok(page, 'signOut');
  },
});

// 7. confirmSignIn answering a custom challenge (the custom pool, CUSTOM_WITHOUT_SRP): round 1's
//    "42", whose reply is round 2's challenge; `shape` is such a challenge with wrong types, so the
//    SDK keeps round 1 to answer again. The repeat answers round 1 (or, see RECOVERY, a new
//    sign-in's), then round 2 with the rig's code.
await flow('confirmSignIn (custom challenge)', {
  operation: 'RespondToAuthChallenge', session: 'absent', config: () => authConfig(rig.custom),
  shape: { ChallengeName: 'CUSTOM_CHALLENGE', Session: 5, ChallengeParameters: { round: 2 } },
  setup: async () => ({ username: await adminUser(rig, rig.custom.userPoolId, 'faults-cc', PASSWORD) }),
  before: async (page, c) => {
    const out = await ok(page, 'signIn', { username: c.username, options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } });
    check(out.value.nextStep.additionalInfo?.round === '1', JSON.stringify(out.value));
  },
  act: (page) => call(page, 'confirmSignIn', { challengeResponse: rig.custom.answer }),
  after: async (page, c, fault) => {
    let out = await repeat(page, 'confirmSignIn (custom challenge)', fault, 'confirmSignIn', { challengeResponse: rig.custom.answer });
    if (!out.ok) {
      await ok(page, 'signIn', { username: c.username, options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } });
      out = await ok(page, 'confirmSignIn', { challengeResponse: rig.custom.answer });
    }
    check(out.value.nextStep.additionalInfo?.round === '2', `${fault}: not round 2: ${JSON.stringify(out.value)}`);
    const code = await rigCode(rig.custom.userPoolId, c.username, 'custom');
    check((await ok(page, 'confirmSignIn', { challengeResponse: code })).value.isSignedIn, `${fault}: round 2`);
    await ok(page, 'signOut');
  },
});

// 8. signIn up to MFA_SETUP's AssociateSoftwareToken (the mfaRequired pool; a new user per cell,
//    as a completed setup changes the next sign-in); the repeat gets the secret and completes the
//    setup with a code from it.
await flow('signIn (TOTP setup)', {
  operation: 'AssociateSoftwareToken', session: 'absent', config: () => authConfig(rig.mfaRequired),
  before: async (page, c) => { c.username = await adminUser(rig, rig.mfaRequired.userPoolId, 'faults-setup', PASSWORD); },
  act: (page, c) => call(page, 'signIn', { username: c.username, password: PASSWORD }),
  after: async (page, c, fault) => {
    const out = await ok(page, 'signIn', { username: c.username, password: PASSWORD });
    check(out.value.nextStep.signInStep === 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP' && out.secret, `${fault}: ${JSON.stringify(out.value)}`);
    check((await ok(page, 'confirmSignIn', { challengeResponse: totp(out.secret) })).value.isSignedIn, `${fault}: TOTP set-up`);
    await ok(page, 'signOut');
  },
});

// 9, 10. Signed out: resetPassword and confirmResetPassword. The repeat of resetPassword sends a
//     code again; confirmResetPassword gets a user and a code per cell, and the user then signs in
//     with the new password.
await flow('resetPassword', {
  operation: 'ForgotPassword', session: 'absent',
  setup: async () => ({ username: await adminUser(rig, rig.main.userPoolId, 'faults-rp', PASSWORD) }),
  act: (page, c) => call(page, 'resetPassword', { username: c.username }),
  after: async (page, c, fault) => {
    const out = await repeat(page, 'resetPassword', fault, 'resetPassword', { username: c.username });
    check(out.value.nextStep.resetPasswordStep === 'CONFIRM_RESET_PASSWORD_WITH_CODE'
      && out.value.nextStep.codeDeliveryDetails.deliveryMedium === 'EMAIL', `${fault}: ${JSON.stringify(out.value)}`);
  },
});

await flow('confirmResetPassword', {
  operation: 'ConfirmForgotPassword', session: 'absent',
  before: async (page, c) => {
    c.username = await adminUser(rig, rig.main.userPoolId, 'faults-crp', PASSWORD);
    await must(rig, 'ForgotPassword', { ClientId: rig.main.clientId, Username: c.username });
    c.code = await rigCode(rig.main.userPoolId, c.username, 'reset');
  },
  act: (page, c) => call(page, 'confirmResetPassword', { username: c.username, confirmationCode: c.code, newPassword: NEW_PASSWORD }),
  after: async (page, c, fault) => {
    await repeat(page, 'confirmResetPassword', fault, 'confirmResetPassword',
      { username: c.username, confirmationCode: c.code, newPassword: NEW_PASSWORD });
    await signedIn(page, c.username, NEW_PASSWORD);
    await ok(page, 'signOut');
  },
});

// 11-15. Calls of a signed-in user: the session must come through each fault unchanged.
async function signedInSetup(page) {
  const username = await adminUser(rig, rig.main.userPoolId, 'faults-s', PASSWORD);
  await signedIn(page, username);
  return { username };
}

await flow('fetchAuthSession({ forceRefresh })', {
  operation: 'GetTokensFromRefreshToken', times: REFRESH_ATTEMPTS, session: 'same', username: (c) => c.username,
  budget: REFRESH_ATTEMPTS * TIMEOUT_MS + BACKOFF_MS + MARGIN_MS,
  setup: signedInSetup,
  act: (page) => call(page, 'fetchAuthSession', { forceRefresh: true }),
  after: async (page) => {
    const out = await ok(page, 'fetchAuthSession', { forceRefresh: true });
    check(out.value.tokens, 'no tokens after the refresh');
  },
});

await flow('fetchUserAttributes', {
  operation: 'GetUser', session: 'same', username: (c) => c.username,
  setup: signedInSetup,
  act: (page) => call(page, 'fetchUserAttributes'),
  after: async (page, c) => {
    const out = await ok(page, 'fetchUserAttributes');
    check(out.value.email === `${c.username}@example.com`, `fetchUserAttributes: ${JSON.stringify(out.value)}`);
  },
});

// The account: a changed attribute (a name: no code to wait for) reads back after the repeat.
await flow('updateUserAttributes', {
  operation: 'UpdateUserAttributes', session: 'same', username: (c) => c.username,
  setup: signedInSetup,
  before: (page, c) => { c.name = `Cell ${Math.random().toString(36).slice(2, 8)}`; },
  act: (page, c) => call(page, 'updateUserAttributes', { userAttributes: { name: c.name } }),
  after: async (page, c, fault) => {
    const out = await repeat(page, 'updateUserAttributes', fault, 'updateUserAttributes', { userAttributes: { name: c.name } });
    check(out.value.name?.isUpdated === true, `${fault}: the repeat: ${JSON.stringify(out.value)}`);
    check((await ok(page, 'fetchUserAttributes')).value.name === c.name, `${fault}: the name does not read back`);
  },
});

// The password set back (AdminSetUserPassword) before each cell; after the repeat, the new
// password is the one the service takes.
await flow('updatePassword', {
  operation: 'ChangePassword', session: 'same', username: (c) => c.username,
  setup: signedInSetup,
  before: (page, c) => must(rig, 'AdminSetUserPassword',
    { UserPoolId: rig.main.userPoolId, Username: c.username, Password: PASSWORD, Permanent: true }),
  act: (page) => call(page, 'updatePassword', { oldPassword: PASSWORD, newPassword: NEW_PASSWORD }),
  after: async (page, c, fault) => {
    await repeat(page, 'updatePassword', fault, 'updatePassword', { oldPassword: PASSWORD, newPassword: NEW_PASSWORD });
    await must(rig, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: rig.main.clientId,
      AuthParameters: { USERNAME: c.username, PASSWORD: NEW_PASSWORD } });
  },
});

// A new instance per cell, so each asks GetId and GetCredentialsForIdentity afresh.
await flow('fetchAuthSession (identity credentials)', {
  operation: 'GetCredentialsForIdentity', session: 'same', username: (c) => c.username, config: identityConfig,
  setup: signedInSetup,
  before: (page) => make(page, identityConfig()),
  act: (page) => call(page, 'fetchAuthSession'),
  after: async (page) => {
    const out = await ok(page, 'fetchAuthSession');
    check(out.value.credentials?.accessKeyId && out.value.identityId, `no credentials: ${JSON.stringify(Object.keys(out.value))}`);
  },
});

// 16. Guests: storage emptied and a new instance per cell, so each asks GetId (then
//     GetCredentialsForIdentity); no guest identity id may be stored after a failed GetId.
const guestConfig = () => authConfig(rig.main, { identityPoolId: rig.identity.guestIdentityPoolId, allowGuestAccess: true,
  identityEndpoint: rig.identity.endpoint });
await flow('fetchAuthSession (guest credentials)', {
  operation: 'GetId', session: 'absent', config: guestConfig,
  before: async (page) => {
    await page.evaluate(() => localStorage.clear());
    await make(page, guestConfig());
  },
  act: (page) => call(page, 'fetchAuthSession'),
  after: async (page, c, fault) => {
    const out = await ok(page, 'fetchAuthSession');
    check(out.value.credentials?.accessKeyId && out.value.identityId && !out.value.tokens, `${fault}: ${JSON.stringify(Object.keys(out.value))}`);
  },
});

// 17. deleteUser: a new user signed in per cell. A failed call keeps the session; `shape` resolves
//     (an empty reply) and signs out here, though the service never ran it: the user signs in again
//     and deletes. After the repeat the user is gone: its sign-in is refused.
await flow('deleteUser', {
  operation: 'DeleteUser', session: (fault) => (fault === 'shape' ? 'cleared' : 'same'), username: (c) => c.username,
  before: async (page, c) => {
    c.username = await adminUser(rig, rig.main.userPoolId, 'faults-du', PASSWORD);
    await signedIn(page, c.username);
  },
  act: (page) => call(page, 'deleteUser'),
  after: async (page, c, fault) => {
    if (fault === 'shape') await signedIn(page, c.username);
    const out = await repeat(page, 'deleteUser', fault, 'deleteUser');
    if (!out.ok) await ok(page, 'signOut');
    const gone = await call(page, 'signIn', { username: c.username, password: PASSWORD });
    check(gone.name === 'UserNotFoundException', `${fault}: a sign-in after deleteUser: ${JSON.stringify(gone)}`);
  },
});

// 18. signOut: signed in per cell; the local sign-out happens whatever the fault.
await flow('signOut', {
  operation: 'RevokeToken', session: 'cleared',
  setup: async () => ({ username: await adminUser(rig, rig.main.userPoolId, 'faults-so', PASSWORD) }),
  before: (page, c) => signedIn(page, c.username),
  act: (page) => call(page, 'signOut'),
  after: async (page, c) => {
    await signedIn(page, c.username);
    const out = await ok(page, 'signOut');
    check(out.value?.revoked === true, `the repeat: ${JSON.stringify(out.value)}`);
  },
});

// 19. The hosted UI's code exchange (POST /oauth2/token): the fault is set before the login form
//     is sent, so the page that comes back exchanges its code under it; handleRedirect() says how
//     that went. A fresh context per cell; the repeat is a new signInWithRedirect (the domain's
//     session cookie skips the form).
await must(rig, 'UpdateUserPoolClient', {
  UserPoolId: ui.userPoolId, ClientId: ui.clientId, CallbackURLs: [APP_PAGE], LogoutURLs: [APP_PAGE],
  AllowedOAuthFlows: ['code'], AllowedOAuthFlowsUserPoolClient: true,
  AllowedOAuthScopes: ui.scopes, SupportedIdentityProviders: ['COGNITO'],
});

async function backFromHostedUi(page, username) {
  await page.waitForURL((url) => url.href.startsWith(app) || url.pathname === '/login', { timeout: 15_000 });
  if (!page.url().startsWith(app)) {
    await page.fill('#signInFormUsername', username);
    await page.fill('#signInFormPassword', PASSWORD);
    await page.click('#signInSubmitButton');
    await page.waitForURL((url) => url.href.startsWith(app), { timeout: 15_000 });
  }
  await page.waitForFunction(() => window.loaded === true, null, { timeout: 15_000 });
}

const handleRedirect = (page) => page.evaluate(async () => {
  const started = performance.now();
  try {
    const value = await window.auth.handleRedirect();
    return { ok: true, value, ms: performance.now() - started };
  } catch (e) {
    return { ok: false, name: e?.name, message: e?.message, error: e?.error, isError: e instanceof Error, ms: performance.now() - started };
  }
});

Object.assign(EXPECTED, {
  // a 4xx of the token endpoint is an OAuth error reply (RFC 6749 5.2): OAuthError, error = its
  // code; a 5xx is outside that protocol: MalformedResponseError naming the HTTP status
  'handleRedirect (hosted UI)': { 500: 'MalformedResponseError', 503: 'MalformedResponseError', 429: 'OAuthError:too_many_requests' },
});

if (selected('handleRedirect (hosted UI)')) await test('handleRedirect (hosted UI code exchange) under each fault', async () => {
  const name = 'handleRedirect (hosted UI)';
  const operation = 'oauth2/token';
  const username = await adminUser(rig, ui.userPoolId, 'faults-hui', PASSWORD);
  table[name] = { operation: '`POST /oauth2/token`' };
  const problems = [];
  for (const fault of FAULTS) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(APP_PAGE);
      await page.waitForFunction(() => window.loaded === true, null, { timeout: 15_000 });
      await page.evaluate(() => { window.auth.signInWithRedirect(); });
      await page.waitForSelector('#signInFormUsername', { timeout: 15_000 });
      await fail(operation, fault);
      await page.fill('#signInFormUsername', username);
      await page.fill('#signInFormPassword', PASSWORD);
      await page.click('#signInSubmitButton');
      await page.waitForURL((url) => url.href.startsWith(app), { timeout: 15_000 });
      await page.waitForFunction(() => window.loaded === true, null, { timeout: 15_000 });
      const out = await handleRedirect(page);
      await clear(operation);
      const want = expected(name, fault);
      const got = out.ok ? 'ok' : out.name === 'OAuthError' && want.includes(':') ? `OAuthError:${out.error}` : out.name;
      record(name, fault, got, out.ms);
      try {
        check(got === want, `settled as ${got} (${out.message ?? ''}), expected ${want}`);
        check(out.ok || (TYPED.has(out.name) && out.isError), `untyped rejection ${out.name}: ${out.message}`);
        check(out.ms <= TIMEOUT_MS + MARGIN_MS, `settled after ${Math.round(out.ms)} ms`);
        const now = await page.evaluate(() => window.stored());
        check(!now.includes('CognitoIdentityServiceProvider'), `something was stored: ${now}`);
        await page.evaluate(() => { window.auth.signInWithRedirect(); });
        await backFromHostedUi(page, username);
        const again = await handleRedirect(page);
        check(again.ok && again.value.isSignedIn, `the repeat: ${JSON.stringify(again)}`);
        await readBack(page, { userPoolId: ui.userPoolId, userPoolClientId: ui.clientId, endpoint: rig.endpoint }, username);
        check(errors.length === 0, `page errors: ${errors.join('; ')}`);
      } catch (error) {
        problems.push(`${fault}: ${error.message}`);
        table[name][fault] += ' FAILED';
      }
    } finally {
      await context.close();
    }
  }
  check(problems.length === 0, problems.join('\n'));
});

// --- the table ------------------------------------------------------------------------------------

const rows = Object.entries(table).map(([name, cells]) =>
  `| ${name} | ${cells.operation} | ${FAULTS.map((f) => cells[f] ?? '—').join(' | ')} |`);
console.log(['', `| flow | operation | ${FAULTS.map((f) => `\`${f}\``).join(' | ')} |`,
  `|---|---|${FAULTS.map(() => '---').join('|')}|`, ...rows, ''].join('\n'));
note(`timeoutMs ${TIMEOUT_MS}, stall ${STALL_SECONDS} s; refresh faults injected ${REFRESH_ATTEMPTS} times; `
  + `slowest cell ${(slowest.ms / 1000).toFixed(1)} s (${slowest.where})`);

await finish();
