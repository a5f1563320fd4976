// Identity pools in a real browser: the rig's honest identity pools (tests/rig/identity.py), whose
// credentials a second moto with IAM request authentication checks, and the real AWS SDK v3 in the
// page. Run after `./dev build` (pkg/ must exist):
//
//   COGNITO_RIG_CONFIG=/path/to/rig.json node tests/e2e/identity.mjs   # or COGNITO_RIG=http://127.0.0.1:PORT
//
// 1. sign in: fetchAuthSession() gives identityId and credentials (expiration a Date);
//    @aws-sdk/client-sts GetCallerIdentity with `credentials: auth.credentialsProvider()` succeeds
//    (moto checks the signature, the caller is the authenticated role) and fails with a tampered
//    secret key (SignatureDoesNotMatch);
// 2. guests: credentials where the pool allows them, with an identity id that survives a reload;
//    NotAuthorizedException from the rig where it does not;
// 3. sign-out, then another user: never the previous user's identity or credentials;
// 4. credentials that expired: 20 concurrent callers, one GetCredentialsForIdentity.
// Ends with 'N passed, N failed'; exits non-zero on a failure.

import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, cleanups, finish, test } from './shared/harness.mjs';
import { adminUser, must, rigConfig, rigOperations } from './shared/rig.mjs';
import { launch, siteRoot } from './shared/browser.mjs';
import { serve } from './shared/serve.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const AWS_SDK_DIR = join(ROOT, 'tests', 'js'); // @aws-sdk/client-sts is installed there
const esbuild = createRequire(join(ROOT, 'bench', 'package.json'))('esbuild');
const PASSWORD = 'Identity-passw0rd';

const rig = await rigConfig(cleanups);
const id = rig.identity;

const operations = () => rigOperations(rig);

async function identityHook(body) {
  const reply = await fetch(`${rig.endpoint}/rig/identity`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  check(reply.ok, `/rig/identity: HTTP ${reply.status}`);
}

// --- the app ------------------------------------------------------------------------------------

const root = await siteRoot(cleanups, 'identity');
await esbuild.build({
  stdin: { contents: "export { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';", resolveDir: AWS_SDK_DIR, loader: 'js' },
  outfile: join(root, 'sts.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  logLevel: 'warning',
});
await writeFile(join(root, 'index.html'), `<!doctype html>
<meta charset="utf-8">
<title>identity pool tests</title>
<link rel="icon" href="data:,">
<script type="module">
  import { CognitoAuth } from './pkg/index.js';
  import { STSClient, GetCallerIdentityCommand } from './sts.js';
  Object.assign(window, { CognitoAuth, STSClient, GetCallerIdentityCommand });
  window.loaded = true;
</script>
`);
const origin = await serve(root, cleanups);

const browser = await launch(cleanups);

function config(pool = id.identityPoolId, guests = false) {
  return {
    userPoolId: rig.main.userPoolId, userPoolClientId: rig.main.clientId, endpoint: rig.endpoint,
    identityPoolId: pool, allowGuestAccess: guests, identityEndpoint: id.endpoint,
  };
}

async function withPage(body) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await load(page);
    await body(page);
    check(errors.length === 0, `page errors: ${errors.join('; ')}`);
  } finally {
    await context.close();
  }
}

async function load(page) {
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => window.loaded === true, null, { timeout: 15_000 });
}

async function make(page, cfg) {
  await page.evaluate((cfg) => { window.auth = new window.CognitoAuth(cfg); }, cfg);
}

async function signIn(page, username) {
  const out = await page.evaluate(([u, p]) => window.auth.signIn({ username: u, password: p }), [username, PASSWORD]);
  check(out.isSignedIn === true, `signIn: ${JSON.stringify(out)}`);
}

/** fetchAuthSession in the page: { ok, identityId, accessKeyId, expiration (ms), isDate } or { ok: false, name, message }. */
function session(page, options) {
  return page.evaluate((options) => window.auth.fetchAuthSession(options).then(
    (s) => ({
      ok: true, identityId: s.identityId, accessKeyId: s.credentials?.accessKeyId,
      isDate: s.credentials?.expiration instanceof Date, expiration: s.credentials?.expiration?.getTime(), signedIn: !!s.tokens,
    }),
    (e) => ({ ok: false, name: e?.name, message: e?.message }),
  ), options);
}

/** STS GetCallerIdentity from the page with the SDK given `credentials: auth.credentialsProvider()`. */
function callerIdentity(page, tamper = false) {
  return page.evaluate(async ([endpoint, region, tamper]) => {
    const provider = window.auth.credentialsProvider();
    const credentials = tamper ? async () => ({ ...(await provider()), secretAccessKey: 'tampered' + 'x'.repeat(32) }) : provider;
    const sts = new window.STSClient({ region, endpoint, credentials, maxAttempts: 1 });
    try {
      const out = await sts.send(new window.GetCallerIdentityCommand({}));
      return { ok: true, arn: out.Arn };
    } catch (e) {
      return { ok: false, name: e?.name, message: e?.message };
    }
  }, [id.awsEndpoint, rig.region, tamper]);
}

