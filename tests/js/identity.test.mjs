// Proves the identity pools of the local Cognito rig (tests/rig/identity.py) with the real AWS SDK v3:
// @aws-sdk/credential-provider-cognito-identity (fromCognitoIdentityPool) and
// @aws-sdk/client-cognito-identity against the rig, then @aws-sdk/client-sts and @aws-sdk/client-s3
// with the credentials it hands out, against a moto that checks SigV4 signatures and IAM policies.
// Each test checks the refusal as well as the success: a rig that never reads Logins, hands out
// credentials moto does not accept, or never lets credentials expire fails it.
// Run: cd tests/js && node --test
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import aci from 'amazon-cognito-identity-js';
import { claims, rejectsWith, sleep, unique, useRig } from './rig-process.mjs';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CognitoIdentityClient,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetOpenIdTokenCommand,
} from '@aws-sdk/client-cognito-identity';
import { fromCognitoIdentity, fromCognitoIdentityPool } from '@aws-sdk/credential-provider-cognito-identity';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';

const { AuthenticationDetails, CognitoUser, CognitoUserPool } = aci;
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'; // read when a client is made

const PASSWORD = 'Corr3ctHorse';
const rig = useRig();
const id = () => rig.config.identity;

const raw = (operation, body) => rig.raw(operation, body);

// --- user pool: users and their tokens -------------------------------------------------------------

const idp = () => new CognitoIdentityProviderClient({
  region: rig.config.region, endpoint: rig.config.endpoint, maxAttempts: 1,
  credentials: { accessKeyId: 'AKIDRIGTEST', secretAccessKey: 'rig-test' }, // admin calls are signed; the rig ignores it
});

async function newUser(username = unique('ident')) {
  const created = await raw('AdminCreateUser', {
    UserPoolId: rig.config.main.userPoolId, Username: username, MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }],
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const set = await raw('AdminSetUserPassword', { UserPoolId: rig.config.main.userPoolId, Username: username, Password: PASSWORD, Permanent: true });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  return username;
}

async function signIn(username, clientId = rig.config.main.clientId) {
  const out = await idp().send(new InitiateAuthCommand({
    AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD },
  }));
  return out.AuthenticationResult;
}

// SRP through amazon-cognito-identity-js, as a browser app signs in before it asks for credentials.
function jsSignIn(username) {
  const pool = new CognitoUserPool({ UserPoolId: rig.config.main.userPoolId, ClientId: rig.config.main.clientId, endpoint: rig.config.endpoint });
  const user = new CognitoUser({ Username: username, Pool: pool });
  return new Promise((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: PASSWORD }), { onSuccess: resolve, onFailure: reject });
  });
}

const logins = (idToken) => ({ [id().providerName]: idToken });

// --- identity pool, STS and S3 clients -------------------------------------------------------------

const identityClient = () => new CognitoIdentityClient({ region: rig.config.region, endpoint: id().endpoint, maxAttempts: 1 });
const getId = (IdentityPoolId, Logins) => identityClient().send(new GetIdCommand({ IdentityPoolId, Logins }));
const getCredentials = (IdentityId, Logins) => identityClient().send(new GetCredentialsForIdentityCommand({ IdentityId, Logins }));

// A fresh cache per provider: fromCognitoIdentityPool otherwise keeps a guest's identity id in a module-wide store.
const memoryCache = (store = new Map()) => ({
  getItem: (key) => store.get(key) ?? null, setItem: (key, value) => store.set(key, value), removeItem: (key) => store.delete(key),
});
const poolCredentials = (identityPoolId, Logins) => fromCognitoIdentityPool({
  identityPoolId, logins: Logins, cache: memoryCache(), clientConfig: { region: rig.config.region, endpoint: id().endpoint, maxAttempts: 1 },
});

const awsClients = (credentials, endpoint = id().awsEndpoint) => ({
  sts: new STSClient({ region: rig.config.region, endpoint, credentials, maxAttempts: 1 }),
  s3: new S3Client({ region: rig.config.region, endpoint, credentials, forcePathStyle: true, maxAttempts: 1 }),
});
const callerArn = async (credentials, endpoint) => (await awsClients(credentials, endpoint).sts.send(new GetCallerIdentityCommand({}))).Arn;
const staticCredentials = (out) => ({
  accessKeyId: out.Credentials.AccessKeyId, secretAccessKey: out.Credentials.SecretKey, sessionToken: out.Credentials.SessionToken,
});

