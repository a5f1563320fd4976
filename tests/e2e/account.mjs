// The whole user-pool account in a real browser, against the rig's real codes, TOTP, MFA pools and
// custom-auth script (tests/rig/README.md). Run after `./dev build` (pkg/ must exist):
//
//   COGNITO_RIG_CONFIG=/path/to/rig.json node tests/e2e/account.mjs   # or COGNITO_RIG=http://127.0.0.1:PORT
//
// 1. forgotten password: resetPassword, a wrong code refused, the rig's code, then SRP sign-in with
//    the new password and the old one refused;
// 2. updatePassword (a wrong old password refused); the account calls refresh tokens about to
//    expire first (the page's clock an hour ahead); without a session they reject;
// 3. attributes: a new email waits for its code, confirmUserAttribute makes it verified; one
//    attribute updated, one deleted;
// 4. deleteUser: signed out here (storage cleared, `signedOut`), the next sign-in UserNotFoundException;
// 5. TOTP: MFA_SETUP while signing in (`mfaRequired` pool), a wrong setup code refused, the right
//    one signs in; the next sign-in asks for a TOTP code, a wrong one is refused, the right one
//    works; setUpTOTP / verifyTOTPSetup with an access token, MFA preferences read back;
// 6. SMS and email MFA with the rig's codes; SELECT_MFA_TYPE with both on;
// 7. custom auth with and without SRP through both rounds, a wrong answer asked again;
// 8. auto sign-in after confirmSignUp: signed in, the session stored.
// TOTP codes are computed here (RFC 6238: HMAC-SHA-1, 30 s, 6 digits) from the shared secret.
// Ends with 'N passed, N failed'; exits non-zero on a failure.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { check, cleanups, finish, test } from './shared/harness.mjs';
import { must, rigConfig, rigStats } from './shared/rig.mjs';
import { launch, siteRoot } from './shared/browser.mjs';
import { serve } from './shared/serve.mjs';
import { totp } from '../js/totp.mjs';

const PASSWORD = 'Account-passw0rd';
const NEW_PASSWORD = 'Account-passw0rd-2';

const rig = await rigConfig(cleanups);

// --- TOTP and the rig's codes ---------------------------------------------------------------------

/** A 6-digit code none of the TOTP steps the rig accepts now gives. */
function wrongTotp(secret) {
  const taken = [-30_000, 0, 30_000].map((d) => totp(secret, Date.now() + d));
  for (let n = 123456; ; n += 1) if (!taken.includes(String(n))) return String(n);
}

async function rigCode(pool, username, purpose) {
  const reply = await fetch(`${rig.endpoint}/rig/code?${new URLSearchParams({ userPoolId: pool.userPoolId, username, purpose })}`);
  check(reply.ok, `/rig/code ${purpose}: HTTP ${reply.status}`);
  return (await reply.json()).code;
}

