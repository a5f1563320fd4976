// Proves the session operations of the local Cognito rig (tests/rig/rig.py) with the reference
// SDKs: amazon-cognito-identity-js (REFRESH_TOKEN_AUTH, RevokeToken, GlobalSignOut) and
// @aws-sdk/client-cognito-identity-provider (GetTokensFromRefreshToken with and without refresh
// token rotation, RevokeToken, GlobalSignOut), plus the test hooks /rig/stats, /rig/fail and
// /rig/grace. Each test also checks the refusal, so a rig that never revokes or never rotates
// fails it. Run: cd tests/js && node --test
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import aci from 'amazon-cognito-identity-js';
import { claims, rejectsWith, sleep, unique, useRig } from './rig-process.mjs';
import {
  ChangePasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';

const { AuthenticationDetails, CognitoUser, CognitoUserPool } = aci;
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'; // read when a client is made

const PASSWORD = 'Corr3ctHorse';

const rig = useRig();
const seenTokens = new Set(); // every token a test handled: none may show up in the rig's log

const secretHash = (username) =>
  createHmac('sha256', rig.config.main.clientSecret).update(username + rig.config.main.secretClientId).digest('base64');

function remember(result) {
  for (const key of ['AccessToken', 'IdToken', 'RefreshToken']) if (result?.[key]) seenTokens.add(result[key]);
  return result;
}

const raw = (operation, body) => rig.raw(operation, body);

// Confirmed user with PASSWORD (AdminSetUserPassword through the front also sets the SRP verifier).
async function newUser(poolCfg, username = unique('sess')) {
  const email = username.includes('@') ? username : `${username}@example.com`;
  const created = await raw('AdminCreateUser', {
    UserPoolId: poolCfg.userPoolId, Username: username, MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }],
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const set = await raw('AdminSetUserPassword', { UserPoolId: poolCfg.userPoolId, Username: username, Password: PASSWORD, Permanent: true });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  return username;
}

// --- amazon-cognito-identity-js helpers ---------------------------------------------------------

function jsSignIn(poolCfg, username) {
  const pool = new CognitoUserPool({ UserPoolId: poolCfg.userPoolId, ClientId: poolCfg.clientId, endpoint: rig.config.endpoint });
  const user = new CognitoUser({ Username: username, Pool: pool });
  return new Promise((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: PASSWORD }), {
      onSuccess: (session) => {
        remember({ AccessToken: session.getAccessToken().getJwtToken(), RefreshToken: session.getRefreshToken().getToken() });
        resolve({ user, session });
      },
      onFailure: reject,
    });
  });
}

const jsRefresh = (user, refreshToken) => new Promise((resolve, reject) => {
  user.refreshSession(refreshToken, (err, session) => {
    if (err) return reject(err);
    remember({ AccessToken: session.getAccessToken().getJwtToken(), IdToken: session.getIdToken().getJwtToken() });
    return resolve(session);
  });
});
const jsRevoke = (user) => new Promise((resolve, reject) => user.revokeTokens((err) => (err ? reject(err) : resolve())));
const jsGlobalSignOut = (user) => new Promise((resolve, reject) => user.globalSignOut({ onSuccess: resolve, onFailure: reject }));

// --- @aws-sdk/client-cognito-identity-provider helpers -----------------------------------------

// maxAttempts 1: the SDK's own retries would hide what the rig answered (one test turns them on).
const sdk = (options = {}) => new CognitoIdentityProviderClient({
  region: rig.config.region, endpoint: rig.config.endpoint, maxAttempts: 1,
  credentials: { accessKeyId: 'AKIDRIGTEST', secretAccessKey: 'rig-test' }, // admin calls are signed; the rig ignores it
  ...options,
});

async function sdkSignIn(clientId, username, extra = {}) {
  const out = await sdk().send(new InitiateAuthCommand({
    AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD, ...extra },
  }));
  assert.ok(out.AuthenticationResult?.RefreshToken, 'sign-in gave no refresh token');
  return remember(out.AuthenticationResult);
}

async function sdkRefresh(clientId, refreshToken, extra = {}, client = sdk()) {
  const out = await client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: refreshToken, ...extra }));
  return remember(out.AuthenticationResult);
}

const getUser = (accessToken) => sdk().send(new GetUserCommand({ AccessToken: accessToken }));

