// A device clock that is wrong, in a real browser: the page's clock (playwright's page.clock) an
// hour or a day ahead of or behind the rig's, which checks the SRP TIMESTAMP within 5 minutes of
// its own clock and issues tokens and AWS credentials in its own time. Run after `./dev build`:
//
//   COGNITO_RIG_CONFIG=/path/to/rig.json node tests/e2e/clock-skew.mjs   # or COGNITO_RIG=http://127.0.0.1:PORT
//
// For each skew, in a fresh context:
// 1. an SRP sign-in succeeds (the TIMESTAMP follows the reply's Date, not the page's clock);
// 2. fetchAuthSession() gives tokens and identity-pool credentials, and a second call sends
//    nothing (no refresh, no GetCredentialsForIdentity: both are fresh in the service's time);
// 3. a reload reads the stored session and sends nothing;
// 4. an hour later on the page's clock (the tokens and the credentials expired in the service's
//    time): one call refreshes the tokens once and fetches new credentials once.
// Ends with 'N passed, N failed'; exits non-zero on a failure.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { check, cleanups, finish, test } from './shared/harness.mjs';
import { adminUser, operationsDelta, rigConfig, rigOperations } from './shared/rig.mjs';
import { launch, siteRoot } from './shared/browser.mjs';
import { serve } from './shared/serve.mjs';

const PASSWORD = 'Skewed-passw0rd';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const rig = await rigConfig(cleanups);
const root = await siteRoot(cleanups, 'clock-skew');
await writeFile(join(root, 'index.html'), `<!doctype html>
<meta charset="utf-8">
<title>clock skew tests</title>
<link rel="icon" href="data:,">
<script type="module">
  import { CognitoAuth } from './pkg/index.js';
  window.CognitoAuth = CognitoAuth;
  window.loaded = true;
</script>
`);
const origin = await serve(root, cleanups);
const browser = await launch(cleanups);

const config = {
  userPoolId: rig.main.userPoolId, userPoolClientId: rig.main.clientId, endpoint: rig.endpoint,
  identityPoolId: rig.identity.identityPoolId, identityEndpoint: rig.identity.endpoint,
};

/** What `body` gave, and the requests per operation sent while it ran. */
async function sentDuring(body) {
  const before = await rigOperations(rig);
  const out = await body();
  return [out, operationsDelta(before, await rigOperations(rig))];
}

async function load(page) {
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => window.loaded === true, null, { timeout: 15_000 });
  await page.evaluate((cfg) => { window.auth = new window.CognitoAuth(cfg); return window.auth.ready; }, config);
}

/** fetchAuthSession in the page: the ID token, the access key id, or the error's name and message. */
function session(page) {
  return page.evaluate(() => window.auth.fetchAuthSession().then(
    (s) => ({ ok: true, idToken: s.tokens?.idToken?.toString(), accessKeyId: s.credentials?.accessKeyId }),
    (e) => ({ ok: false, name: e?.name, message: e?.message }),
  ));
}

for (const [label, skew] of [['a day ahead', DAY], ['a day behind', -DAY], ['an hour ahead', HOUR], ['an hour behind', -HOUR]]) {
  await test(`the page's clock ${label}: SRP sign-in, no needless refresh or credentials, a reload, expiry in the service's time`, async () => {
    const username = await adminUser(rig, rig.main.userPoolId, 'skew', PASSWORD);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      // The page's clock is off from its first script on; time flows from there.
      await page.clock.install({ time: Date.now() + skew });
      await load(page);
      const pageSkew = await page.evaluate(() => Date.now()) - Date.now();
      check(Math.abs(pageSkew - skew) < 10_000, `the page's clock is ${pageSkew} ms off, not ${skew}`);

      // 1. The rig refuses a TIMESTAMP more than 5 minutes from its clock.
      const signedIn = await page.evaluate(([u, p]) => window.auth.signIn({ username: u, password: p }).then(
        (r) => ({ ok: r.isSignedIn === true }), (e) => ({ ok: false, name: e?.name, message: e?.message })), [username, PASSWORD]);
      check(signedIn.ok, `signIn: ${JSON.stringify(signedIn)}`);

      // 2. Fresh tokens and credentials: the second call sends nothing.
      const [first, firstSent] = await sentDuring(() => session(page));
      check(first.ok && first.idToken && first.accessKeyId, `fetchAuthSession: ${first.name}: ${first.message}`);
      check(!firstSent.GetTokensFromRefreshToken && !firstSent.InitiateAuth,
        `the first fetchAuthSession refreshed fresh tokens: ${JSON.stringify(firstSent)}`);
      const [again, againSent] = await sentDuring(() => session(page));
      check(Object.keys(againSent).length === 0, `the second fetchAuthSession sent ${JSON.stringify(againSent)}`);
      check(again.idToken === first.idToken && again.accessKeyId === first.accessKeyId, 'the second call gave other tokens or credentials');

      // 3. A reload reads the stored session; fresh in the service's time, nothing is sent.
      await page.reload();
      await page.waitForFunction(() => window.loaded === true, null, { timeout: 15_000 });
      await page.evaluate((cfg) => { window.auth = new window.CognitoAuth(cfg); return window.auth.ready; }, config);
      const [restored, restoredSent] = await sentDuring(() => page.evaluate(() => window.auth.fetchAuthSession({}).then(
        (s) => ({ idToken: s.tokens?.idToken?.toString() }))));
      check(restored.idToken === first.idToken, 'the reload lost the session');
      check(!restoredSent.GetTokensFromRefreshToken && !restoredSent.InitiateAuth,
        `the reload refreshed fresh tokens: ${JSON.stringify(restoredSent)}`);

      // 4. An hour and a minute later on the page's clock, everything expired in the service's time.
      await page.clock.setSystemTime(Date.now() + skew + HOUR + 60_000);
      const [later, laterSent] = await sentDuring(() => session(page));
      check(later.ok, `an hour later: ${later.name}: ${later.message}`);
      check(later.idToken !== first.idToken, 'an hour later the tokens were not refreshed');
      check(later.accessKeyId && later.accessKeyId !== first.accessKeyId, 'an hour later the credentials were not renewed');
      check(laterSent.GetTokensFromRefreshToken === 1 && laterSent.GetCredentialsForIdentity === 1,
        `an hour later one call sent ${JSON.stringify(laterSent)}, not one refresh and one GetCredentialsForIdentity`);
      check(errors.length === 0, `page errors: ${errors.join('; ')}`);
    } finally {
      await context.close();
    }
  });
}

await finish();
