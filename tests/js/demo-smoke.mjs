// Smoke test of the demo page (www/) as a person uses it, in Debian's Chromium.
//
//   DEMO_PORT=8123 ./dev demo &              # serves the page and the rig
//   DEMO_URL=http://localhost:8123/ node tests/js/demo-smoke.mjs   # localhost: the hosted UI's callback
//
// One screenshot per step goes to tests/out/demo/. Exits non-zero if any step fails.
// Authenticator codes are computed here from the key the page shows (RFC 6238: HMAC-SHA-1 of the
// 30 s counter, 6 digits).

import assert from 'node:assert/strict';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { totp } from './totp.mjs';

const url = process.env.DEMO_URL;
if (!url) {
  console.error('DEMO_URL is not set; start ./dev demo and pass its address, e.g. DEMO_URL=http://127.0.0.1:8080/');
  process.exit(2);
}

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'demo');
await mkdir(outDir, { recursive: true });
// Step numbers shift when steps are added; screenshots of an earlier walk would mislead.
for (const file of await readdir(outDir)) if (file.endsWith('.png')) await rm(join(outDir, file));

// The rig's hosted UI serves HTTPS with a certificate of its own: trusted by its key alone.
const rig = await (await fetch(new URL('rig.json', url))).json();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--ignore-certificate-errors-spki-list=${rig.hostedUi.spkiSha256}`],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const pageErrors = [];
page.on('pageerror', (error) => pageErrors.push(error));
// Cognito answers a wrong password with HTTP 400, which Chromium reports on the console; that is expected.
page.on('console', (message) => {
  if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(new Error(message.text()));
});

let passed = 0;
let failed = 0;
let shot = 0;
let stop = false;

async function step(name, body) {
  if (stop) { console.log(`- skip ${name}`); failed += 1; return; }
  try {
    await body();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}\n     ${String(error?.stack || error).split('\n').slice(0, 6).join('\n     ')}`);
  } finally {
    shot += 1;
    const file = join(outDir, `${String(shot).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
  }
}

const TIMEOUT = 15_000;
const card = (id) => page.locator(`#${id}`);
const message = (id) => page.locator(`#${id} .msg`);
const stamp = Date.now().toString(36);
const username = `smoke-${stamp}`;
const email = `${username}@example.com`;
let password = `Smoke${stamp}A1`; // changed by the account card, then by a reset


// A step that needs an earlier one makes no sense after a failure; this stops the walk there.
const needs = async (body) => { try { await body(); } catch (error) { stop = true; throw error; } };

await step('page loads with the rig config', () => needs(async () => {
  await page.goto(url);
  await page.waitForSelector('body[data-ready=true]', { timeout: TIMEOUT });
  assert.equal(await page.getByRole('radio', { name: /Main pool \(public client\)/ }).isChecked(), true);
  assert.equal(await page.getByRole('radio', { name: /Main pool \(client with secret\)/ }).count(), 1);
  assert.equal(await page.getByRole('radio', { name: /Email-as-username pool/ }).count(), 1);
  assert.match(await page.locator('#who-text').textContent(), /Signed out/);
  assert.equal(await page.getByRole('radio', { name: /hosted UI client/ }).isEnabled(), true, 'the hosted UI client (on localhost)');
  for (const label of ['Sign in with the hosted UI', 'Get AWS credentials']) {
    assert.equal(await page.getByRole('button', { name: label }).isEnabled(), true, `${label} is enabled`);
  }
  assert.equal(await page.getByRole('button', { name: 'Refresh the tokens' }).count(), 0, 'no refresh placeholder: "Refresh now" is real');
  assert.ok(!(await page.locator('#log').textContent()).includes('session restored'), 'nothing to restore on a first visit');
}));

await step('sign up a fresh user', () => needs(async () => {
  const form = card('signup-card');
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password', { exact: true }).fill(password);
  await form.getByLabel('Password', { exact: true }).press('Enter'); // Enter submits
  await page.waitForFunction(() => /Signed up/.test(document.querySelector('#signup-card .msg')?.textContent || ''),
    null, { timeout: TIMEOUT });
  assert.equal(await card('cf-username').inputValue(), username);
  assert.match(await page.locator('#log').textContent(), /signUp → CONFIRM_SIGN_UP/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'cf-code', 'focus moves to the code field');
}));

await step('show the code the rig sent', () => needs(async () => {
  await page.getByRole('button', { name: 'Show the code the rig sent' }).click();
  await page.waitForFunction(() => /^\d{6}$/.test(document.querySelector('#cf-code').value), null, { timeout: TIMEOUT });
}));

await step('confirm the sign-up', () => needs(async () => {
  await card('confirm-card').getByRole('button', { name: 'Confirm', exact: true }).click();
  await page.waitForFunction(() => /is confirmed/.test(document.querySelector('#confirm-card .msg')?.textContent || ''),
    null, { timeout: TIMEOUT });
  assert.equal(await card('si-username').inputValue(), username);
  assert.match(await page.locator('#log').textContent(), /confirmSignUp → DONE/);
}));

await step('sign in with SRP', () => needs(async () => {
  const form = card('signin-card');
  assert.equal(await form.getByLabel('Authentication flow').inputValue(), 'USER_SRP_AUTH');
  await form.getByLabel('Password', { exact: true }).fill(password);
  await form.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForSelector('#session-body:not([hidden])', { timeout: TIMEOUT });
}));

await step('session panel shows the user and the claims', () => needs(async () => {
  assert.equal(await page.locator('#s-username').textContent(), username);
  assert.match(await page.locator('#s-userid').textContent(), /^[0-9a-f-]{36}$/);
  const id = JSON.parse(await page.locator('#s-id-claims').textContent());
  assert.equal(id['cognito:username'], username);
  assert.equal(id.email, email);
  assert.equal(id.token_use, 'id');
  const access = JSON.parse(await page.locator('#s-access-claims').textContent());
  assert.equal(access.token_use, 'access');
  assert.match(await page.locator('#s-countdown').textContent(), /^in \d/);
  assert.match(await page.locator('#who-text').textContent(), new RegExp(`Signed in as ${username}`));
  // Secrets: no password and no whole token in the log or on the page.
  const text = await page.locator('body').innerText();
  assert.ok(!text.includes(password), 'the password is not shown');
  assert.ok(!/eyJ[\w-]{20,}\.[\w-]{20,}\./.test(text), 'no whole token is shown');
  assert.match(await page.locator('#log').textContent(), /signIn → DONE/);
  assert.equal(await page.locator('#log li[data-event=signedIn]').count(), 1, 'the signedIn event is logged');
  assert.match(await page.locator('#s-id-countdown').textContent(), /^in \d/);
  assert.match(await page.locator('#s-drift').textContent(), /^[+−]?\d+ s/);
  assert.equal(await page.locator('#s-refreshes').textContent(), '0');
  if (typeof id.exp !== 'number') {
    console.log('     warn: the SDK\'s idToken.payload has no exp claim (the page reads it from the token instead)');
  }
}));

const logHas = (event) => page.locator(`#log li[data-event=${event}]`);
const noWholeToken = async () => {
  const text = await page.locator('body').innerText();
  assert.ok(!/eyJ[\w-]{20,}\.[\w-]{20,}\./.test(text), 'no whole token is shown');
};

await step('the session survives a reload', () => needs(async () => {
  const userId = await page.locator('#s-userid').textContent();
  await page.reload();
  await page.waitForSelector('body[data-ready=true]', { timeout: TIMEOUT });
  assert.equal(await page.locator('#session-body').isVisible(), true, 'the session panel shows the restored session');
  assert.match(await page.locator('#who-text').textContent(), new RegExp(`Signed in as ${username}`));
  assert.equal(await page.locator('#s-username').textContent(), username);
  assert.equal(await page.locator('#s-userid').textContent(), userId);
  assert.match(await page.locator('#s-via').textContent(), /public client.*USER_SRP_AUTH/);
  assert.equal(JSON.parse(await page.locator('#s-id-claims').textContent()).email, email);
  assert.match(await page.locator('#log').textContent(), new RegExp(`session restored from localStorage → ${username}`));
  for (const id of ['#s-id-countdown', '#s-countdown']) assert.match(await page.locator(id).textContent(), /^in \d/);
  // The countdown runs: the text changes within a couple of seconds.
  const before = await page.locator('#s-countdown').textContent();
  await page.waitForFunction((text) => document.querySelector('#s-countdown').textContent !== text, before, { timeout: 3_000 });
  assert.match(await page.locator('#s-drift').textContent(), /^[+−]?\d+ s/);
  assert.match(await page.locator('#s-refresh').textContent(), /not shown/);
  assert.equal(await page.locator('#s-refreshes').textContent(), '0', 'a restored session is no refresh');
  await noWholeToken();
}));

await step('Refresh now refreshes the tokens', () => needs(async () => {
  const endpoint = await page.locator('#endpoint').textContent();
  const refreshCalls = async () => {
    const { operations } = await (await fetch(new URL('/rig/stats', endpoint))).json();
    return (operations.GetTokensFromRefreshToken || 0) + (operations.InitiateAuth || 0);
  };
  const callsBefore = await refreshCalls();
  assert.equal(await logHas('tokenRefresh').count(), 0);
  const button = page.getByRole('button', { name: 'Refresh now', exact: true });
  await button.click();
  await page.waitForFunction(() => document.querySelector('#s-refreshes').textContent === '1', null, { timeout: TIMEOUT });
  await logHas('tokenRefresh').first().waitFor({ timeout: TIMEOUT });
  assert.equal(await logHas('tokenRefresh').count(), 1);
  assert.match(await logHas('tokenRefresh').locator('time').textContent(), /^\d{2}:\d{2}:\d{2}\.\d{3}$/);
  await page.waitForFunction(() => /Tokens refreshed/.test(document.querySelector('#session-msg').textContent), null, { timeout: TIMEOUT });
  assert.match(await page.locator('#s-refreshed-at').textContent(), /last at \d/);
  assert.equal(await button.isEnabled(), true);
  assert.equal(await refreshCalls(), callsBefore + 1, 'one refresh call reached the rig');
  assert.equal(await page.locator('#session-body').isVisible(), true, 'still signed in');
  // Keyboard: Enter on the focused button refreshes again.
  await button.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#s-refreshes').textContent === '2', null, { timeout: TIMEOUT });
  await page.waitForFunction(() => document.querySelectorAll('#log li[data-event=tokenRefresh]').length === 2, null, { timeout: TIMEOUT });
  await noWholeToken();
}));

await step('Get AWS credentials: identity id, expiry and a signed STS call', () => needs(async () => {
  await page.getByRole('button', { name: 'Get AWS credentials' }).click();
  await page.waitForFunction(() => document.querySelector('#aws-caller').textContent.includes('arn:aws:sts::'), null, { timeout: TIMEOUT });
  assert.match(await page.locator('#aws-identity').textContent(), /^us-east-1:[0-9a-f-]{36}$/);
  assert.match(await page.locator('#aws-caller').textContent(), /cognito-authenticated/);
  assert.doesNotMatch(await page.locator('#log').textContent(), /secretAccessKey|sessionToken/);
}));

const logText = () => page.locator('#log').textContent();
const attribute = (name) => page.locator(`#attrs-body tr[data-attribute="${name}"] td`).first();
const until = (fn, arg) => page.waitForFunction(fn, arg, { timeout: TIMEOUT });

await step('the account card shows the attributes and the MFA preference', () => needs(async () => {
  await card('account-card').waitFor({ timeout: TIMEOUT });
  await until(() => document.querySelector('#attrs-body tr[data-attribute=email]'));
  assert.equal(await attribute('email').textContent(), email);
  assert.equal(await attribute('email_verified').textContent(), 'true');
  assert.equal(await attribute('sub').textContent(), await page.locator('#s-userid').textContent());
  await until(() => document.querySelector('#mfa-enabled').textContent !== '–');
  assert.match(await page.locator('#mfa-enabled').textContent(), /^none/);
  assert.match(await logText(), /fetchUserAttributes → .*email/);
  assert.match(await logText(), /fetchMFAPreference → enabled: none/);
}));

await step('a new email waits for its code; the rig’s code verifies it', () => needs(async () => {
  const account = card('account-card');
  const newEmail = `new-${username}@example.com`;
  await account.getByLabel('Attribute', { exact: true }).selectOption('email');
  await account.getByLabel('New value').fill(newEmail);
  await account.getByRole('button', { name: 'Save attribute' }).click();
  await until(() => document.activeElement?.id === 'verify-code');
  assert.equal(await attribute('email').textContent(), newEmail);
  assert.equal(await attribute('email_verified').textContent(), 'false');
  assert.match(await logText(), /updateUserAttributes → email: CONFIRM_ATTRIBUTE_WITH_CODE/);
  assert.match(await message('verify-form').textContent(), /Code sent to/);
  await account.getByRole('button', { name: 'Show the verification code the rig sent' }).click();
  await until(() => /^\d{6}$/.test(document.querySelector('#verify-code').value));
  await page.locator('#verify-code').press('Enter');
  await until(() => document.querySelector('#attrs-body tr[data-attribute=email_verified] td')?.textContent === 'true');
  assert.equal(await card('verify-form').isHidden(), true);
  assert.match(await message('attr-form').textContent(), /email is verified/);
  assert.match(await logText(), /confirmUserAttribute → email verified/);
}));

await step('an attribute without a code: name saved, then deleted', () => needs(async () => {
  const account = card('account-card');
  await account.getByLabel('Attribute', { exact: true }).selectOption('name');
  await account.getByLabel('New value').fill('Ada Smoke');
  await account.getByLabel('New value').press('Enter');
  await until(() => document.querySelector('#attrs-body tr[data-attribute=name] td')?.textContent === 'Ada Smoke');
  assert.match(await message('attr-form').textContent(), /name saved/);
  assert.match(await logText(), /updateUserAttributes → name: DONE/);
  await account.getByRole('button', { name: 'Delete name' }).click();
  await until(() => !document.querySelector('#attrs-body tr[data-attribute=name]'));
  assert.match(await page.locator('#attrs-msg').textContent(), /name deleted/);
  assert.match(await logText(), /deleteUserAttributes → name deleted/);
}));

await step('change the password', () => needs(async () => {
  const form = card('password-form');
  const newPassword = `Changed${stamp}B2`;
  await form.getByLabel('Current password').fill(password);
  await form.getByLabel('New password').fill(newPassword);
  await form.getByRole('button', { name: 'Change password' }).click();
  await until(() => /Password changed/.test(document.querySelector('#password-form .msg')?.textContent || ''));
  assert.equal(await form.getByLabel('Current password').inputValue(), '', 'the fields are emptied');
  assert.match(await logText(), /updatePassword → changed/);
  for (const secret of [password, newPassword]) assert.ok(!(await logText()).includes(secret), 'no password in the log');
  password = newPassword;
}));

await step('sign out', () => needs(async () => {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.waitForSelector('#session-empty:not([hidden])', { timeout: TIMEOUT });
  assert.match(await page.locator('#who-text').textContent(), /Signed out/);
  assert.match(await page.locator('#log').textContent(), /signOut → signed out/);
  await logHas('signedOut').first().waitFor({ timeout: TIMEOUT });
  assert.match(await page.locator('#session-out-msg').textContent(), /revoked: true/);
}));

await step('a reload after the sign-out shows signed out', () => needs(async () => {
  await page.reload();
  await page.waitForSelector('body[data-ready=true]', { timeout: TIMEOUT });
  assert.equal(await page.locator('#session-empty').isVisible(), true);
  assert.equal(await page.locator('#session-body').isHidden(), true);
  assert.match(await page.locator('#who-text').textContent(), /Signed out/);
  assert.ok(!(await page.locator('#log').textContent()).includes('session restored'), 'no session was restored');
}));

await step('a wrong password shows NotAuthorizedException', async () => {
  const form = card('signin-card');
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Password', { exact: true }).fill(`${password}-wrong`);
  await form.getByLabel('Password', { exact: true }).press('Enter');
  await page.waitForFunction(() => document.querySelector('#signin-card .msg')?.classList.contains('error'),
    null, { timeout: TIMEOUT });
  assert.match(await message('signin-card').textContent(), /NotAuthorizedException/);
  assert.match(await page.locator('#log').textContent(), /NotAuthorizedException/);
  assert.ok(!(await page.locator('#log').textContent()).includes(password), 'the password is not logged');
});

await step('Forgot password? The rig’s reset code sets a new one', () => needs(async () => {
  await card('signin-card').getByRole('button', { name: 'Forgot password?' }).click();
  const reset = card('reset-card');
  await reset.waitFor({ timeout: TIMEOUT });
  assert.equal(await page.locator('#forgot').getAttribute('aria-expanded'), 'true');
  assert.equal(await reset.getByLabel('Username').inputValue(), username, 'the username comes from the sign-in card');
  await reset.getByRole('button', { name: 'Send a reset code' }).click();
  await until(() => document.activeElement?.id === 'rs-code');
  assert.match(await message('reset-card').textContent(), /Code sent to/);
  assert.match(await logText(), /resetPassword → CONFIRM_RESET_PASSWORD_WITH_CODE/);
  await reset.getByRole('button', { name: 'Show the reset code the rig sent' }).click();
  await until(() => /^\d{6}$/.test(document.querySelector('#rs-code').value));
  const newPassword = `Reset${stamp}C3`;
  await reset.getByLabel('New password').fill(newPassword);
  await reset.getByLabel('New password').press('Enter');
  await until(() => document.activeElement?.id === 'si-password');
  assert.equal(await reset.isHidden(), true);
  assert.match(await message('signin-card').textContent(), /is reset/);
  assert.match(await logText(), /confirmResetPassword → the password of/);
  assert.ok(!(await logText()).includes(newPassword), 'no password in the log');
  password = newPassword;
}));

await step('the reset password signs in (and out again)', () => needs(async () => {
  await page.locator('#si-password').fill(password);
  await page.locator('#si-password').press('Enter');
  await page.waitForSelector('#session-body:not([hidden])', { timeout: TIMEOUT });
  assert.equal(await page.locator('#s-username').textContent(), username);
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.waitForSelector('#session-empty:not([hidden])', { timeout: TIMEOUT });
}));

await step('admin creates a user who must change the password', () => needs(async () => {
  await page.getByRole('button', { name: 'Create a user who must change the password (admin)' }).click();
  await page.waitForFunction(() => /temporary password/.test(document.querySelector('#signin-card .msg')?.textContent || ''),
    null, { timeout: TIMEOUT });
  assert.match(await card('si-username').inputValue(), /^temp-/);
  assert.match(await page.locator('#log').textContent(), /AdminCreateUser → temp-\w+ \(FORCE_CHANGE_PASSWORD\)/);
}));

let adminUser;
await step('signing in asks for a new password', () => needs(async () => {
  adminUser = await card('si-username').inputValue();
  await card('signin-card').getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForSelector('#challenge-card:not([hidden])', { timeout: TIMEOUT });
  assert.match(await page.locator('#challenge-title').textContent(), /new password/i);
  assert.match(await page.locator('#log').textContent(), /signIn → CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'ch-new-password', 'focus moves to the new password');
}));

await step('the new password finishes the sign-in', () => needs(async () => {
  await card('challenge-card').getByLabel('New password').fill(`Fresh${stamp}Z9`);
  await card('challenge-card').getByLabel('New password').press('Enter');
  await page.waitForSelector('#session-body:not([hidden])', { timeout: TIMEOUT });
  assert.equal(await page.locator('#s-username').textContent(), adminUser);
  assert.equal(await card('challenge-card').isHidden(), true);
  assert.match(await page.locator('#log').textContent(), /confirmSignIn → DONE/);
}));

await step('sign out everywhere', () => needs(async () => {
  const signedOutBefore = await logHas('signedOut').count();
  await page.getByRole('button', { name: 'Sign out everywhere', exact: true }).click();
  await page.waitForSelector('#session-empty:not([hidden])', { timeout: TIMEOUT });
  assert.match(await page.locator('#who-text').textContent(), /Signed out/);
  assert.match(await page.locator('#session-out-msg').textContent(), /Signed out everywhere\. revoked: true/);
  assert.match(await page.locator('#log').textContent(), /signOut\(\{ global: true \}\) → signed out everywhere \(revoked: true\)/);
  await page.waitForFunction((n) => document.querySelectorAll('#log li[data-event=signedOut]').length === n + 1,
    signedOutBefore, { timeout: TIMEOUT });
}));

await step('the client with a secret signs in with USER_PASSWORD_AUTH', async () => {
  await page.getByRole('radio', { name: /Main pool \(client with secret\)/ }).check();
  const form = card('signin-card');
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Password', { exact: true }).fill(password);
  await form.getByLabel('Authentication flow').selectOption('USER_PASSWORD_AUTH');
  await form.getByLabel('Password', { exact: true }).press('Enter');
  await page.waitForSelector('#session-body:not([hidden])', { timeout: TIMEOUT });
  assert.equal(await page.locator('#s-username').textContent(), username);
  assert.match(await page.locator('#s-via').textContent(), /client with secret.*USER_PASSWORD_AUTH/);
});

await step('the email pool signs up, confirms and signs in with the email', async () => {
  await page.getByRole('radio', { name: /Email-as-username pool/ }).check();
  await page.waitForSelector('#session-empty:not([hidden])', { timeout: TIMEOUT });
  const mail = `mail-${stamp}@example.com`;
  const signUp = card('signup-card');
  assert.equal(await signUp.getByLabel('Username', { exact: true }).isVisible(), false, 'no separate username in the email pool');
  await signUp.getByLabel(/Email/).fill(mail);
  await signUp.getByLabel('Password', { exact: true }).fill(password);
  await signUp.getByRole('button', { name: 'Sign up', exact: true }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'cf-code', null, { timeout: TIMEOUT });
  await page.getByRole('button', { name: 'Show the code the rig sent' }).click();
  await page.waitForFunction(() => /^\d{6}$/.test(document.querySelector('#cf-code').value), null, { timeout: TIMEOUT });
  await page.locator('#cf-code').press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'si-password', null, { timeout: TIMEOUT });
  await card('signin-card').getByLabel('Authentication flow').selectOption('USER_SRP_AUTH');
  await page.locator('#si-password').fill(password);
  await page.locator('#si-password').press('Enter');
  await page.waitForSelector('#session-body:not([hidden])', { timeout: TIMEOUT });
  const id = JSON.parse(await page.locator('#s-id-claims').textContent());
  assert.equal(id.email, mail);
});

await step('a reload shows the email pool and its session again', async () => {
  const mail = JSON.parse(await page.locator('#s-id-claims').textContent()).email;
  await page.reload();
  await page.waitForSelector('body[data-ready=true]', { timeout: TIMEOUT });
  assert.equal(await page.getByRole('radio', { name: /Email-as-username pool/ }).isChecked(), true);
  assert.equal(await page.locator('#session-body').isVisible(), true);
  assert.match(await page.locator('#who-text').textContent(), new RegExp(`Signed in as ${mail}`));
  await noWholeToken();
});

const mfaUser = `mfa-${stamp}`;
let totpSecret;
await step('the MFA pool: sign up, confirm and sign in; no second factor yet', () => needs(async () => {
  await page.getByRole('radio', { name: /MFA pool/ }).check();
  await page.waitForSelector('#session-empty:not([hidden])', { timeout: TIMEOUT });
  const signUp = card('signup-card');
  await signUp.getByLabel('Username').fill(mfaUser);
  await signUp.getByLabel('Email').fill(`${mfaUser}@example.com`);
  await signUp.getByLabel('Password', { exact: true }).fill(password);
  await signUp.getByRole('button', { name: 'Sign up', exact: true }).click();
  await until(() => document.activeElement?.id === 'cf-code');
  await page.getByRole('button', { name: 'Show the code the rig sent' }).click();
  await until(() => /^\d{6}$/.test(document.querySelector('#cf-code').value));
  await page.locator('#cf-code').press('Enter');
  await until(() => document.activeElement?.id === 'si-password');
  await page.locator('#si-password').fill(password);
  await page.locator('#si-password').press('Enter');
  await page.waitForSelector('#session-body:not([hidden])', { timeout: TIMEOUT });
  await until(() => /^none/.test(document.querySelector('#mfa-enabled').textContent));
}));

await step('set up an authenticator app: a QR code, the key hidden until shown', () => needs(async () => {
  await card('account-card').getByRole('button', { name: 'Set up an authenticator app' }).click();
  const qr = page.locator('#totp-qr svg');
  await qr.waitFor({ timeout: TIMEOUT });
  assert.match(await qr.getAttribute('aria-label'), new RegExp(`QR code.*${mfaUser}`));
  assert.ok((await qr.locator('path').getAttribute('d')).length > 1000, 'the QR code has modules');
  await until(() => document.activeElement?.id === 'totp-code');
  const key = card('totp-form').getByLabel('Setup key');
  assert.equal(await key.getAttribute('type'), 'password', 'the key is masked');
  assert.ok(!(await page.locator('body').innerText()).match(/\b[A-Z2-7]{4} [A-Z2-7]{4} [A-Z2-7]{4}/), 'the key is not in the text');
  await card('totp-form').getByRole('button', { name: 'Show' }).click();
  assert.equal(await key.getAttribute('type'), 'text', 'Show reveals the key');
  totpSecret = (await key.inputValue()).replaceAll(' ', '');
  assert.match(totpSecret, /^[A-Z2-7]{32}$/);
  const text = await logText();
  assert.ok(!text.includes(totpSecret.slice(0, 8)) && !text.includes(totpSecret.slice(-8)), 'the key is not logged');
  assert.match(text, /setUpTOTP → a new secret \(not logged\)/);
}));

await step('the app’s code turns the authenticator on, preferred', () => needs(async () => {
  const form = card('totp-form');
  await form.getByLabel('Code from the app').fill(totp(totpSecret));
  await form.getByRole('button', { name: 'Verify and turn on' }).click();
  await until(() => document.querySelector('#mfa-preferred').textContent === 'TOTP');
  assert.equal(await page.locator('#mfa-enabled').textContent(), 'TOTP');
  assert.equal(await form.isHidden(), true);
  assert.equal(await page.locator('#totp-qr svg').count(), 0, 'the QR code is gone');
  assert.match(await page.locator('#mfa-msg').textContent(), /on and preferred/);
  const text = await logText();
  assert.match(text, /verifyTOTPSetup → /);
  assert.match(text, /updateMFAPreference\(\{ totp: 'PREFERRED' \}\) → done/);
  assert.match(text, /fetchMFAPreference → enabled: TOTP; preferred: TOTP/);
}));

await step('the next sign-in asks for the authenticator code', () => needs(async () => {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.waitForSelector('#session-empty:not([hidden])', { timeout: TIMEOUT });
  const form = card('signin-card');
  await form.getByLabel('Username').fill(mfaUser);
  await form.getByLabel('Password', { exact: true }).fill(password);
  await form.getByLabel('Password', { exact: true }).press('Enter');
  await page.waitForSelector('#challenge-card:not([hidden])', { timeout: TIMEOUT });
  assert.match(await page.locator('#challenge-title').textContent(), /authenticator code/);
  assert.match(await logText(), /signIn → CONFIRM_SIGN_IN_WITH_TOTP_CODE/);
  await card('challenge-card').getByLabel('Code').fill(totp(totpSecret));
  await card('challenge-card').getByLabel('Code').press('Enter');
  await page.waitForSelector('#session-body:not([hidden])', { timeout: TIMEOUT });
  assert.equal(await page.locator('#s-username').textContent(), mfaUser);
  assert.match(await logText(), /confirmSignIn → DONE/);
}));

await step('Delete my account: confirm() first; then the user is gone', () => needs(async () => {
  const button = card('account-card').getByRole('button', { name: 'Delete my account' });
  page.once('dialog', (dialog) => dialog.dismiss());
  await button.click();
  await until(() => /deleteUser: not confirmed/.test(document.querySelector('#log').textContent));
  assert.equal(await page.locator('#session-body').isVisible(), true, 'Cancel keeps the account');
  let asked = '';
  page.once('dialog', (dialog) => { asked = dialog.message(); dialog.accept(); });
  await button.click();
  await page.waitForSelector('#session-empty:not([hidden])', { timeout: TIMEOUT });
  assert.match(asked, new RegExp(`Delete the account ${mfaUser}`));
  assert.equal(await card('account-card').isHidden(), true);
  assert.match(await page.locator('#session-out-msg').textContent(), new RegExp(`Account ${mfaUser} deleted`));
  assert.match(await logText(), new RegExp(`deleteUser → ${mfaUser} deleted`));
  const form = card('signin-card');
  await form.getByLabel('Username').fill(mfaUser);
  await form.getByLabel('Password', { exact: true }).fill(password);
  await form.getByLabel('Password', { exact: true }).press('Enter');
  await until(() => document.querySelector('#signin-card .msg')?.classList.contains('error'));
  assert.match(await message('signin-card').textContent(), /UserNotFoundException/);
}));

await step('sign in with the hosted UI: its login form and back, signed in', async () => {
  await page.getByRole('button', { name: 'Sign in with the hosted UI' }).click();
  await page.waitForSelector('#signInFormUsername', { timeout: TIMEOUT });
  await page.fill('#signInFormUsername', username);
  await page.fill('#signInFormPassword', password);
  await page.click('#signInSubmitButton');
  await page.waitForURL((u) => u.href.startsWith(url) && !u.search, { timeout: TIMEOUT });
  await page.waitForSelector('body[data-ready=true]', { timeout: TIMEOUT });
  assert.equal(await page.getByRole('radio', { name: /hosted UI client/ }).isChecked(), true);
  await page.waitForSelector('#session-body:not([hidden])', { timeout: TIMEOUT });
  assert.equal(await page.locator('#s-username').textContent(), username);
  assert.match(await page.locator('#log').textContent(), /custom state "from the demo"/);
  await logHas('signInWithRedirect').first().waitFor({ timeout: TIMEOUT });
});

await step('no errors in the browser console', async () => {
  assert.deepEqual(pageErrors.map(String), []);
});

// Not assertions: how the page looks on a phone and in dark mode, for a person to judge.
stop = false;
await step('phone width', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
});
await step('dark mode', async () => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 1280, height: 900 });
});

await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
