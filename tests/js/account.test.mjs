// Proves the rig's account operations (tests/rig/rig.py) with amazon-cognito-identity-js and the
// AWS SDK v3: password reset and change, attribute verification, attribute and user deletion, TOTP
// (computed here with node:crypto), SMS / email MFA with the codes the rig sent, SELECT_MFA_TYPE,
// MFA_SETUP, MFA preferences, and the scripted custom auth with and without SRP.
// Each success is paired with its refusal. Run: cd tests/js && node --test
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import aci from 'amazon-cognito-identity-js';
import * as idp from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, unique, useRig } from './rig-process.mjs';
import { hotp, totp as totpAt } from './totp.mjs';

const { AuthenticationDetails, CognitoUser, CognitoUserPool } = aci;
const RIG = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'rig', 'rig.py');
const PASSWORD = 'Corr3ctHorse';
const NEW_PASSWORD = 'N3wBatteryStaple';

const rig = useRig();
const seen = []; // codes, secrets and tokens that must never show in the rig's request log

const sdk = () => new idp.CognitoIdentityProviderClient({
  region: rig.config.region, endpoint: rig.config.endpoint, maxAttempts: 1,
  credentials: { accessKeyId: 'AKIDRIGTEST', secretAccessKey: 'rig-test' },
});
/** `call('GetUser', {...})` = `sdk().send(new GetUserCommand({...}))`. */
const call = (operation, input) => sdk().send(new idp[`${operation}Command`](input));

async function rigCode(poolId, username, purpose) {
  const query = new URLSearchParams({ userPoolId: poolId, username, purpose });
  const response = await fetch(`${rig.config.endpoint}/rig/code?${query}`);
  assert.equal(response.status, 200, `no ${purpose} code for ${username}`);
  const { code } = await response.json();
  assert.match(code, /^[0-9]{6}$/);
  seen.push(code);
  return code;
}

async function expireCode(poolId, username, purpose) {
  const response = await fetch(`${rig.config.endpoint}/rig/code/expire`, {
    method: 'POST', body: JSON.stringify({ userPoolId: poolId, username, purpose }),
  });
  assert.equal(response.status, 200);
}

const otherCode = (c) => String((Number(c) + 1) % 1_000_000).padStart(6, '0');

const totp = (secret, stepOffset = 0) => totpAt(secret, Date.now() + stepOffset * 30_000);

/** A confirmed user with a permanent password, made through the rig (so it keeps the SRP verifier). */
async function makeUser(poolCfg, { phone } = {}) {
  const username = unique('acct');
  const email = `${username}@example.com`;
  const attrs = [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }];
  if (phone) attrs.push({ Name: 'phone_number', Value: phone });
  await call('AdminCreateUser', { UserPoolId: poolCfg.userPoolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: attrs });
  await call('AdminSetUserPassword', { UserPoolId: poolCfg.userPoolId, Username: username, Password: PASSWORD, Permanent: true });
  return { username, email };
}

const passwordAuth = (clientId, username, password = PASSWORD) => call('InitiateAuth', {
  AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password },
});

async function tokensOf(out) {
  assert.ok(out.AuthenticationResult?.AccessToken, `no tokens: ${JSON.stringify(out.ChallengeName)}`);
  seen.push(out.AuthenticationResult.RefreshToken);
  return out.AuthenticationResult;
}

const attrsOf = (user) => Object.fromEntries(user.UserAttributes.map((a) => [a.Name, a.Value]));

/** amazon-cognito-identity-js sign-in (SRP, or CUSTOM_AUTH with SRP first): resolves at the first
 * callback with { kind, params, user }; `user` carries the Session for the next step. */