/** A confirmed user of `pool` with a verified email (and `attributes`); returns the username. */
async function makeUser(pool, label, attributes = {}) {
  const username = `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const extra = Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));
  await must(rig, 'AdminCreateUser', {
    UserPoolId: pool.userPoolId, Username: username, MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }, ...extra],
  });
  await must(rig, 'AdminSetUserPassword', { UserPoolId: pool.userPoolId, Username: username, Password: PASSWORD, Permanent: true });
  return username;
}

// --- the page -------------------------------------------------------------------------------------

const root = await siteRoot(cleanups, 'account');
await writeFile(join(root, 'index.html'), `<!doctype html>
<meta charset="utf-8">
<title>account tests</title>
<link rel="icon" href="data:,">
<script type="module">
  import { CognitoAuth } from './pkg/index.js';
  window.CognitoAuth = CognitoAuth;
  window.events = [];
  // auth[name](...args) as { ok, value } or { ok: false, name, message }; a TOTP setup's
  // getSetupUri is called (with the app name 'Rig App') and shown as setupUri, its type as uriType.
  window.call = async (name, ...args) => {
    try {
      const value = await window.auth[name](...args);
      const details = value?.nextStep?.totpSetupDetails ?? (name === 'setUpTOTP' ? value : undefined);
      if (details) {
        const uri = details.getSetupUri('Rig App');
        return { ok: true, value, setupUri: uri.href, uriType: uri instanceof URL ? 'URL' : typeof uri,
          secret: details.sharedSecret, otherAccount: details.getSetupUri('Rig App', 'someone').href };
      }
      return { ok: true, value };
    } catch (e) {
      return { ok: false, name: e?.name, message: e?.message };
    }
  };
  window.loaded = true;
</script>
`);
const origin = await serve(root, cleanups);

const browser = await launch(cleanups);

async function withPage(body, { before } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    if (before) await before(page);
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => window.loaded === true, null, { timeout: 15_000 });
    await body(page);
    check(errors.length === 0, `page errors: ${errors.join('; ')}`);
  } finally {
    await context.close();
  }
}

async function make(page, pool) {
  await page.evaluate(([userPoolId, userPoolClientId, endpoint]) => {
    window.auth = new window.CognitoAuth({ userPoolId, userPoolClientId, endpoint });
    window.auth.listen((e) => window.events.push(e.event));
  }, [pool.userPoolId, pool.clientId, rig.endpoint]);
}

const call = (page, name, ...args) => page.evaluate(([name, args]) => window.call(name, ...args), [name, args]);

/** `call` that must succeed; returns the value. */
async function ok(page, name, ...args) {
  const out = await call(page, name, ...args);
  check(out.ok, `${name}(${JSON.stringify(args)}): ${out.name}: ${out.message}`);
  return out.value;
}

/** `call` that must fail with the error `expected`. */
async function refused(page, expected, name, ...args) {
  const out = await call(page, name, ...args);
  check(!out.ok && out.name === expected, `${name}(${JSON.stringify(args)}) should fail with ${expected}: ${JSON.stringify(out)}`);
  return out;
}

function step(out, expected) {
  check(out.nextStep?.signInStep === expected, `expected ${expected}: ${JSON.stringify(out)}`);
}

function signedIn(out) {
  check(out.isSignedIn === true && out.nextStep.signInStep === 'DONE', `not signed in: ${JSON.stringify(out)}`);
}

/** The keys of this app client in localStorage. */
function storedKeys(page, pool) {
  return page.evaluate((c) => Object.keys(localStorage).filter((k) => k.startsWith(`CognitoIdentityServiceProvider.${c}.`)), pool.clientId);
}

// --- 1. forgotten password ------------------------------------------------------------------------

await test('resetPassword: a wrong code refused, the rig\'s code sets the new password; SRP signs in with it, not the old one', async () => {
  const username = await makeUser(rig.main, 'reset');
  await withPage(async (page) => {
    await make(page, rig.main);
    const reset = await ok(page, 'resetPassword', { username });
    check(reset.isPasswordReset === false && reset.nextStep.resetPasswordStep === 'CONFIRM_RESET_PASSWORD_WITH_CODE'
      && reset.nextStep.codeDeliveryDetails.deliveryMedium === 'EMAIL', `resetPassword: ${JSON.stringify(reset)}`);
    const code = await rigCode(rig.main, username, 'reset');
    await refused(page, 'CodeMismatchException', 'confirmResetPassword',
      { username, confirmationCode: code === '000000' ? '111111' : '000000', newPassword: NEW_PASSWORD });
    const confirmed = await ok(page, 'confirmResetPassword', { username, confirmationCode: code, newPassword: NEW_PASSWORD });
    check(confirmed === undefined, `confirmResetPassword resolved to ${JSON.stringify(confirmed)}`);
    await refused(page, 'NotAuthorizedException', 'signIn', { username, password: PASSWORD });
    signedIn(await ok(page, 'signIn', { username, password: NEW_PASSWORD }));
  });
});

// --- 2. password, fresh tokens, no session ----------------------------------------------------------

await test('updatePassword: a wrong old password refused; then only the new password signs in', async () => {
  const username = await makeUser(rig.main, 'change');
  await withPage(async (page) => {
    await make(page, rig.main);
    await refused(page, 'UserUnAuthenticatedException', 'updatePassword', { oldPassword: PASSWORD, newPassword: NEW_PASSWORD });
    signedIn(await ok(page, 'signIn', { username, password: PASSWORD }));
    await refused(page, 'NotAuthorizedException', 'updatePassword', { oldPassword: 'Wrong-passw0rd', newPassword: NEW_PASSWORD });
    const changed = await ok(page, 'updatePassword', { oldPassword: PASSWORD, newPassword: NEW_PASSWORD });
    check(changed === undefined, `updatePassword resolved to ${JSON.stringify(changed)}`);
    await ok(page, 'signOut');
    await refused(page, 'NotAuthorizedException', 'signIn', { username, password: PASSWORD });
    signedIn(await ok(page, 'signIn', { username, password: NEW_PASSWORD }));
  });
});

await test('the account calls refresh tokens about to expire first (page clock an hour ahead); without a session they reject', async () => {
  const username = await makeUser(rig.main, 'fresh');
  await withPage(async (page) => {
    await make(page, rig.main);
    for (const name of ['fetchUserAttributes', 'fetchMFAPreference', 'setUpTOTP', 'deleteUser']) {
      await refused(page, 'UserUnAuthenticatedException', name);
    }
    signedIn(await ok(page, 'signIn', { username, password: PASSWORD }));
    const before = (await rigStats(rig)).operations;
    await ok(page, 'fetchUserAttributes');
    const middle = (await rigStats(rig)).operations;
    const refreshes = (ops) => (ops.GetTokensFromRefreshToken ?? 0) + (ops.InitiateAuth ?? 0);
    check(refreshes(middle) === refreshes(before), 'fresh tokens were refreshed');
    const token = await page.evaluate(async () => String((await window.auth.fetchAuthSession()).tokens.accessToken));
    await page.clock.setSystemTime(Date.now() + 3600_000);
    const attributes = await ok(page, 'fetchUserAttributes');
    const after = (await rigStats(rig)).operations;
    check(attributes.email === `${username}@example.com`, `fetchUserAttributes: ${JSON.stringify(attributes)}`);
    check(refreshes(after) >= refreshes(middle) + 1, 'tokens about to expire were not refreshed first');
    const fresh = await page.evaluate(async () => String((await window.auth.fetchAuthSession()).tokens.accessToken));
    check(fresh !== token, 'the access token is the old one');
  }, { before: (page) => page.clock.install() });
});

// --- 3. attributes ------------------------------------------------------------------------------

await test('attributes: a new email waits for its code and is verified by it; one attribute updated, one deleted', async () => {
  const username = await makeUser(rig.main, 'attrs');
  await withPage(async (page) => {
    await make(page, rig.main);
    signedIn(await ok(page, 'signIn', { username, password: PASSWORD }));
    const email = `new-${username}@example.com`;
    const updated = await ok(page, 'updateUserAttributes', { userAttributes: { email } });
    check(updated.email?.isUpdated === false && updated.email.nextStep.updateAttributeStep === 'CONFIRM_ATTRIBUTE_WITH_CODE'
      && updated.email.nextStep.codeDeliveryDetails.attributeName === 'email', `updateUserAttributes: ${JSON.stringify(updated)}`);
    let attributes = await ok(page, 'fetchUserAttributes');
    check(attributes.email === email && attributes.email_verified === 'false', `before the code: ${JSON.stringify(attributes)}`);
    await refused(page, 'CodeMismatchException', 'confirmUserAttribute', { userAttributeKey: 'email', confirmationCode: '000000' });
    const sent = await ok(page, 'sendUserAttributeVerificationCode', { userAttributeKey: 'email' });
    check(sent.attributeName === 'email' && sent.deliveryMedium === 'EMAIL', `sendUserAttributeVerificationCode: ${JSON.stringify(sent)}`);
    const code = await rigCode(rig.main, username, 'verify_email');
    await ok(page, 'confirmUserAttribute', { userAttributeKey: 'email', confirmationCode: code });
    attributes = await ok(page, 'fetchUserAttributes');
    check(attributes.email === email && attributes.email_verified === 'true', `after the code: ${JSON.stringify(attributes)}`);

    const one = await ok(page, 'updateUserAttribute', { userAttribute: { attributeKey: 'name', value: 'Alice Rig' } });
    check(JSON.stringify(one) === JSON.stringify({ isUpdated: true, nextStep: { updateAttributeStep: 'DONE' } }), `updateUserAttribute: ${JSON.stringify(one)}`);
    check((await ok(page, 'fetchUserAttributes')).name === 'Alice Rig', 'name not updated');
    await ok(page, 'deleteUserAttributes', { userAttributeKeys: ['name'] });
    attributes = await ok(page, 'fetchUserAttributes');
    check(!('name' in attributes) && attributes.email === email, `after deleteUserAttributes: ${JSON.stringify(attributes)}`);
    await refused(page, 'InvalidArgumentError', 'deleteUserAttributes', { userAttributeKeys: [] });
  });
});

// --- 4. deleteUser --------------------------------------------------------------------------------

await test('deleteUser: signed out here (storage cleared, signedOut), the next sign-in UserNotFoundException', async () => {
  const username = await makeUser(rig.main, 'delete');
  await withPage(async (page) => {
    await make(page, rig.main);
    signedIn(await ok(page, 'signIn', { username, password: PASSWORD }));
    check((await storedKeys(page, rig.main)).length > 0, 'nothing stored after sign-in');
    await ok(page, 'deleteUser');
    check((await storedKeys(page, rig.main)).length === 0, `left in storage: ${await storedKeys(page, rig.main)}`);
    await page.waitForFunction(() => window.events.includes('signedOut'), null, { timeout: 5_000 });
    await refused(page, 'UserUnAuthenticatedException', 'getCurrentUser');
    await refused(page, 'UserNotFoundException', 'signIn', { username, password: PASSWORD });
  });
});

// --- 5. TOTP --------------------------------------------------------------------------------------

await test('TOTP: MFA_SETUP while signing in, a wrong code refused, the right one signs in; then CONFIRM_SIGN_IN_WITH_TOTP_CODE', async () => {
  const pool = rig.mfaRequired;
  const username = await makeUser(pool, 'totp-setup');
  await withPage(async (page) => {
    await make(page, pool);
    const setup = await call(page, 'signIn', { username, password: PASSWORD });
    check(setup.ok, JSON.stringify(setup));
    step(setup.value, 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
    const secret = setup.secret;
    check(/^[A-Z2-7]{16,}$/.test(secret ?? ''), `sharedSecret: ${secret}`);
    check(setup.uriType === 'URL' && setup.setupUri === `otpauth://totp/Rig%20App:${username}?secret=${secret}&issuer=Rig%20App`,
      `getSetupUri: ${setup.setupUri} (${setup.uriType})`);
    check(setup.otherAccount.includes(':someone?'), `getSetupUri with an account: ${setup.otherAccount}`);
    await refused(page, 'EnableSoftwareTokenMFAException', 'confirmSignIn', { challengeResponse: wrongTotp(secret) });
    signedIn(await ok(page, 'confirmSignIn', { challengeResponse: totp(secret), options: { friendlyDeviceName: 'rig phone' } }));
    const mfa = await ok(page, 'fetchMFAPreference');
    check(JSON.stringify(mfa) === JSON.stringify({ preferred: 'TOTP', enabled: ['TOTP'] }), `fetchMFAPreference: ${JSON.stringify(mfa)}`);
    await ok(page, 'signOut');

    step(await ok(page, 'signIn', { username, password: PASSWORD }), 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    await refused(page, 'CodeMismatchException', 'confirmSignIn', { challengeResponse: wrongTotp(secret) });
    signedIn(await ok(page, 'confirmSignIn', { challengeResponse: totp(secret) }));
    check((await storedKeys(page, pool)).length > 0, 'the session was not stored');
  });
});