// --- the tests ------------------------------------------------------------------------------------

await test('signed in: fetchAuthSession gives AWS credentials; the AWS SDK v3 signs with them (and not with a tampered key)', async () => {
  const username = await adminUser(rig, rig.main.userPoolId, 'identity-sts', PASSWORD);
  await withPage(async (page) => {
    await make(page, config());
    await signIn(page, username);
    const s = await session(page);
    check(s.ok && s.identityId && s.accessKeyId && s.isDate && s.expiration > Date.now(), `fetchAuthSession: ${JSON.stringify(s)}`);
    const caller = await callerIdentity(page);
    check(caller.ok && caller.arn.includes('cognito-authenticated'), `GetCallerIdentity: ${JSON.stringify(caller)}`);
    const tampered = await callerIdentity(page, true);
    check(!tampered.ok && tampered.name === 'SignatureDoesNotMatch', `with a tampered secret: ${JSON.stringify(tampered)}`);
    const again = await session(page);
    check(again.identityId === s.identityId && again.accessKeyId === s.accessKeyId, 'credentials were not cached');
  });
});

await test('guests: credentials where the pool allows them, the same identity after a reload; NotAuthorizedException where it does not', async () => {
  await withPage(async (page) => {
    await make(page, config(id.guestIdentityPoolId, true));
    const first = await session(page);
    check(first.ok && !first.signedIn && first.identityId && first.accessKeyId, `guest: ${JSON.stringify(first)}`);
    const caller = await callerIdentity(page);
    check(caller.ok && caller.arn.includes('cognito-unauthenticated'), `guest GetCallerIdentity: ${JSON.stringify(caller)}`);
    await load(page);
    await make(page, config(id.guestIdentityPoolId, true));
    const reloaded = await session(page);
    check(reloaded.identityId === first.identityId, `the guest identity changed on reload: ${first.identityId} → ${reloaded.identityId}`);

    // The same with a storage whose methods return promises (read into memory at construction).
    await page.evaluate(() => {
      const map = new Map();
      const later = (value) => new Promise((resolve) => setTimeout(() => resolve(value), 5));
      window.asyncStore = { getItem: (k) => later(map.get(k) ?? null), setItem: (k, v) => later(void map.set(k, v)), removeItem: (k) => later(void map.delete(k)) };
    });
    const asyncConfig = () => page.evaluate((cfg) => { window.auth = new window.CognitoAuth({ ...cfg, storage: window.asyncStore }); }, config(id.guestIdentityPoolId, true));
    await asyncConfig();
    const kept = await session(page);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await asyncConfig();
    const keptAgain = await session(page);
    check(kept.identityId && keptAgain.identityId === kept.identityId, `async storage: ${kept.identityId} → ${keptAgain.identityId}`);

    await make(page, config(id.identityPoolId, true));
    const refused = await session(page);
    check(!refused.ok && refused.name === 'NotAuthorizedException', `a pool without guests: ${JSON.stringify(refused)}`);
    await make(page, config(id.identityPoolId, false));
    const none = await session(page);
    check(none.ok && !none.identityId && !none.accessKeyId, `guests off: ${JSON.stringify(none)}`);
    const provider = await page.evaluate(() => window.auth.credentialsProvider()().then(() => 'resolved', (e) => e.name));
    check(provider === 'CredentialsUnavailableError', `credentialsProvider without credentials: ${provider}`);
  });
});

await test('guest, then a user, then signed out, then another user: never the previous identity or credentials', async () => {
  const [alice, bob] = [await adminUser(rig, rig.main.userPoolId, 'identity-a', PASSWORD),
    await adminUser(rig, rig.main.userPoolId, 'identity-b', PASSWORD)];
  await withPage(async (page) => {
    await make(page, config(id.guestIdentityPoolId, true));
    const guest = await session(page);
    await signIn(page, alice);
    const a = await session(page);
    check(a.ok && a.signedIn && a.accessKeyId !== guest.accessKeyId, `alice got the guest's credentials: ${JSON.stringify(a)}`);
    await page.evaluate(() => window.auth.signOut());
    const out = await session(page);
    check(out.ok && !out.signedIn && out.identityId !== a.identityId && out.accessKeyId !== a.accessKeyId,
      `after sign-out: ${JSON.stringify(out)} (alice: ${a.identityId})`);
    await signIn(page, bob);
    const b = await session(page);
    check(b.ok && b.identityId !== a.identityId && b.accessKeyId !== a.accessKeyId && b.accessKeyId !== out.accessKeyId,
      `bob: ${JSON.stringify(b)}`);
    await page.evaluate(() => window.auth.signOut());
    await signIn(page, alice);
    const a2 = await session(page);
    check(a2.identityId === a.identityId, `alice's identity is stable: ${a.identityId} → ${a2.identityId}`);
  });
});