function aciSignIn(poolCfg, username, password, { flow, user } = {}) {
  const pool = new CognitoUserPool({ UserPoolId: poolCfg.userPoolId, ClientId: poolCfg.clientId, endpoint: rig.config.endpoint });
  const cognitoUser = user ?? new CognitoUser({ Username: username, Pool: pool });
  if (flow) cognitoUser.setAuthenticationFlowType(flow);
  return new Promise((resolve, reject) => {
    cognitoUser.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }),
      aciCallbacks(cognitoUser, resolve, reject));
  });
}
function aciCallbacks(user, resolve, reject) {
  const at = (kind) => (a, b) => resolve({ kind, params: kind === 'customChallenge' ? a : b, session: a, user });
  return {
    onSuccess: (session) => resolve({ kind: 'success', session, user }),
    onFailure: reject,
    mfaRequired: at('mfaRequired'), totpRequired: at('totpRequired'), selectMFAType: at('selectMFAType'),
    mfaSetup: at('mfaSetup'), customChallenge: at('customChallenge'),
  };
}
const aciStep = (user, fn) => new Promise((resolve, reject) => fn(aciCallbacks(user, resolve, reject)));

describe('TOTP (RFC 6238)', () => {
  test('the rig self-test passes RFC 6238 and RFC 4226 vectors', () => {
    const out = execFileSync('python3', [RIG, '--self-test'], { encoding: 'utf8' });
    assert.match(out, /self-test ok/);
  });
  test('node:crypto TOTP here matches RFC 6238 appendix B (SHA-1)', () => {
    const key = Buffer.from('12345678901234567890');
    for (const [t, expected] of [[59, '94287082'], [1111111109, '07081804'], [1234567890, '89005924'], [20000000000, '65353130']]) {
      assert.equal(hotp(key, Math.floor(t / 30), 8), expected);
    }
  });
});

describe('passwords', () => {
  test('ForgotPassword / ConfirmForgotPassword: wrong and expired codes refused, the new password signs in with SRP', async () => {
    const cfg = rig.config.main;
    const { username } = await makeUser(cfg);
    await call('ForgotPassword', { ClientId: cfg.clientId, Username: username });
    const code = await rigCode(cfg.userPoolId, username, 'reset');
    const confirm = (c) => call('ConfirmForgotPassword', { ClientId: cfg.clientId, Username: username, ConfirmationCode: c, Password: NEW_PASSWORD });
    await rejectsWith(confirm(otherCode(code)), 'CodeMismatchException');
    await expireCode(cfg.userPoolId, username, 'reset');
    await rejectsWith(confirm(code), 'ExpiredCodeException');
    await call('ForgotPassword', { ClientId: cfg.clientId, Username: username });
    const fresh = await rigCode(cfg.userPoolId, username, 'reset');
    await rejectsWith(confirm(code === fresh ? otherCode(fresh) : code), 'CodeMismatchException');
    await confirm(fresh);
    await rejectsWith(confirm(fresh), 'CodeMismatchException'); // single use
    assert.equal((await aciSignIn(cfg, username, NEW_PASSWORD)).kind, 'success');
    await rejectsWith(aciSignIn(cfg, username, PASSWORD), 'NotAuthorizedException');
  });

  test('ChangePassword checks the old password against the verifier and updates it', async () => {
    const cfg = rig.config.main;
    const { username } = await makeUser(cfg);
    const { session } = await aciSignIn(cfg, username, PASSWORD);
    const AccessToken = session.getAccessToken().getJwtToken();
    await rejectsWith(call('ChangePassword', { AccessToken, PreviousPassword: 'Wr0ngHorse', ProposedPassword: NEW_PASSWORD }), 'NotAuthorizedException');
    await rejectsWith(call('ChangePassword', { AccessToken, PreviousPassword: PASSWORD, ProposedPassword: 'short' }), 'InvalidPasswordException');
    await call('ChangePassword', { AccessToken, PreviousPassword: PASSWORD, ProposedPassword: NEW_PASSWORD });
    assert.equal((await aciSignIn(cfg, username, NEW_PASSWORD)).kind, 'success');
    await rejectsWith(aciSignIn(cfg, username, PASSWORD), 'NotAuthorizedException');
    await tokensOf(await passwordAuth(cfg.clientId, username, NEW_PASSWORD));
  });
});