async function isRevoked(accessToken) {
  await rejectsWith(getUser(accessToken), 'NotAuthorizedException', /Access Token has been revoked/);
}

describe('amazon-cognito-identity-js: refreshSession (REFRESH_TOKEN_AUTH), revokeTokens, globalSignOut', () => {
  test('refreshSession renews the tokens, and fails once revokeTokens revoked the sign-in', async () => {
    const username = await newUser(rig.config.main);
    const { user, session } = await jsSignIn(rig.config.main, username);
    const other = await jsSignIn(rig.config.main, username); // a second sign-in: another token family
    const refreshed = await jsRefresh(user, session.getRefreshToken());
    const before = session.getAccessToken().getJwtToken();
    const renewed = refreshed.getAccessToken().getJwtToken();
    assert.notEqual(renewed, before);
    assert.equal(claims(renewed).origin_jti, claims(before).origin_jti, 'a refresh stays in its family');
    assert.equal(refreshed.getRefreshToken().getToken(), session.getRefreshToken().getToken(), 'no rotation here');
    assert.equal((await getUser(renewed)).Username, username);

    await jsRevoke(user); // RevokeToken with the refresh token
    await rejectsWith(jsRefresh(user, session.getRefreshToken()), 'NotAuthorizedException', /revoked/);
    await isRevoked(before);
    await isRevoked(renewed); // issued by a refresh of the revoked token: same family
    await rejectsWith(sdk().send(new ChangePasswordCommand({ AccessToken: renewed, PreviousPassword: PASSWORD, ProposedPassword: 'N3wPassword' })),
      'NotAuthorizedException', /Access Token has been revoked/);
    // the other sign-in is untouched
    const still = await jsRefresh(other.user, other.session.getRefreshToken());
    assert.equal((await getUser(still.getAccessToken().getJwtToken())).Username, username);
  });

  test('globalSignOut ends every sign-in of the user; a new sign-in works', async () => {
    const username = await newUser(rig.config.main);
    const first = await jsSignIn(rig.config.main, username);
    const second = await jsSignIn(rig.config.main, username);
    await jsGlobalSignOut(first.user);
    await rejectsWith(jsRefresh(second.user, second.session.getRefreshToken()), 'NotAuthorizedException', /revoked/);
    const viaRaw = await raw('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: rig.config.main.clientId, AuthParameters: { REFRESH_TOKEN: first.session.getRefreshToken().getToken() } });
    assert.equal(viaRaw.body.__type, 'NotAuthorizedException');
    await isRevoked(first.session.getAccessToken().getJwtToken());
    await isRevoked(second.session.getAccessToken().getJwtToken());
    const again = await jsSignIn(rig.config.main, username);
    const refreshed = await jsRefresh(again.user, again.session.getRefreshToken());
    assert.ok(refreshed.isValid());
  });

  test('pool "email": globalSignOut also ends a sign-in made with the other form of the username (moto misses it)', async () => {
    const email = `${unique('sess')}@example.com`;
    await newUser(rig.config.email, email);
    const srp = await jsSignIn(rig.config.email, email); // moto stores this one under the sub
    const byEmail = remember((await raw('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: rig.config.email.clientId, AuthParameters: { USERNAME: email, PASSWORD },
    })).body.AuthenticationResult); // ... and this one under the email
    assert.ok(byEmail.RefreshToken);
    const refresh = (token) => raw('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: rig.config.email.clientId, AuthParameters: { REFRESH_TOKEN: token } });
    assert.equal((await refresh(byEmail.RefreshToken)).status, 200);
    await jsGlobalSignOut(srp.user);
    const refused = await refresh(byEmail.RefreshToken);
    assert.equal(refused.body.__type, 'NotAuthorizedException');
    assert.equal(refused.body.message, 'Refresh Token has been revoked');
    await isRevoked(byEmail.AccessToken);
  });
});

describe('@aws-sdk/client-cognito-identity-provider: GetTokensFromRefreshToken, RevokeToken, GlobalSignOut', () => {
  test('config: the rotating client has rotation on with a 10 s grace period; the others have it off', async () => {
    const describeClient = (ClientId) => sdk().send(new DescribeUserPoolClientCommand({ UserPoolId: rig.config.main.userPoolId, ClientId }));
    const rotating = (await describeClient(rig.config.main.rotatingClientId)).UserPoolClient;
    assert.deepEqual(rotating.RefreshTokenRotation, { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 });
    assert.equal(rig.config.main.retryGracePeriodSeconds, 10);
    assert.equal((await describeClient(rig.config.main.clientId)).UserPoolClient.RefreshTokenRotation, undefined);
  });

  test('without rotation: new ID and access tokens, no RefreshToken, the refresh token keeps working', async () => {
    const username = await newUser(rig.config.main);
    const signedIn = await sdkSignIn(rig.config.main.clientId, username);
    const first = await sdkRefresh(rig.config.main.clientId, signedIn.RefreshToken);
    assert.equal(first.RefreshToken, undefined);
    assert.equal(first.TokenType, 'Bearer');
    assert.ok(first.ExpiresIn > 0);
    assert.equal(claims(first.IdToken).token_use, 'id');
    assert.equal(claims(first.AccessToken).origin_jti, claims(signedIn.AccessToken).origin_jti);
    assert.notEqual(first.AccessToken, signedIn.AccessToken);
    const second = await sdkRefresh(rig.config.main.clientId, signedIn.RefreshToken);
    assert.equal((await getUser(second.AccessToken)).Username, username);
    // a refresh token is bound to its app client
    await rejectsWith(sdkRefresh(rig.config.main.rotatingClientId, signedIn.RefreshToken), 'NotAuthorizedException', /different Client/);
    await rejectsWith(sdkRefresh(rig.config.main.clientId, 'not-a-refresh-token'), 'NotAuthorizedException', /Invalid Refresh Token/);
  });

  test('with rotation: a new RefreshToken each time; the old one works within the grace period and is refused after it', async () => {
    const client = rig.config.main.rotatingClientId;
    const username = await newUser(rig.config.main);
    const r0 = (await sdkSignIn(client, username)).RefreshToken;
    const first = await sdkRefresh(client, r0);
    const r1 = first.RefreshToken;
    assert.ok(r1 && r1 !== r0, 'rotation gave no new refresh token');
    assert.equal((await getUser(first.AccessToken)).Username, username);
    // within the 10 s default grace period the old token still works (a client retry)
    const retried = await sdkRefresh(client, r0);
    assert.ok(retried.RefreshToken && retried.RefreshToken !== r1);

    // grace period 1 s: r1's successor is refused once the period is over
    assert.deepEqual((await rig.hook('/rig/grace', { seconds: 1 })).body, { seconds: 1, reuseError: 'RefreshTokenReuseException' });
    const r2 = (await sdkRefresh(client, r1)).RefreshToken;
    await sdkRefresh(client, r1); // still inside 1 s
    await sleep(1300);
    await rejectsWith(sdkRefresh(client, r1), 'RefreshTokenReuseException', /Invalid Refresh Token/);
    await rejectsWith(sdkRefresh(client, r0), 'RefreshTokenReuseException');

    // grace period 0: refused at once; the error can be switched to NotAuthorizedException
    await rig.hook('/rig/grace', { seconds: 0, reuseError: 'NotAuthorizedException' });
    const r3 = (await sdkRefresh(client, r2)).RefreshToken;
    await rejectsWith(sdkRefresh(client, r2), 'NotAuthorizedException', /Invalid Refresh Token/);
    assert.ok((await sdkRefresh(client, r3)).RefreshToken);

    // back to each client's own setting (10 s)
    assert.deepEqual((await rig.hook('/rig/grace', { seconds: null, reuseError: 'RefreshTokenReuseException' })).body,
      { seconds: null, reuseError: 'RefreshTokenReuseException' });
    assert.equal((await rig.hook('/rig/grace', { seconds: 61 })).status, 400);
  });

  test('rotation is a property of the app client: RetryGracePeriodSeconds 0 without any hook; REFRESH_TOKEN_AUTH refused', async () => {
    const admin = sdk();
    await rejectsWith(admin.send(new CreateUserPoolClientCommand({
      UserPoolId: rig.config.main.userPoolId, ClientName: unique('bad'), RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 61 },
    })), 'InvalidParameterException');
    const created = await admin.send(new CreateUserPoolClientCommand({
      UserPoolId: rig.config.main.userPoolId, ClientName: unique('nograce'), ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
    }));
    const client = created.UserPoolClient.ClientId;
    const username = await newUser(rig.config.main);
    const r0 = (await sdkSignIn(client, username)).RefreshToken;
    const r1 = (await sdkRefresh(client, r0)).RefreshToken;
    await rejectsWith(sdkRefresh(client, r0), 'RefreshTokenReuseException');
    const viaInitiateAuth = await raw('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: client, AuthParameters: { REFRESH_TOKEN: r1 } });
    assert.equal(viaInitiateAuth.body.__type, 'InvalidParameterException');
    assert.match(viaInitiateAuth.body.message, /GetTokensFromRefreshToken/);
    assert.ok((await sdkRefresh(client, r1)).RefreshToken);
  });

  test('RevokeToken revokes the whole family (rotated tokens too); then every refresh and access token is refused', async () => {
    const client = rig.config.main.rotatingClientId;
    const username = await newUser(rig.config.main);
    const signedIn = await sdkSignIn(client, username);
    const rotated = await sdkRefresh(client, signedIn.RefreshToken);
    const revoke = (Token, ClientId = client) => sdk().send(new RevokeTokenCommand({ Token, ClientId }));
    // the reference's refusals, before anything is revoked
    await rejectsWith(revoke(rotated.RefreshToken, rig.config.main.clientId), 'UnauthorizedException', /different Client/);
    await rejectsWith(revoke(rotated.AccessToken), 'UnsupportedTokenTypeException');
    await rejectsWith(revoke('garbled token!'), 'InvalidParameterException');
    const unknown = await revoke('eyJjdHkiOiJKV1QifQ.bm90.YSB0b2tlbg.b2Y.b3Vycw'); // unknown refresh token: 200, as documented
    assert.equal(unknown.$metadata.httpStatusCode, 200);
    assert.equal((await sdkRefresh(client, rotated.RefreshToken)).RefreshToken !== undefined, true, 'nothing revoked yet');

    const out = await revoke(rotated.RefreshToken);
    assert.equal(out.$metadata.httpStatusCode, 200);
    await rejectsWith(sdkRefresh(client, rotated.RefreshToken), 'NotAuthorizedException', /revoked/);
    await rejectsWith(sdkRefresh(client, signedIn.RefreshToken), 'NotAuthorizedException', /revoked/); // within grace, same family
    await isRevoked(signedIn.AccessToken);
    await isRevoked(rotated.AccessToken);
    await rejectsWith(sdk().send(new GlobalSignOutCommand({ AccessToken: rotated.AccessToken })), 'NotAuthorizedException', /revoked/);
    await revoke(rotated.RefreshToken); // revoking again is a no-op success
  });

  test('GlobalSignOut revokes the refresh and access tokens of every app client; then refresh fails', async () => {
    const username = await newUser(rig.config.main);
    const plain = await sdkSignIn(rig.config.main.clientId, username);
    const rotating = await sdkSignIn(rig.config.main.rotatingClientId, username);
    const rotated = await sdkRefresh(rig.config.main.rotatingClientId, rotating.RefreshToken);
    await sdkRefresh(rig.config.main.clientId, plain.RefreshToken); // both work before
    const out = await sdk().send(new GlobalSignOutCommand({ AccessToken: plain.AccessToken }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    await rejectsWith(sdkRefresh(rig.config.main.clientId, plain.RefreshToken), 'NotAuthorizedException', /revoked/);
    await rejectsWith(sdkRefresh(rig.config.main.rotatingClientId, rotated.RefreshToken), 'NotAuthorizedException', /revoked/);
    await isRevoked(plain.AccessToken);
    await isRevoked(rotated.AccessToken);
    await rejectsWith(sdk().send(new GlobalSignOutCommand({ AccessToken: plain.AccessToken })), 'NotAuthorizedException');
    const fresh = await sdkSignIn(rig.config.main.clientId, username);
    assert.equal((await getUser((await sdkRefresh(rig.config.main.clientId, fresh.RefreshToken)).AccessToken)).Username, username);
  });

  test('client with a secret: GetTokensFromRefreshToken needs the ClientSecret, REFRESH_TOKEN_AUTH the SECRET_HASH', async () => {
    const client = rig.config.main.secretClientId;
    const username = await newUser(rig.config.main);
    const signedIn = await sdkSignIn(client, username, { SECRET_HASH: secretHash(username) });
    await rejectsWith(sdkRefresh(client, signedIn.RefreshToken), 'NotAuthorizedException', /ClientSecret was not received/);
    await rejectsWith(sdkRefresh(client, signedIn.RefreshToken, { ClientSecret: secretHash(username) }), 'NotAuthorizedException', /Unable to verify/);
    const ok = await sdkRefresh(client, signedIn.RefreshToken, { ClientSecret: rig.config.main.clientSecret });
    assert.equal(ok.RefreshToken, undefined);
    assert.equal((await getUser(ok.AccessToken)).Username, username);
    const viaInitiateAuth = (hash) => raw('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: client,
      AuthParameters: { REFRESH_TOKEN: signedIn.RefreshToken, ...(hash === undefined ? {} : { SECRET_HASH: hash }) },
    });
    assert.equal((await viaInitiateAuth(undefined)).body.__type, 'NotAuthorizedException');
    assert.equal((await viaInitiateAuth(secretHash('someone-else'))).body.__type, 'NotAuthorizedException');
    assert.equal((await viaInitiateAuth(secretHash(username))).status, 200);
    const revokeWith = (ClientSecret) => sdk().send(new RevokeTokenCommand({ Token: signedIn.RefreshToken, ClientId: client, ClientSecret }));
    await rejectsWith(revokeWith(undefined), 'UnauthorizedException');
    await rejectsWith(revokeWith('wrong-secret'), 'UnauthorizedException');
    await revokeWith(rig.config.main.clientSecret);
    assert.equal((await viaInitiateAuth(secretHash(username))).body.__type, 'NotAuthorizedException');
  });
});

describe('test hooks: /rig/stats and /rig/fail', () => {
  test('/rig/stats counts the requests per operation: exactly one refresh request reached the rig', async () => {
    const username = await newUser(rig.config.main);
    const { user, session } = await jsSignIn(rig.config.main, username);
    const reset = await rig.hook('/rig/stats/reset', {});
    assert.equal(reset.status, 200);
    assert.ok(reset.body.operations.RespondToAuthChallenge >= 1);
    await jsRefresh(user, session.getRefreshToken());
    const { body } = await rig.hook('/rig/stats');
    assert.deepEqual(body.operations, { InitiateAuth: 1 });
    assert.equal(typeof body.since, 'number');
  });

  test('503 and 429 faults answer the next N requests of that operation, then the rig serves again', async () => {
    const username = await newUser(rig.config.main);
    const { RefreshToken } = await sdkSignIn(rig.config.main.clientId, username);
    const set = await rig.hook('/rig/fail', { operation: 'GetTokensFromRefreshToken', mode: '503', times: 1 });
    assert.deepEqual(set.body.faults.GetTokensFromRefreshToken, { mode: '503', times: 1, status: null, seconds: 60 });
    await assert.rejects(sdkRefresh(rig.config.main.clientId, RefreshToken), (err) => {
      assert.equal(err.name, 'InternalErrorException');
      assert.equal(err.$metadata.httpStatusCode, 503);
      return true;
    });
    await rig.hook('/rig/fail', { operation: 'GetTokensFromRefreshToken', mode: '429', times: 2 });
    for (let i = 0; i < 2; i += 1) {
      await assert.rejects(sdkRefresh(rig.config.main.clientId, RefreshToken), (err) => {
        assert.equal(err.name, 'TooManyRequestsException');
        assert.equal(err.$metadata.httpStatusCode, 429);
        return true;
      });
    }
    assert.ok((await sdkRefresh(rig.config.main.clientId, RefreshToken)).AccessToken);
    // other operations are not affected, and the body is Cognito-shaped
    await rig.hook('/rig/fail', { operation: 'GetUser', mode: '503', times: 1 });
    const response = await fetch(rig.config.endpoint, {
      method: 'POST', headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSCognitoIdentityProviderService.GetUser' }, body: '{}',
    });
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('x-amzn-errortype'), 'InternalErrorException:');
    assert.equal((await response.json()).__type, 'InternalErrorException');
    assert.deepEqual((await rig.hook('/rig/fail')).body, { faults: {} });
  });

  test('the SDK retries a 503 by itself: /rig/stats shows both attempts', async () => {
    const username = await newUser(rig.config.main);
    const { RefreshToken } = await sdkSignIn(rig.config.main.clientId, username);
    await rig.hook('/rig/stats/reset', {});
    await rig.hook('/rig/fail', { operation: 'GetTokensFromRefreshToken', mode: '503', times: 1 });
    const out = await sdkRefresh(rig.config.main.clientId, RefreshToken, {}, sdk({ maxAttempts: 3 }));
    assert.ok(out.AccessToken);
    assert.deepEqual((await rig.hook('/rig/stats')).body.operations, { GetTokensFromRefreshToken: 2 });
  });

  test('a dropped connection is a network error for fetch; a stall outlasts the client timeout', async () => {
    const request = (signal) => fetch(rig.config.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken' },
      body: JSON.stringify({ ClientId: rig.config.main.clientId, RefreshToken: 'x' }),
      signal,
    });
    await rig.hook('/rig/stats/reset', {});
    await rig.hook('/rig/fail', { operation: 'GetTokensFromRefreshToken', mode: 'drop', times: 1 });
    await assert.rejects(request(), (err) => {
      assert.equal(err.name, 'TypeError'); // undici: "fetch failed", cause: the other side closed
      assert.match(String(err.cause?.code ?? err.cause?.message), /SOCKET|closed|ECONNRESET/i);
      return true;
    });
    assert.equal((await request()).status, 400, 'only one request was dropped');

    await rig.hook('/rig/fail', { operation: 'GetTokensFromRefreshToken', mode: 'stall', times: 1 });
    const started = Date.now();
    await assert.rejects(request(AbortSignal.timeout(500)), (err) => {
      assert.equal(err.name, 'TimeoutError');
      return true;
    });
    assert.ok(Date.now() - started >= 450);
    // the rig noticed the client hang up and ended the stall
    for (let i = 0; i < 30 && !/GetTokensFromRefreshToken injected stalled, client hung up/.test(rig.log()); i += 1) await sleep(100);
    assert.match(rig.log(), /GetTokensFromRefreshToken injected stalled, client hung up, dropped/);

    // a stall shorter than the client's patience ends with a dropped connection
    await rig.hook('/rig/fail', { operation: 'GetTokensFromRefreshToken', mode: 'stall', times: 1, seconds: 0.5 });
    await assert.rejects(request(AbortSignal.timeout(10_000)), (err) => err.name === 'TypeError');
    assert.deepEqual((await rig.hook('/rig/stats')).body.operations, { GetTokensFromRefreshToken: 4 });
    assert.equal((await rig.hook('/rig/fail', { operation: 'X', mode: 'explode' })).status, 400);
  });

  test('/rig/reset clears the hooks and ends a pending stall', async () => {
    await rig.hook('/rig/fail', { operation: 'GetTokensFromRefreshToken', mode: 'stall', times: 2 });
    await rig.hook('/rig/grace', { seconds: 0 });
    const pending = fetch(rig.config.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken' },
      body: '{}',
    }).then(() => ({ outcome: 'answered' }), (err) => ({ outcome: err.name, at: Date.now() }));
    await sleep(300);
    const started = Date.now();
    assert.equal((await rig.hook('/rig/reset', {})).status, 200);
    const { outcome, at } = await pending;
    assert.equal(outcome, 'TypeError', 'the stalled request was answered');
    assert.ok(at >= started && at - started < 5_000, 'the stall did not end with the reset');
    assert.deepEqual((await rig.hook('/rig/fail')).body, { faults: {} });
    assert.deepEqual((await rig.hook('/rig/grace')).body, { seconds: null, reuseError: 'RefreshTokenReuseException' });
    assert.deepEqual((await rig.hook('/rig/stats')).body.operations, {});
  });

  test('the request log on stderr carries no token', () => {
    assert.ok(seenTokens.size > 20);
    for (const token of seenTokens) {
      assert.ok(!rig.log().includes(token), 'a token leaked into the rig log');
      assert.ok(!rig.log().includes(token.split('.')[1]), 'a token payload leaked into the rig log');
    }
    assert.match(rig.log(), /GetTokensFromRefreshToken ok 200/);
    assert.match(rig.log(), /RevokeToken ok 200/);
  });
});