await test('credentials that expired: 20 concurrent callers get fresh ones with one GetCredentialsForIdentity', async () => {
  const username = await adminUser(rig, rig.main.userPoolId, 'identity-expiry', PASSWORD);
  await identityHook({ credentialSeconds: 2 });
  try {
    await withPage(async (page) => {
      await make(page, config());
      await signIn(page, username);
      const first = await session(page);
      check(first.ok && first.accessKeyId, JSON.stringify(first));
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const before = await operations();
      const all = await page.evaluate(() => Promise.all(Array.from({ length: 20 }, () => window.auth.fetchAuthSession()))
        .then((list) => list.map((s) => s.credentials?.accessKeyId)));
      const after = await operations();
      const sent = (after.GetCredentialsForIdentity ?? 0) - (before.GetCredentialsForIdentity ?? 0);
      check(sent === 1, `GetCredentialsForIdentity requests: ${sent}`);
      check(new Set(all).size === 1 && all[0] && all[0] !== first.accessKeyId, `the callers got ${new Set(all).size} sets of credentials`);
    });
  } finally {
    await identityHook({ credentialSeconds: null });
  }
});

await test('customRoleArn goes with a user\'s GetCredentialsForIdentity, never with a guest\'s', async () => {
  const username = await adminUser(rig, rig.main.userPoolId, 'identity-role', PASSWORD);
  await withPage(async (page) => {
    const sent = [];
    page.on('request', (r) => {
      if ((r.headers()['x-amz-target'] ?? '').endsWith('.GetCredentialsForIdentity')) sent.push(r.postDataJSON());
    });
    await make(page, { ...config(id.guestIdentityPoolId, true), customRoleArn: id.authRoleArn });
    check((await session(page)).ok, 'guest credentials');
    await signIn(page, username);
    check((await session(page)).ok, 'user credentials');
    check(sent.length === 2 && !('CustomRoleArn' in sent[0]) && sent[1].CustomRoleArn === id.authRoleArn,
      `CustomRoleArn sent: ${JSON.stringify(sent.map((b) => b.CustomRoleArn ?? null))}`);
  });
});

await test('the basic flow: GetOpenIdToken, then STS AssumeRoleWithWebIdentity with the configured role', async () => {
  await withPage(async (page) => {
    const sent = [];
    page.on('request', (r) => {
      const target = r.headers()['x-amz-target'] ?? '';
      if (target) sent.push(target.split('.').pop());
      else if ((r.postData() ?? '').includes('Action=AssumeRoleWithWebIdentity')) sent.push('AssumeRoleWithWebIdentity');
    });
    await make(page, { ...config(id.guestIdentityPoolId, true), basicFlow: { roleArn: id.unauthRoleArn, stsEndpoint: id.awsEndpoint } });
    const s = await session(page);
    check(s.ok && s.identityId && s.accessKeyId && s.isDate, `basic flow: ${JSON.stringify(s)}`);
    check(JSON.stringify(sent) === JSON.stringify(['GetId', 'GetOpenIdToken', 'AssumeRoleWithWebIdentity']), `requests: ${sent}`);
    const caller = await callerIdentity(page);
    check(caller.ok && caller.arn.includes('cognito-unauthenticated'), `GetCallerIdentity: ${JSON.stringify(caller)}`);
  });
});

await test('identityLogins: tokens from elsewhere prove the identity; a forged one is refused', async () => {
  const username = await adminUser(rig, rig.main.userPoolId, 'identity-logins', PASSWORD);
  const signedIn = await must(rig, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH', ClientId: rig.main.clientId, AuthParameters: { USERNAME: username, PASSWORD },
  });
  const idToken = signedIn.AuthenticationResult.IdToken;
  await withPage(async (page) => {
    const withLogins = (token) => page.evaluate(([cfg, provider, token]) => {
      window.auth = new window.CognitoAuth({ ...cfg, identityLogins: async () => ({ [provider]: token }) });
    }, [config(), id.providerName, token]);
    await withLogins(idToken);
    const s = await session(page);
    check(s.ok && !s.signedIn && s.identityId && s.accessKeyId, `with identityLogins: ${JSON.stringify(s)}`);
    const caller = await callerIdentity(page);
    check(caller.ok && caller.arn.includes('cognito-authenticated'), `GetCallerIdentity: ${JSON.stringify(caller)}`);
    const [head, body] = idToken.split('.');
    await withLogins(`${head}.${body}.${'A'.repeat(342)}`);
    const forged = await session(page);
    check(!forged.ok && forged.name === 'NotAuthorizedException', `a forged token: ${JSON.stringify(forged)}`);
  });
});

await finish();