describe('attributes and the user', () => {
  test('a new email is unverified until VerifyUserAttribute with the code sent to it', async () => {
    const cfg = rig.config.main;
    const { username } = await makeUser(cfg);
    const { AccessToken } = await tokensOf(await passwordAuth(cfg.clientId, username));
    const newEmail = `${unique('new')}@example.org`;
    const out = await call('UpdateUserAttributes', { AccessToken, UserAttributes: [{ Name: 'email', Value: newEmail }, { Name: 'given_name', Value: 'Ada' }] });
    assert.deepEqual(out.CodeDeliveryDetailsList, [{ Destination: 'n***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' }]);
    let attrs = attrsOf(await call('GetUser', { AccessToken }));
    assert.equal(attrs.email, newEmail);
    assert.equal(attrs.email_verified, 'false');
    const code = await rigCode(cfg.userPoolId, username, 'verify_email');
    const verify = (c) => call('VerifyUserAttribute', { AccessToken, AttributeName: 'email', Code: c });
    await rejectsWith(verify(otherCode(code)), 'CodeMismatchException');
    await expireCode(cfg.userPoolId, username, 'verify_email');
    await rejectsWith(verify(code), 'ExpiredCodeException');
    const again = await call('GetUserAttributeVerificationCode', { AccessToken, AttributeName: 'email' });
    assert.equal(again.CodeDeliveryDetails.DeliveryMedium, 'EMAIL');
    await verify(await rigCode(cfg.userPoolId, username, 'verify_email'));
    attrs = attrsOf(await call('GetUser', { AccessToken }));
    assert.equal(attrs.email_verified, 'true');
    assert.equal(attrs.given_name, 'Ada');

    await call('DeleteUserAttributes', { AccessToken, UserAttributeNames: ['given_name'] });
    const user = await call('GetUser', { AccessToken });
    assert.equal(attrsOf(user).given_name, undefined);
    assert.equal(user.Username, username);
    assert.equal(user.MFAOptions, undefined); // Cognito leaves out empty MFA fields
    assert.equal(user.UserMFASettingList, undefined);
  });

  test('DeleteUser: the user is gone, its tokens revoked, sign-in says UserNotFoundException', async () => {
    const cfg = rig.config.main;
    const { username } = await makeUser(cfg);
    const { AccessToken } = await tokensOf(await passwordAuth(cfg.clientId, username));
    await call('DeleteUser', { AccessToken });
    await rejectsWith(passwordAuth(cfg.clientId, username), 'UserNotFoundException');
    await rejectsWith(aciSignIn(cfg, username, PASSWORD), 'UserNotFoundException');
    await rejectsWith(call('GetUser', { AccessToken }), 'NotAuthorizedException');
  });
});