await test('TOTP with an access token: setUpTOTP, verifyTOTPSetup, updateMFAPreference, fetchMFAPreference; the next sign-in asks for it', async () => {
  const pool = rig.mfa;
  const username = await makeUser(pool, 'totp-token');
  await withPage(async (page) => {
    await make(page, pool);
    signedIn(await ok(page, 'signIn', { username, password: PASSWORD }));
    check(JSON.stringify(await ok(page, 'fetchMFAPreference')) === '{}', 'MFA preferences of a new user');
    const setup = await call(page, 'setUpTOTP');
    check(setup.ok && setup.uriType === 'URL' && setup.setupUri.startsWith(`otpauth://totp/Rig%20App:${username}?secret=${setup.secret}`),
      `setUpTOTP: ${JSON.stringify(setup)}`);
    await refused(page, 'EnableSoftwareTokenMFAException', 'verifyTOTPSetup', { code: wrongTotp(setup.secret) });
    await ok(page, 'verifyTOTPSetup', { code: totp(setup.secret), options: { friendlyDeviceName: 'rig phone' } });
    await refused(page, 'InvalidArgumentError', 'updateMFAPreference', { totp: 'ON' });
    await ok(page, 'updateMFAPreference', { totp: 'PREFERRED' });
    const mfa = await ok(page, 'fetchMFAPreference');
    check(JSON.stringify(mfa) === JSON.stringify({ preferred: 'TOTP', enabled: ['TOTP'] }), `fetchMFAPreference: ${JSON.stringify(mfa)}`);
    await ok(page, 'signOut');
    step(await ok(page, 'signIn', { username, password: PASSWORD }), 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    signedIn(await ok(page, 'confirmSignIn', { challengeResponse: totp(setup.secret) }));
  });
});

// --- 6. SMS and email MFA -------------------------------------------------------------------------

await test('SMS and email MFA with the rig\'s codes; SELECT_MFA_TYPE when both are on and none preferred', async () => {
  const pool = rig.mfa;
  const username = await makeUser(pool, 'sms-email', { phone_number: '+15555550123' });
  await withPage(async (page) => {
    await make(page, pool);
    signedIn(await ok(page, 'signIn', { username, password: PASSWORD }));
    await ok(page, 'updateMFAPreference', { sms: 'PREFERRED' });
    await ok(page, 'signOut');

    const sms = await ok(page, 'signIn', { username, password: PASSWORD });
    step(sms, 'CONFIRM_SIGN_IN_WITH_SMS_CODE');
    check(sms.nextStep.codeDeliveryDetails.deliveryMedium === 'SMS', JSON.stringify(sms));
    const smsCode = await rigCode(pool, username, 'sms_mfa');
    await refused(page, 'CodeMismatchException', 'confirmSignIn', { challengeResponse: smsCode === '000000' ? '111111' : '000000' });
    signedIn(await ok(page, 'confirmSignIn', { challengeResponse: smsCode }));

    await ok(page, 'updateMFAPreference', { sms: 'NOT_PREFERRED', email: 'ENABLED' });
    const mfa = await ok(page, 'fetchMFAPreference');
    check(JSON.stringify(mfa) === JSON.stringify({ enabled: ['SMS', 'EMAIL'] }), `fetchMFAPreference: ${JSON.stringify(mfa)}`);
    await ok(page, 'signOut');

    const select = await ok(page, 'signIn', { username, password: PASSWORD });
    step(select, 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION');
    check(JSON.stringify(select.nextStep.allowedMFATypes) === '["SMS","EMAIL"]', JSON.stringify(select));
    await refused(page, 'InvalidArgumentError', 'confirmSignIn', { challengeResponse: 'TOTP' });
    const email = await ok(page, 'confirmSignIn', { challengeResponse: 'EMAIL' });
    step(email, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    check(email.nextStep.codeDeliveryDetails.deliveryMedium === 'EMAIL', JSON.stringify(email));
    signedIn(await ok(page, 'confirmSignIn', { challengeResponse: await rigCode(pool, username, 'email_otp') }));
  });
});

// --- 7. custom auth -------------------------------------------------------------------------------

for (const flow of ['CUSTOM_WITH_SRP', 'CUSTOM_WITHOUT_SRP']) {
  await test(`custom auth ${flow}: "42", then the rig's code; a wrong answer asks the same round again`, async () => {
    const pool = rig.custom;
    const username = await makeUser(pool, flow.toLowerCase().replaceAll('_', '-'));
    await withPage(async (page) => {
      await make(page, pool);
      const input = flow === 'CUSTOM_WITH_SRP' ? { username, password: PASSWORD } : { username };
      if (flow === 'CUSTOM_WITH_SRP') {
        await refused(page, 'NotAuthorizedException', 'signIn', { username, password: 'Wrong-passw0rd', options: { authFlowType: flow } });
      } else {
        await refused(page, 'InvalidArgumentError', 'signIn', { username, password: PASSWORD, options: { authFlowType: flow } });
      }
      const first = await ok(page, 'signIn', { ...input, options: { authFlowType: flow } });
      step(first, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
      check(first.nextStep.additionalInfo.round === '1' && first.nextStep.additionalInfo.question === pool.question, JSON.stringify(first));
      const again = await ok(page, 'confirmSignIn', { challengeResponse: '41' });
      step(again, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
      check(again.isSignedIn === false && again.nextStep.additionalInfo.round === '1', `after a wrong answer: ${JSON.stringify(again)}`);
      const second = await ok(page, 'confirmSignIn', { challengeResponse: pool.answer });
      step(second, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
      check(second.nextStep.additionalInfo.round === '2', JSON.stringify(second));
      signedIn(await ok(page, 'confirmSignIn', { challengeResponse: await rigCode(pool, username, 'custom') }));
      const user = await ok(page, 'getCurrentUser');
      check(user.username === username && user.signInDetails?.authFlowType === flow, `getCurrentUser: ${JSON.stringify(user)}`);
    });
  });
}

// --- 8. auto sign-in ------------------------------------------------------------------------------

await test('auto sign-in: signUp with autoSignIn, confirmSignUp says COMPLETE_AUTO_SIGN_IN, autoSignIn signs in and stores the session', async () => {
  const pool = rig.main;
  const username = `auto-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  await withPage(async (page) => {
    await make(page, pool);
    await refused(page, 'InvalidStateError', 'autoSignIn');
    const up = await ok(page, 'signUp', {
      username, password: PASSWORD, options: { userAttributes: { email: `${username}@example.com` }, autoSignIn: true },
    });
    check(up.isSignUpComplete === false && up.nextStep.signUpStep === 'CONFIRM_SIGN_UP', `signUp: ${JSON.stringify(up)}`);
    await refused(page, 'InvalidStateError', 'autoSignIn'); // not confirmed yet
    const confirmed = await ok(page, 'confirmSignUp', { username, confirmationCode: await rigCode(pool, username, 'signup') });
    check(confirmed.isSignUpComplete === true && confirmed.nextStep.signUpStep === 'COMPLETE_AUTO_SIGN_IN', `confirmSignUp: ${JSON.stringify(confirmed)}`);
    signedIn(await ok(page, 'autoSignIn'));
    const user = await ok(page, 'getCurrentUser');
    check(user.username === username, `getCurrentUser: ${JSON.stringify(user)}`);
    const stored = await storedKeys(page, pool);
    check(stored.some((k) => k.endsWith(`.${username}.refreshToken`)) && stored.some((k) => k.endsWith('.LastAuthUser')), `stored: ${stored}`);
    check(!(await page.evaluate((p) => JSON.stringify({ ...localStorage }).includes(p), PASSWORD)), 'the password is in storage');
    await page.waitForFunction(() => window.events.includes('signedIn'), null, { timeout: 5_000 });
    await refused(page, 'InvalidStateError', 'autoSignIn');

    // A sign-out gives up a pending auto sign-in: the confirmation is then a plain DONE.
    await ok(page, 'signOut');
    const other = `auto2-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    await ok(page, 'signUp', { username: other, password: PASSWORD, options: { userAttributes: { email: `${other}@example.com` }, autoSignIn: true } });
    await ok(page, 'signOut');
    const plain = await ok(page, 'confirmSignUp', { username: other, confirmationCode: await rigCode(pool, other, 'signup') });
    check(plain.nextStep.signUpStep === 'DONE', `confirmSignUp after a sign-out: ${JSON.stringify(plain)}`);
    await refused(page, 'InvalidStateError', 'autoSignIn');
  });
});

await finish();