// An ID token with the same header and claims, signed with a key of our own (not the user pool's).
function forge(idToken, changes = {}) {
  const [header] = idToken.split('.');
  const payload = Buffer.from(JSON.stringify({ ...claims(idToken), ...changes })).toString('base64url');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return `${header}.${payload}.${sign('sha256', Buffer.from(`${header}.${payload}`), privateKey).toString('base64url')}`;
}

// The same token with claims changed, signed with the key moto signs user-pool tokens with.
const resign = async (token, changes) => (await rig.hook('/rig/identity/sign', { token, claims: changes })).body.token;

describe('identity pools: GetId and GetCredentialsForIdentity with the AWS SDK v3', () => {
  test('config: two pools with the main user pool as provider, roles, an AWS endpoint', () => {
    const cfg = id();
    assert.match(cfg.identityPoolId, /^us-east-1:[0-9a-f-]{36}$/);
    assert.match(cfg.guestIdentityPoolId, /^us-east-1:[0-9a-f-]{36}$/);
    assert.equal(cfg.providerName, `cognito-idp.us-east-1.amazonaws.com/${rig.config.main.userPoolId}`);
    for (const client of [rig.config.main.clientId, rig.config.main.secretClientId, rig.config.main.rotatingClientId]) {
      assert.ok(cfg.clientIds.includes(client), `${client} is no provider client`);
    }
    assert.match(cfg.authRoleArn, /^arn:aws:iam::\d{12}:role\//);
    assert.equal(cfg.credentialSeconds, 3600);
    assert.equal(cfg.endpoint, rig.config.endpoint);
  });

  test('a signed-in user: fromCognitoIdentityPool gives credentials that STS and S3 (through the AWS front) accept', async () => {
    const username = await newUser();
    const session = await jsSignIn(username); // SRP with amazon-cognito-identity-js
    const idToken = session.getIdToken().getJwtToken();
    const provider = poolCredentials(id().identityPoolId, logins(idToken));
    const credentials = await provider();
    assert.match(credentials.accessKeyId, /^ASIA/);
    assert.ok(credentials.expiration instanceof Date);
    const inSeconds = (credentials.expiration.getTime() - Date.now()) / 1000;
    assert.ok(inSeconds > 3500 && inSeconds <= 3601, `credentials for ${inSeconds} s`);
    assert.match(credentials.identityId, /^us-east-1:[0-9a-f-]{36}$/);
    const { sts, s3 } = awsClients(provider);
    const caller = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(caller.Arn, `arn:aws:sts::${id().accountId}:assumed-role/cognito-authenticated/CognitoIdentityCredentials`);
    assert.ok(Array.isArray((await s3.send(new ListBucketsCommand({}))).Buckets), 'the authenticated role may list buckets');
    const stats = (await rig.hook('/rig/stats')).body;
    assert.ok(stats.operations.GetId >= 1 && stats.operations.GetCredentialsForIdentity >= 1, JSON.stringify(stats.operations));
    assert.ok(stats.other['AWS sts'] >= 1 && stats.other['AWS s3'] >= 1, JSON.stringify(stats.other));
  });

  test('moto checks the signature: a tampered secret key or session token is refused', async () => {
    const username = await newUser();
    const { IdToken } = await signIn(username);
    const { IdentityId } = await getId(id().identityPoolId, logins(IdToken));
    const good = staticCredentials(await getCredentials(IdentityId, logins(IdToken)));
    assert.match(await callerArn(good), /assumed-role\/cognito-authenticated\//);
    await rejectsWith(callerArn({ ...good, secretAccessKey: `${good.secretAccessKey.slice(0, -2)}xx` }), 'SignatureDoesNotMatch');
    await rejectsWith(callerArn({ ...good, sessionToken: `${good.sessionToken.slice(0, -4)}AAA=` }), 'InvalidClientTokenId');
  });

  test('identity ids: stable per user and pool, another for another user, another in the other pool', async () => {
    const alice = await newUser();
    const bob = await newUser();
    const aliceFirst = (await signIn(alice)).IdToken;
    const aliceAgain = (await signIn(alice, rig.config.main.rotatingClientId)).IdToken; // another sign-in, another client
    const a1 = (await getId(id().identityPoolId, logins(aliceFirst))).IdentityId;
    assert.equal((await getId(id().identityPoolId, logins(aliceAgain))).IdentityId, a1);
    const b1 = (await getId(id().identityPoolId, logins((await signIn(bob)).IdToken))).IdentityId;
    assert.notEqual(b1, a1);
    const aGuestPool = (await getId(id().guestIdentityPoolId, logins(aliceFirst))).IdentityId;
    assert.notEqual(aGuestPool, a1);
    const out = await getCredentials(a1, logins(aliceAgain));
    assert.equal(out.IdentityId, a1);
    assert.ok(out.Credentials.Expiration instanceof Date);
  });

  test('credentials for an identity need a login of that identity', async () => {
    const alice = (await signIn(await newUser())).IdToken;
    const bob = (await signIn(await newUser())).IdToken;
    const a = (await getId(id().identityPoolId, logins(alice))).IdentityId;
    await getId(id().identityPoolId, logins(bob));
    await rejectsWith(getCredentials(a, logins(bob)), 'NotAuthorizedException', /^Logins don't match/);
    await rejectsWith(getCredentials(a, undefined), 'NotAuthorizedException', /^Logins don't match/);
    await rejectsWith(getCredentials('us-east-1:00000000-0000-0000-0000-000000000000', logins(alice)),
      'ResourceNotFoundException', /^Identity 'us-east-1:00000000-0000-0000-0000-000000000000' not found\.$/);
  });

  test('guests: a new identity per GetId and the unauthenticated role in the guest pool; refused in the other', async () => {
    const g1 = (await getId(id().guestIdentityPoolId)).IdentityId;
    const g2 = (await getId(id().guestIdentityPoolId)).IdentityId;
    assert.notEqual(g1, g2);
    const provider = poolCredentials(id().guestIdentityPoolId);
    const { sts, s3 } = awsClients(provider);
    assert.match((await sts.send(new GetCallerIdentityCommand({}))).Arn, /assumed-role\/cognito-unauthenticated\/CognitoIdentityCredentials$/);
    await rejectsWith(s3.send(new ListBucketsCommand({})), 'AccessDenied'); // the guest role's policy denies it
    await rejectsWith(getId(id().identityPoolId), 'NotAuthorizedException', /^Unauthenticated access is not supported for this identity pool\.$/);
    await rejectsWith(poolCredentials(id().identityPoolId)(), 'NotAuthorizedException', /Unauthenticated access is not supported/);
  });

  test('a guest identity that signs in is linked to the login, or merged into the identity the login has', async () => {
    const guest = (await getId(id().guestIdentityPoolId)).IdentityId;
    const carol = (await signIn(await newUser())).IdToken;
    const linked = await getCredentials(guest, logins(carol));
    assert.equal(linked.IdentityId, guest, 'a login not linked yet joins the guest identity');
    assert.match(await callerArn(staticCredentials(linked)), /cognito-authenticated/);
    assert.equal((await getId(id().guestIdentityPoolId, logins(carol))).IdentityId, guest);
    await rejectsWith(getCredentials(guest), 'NotAuthorizedException', /^Logins don't match/); // no longer a guest

    const other = (await getId(id().guestIdentityPoolId)).IdentityId;
    const merged = await getCredentials(other, logins(carol));
    assert.equal(merged.IdentityId, guest, 'merged into the identity that has the login');
    await rejectsWith(getCredentials(other), 'ResourceNotFoundException', /not found/);
  });

  test('login tokens: forged, access, expired, wrong audience, other issuer, garbage and unknown providers are refused', async () => {
    const username = await newUser();
    const signedIn = await signIn(username);
    const pool = id().identityPoolId;
    const refused = (Logins, message) => rejectsWith(getId(pool, Logins), 'NotAuthorizedException', message);
    await refused(logins(forge(signedIn.IdToken)), /^Invalid login token\. Couldn't verify signed token\.$/);
    await refused(logins(signedIn.AccessToken), /^Invalid login token\. Missing a required claim: aud$/);
    const now = Math.floor(Date.now() / 1000);
    await refused(logins(await resign(signedIn.IdToken, { exp: now - 5 })), /^Invalid login token\. Token expired: \d+ >= \d+$/);
    await refused(logins(await resign(signedIn.IdToken, { aud: 'someotherclient' })), /Token is not from a supported provider of this identity pool/);
    await refused(logins(await resign(signedIn.IdToken, { token_use: 'access' })), /^Invalid login token\./);
    await refused(logins('not-a-jwt'), /^Invalid login token\. Not a valid OpenId Connect identity token\.$/);
    // a token of the "email" user pool under the main pool's provider name
    await newUserInEmailPool();
    const emailToken = (await idp().send(new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: rig.config.email.clientId, AuthParameters: { USERNAME: emailUser, PASSWORD },
    }))).AuthenticationResult.IdToken;
    await refused(logins(emailToken), /^Invalid login token\. Issuer doesn't match providerName$/);
    await refused({ [`cognito-idp.us-east-1.amazonaws.com/${rig.config.email.userPoolId}`]: emailToken }, /Token is not from a supported provider/);
    // an app client made after the identity pools is no provider of them
    const later = (await idp().send(new CreateUserPoolClientCommand({
      UserPoolId: rig.config.main.userPoolId, ClientName: unique('later'), ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }))).UserPoolClient.ClientId;
    await refused(logins((await signIn(username, later)).IdToken), /Token is not from a supported provider of this identity pool/);
    // and the genuine token still works
    assert.match((await getId(pool, logins(signedIn.IdToken))).IdentityId, /^us-east-1:/);
  });

  test('ServerSideTokenCheck (the members pool): a signed-out user\'s ID token is refused there, still accepted by the guest pool', async () => {
    const signedIn = await signIn(await newUser());
    await getId(id().identityPoolId, logins(signedIn.IdToken));
    await idp().send(new GlobalSignOutCommand({ AccessToken: signedIn.AccessToken }));
    await rejectsWith(getId(id().identityPoolId, logins(signedIn.IdToken)), 'NotAuthorizedException', /^Invalid login token\. Token has been revoked\.$/);
    assert.ok((await getId(id().guestIdentityPoolId, logins(signedIn.IdToken))).IdentityId);
  });

  test('request validation as the API reference gives it', async () => {
    await rejectsWith(getId('us-east-1_notanidentitypool'), 'ValidationException', /at 'identityPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    await rejectsWith(getId('us-east-1:00000000-0000-0000-0000-000000000000'), 'ResourceNotFoundException',
      /^IdentityPool 'us-east-1:00000000-0000-0000-0000-000000000000' not found\.$/);
    const response = await fetch(id().endpoint, {
      method: 'POST', headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSCognitoIdentityService.GetId' },
      body: JSON.stringify({ IdentityPoolId: id().identityPoolId }),
    });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('x-amzn-errortype'), 'NotAuthorizedException:');
    assert.deepEqual(await response.json(), { __type: 'NotAuthorizedException', message: 'Unauthenticated access is not supported for this identity pool.' });
  });
});

let emailUser;
async function newUserInEmailPool() {
  emailUser = `${unique('ident')}@example.com`;
  await raw('AdminCreateUser', { UserPoolId: rig.config.email.userPoolId, Username: emailUser, MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: emailUser }, { Name: 'email_verified', Value: 'true' }] });
  await raw('AdminSetUserPassword', { UserPoolId: rig.config.email.userPoolId, Username: emailUser, Password: PASSWORD, Permanent: true });
}

describe('credential expiry, the basic flow, CORS and the hooks', () => {
  test('credentials past their expiry: the AWS front answers ExpiredToken (moto alone would accept them)', async () => {
    assert.equal((await rig.hook('/rig/identity', { credentialSeconds: 3 })).body.credentialSeconds, 3);
    const { IdToken } = await signIn(await newUser());
    const { IdentityId } = await getId(id().identityPoolId, logins(IdToken));
    const out = await getCredentials(IdentityId, logins(IdToken));
    const left = out.Credentials.Expiration.getTime() - Date.now();
    assert.ok(left > 0 && left <= 4000, `expires in ${left} ms`);
    const credentials = staticCredentials(out);
    assert.match(await callerArn(credentials), /cognito-authenticated/);
    await sleep(left + 200);
    await rejectsWith(callerArn(credentials), 'ExpiredToken', /The security token included in the request is expired/);
    await rejectsWith(awsClients(credentials).s3.send(new ListBucketsCommand({})), 'ExpiredToken', /The provided token has expired/);
    assert.match(await callerArn(credentials, id().motoAuthEndpoint), /cognito-authenticated/, 'moto itself does not check expiry');
    // fromCognitoIdentity: the SDK gets new credentials before each call when they have under 5 minutes left
    const provider = fromCognitoIdentity({ identityId: IdentityId, logins: logins(IdToken), clientConfig: { region: rig.config.region, endpoint: id().endpoint } });
    const { sts } = awsClients(provider);
    const asked = async () => (await rig.hook('/rig/stats')).body.operations.GetCredentialsForIdentity;
    const before = await asked();
    await sts.send(new GetCallerIdentityCommand({}));
    await sts.send(new GetCallerIdentityCommand({}));
    assert.ok(await asked() >= before + 2, "the SDK asked for new credentials before each call");
    assert.equal((await rig.hook('/rig/identity', { credentialSeconds: null })).body.credentialSeconds, 3600);
    assert.equal((await rig.hook('/rig/identity', { credentialSeconds: 0 })).status, 400);
  });

  test('basic flow: GetOpenIdToken, then an unsigned AssumeRoleWithWebIdentity through the AWS front', async () => {
    const { IdToken } = await signIn(await newUser());
    const pool = id().guestIdentityPoolId;
    const { IdentityId } = await getId(pool, logins(IdToken));
    const { Token, IdentityId: same } = await identityClient().send(new GetOpenIdTokenCommand({ IdentityId, Logins: logins(IdToken) }));
    assert.equal(same, IdentityId);
    const openId = claims(Token);
    assert.equal(openId.iss, 'https://cognito-identity.amazonaws.com');
    assert.equal(openId.aud, pool);
    assert.equal(openId.sub, IdentityId);
    assert.ok(openId.amr.includes('authenticated') && openId.amr.includes(id().providerName), JSON.stringify(openId.amr));
    assert.equal(openId.exp - openId.iat, id().openIdTokenSeconds);

    const sts = new STSClient({ region: rig.config.region, endpoint: id().awsEndpoint, maxAttempts: 1 });
    const assume = (RoleArn, WebIdentityToken = Token) => sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn, RoleSessionName: 'web', WebIdentityToken }));
    const assumed = await assume(id().authRoleArn);
    assert.match(await callerArn({ accessKeyId: assumed.Credentials.AccessKeyId, secretAccessKey: assumed.Credentials.SecretAccessKey, sessionToken: assumed.Credentials.SessionToken }),
      /assumed-role\/cognito-authenticated\/web$/);
    await rejectsWith(assume(id().unauthRoleArn), 'AccessDenied'); // an authenticated token, the guests' role
    await rejectsWith(assume(id().authRoleArn, forge(Token)), 'InvalidIdentityTokenException'); // code InvalidIdentityToken

    const guest = (await getId(pool)).IdentityId;
    const guestToken = (await identityClient().send(new GetOpenIdTokenCommand({ IdentityId: guest }))).Token;
    assert.deepEqual(claims(guestToken).amr, ['unauthenticated']);
    await rejectsWith(assume(id().authRoleArn, guestToken), 'AccessDenied');
    assert.ok((await assume(id().unauthRoleArn, guestToken)).Credentials.AccessKeyId);

    const members = (await getId(id().identityPoolId, logins(IdToken))).IdentityId;
    await rejectsWith(identityClient().send(new GetOpenIdTokenCommand({ IdentityId: members, Logins: logins(IdToken) })),
      'InvalidParameterException', /Basic \(classic\) flow is not enabled/);
  });

  test('CORS: the AWS front answers preflights and exposes the headers a browser SDK reads', async () => {
    const preflight = await fetch(id().awsEndpoint, {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:1', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,x-amz-date,x-amz-security-token' },
    });
    assert.equal(preflight.status, 200);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://127.0.0.1:1');
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'authorization,x-amz-date,x-amz-security-token');
    const unsigned = await fetch(id().awsEndpoint, { method: 'POST', headers: { Origin: 'http://127.0.0.1:1', 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    assert.equal(unsigned.headers.get('access-control-allow-origin'), 'http://127.0.0.1:1');
    assert.match(unsigned.headers.get('access-control-expose-headers'), /x-amzn-RequestId/);
    assert.notEqual(unsigned.status, 200, 'moto checks requests: an unsigned one is refused');
  });

  test('faults and reset: /rig/fail reaches identity operations; /rig/reset forgets identities', async () => {
    await rig.hook('/rig/fail', { operation: 'GetCredentialsForIdentity', mode: '503' });
    const guest = (await getId(id().guestIdentityPoolId)).IdentityId;
    await rejectsWith(getCredentials(guest), 'InternalErrorException');
    assert.ok((await getCredentials(guest)).Credentials.AccessKeyId);
    assert.ok((await rig.hook('/rig/identity')).body.identities > 0);
    await rig.hook('/rig/reset', {});
    assert.equal((await rig.hook('/rig/identity')).body.identities, 0);
    await rejectsWith(getCredentials(guest), 'ResourceNotFoundException');
  });
});