describe('MFA', () => {
  test('MFA_SETUP (required TOTP): MFAS_CAN_SETUP is a JSON string, TOTP set up with the Session, then SOFTWARE_TOKEN_MFA', async () => {
    const cfg = rig.config.mfaRequired;
    const { username } = await makeUser(cfg);
    const setup = await aciSignIn(cfg, username, PASSWORD);
    assert.equal(setup.kind, 'mfaSetup');
    assert.equal(setup.params.MFAS_CAN_SETUP, '["SOFTWARE_TOKEN_MFA"]');
    const { user } = setup;
    const secret = await new Promise((resolve, reject) => user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
    assert.match(secret, /^[A-Z2-7]{32}$/);
    seen.push(secret);
    await rejectsWith(aciStep(user, (cb) => user.verifySoftwareToken(otherCode(totp(secret)), 'phone', cb)), 'EnableSoftwareTokenMFAException');
    const done = await aciStep(user, (cb) => user.verifySoftwareToken(totp(secret), 'phone', cb));
    assert.equal(done.kind, 'success');

    const mfa = await aciSignIn(cfg, username, PASSWORD);
    assert.equal(mfa.kind, 'totpRequired');
    await rejectsWith(aciStep(mfa.user, (cb) => mfa.user.sendMFACode(otherCode(totp(secret)), cb, 'SOFTWARE_TOKEN_MFA')), 'CodeMismatchException');
    const signedIn = await aciStep(mfa.user, (cb) => mfa.user.sendMFACode(totp(secret, -1), cb, 'SOFTWARE_TOKEN_MFA'));
    assert.equal(signedIn.kind, 'success');
    const me = await call('GetUser', { AccessToken: signedIn.session.getAccessToken().getJwtToken() });
    assert.deepEqual(me.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
    assert.equal(me.PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');
  });

  test('TOTP with an access token, SetUserMFAPreference, then SOFTWARE_TOKEN_MFA right and wrong (SDK v3)', async () => {
    const cfg = rig.config.mfa;
    const { username } = await makeUser(cfg);
    const { AccessToken } = await tokensOf(await passwordAuth(cfg.clientId, username)); // OPTIONAL, nothing on
    const { SecretCode } = await call('AssociateSoftwareToken', { AccessToken });
    seen.push(SecretCode);
    const totpOn = { AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } };
    await rejectsWith(call('SetUserMFAPreference', totpOn), 'InvalidParameterException'); // not verified yet
    await rejectsWith(call('VerifySoftwareToken', { AccessToken, UserCode: otherCode(totp(SecretCode)) }), 'EnableSoftwareTokenMFAException');
    assert.equal((await call('VerifySoftwareToken', { AccessToken, UserCode: totp(SecretCode) })).Status, 'SUCCESS');
    await call('SetUserMFAPreference', totpOn);
    const me = await call('GetUser', { AccessToken });
    assert.deepEqual(me.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
    assert.equal(me.PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');

    const challenge = await passwordAuth(cfg.clientId, username);
    assert.equal(challenge.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    const answer = (code) => call('RespondToAuthChallenge', {
      ClientId: cfg.clientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: challenge.Session,
      ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code },
    });
    await rejectsWith(answer(otherCode(totp(SecretCode))), 'CodeMismatchException');
    await rejectsWith(answer('12345'), 'CodeMismatchException');
    await tokensOf(await answer(totp(SecretCode, 1)));
    await rejectsWith(answer(totp(SecretCode)), 'NotAuthorizedException'); // the Session is spent
  });

  test('SMS_MFA and EMAIL_OTP with the codes the rig sent: wrong, expired, right; SECRET_HASH checked', async () => {
    const cfg = rig.config.mfa;
    const { username } = await makeUser(cfg, { phone: '+15555550123' });
    const { AccessToken } = await tokensOf(await passwordAuth(cfg.clientId, username));
    await call('SetUserMFAPreference', { AccessToken, SMSMfaSettings: { Enabled: true, PreferredMfa: true } });

    let challenge = await passwordAuth(cfg.clientId, username);
    assert.equal(challenge.ChallengeName, 'SMS_MFA');
    assert.deepEqual(challenge.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0123' });
    const respond = (name, Session, code, extra = {}) => call('RespondToAuthChallenge', {
      ClientId: extra.clientId ?? cfg.clientId, ChallengeName: name, Session,
      ChallengeResponses: { USERNAME: username, [`${name}_CODE`]: code, ...extra.responses },
    });
    let code = await rigCode(cfg.userPoolId, username, 'sms_mfa');
    await rejectsWith(respond('SMS_MFA', challenge.Session, otherCode(code)), 'CodeMismatchException');
    await expireCode(cfg.userPoolId, username, 'sms_mfa');
    await rejectsWith(respond('SMS_MFA', challenge.Session, code), 'ExpiredCodeException');
    challenge = await passwordAuth(cfg.clientId, username);
    await tokensOf(await respond('SMS_MFA', challenge.Session, await rigCode(cfg.userPoolId, username, 'sms_mfa')));

    await call('SetUserMFAPreference', { AccessToken, EmailMfaSettings: { Enabled: true, PreferredMfa: true } });
    challenge = await passwordAuth(cfg.clientId, username);
    assert.equal(challenge.ChallengeName, 'EMAIL_OTP');
    assert.equal(challenge.ChallengeParameters.CODE_DELIVERY_DELIVERY_MEDIUM, 'EMAIL');
    code = await rigCode(cfg.userPoolId, username, 'email_otp');
    await rejectsWith(respond('EMAIL_OTP', challenge.Session, otherCode(code)), 'CodeMismatchException');
    await tokensOf(await respond('EMAIL_OTP', challenge.Session, code));
    const me = await call('GetUser', { AccessToken });
    assert.deepEqual(me.UserMFASettingList, ['SMS_MFA', 'EMAIL_OTP']);
    assert.equal(me.PreferredMfaSetting, 'EMAIL_OTP');
    assert.deepEqual(me.MFAOptions, [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);

    // the client with a secret: SECRET_HASH on InitiateAuth and on the MFA answer
    const hash = createHmac('sha256', cfg.clientSecret).update(username + cfg.secretClientId).digest('base64');
    const secretChallenge = await call('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: cfg.secretClientId,
      AuthParameters: { USERNAME: username, PASSWORD, SECRET_HASH: hash },
    });
    code = await rigCode(cfg.userPoolId, username, 'email_otp');
    await rejectsWith(respond('EMAIL_OTP', secretChallenge.Session, code, { clientId: cfg.secretClientId }), 'NotAuthorizedException');
    await tokensOf(await respond('EMAIL_OTP', secretChallenge.Session, code, { clientId: cfg.secretClientId, responses: { SECRET_HASH: hash } }));
  });

  test('SELECT_MFA_TYPE for two enabled factors and no preference (SRP with amazon-cognito-identity-js)', async () => {
    const cfg = rig.config.mfa;
    const { username } = await makeUser(cfg, { phone: '+15555550199' });
    const { AccessToken } = await tokensOf(await passwordAuth(cfg.clientId, username));
    await call('SetUserMFAPreference', { AccessToken, SMSMfaSettings: { Enabled: true }, EmailMfaSettings: { Enabled: true } });
    const me = await call('GetUser', { AccessToken });
    assert.deepEqual(me.UserMFASettingList, ['SMS_MFA', 'EMAIL_OTP']);
    assert.equal(me.PreferredMfaSetting, undefined);

    const select = await aciSignIn(cfg, username, PASSWORD);
    assert.equal(select.kind, 'selectMFAType');
    assert.equal(select.params.MFAS_CAN_CHOOSE, '["SMS_MFA","EMAIL_OTP"]');
    const sms = await aciStep(select.user, (cb) => select.user.sendMFASelectionAnswer('SMS_MFA', cb));
    assert.equal(sms.kind, 'mfaRequired');
    const code = await rigCode(cfg.userPoolId, username, 'sms_mfa');
    await rejectsWith(aciStep(select.user, (cb) => select.user.sendMFACode(otherCode(code), cb)), 'CodeMismatchException');
    assert.equal((await aciStep(select.user, (cb) => select.user.sendMFACode(code, cb))).kind, 'success');
    await rejectsWith(aciSignIn(cfg, username, 'Wr0ngHorse'), 'NotAuthorizedException');

    // the same choice over the API, answered with EMAIL_OTP
    const choice = await passwordAuth(cfg.clientId, username);
    assert.equal(choice.ChallengeName, 'SELECT_MFA_TYPE');
    const picked = await call('RespondToAuthChallenge', {
      ClientId: cfg.clientId, ChallengeName: 'SELECT_MFA_TYPE', Session: choice.Session,
      ChallengeResponses: { USERNAME: username, ANSWER: 'EMAIL_OTP' },
    });
    assert.equal(picked.ChallengeName, 'EMAIL_OTP');
    await tokensOf(await call('RespondToAuthChallenge', {
      ClientId: cfg.clientId, ChallengeName: 'EMAIL_OTP', Session: picked.Session,
      ChallengeResponses: { USERNAME: username, EMAIL_OTP_CODE: await rigCode(cfg.userPoolId, username, 'email_otp') },
    }));
  });
});

describe('custom auth (the rig script: "42", then a code)', () => {
  test('CUSTOM_WITHOUT_SRP: two rounds, a wrong answer asks again, the third wrong one fails', async () => {
    const cfg = rig.config.custom;
    const { username } = await makeUser(cfg);
    const start = () => call('InitiateAuth', { AuthFlow: 'CUSTOM_AUTH', ClientId: cfg.clientId, AuthParameters: { USERNAME: username } });
    const answer = (Session, ANSWER) => call('RespondToAuthChallenge', {
      ClientId: cfg.clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session, ChallengeResponses: { USERNAME: username, ANSWER },
    });
    let step = await start();
    assert.equal(step.ChallengeName, 'CUSTOM_CHALLENGE');
    assert.equal(step.ChallengeParameters.round, '1');
    assert.equal(step.ChallengeParameters.question, cfg.question);
    step = await answer(step.Session, '41');
    assert.equal(step.ChallengeParameters.round, '1');
    step = await answer(step.Session, cfg.answer);
    assert.equal(step.ChallengeParameters.round, '2');
    const code = await rigCode(cfg.userPoolId, username, 'custom');
    await tokensOf(await answer(step.Session, code));

    step = await start();
    step = await answer(step.Session, 'no');
    step = await answer(step.Session, 'nope');
    await rejectsWith(answer(step.Session, 'never'), 'NotAuthorizedException');
    await rejectsWith(call('InitiateAuth', { AuthFlow: 'CUSTOM_AUTH', ClientId: rig.config.main.clientId, AuthParameters: { USERNAME: username } }), 'InvalidParameterException');
    await rejectsWith(call('InitiateAuth', { AuthFlow: 'CUSTOM_AUTH', ClientId: cfg.secretClientId, AuthParameters: { USERNAME: username } }), 'NotAuthorizedException');
  });

  test('CUSTOM_WITH_SRP with amazon-cognito-identity-js: SRP verified first, then both rounds', async () => {
    const cfg = rig.config.custom;
    const { username } = await makeUser(cfg);
    await rejectsWith(aciSignIn(cfg, username, 'Wr0ngHorse', { flow: 'CUSTOM_AUTH' }), 'NotAuthorizedException');
    const first = await aciSignIn(cfg, username, PASSWORD, { flow: 'CUSTOM_AUTH' });
    assert.equal(first.kind, 'customChallenge');
    assert.equal(first.params.question, cfg.question);
    const { user } = first;
    const wrong = await aciStep(user, (cb) => user.sendCustomChallengeAnswer('forty-two', cb));
    assert.equal(wrong.params.round, '1');
    const second = await aciStep(user, (cb) => user.sendCustomChallengeAnswer(cfg.answer, cb));
    assert.equal(second.kind, 'customChallenge');
    assert.equal(second.params.round, '2');
    const code = await rigCode(cfg.userPoolId, username, 'custom');
    const done = await aciStep(user, (cb) => user.sendCustomChallengeAnswer(code, cb));
    assert.equal(done.kind, 'success');
    assert.equal((await call('GetUser', { AccessToken: done.session.getAccessToken().getJwtToken() })).Username, username);
  });
});

describe('the request log', () => {
  test('shows no code, secret or token the tests saw', () => {
    const log = rig.log();
    assert.ok(log.includes('RespondToAuthChallenge'));
    for (const value of seen.filter(Boolean)) assert.ok(!log.includes(value), 'a secret value is in the log');
  });
});
