// Proves the local Cognito rig (tests/rig/rig.py) with amazon-cognito-identity-js itself:
// SRP with the right password is accepted and with a wrong one refused, confirmation codes
// are real, SECRET_HASH is checked. Run: cd tests/js && node --test
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import aci from 'amazon-cognito-identity-js';
import BigIntegerModule from 'amazon-cognito-identity-js/lib/BigInteger.js';
import { rejectsWith, unique, useRig } from './rig-process.mjs';

const { AuthenticationDetails, AuthenticationHelper, CognitoUser, CognitoUserAttribute, CognitoUserPool, DateHelper } = aci;
const BigInteger = BigIntegerModule.default ?? BigIntegerModule;

const PASSWORD = 'Corr3ctHorse';
const WRONG = 'Wr0ngHorse';

const rig = useRig();

function userPool(poolCfg, clientId = poolCfg.clientId) {
  return new CognitoUserPool({ UserPoolId: poolCfg.userPoolId, ClientId: clientId, endpoint: rig.config.endpoint });
}

function signUp(pool, username, password, email) {
  const attrs = [new CognitoUserAttribute({ Name: 'email', Value: email })];
  return new Promise((resolve, reject) => {
    pool.signUp(username, password, attrs, null, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

function confirm(pool, username, code) {
  const user = new CognitoUser({ Username: username, Pool: pool });
  return new Promise((resolve, reject) => {
    user.confirmRegistration(code, false, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

function resend(pool, username) {
  const user = new CognitoUser({ Username: username, Pool: pool });
  return new Promise((resolve, reject) => {
    user.resendConfirmationCode((err, result) => (err ? reject(err) : resolve(result)));
  });
}

// Resolves { session, user } on success or { newPasswordRequired, user } on that challenge.
function signIn(pool, username, password) {
  const user = new CognitoUser({ Username: username, Pool: pool });
  const details = new AuthenticationDetails({ Username: username, Password: password });
  return new Promise((resolve, reject) => {
    user.authenticateUser(details, {
      onSuccess: (session) => resolve({ session, user }),
      onFailure: reject,
      newPasswordRequired: (userAttributes, requiredAttributes) =>
        resolve({ newPasswordRequired: { userAttributes, requiredAttributes }, user }),
    });
  });
}

async function code(poolId, username) {
  const url = `${rig.config.endpoint}/rig/code?userPoolId=${encodeURIComponent(poolId)}&username=${encodeURIComponent(username)}`;
  const response = await fetch(url);
  assert.equal(response.status, 200, `no code for ${username}`);
  return (await response.json()).code;
}

const raw = (operation, body) => rig.raw(operation, body);

const secretHash = (username, clientId = rig.config.main.secretClientId, secret = rig.config.main.clientSecret) =>
  createHmac('sha256', secret).update(username + clientId).digest('base64');

const otherCode = (c) => String((Number(c) + 1) % 1_000_000).padStart(6, '0');

function claims(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

// USER_SRP_AUTH by hand with amazon-cognito-identity-js's AuthenticationHelper, so that the
// request can carry a SECRET_HASH or a chosen TIMESTAMP. Returns the final reply and the
// RespondToAuthChallenge body (for replays).
async function rawSrp({ poolId, clientId, username, password, hashFor = () => undefined, timestamp, admin = false }) {
  const poolName = poolId.split('_')[1];
  const helper = new AuthenticationHelper(poolName);
  const A = await new Promise((resolve, reject) => helper.getLargeAValue((e, v) => (e ? reject(e) : resolve(v))));
  const init = await raw(admin ? 'AdminInitiateAuth' : 'InitiateAuth', {
    ...(admin ? { UserPoolId: poolId } : {}), AuthFlow: 'USER_SRP_AUTH', ClientId: clientId,
    AuthParameters: { USERNAME: username, SRP_A: A.toString(16), SECRET_HASH: hashFor(username) },
  });
  if (init.status !== 200) return { reply: init };
  const p = init.body.ChallengeParameters;
  const key = await new Promise((resolve, reject) => helper.getPasswordAuthenticationKey(
    p.USER_ID_FOR_SRP, password, new BigInteger(p.SRP_B, 16), new BigInteger(p.SALT, 16),
    (e, k) => (e ? reject(e) : resolve(k))));
  const stamp = timestamp ?? new DateHelper().getNowString();
  const signature = createHmac('sha256', key).update(Buffer.concat([
    Buffer.from(poolName, 'utf8'), Buffer.from(p.USER_ID_FOR_SRP, 'utf8'),
    Buffer.from(p.SECRET_BLOCK, 'base64'), Buffer.from(stamp, 'utf8'),
  ])).digest('base64');
  const request = {
    ...(admin ? { UserPoolId: poolId } : {}), ChallengeName: 'PASSWORD_VERIFIER', ClientId: clientId,
    ChallengeResponses: {
      USERNAME: p.USER_ID_FOR_SRP, PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK, TIMESTAMP: stamp,
      PASSWORD_CLAIM_SIGNATURE: signature, SECRET_HASH: hashFor(p.USER_ID_FOR_SRP),
    },
  };
  return { reply: await raw(admin ? 'AdminRespondToAuthChallenge' : 'RespondToAuthChallenge', request), request };
}

async function signedUpAndConfirmed(poolCfg, username, email) {
  const pool = userPool(poolCfg);
  await signUp(pool, username, PASSWORD, email);
  await confirm(pool, username, await code(poolCfg.userPoolId, username));
  return pool;
}

describe('rig with amazon-cognito-identity-js', () => {
  test('sign-up in pool "main" is confirmed only with the code the rig sent', async () => {
    const pool = userPool(rig.config.main);
    const username = unique('alice');
    const result = await signUp(pool, username, PASSWORD, `${username}@example.com`);
    assert.equal(result.userConfirmed, false);
    assert.equal(result.codeDeliveryDetails.DeliveryMedium, 'EMAIL');
    const sent = await code(rig.config.main.userPoolId, username);
    assert.match(sent, /^\d{6}$/);
    await rejectsWith(confirm(pool, username, otherCode(sent)), 'CodeMismatchException');
    assert.equal(await confirm(pool, username, sent), 'SUCCESS');
  });

  test('SRP sign-in in pool "main": right password gets tokens, wrong password NotAuthorizedException', async () => {
    const username = unique('bob');
    const pool = await signedUpAndConfirmed(rig.config.main, username, `${username}@example.com`);
    const { session } = await signIn(pool, username, PASSWORD);
    assert.ok(session.isValid());
    assert.equal(claims(session.getIdToken().getJwtToken())['cognito:username'] ?? username, username);
    assert.equal(claims(session.getAccessToken().getJwtToken()).username, username);
    assert.ok(session.getRefreshToken().getToken());
    await rejectsWith(signIn(pool, username, WRONG), 'NotAuthorizedException');
    await rejectsWith(signIn(pool, unique('nobody'), PASSWORD), 'UserNotFoundException');
  });

  test('SRP sign-in before confirmation is refused with UserNotConfirmedException', async () => {
    const pool = userPool(rig.config.main);
    const username = unique('carol');
    await signUp(pool, username, PASSWORD, `${username}@example.com`);
    await rejectsWith(signIn(pool, username, PASSWORD), 'UserNotConfirmedException');
  });

  test('pool "email": sign-up and SRP with the email as username, USER_ID_FOR_SRP is the sub', async () => {
    const email = `${unique('dave')}@example.com`;
    const pool = await signedUpAndConfirmed(rig.config.email, email, email);
    const { session, user } = await signIn(pool, email, PASSWORD);
    const sub = claims(session.getIdToken().getJwtToken()).sub;
    assert.equal(user.getUsername(), sub);
    assert.equal(claims(session.getIdToken().getJwtToken()).email, email);
    await rejectsWith(signIn(pool, email, WRONG), 'NotAuthorizedException');
  });

  test('admin-created user must set a new password, then only the new one works', async () => {
    const username = unique('erin');
    const temporary = 'Temp0rary1';
    const created = await raw('AdminCreateUser', {
      UserPoolId: rig.config.main.userPoolId,
      Username: username,
      TemporaryPassword: temporary,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: `${username}@example.com` },
        { Name: 'email_verified', Value: 'true' },
      ],
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const pool = userPool(rig.config.main);
    await rejectsWith(signIn(pool, username, 'N0tTheTemp'), 'NotAuthorizedException');
    const challenged = await signIn(pool, username, temporary);
    assert.ok(challenged.newPasswordRequired, 'expected newPasswordRequired');
    assert.equal(challenged.newPasswordRequired.userAttributes.email, `${username}@example.com`);
    const session = await new Promise((resolve, reject) => {
      challenged.user.completeNewPasswordChallenge(PASSWORD, {}, { onSuccess: resolve, onFailure: reject });
    });
    assert.ok(session.isValid());
    assert.ok((await signIn(pool, username, PASSWORD)).session.isValid());
    await rejectsWith(signIn(pool, username, temporary), 'NotAuthorizedException');
  });

  test('ResendConfirmationCode sends a new code that confirms the user', async () => {
    const pool = userPool(rig.config.main);
    const username = unique('frank');
    await signUp(pool, username, PASSWORD, `${username}@example.com`);
    const first = await code(rig.config.main.userPoolId, username);
    const resent = await resend(pool, username);
    assert.deepEqual(resent.CodeDeliveryDetails, { Destination: 'f***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const second = await code(rig.config.main.userPoolId, username);
    if (second !== first) await rejectsWith(confirm(pool, username, first), 'CodeMismatchException');
    assert.equal(await confirm(pool, username, second), 'SUCCESS');
    await rejectsWith(resend(pool, username), 'InvalidParameterException');
    await rejectsWith(resend(pool, unique('ghost')), 'UserNotFoundException');
    assert.ok((await signIn(pool, username, PASSWORD)).session.isValid());
  });

  test('forgot password and change password move the SRP verifier', async () => {
    const username = unique('grace');
    const pool = await signedUpAndConfirmed(rig.config.main, username, `${username}@example.com`);
    const user = new CognitoUser({ Username: username, Pool: pool });
    await new Promise((resolve, reject) => user.forgotPassword({ onSuccess: resolve, onFailure: reject, inputVerificationCode: resolve }));
    const reset = await code(rig.config.main.userPoolId, username);
    const confirmPassword = (c, pw) => new Promise((resolve, reject) => user.confirmPassword(c, pw, { onSuccess: resolve, onFailure: reject }));
    await rejectsWith(confirmPassword(otherCode(reset), 'Res3tPassword'), 'CodeMismatchException');
    await confirmPassword(reset, 'Res3tPassword');
    await rejectsWith(signIn(pool, username, PASSWORD), 'NotAuthorizedException');
    const { user: signedIn } = await signIn(pool, username, 'Res3tPassword');
    await new Promise((resolve, reject) => signedIn.changePassword('Res3tPassword', 'Chang3dPassword', (err, r) => (err ? reject(err) : resolve(r))));
    await rejectsWith(signIn(pool, username, 'Res3tPassword'), 'NotAuthorizedException');
    assert.ok((await signIn(pool, username, 'Chang3dPassword')).session.isValid());
  });

  test('PASSWORD_VERIFIER refuses a malformed or stale TIMESTAMP and a reused SECRET_BLOCK', async () => {
    const username = unique('kate');
    await signedUpAndConfirmed(rig.config.main, username, `${username}@example.com`);
    const srp = (timestamp) => rawSrp({ poolId: rig.config.main.userPoolId, clientId: rig.config.main.clientId, username, password: PASSWORD, timestamp });
    const now = new Date();
    const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const format = (d, padDay) => {
      const two = (n) => String(n).padStart(2, '0');
      const day = padDay ? two(d.getUTCDate()) : String(d.getUTCDate());
      return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${day} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
    };
    const bads = [now.toISOString(), format(new Date(now.getTime() - 10 * 60_000), false)];
    if (now.getUTCDate() < 10) bads.push(format(now, true)); // Cognito wants `Nov 3`, not `Nov 03`
    for (const bad of bads) {
      const { reply } = await srp(bad);
      assert.equal(reply.body.__type, 'NotAuthorizedException', `timestamp ${bad} was accepted`);
    }
    const { reply, request } = await srp(format(now, false));
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const replay = await raw('RespondToAuthChallenge', request);
    assert.equal(replay.body.__type, 'NotAuthorizedException');
  });

  test('AdminInitiateAuth USER_SRP_AUTH is verified like InitiateAuth', async () => {
    const username = unique('liam');
    await signedUpAndConfirmed(rig.config.main, username, `${username}@example.com`);
    const srp = (password) => rawSrp({ poolId: rig.config.main.userPoolId, clientId: rig.config.main.clientId, username, password, admin: true });
    const ok = (await srp(PASSWORD)).reply;
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.ok(ok.body.AuthenticationResult.AccessToken);
    assert.equal((await srp(WRONG)).reply.body.__type, 'NotAuthorizedException');
  });

  test('AdminResetUserPassword: sign-in refused until the emailed code sets a new password', async () => {
    const username = unique('mia');
    const pool = await signedUpAndConfirmed(rig.config.main, username, `${username}@example.com`);
    const reset = await raw('AdminResetUserPassword', { UserPoolId: rig.config.main.userPoolId, Username: username });
    assert.equal(reset.status, 200, JSON.stringify(reset.body));
    await rejectsWith(signIn(pool, username, PASSWORD), 'PasswordResetRequiredException');
    const user = new CognitoUser({ Username: username, Pool: pool });
    const sent = await code(rig.config.main.userPoolId, username);
    await new Promise((resolve, reject) => user.confirmPassword(sent, 'Aft3rReset', { onSuccess: resolve, onFailure: reject }));
    assert.ok((await signIn(pool, username, 'Aft3rReset')).session.isValid());
  });

  test('errors are Cognito-shaped with exposed headers and a request id', async () => {
    const response = await fetch(rig.config.endpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
        Origin: 'http://localhost:5173',
      },
      body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: rig.config.main.clientId, AuthParameters: { USERNAME: unique('x'), PASSWORD } }),
    });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.equal(response.headers.get('x-amzn-errortype'), 'UserNotFoundException:');
    assert.ok(response.headers.get('x-amzn-requestid'));
    assert.equal(response.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    assert.match(response.headers.get('access-control-expose-headers'), /x-amzn-ErrorType/);
    assert.equal((await response.json()).__type, 'UserNotFoundException');
    const preflight = await fetch(rig.config.endpoint, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-amz-target,x-amz-user-agent' },
    });
    assert.equal(preflight.status, 200);
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'content-type,x-amz-target,x-amz-user-agent');
  });
});

describe('SECRET_HASH on the client with a secret', () => {
  const clientId = () => rig.config.main.secretClientId;

  test('SignUp needs the right SecretHash', async () => {
    const username = unique('henry');
    const body = (hash) => ({
      ClientId: clientId(), Username: username, Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
      ...(hash === undefined ? {} : { SecretHash: hash }),
    });
    const missing = await raw('SignUp', body(undefined));
    assert.equal(missing.body.__type, 'NotAuthorizedException');
    assert.match(missing.body.message, /configured with secret but SECRET_HASH was not received/);
    const wrong = await raw('SignUp', body(secretHash(`${username}x`)));
    assert.equal(wrong.body.__type, 'NotAuthorizedException');
    assert.equal(wrong.body.message, `Unable to verify secret hash for client ${clientId()}`);
    const ok = await raw('SignUp', body(secretHash(username)));
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.UserConfirmed, false);
  });

  test('InitiateAuth USER_PASSWORD_AUTH needs the right SECRET_HASH', async () => {
    const username = unique('iris');
    assert.equal((await raw('SignUp', { ClientId: clientId(), Username: username, Password: PASSWORD, SecretHash: secretHash(username) })).status, 200);
    const sent = await code(rig.config.main.userPoolId, username);
    const noHash = await raw('ConfirmSignUp', { ClientId: clientId(), Username: username, ConfirmationCode: sent });
    assert.equal(noHash.body.__type, 'NotAuthorizedException');
    assert.equal((await raw('ConfirmSignUp', { ClientId: clientId(), Username: username, ConfirmationCode: sent, SecretHash: secretHash(username) })).status, 200);
    const auth = (hash) => raw('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId(),
      AuthParameters: { USERNAME: username, PASSWORD, ...(hash === undefined ? {} : { SECRET_HASH: hash }) },
    });
    assert.equal((await auth(undefined)).body.__type, 'NotAuthorizedException');
    assert.equal((await auth(secretHash('someone-else'))).body.__type, 'NotAuthorizedException');
    const ok = await auth(secretHash(username));
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.ok(ok.body.AuthenticationResult.AccessToken);
    const refreshed = await raw('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId(),
      AuthParameters: { REFRESH_TOKEN: ok.body.AuthenticationResult.RefreshToken, SECRET_HASH: secretHash(username) },
    });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
  });

  test('SRP on the secret client, driven by AuthenticationHelper, checks SECRET_HASH at both steps', async () => {
    const username = unique('jack');
    assert.equal((await raw('SignUp', { ClientId: clientId(), Username: username, Password: PASSWORD, SecretHash: secretHash(username) })).status, 200);
    const sent = await code(rig.config.main.userPoolId, username);
    assert.equal((await raw('ConfirmSignUp', { ClientId: clientId(), Username: username, ConfirmationCode: sent, SecretHash: secretHash(username) })).status, 200);
    const srp = (password, hashFor = (u) => secretHash(u)) =>
      rawSrp({ poolId: rig.config.main.userPoolId, clientId: clientId(), username, password, hashFor });
    const ok = (await srp(PASSWORD)).reply;
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.ok(ok.body.AuthenticationResult.IdToken);
    assert.equal((await srp(WRONG)).reply.body.__type, 'NotAuthorizedException');
    const badHash = (await srp(PASSWORD, () => secretHash('nope'))).reply;
    assert.equal(badHash.body.__type, 'NotAuthorizedException');
    assert.match(badHash.body.message, /Unable to verify secret hash/);
  });
});
