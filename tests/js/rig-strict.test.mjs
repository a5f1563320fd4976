// Pins the rig's checks at RespondToAuthChallenge PASSWORD_VERIFIER and of SECRET_HASH, each with
// amazon-cognito-identity-js's AuthenticationHelper computing the real SRP proof, so that only the
// one thing a test spoils is wrong: a TIMESTAMP from the future, a wrong weekday, the day of month
// in either form, a missing or garbled signature, a USERNAME or app client other than step 1's,
// and a SECRET_HASH over a username other than the one the request names.
// Run: cd tests/js && node --test
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import aci from 'amazon-cognito-identity-js';
import BigIntegerModule from 'amazon-cognito-identity-js/lib/BigInteger.js';
import { unique, useRig } from './rig-process.mjs';

const { AuthenticationHelper } = aci;
const BigInteger = BigIntegerModule.default ?? BigIntegerModule;

const PASSWORD = 'Str1ctHorse';
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const rig = useRig();
const raw = (operation, body) => rig.raw(operation, body);
const hmacB64 = (key, data) => createHmac('sha256', key).update(data).digest('base64');

/** Cognito's TIMESTAMP (`Tue Nov 3 09:05:07 UTC 2026`); `padDay` and `weekday` spoil it on purpose. */
function stamp(ms, { padDay = false, weekday } = {}) {
  const d = new Date(ms);
  const two = (n) => String(n).padStart(2, '0');
  const day = padDay ? two(d.getUTCDate()) : String(d.getUTCDate());
  return `${weekday ?? DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

async function setClock(offsetSeconds) {
  const reply = await fetch(`${rig.config.endpoint}/rig/clock`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ offsetSeconds }),
  });
  assert.equal(reply.status, 200);
}

/**
 * USER_SRP_AUTH step 1, then step 2 with the right proof unless `spoil` changes the
 * ChallengeResponses (or the request) first. Returns step 2's reply, or step 1's when it failed.
 */
async function srp({ poolId, clientId, username, secret, hashFor = (u) => (secret ? hmacB64(secret, u + clientId) : undefined),
  timestamp = stamp(Date.now()), spoil = (r) => r, initHashFor = hashFor }) {
  const poolName = poolId.split('_')[1];
  const helper = new AuthenticationHelper(poolName);
  const A = await new Promise((resolve, reject) => helper.getLargeAValue((e, v) => (e ? reject(e) : resolve(v))));
  const init = await raw('InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH', ClientId: clientId,
    AuthParameters: { USERNAME: username, SRP_A: A.toString(16), SECRET_HASH: initHashFor(username) },
  });
  if (init.status !== 200) return init;
  const p = init.body.ChallengeParameters;
  const key = await new Promise((resolve, reject) => helper.getPasswordAuthenticationKey(
    p.USER_ID_FOR_SRP, PASSWORD, new BigInteger(p.SRP_B, 16), new BigInteger(p.SALT, 16),
    (e, k) => (e ? reject(e) : resolve(k))));
  const signature = hmacB64(key, Buffer.concat([
    Buffer.from(poolName), Buffer.from(p.USER_ID_FOR_SRP), Buffer.from(p.SECRET_BLOCK, 'base64'), Buffer.from(timestamp),
  ]));
  const request = {
    ChallengeName: 'PASSWORD_VERIFIER', ClientId: clientId,
    ChallengeResponses: {
      USERNAME: p.USER_ID_FOR_SRP, PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK, TIMESTAMP: timestamp,
      PASSWORD_CLAIM_SIGNATURE: signature, SECRET_HASH: hashFor(p.USER_ID_FOR_SRP),
    },
  };
  const spoiled = spoil(request, p) ?? request;
  for (const [k, v] of Object.entries(spoiled.ChallengeResponses)) if (v === undefined) delete spoiled.ChallengeResponses[k];
  return raw('RespondToAuthChallenge', spoiled);
}

function accepted(reply, what) {
  assert.equal(reply.status, 200, `${what}: ${JSON.stringify(reply.body)}`);
  assert.ok(reply.body.AuthenticationResult?.AccessToken, `${what}: no tokens`);
}

function refused(reply, what, message = 'Incorrect username or password.') {
  assert.equal(reply.body.__type, 'NotAuthorizedException', `${what} was not refused: ${JSON.stringify(reply.body)}`);
  if (message) assert.equal(reply.body.message, message, what);
}

/** A confirmed user of the pool; in the email pool `username` is the email (the internal one is the sub). */
async function user(poolId, username, email = `${username}@example.com`) {
  const created = await raw('AdminCreateUser', {
    UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }],
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const set = await raw('AdminSetUserPassword', { UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  return created.body.User.Username;
}

describe('PASSWORD_VERIFIER: TIMESTAMP', () => {
  let main;
  let username;
  before(async () => {
    main = { poolId: rig.config.main.userPoolId, clientId: rig.config.main.clientId };
    username = await user(main.poolId, unique('tess'));
  });

  test('a TIMESTAMP from the future is refused beyond 5 minutes, accepted within', async () => {
    refused(await srp({ ...main, username, timestamp: stamp(Date.now() + 10 * 60_000) }), '10 minutes ahead');
    refused(await srp({ ...main, username, timestamp: stamp(Date.now() + 6 * 60_000) }), '6 minutes ahead');
    accepted(await srp({ ...main, username, timestamp: stamp(Date.now() + 2 * 60_000) }), '2 minutes ahead');
    accepted(await srp({ ...main, username, timestamp: stamp(Date.now() - 2 * 60_000) }), '2 minutes behind');
  });

  test('a TIMESTAMP with the wrong weekday for its date is refused', async () => {
    const now = Date.now();
    const wrong = DAYS[(new Date(now).getUTCDay() + 1) % 7];
    refused(await srp({ ...main, username, timestamp: stamp(now, { weekday: wrong }) }), `weekday ${wrong}`);
    accepted(await srp({ ...main, username, timestamp: stamp(now) }), 'the right weekday');
  });

  test('day of month: 1-9 as one digit (zero-padded refused), 10-31 as two, on days of both kinds', async (t) => {
    t.after(() => setClock(0));
    const now = new Date();
    for (const day of [3, 9, 10, 13, 28]) {
      const then = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), day,
        now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds());
      await setClock((then - now.getTime()) / 1000);
      // The rig now reads its clock as `day` of this month: the client's clock says the same.
      const at = then + (Date.now() - now.getTime());
      const text = stamp(at);
      assert.match(text, new RegExp(` ${day} `));
      accepted(await srp({ ...main, username, timestamp: text }), `day ${day}: ${text}`);
      if (day < 10) {
        const padded = stamp(at, { padDay: true });
        assert.match(padded, new RegExp(` 0${day} `));
        refused(await srp({ ...main, username, timestamp: padded }), `day ${day} zero-padded: ${padded}`);
      }
    }
    await setClock(0);
    // With the clock back, a timestamp of another day of the month is stale.
    const other = new Date(Date.now() + 3 * 86_400_000);
    refused(await srp({ ...main, username, timestamp: stamp(other.getTime()) }), 'three days ahead');
  });

  test('a missing or unparseable TIMESTAMP is refused', async () => {
    refused(await srp({ ...main, username, spoil: (r) => { r.ChallengeResponses.TIMESTAMP = undefined; } }), 'no TIMESTAMP');
    refused(await srp({ ...main, username, timestamp: new Date().toUTCString() }), 'an RFC 7231 date');
  });
});

describe('PASSWORD_VERIFIER: signature, USERNAME, app client', () => {
  test('a missing or garbled PASSWORD_CLAIM_SIGNATURE is refused', async () => {
    const main = { poolId: rig.config.main.userPoolId, clientId: rig.config.main.clientId };
    const username = await user(main.poolId, unique('sig'));
    const flip = (s) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    const garbles = {
      missing: () => undefined,
      empty: () => '',
      'one character changed': flip,
      truncated: (s) => s.slice(0, -4),
      'not base64': () => '!!not-base64!!',
      'base64url instead of base64': (s) => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') + '-',
      'hex of the MAC': (s) => Buffer.from(s, 'base64').toString('hex'),
      'a number': () => 42,
    };
    for (const [what, garble] of Object.entries(garbles)) {
      const reply = await srp({ ...main, username, spoil: (r) => { r.ChallengeResponses.PASSWORD_CLAIM_SIGNATURE = garble(r.ChallengeResponses.PASSWORD_CLAIM_SIGNATURE); } });
      refused(reply, `signature ${what}`);
    }
    accepted(await srp({ ...main, username }), 'the right signature');
  });

  test('USERNAME at step 2 must be the USER_ID_FOR_SRP of step 1, not the typed alias or another user', async () => {
    const email = { poolId: rig.config.email.userPoolId, clientId: rig.config.email.clientId };
    const typed = `${unique('ursula')}@example.com`;
    const internal = await user(email.poolId, typed, typed);
    assert.notEqual(internal, typed, 'the email pool should give the user a sub as username');
    const other = await user(email.poolId, `${unique('victor')}@example.com`, undefined);
    for (const [what, name] of [['the typed email', typed], ['another user', other], ['nothing', undefined]]) {
      refused(await srp({ ...email, username: typed, spoil: (r) => { r.ChallengeResponses.USERNAME = name; } }), `USERNAME = ${what}`);
    }
    accepted(await srp({ ...email, username: typed }), 'USERNAME = USER_ID_FOR_SRP');
  });

  test('step 2 through another app client than step 1 is refused', async () => {
    const main = { poolId: rig.config.main.userPoolId, clientId: rig.config.main.clientId };
    const username = await user(main.poolId, unique('wanda'));
    refused(await srp({ ...main, username, spoil: (r) => { r.ClientId = rig.config.main.rotatingClientId; } }), 'another public client of the pool');
    const secretClient = rig.config.main.secretClientId;
    refused(await srp({ ...main, username, spoil: (r) => {
      r.ClientId = secretClient;
      r.ChallengeResponses.SECRET_HASH = hmacB64(rig.config.main.clientSecret, r.ChallengeResponses.USERNAME + secretClient);
    } }), 'the client with a secret, with its right SECRET_HASH');
    accepted(await srp({ ...main, username }), 'the same client');
  });
});

describe('SECRET_HASH over the username the request names', () => {
  // A client with a secret in the email pool, where the typed username (the email) and the
  // internal one (the sub, USER_ID_FOR_SRP) differ.
  let email;
  before(async () => {
    const made = await raw('CreateUserPoolClient', {
      UserPoolId: rig.config.email.userPoolId, ClientName: 'strict-secret', GenerateSecret: true,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const { ClientId, ClientSecret } = made.body.UserPoolClient;
    email = { poolId: rig.config.email.userPoolId, clientId: ClientId, secret: ClientSecret };
  });
  const hash = (name) => hmacB64(email.secret, name + email.clientId);
  const secretRefused = (reply, what) => refused(reply, what, `Unable to verify secret hash for client ${email.clientId}`);

  test('InitiateAuth USER_SRP_AUTH: over the typed username, not the internal one', async () => {
    const typed = `${unique('xena')}@example.com`;
    const internal = await user(email.poolId, typed, typed);
    secretRefused(await srp({ ...email, username: typed, initHashFor: () => hash(internal) }), 'step 1 over the sub');
    accepted(await srp({ ...email, username: typed }), 'step 1 over the email, step 2 over USER_ID_FOR_SRP');
  });

  test('RespondToAuthChallenge PASSWORD_VERIFIER: over USER_ID_FOR_SRP, not the typed username', async () => {
    const typed = `${unique('yuri')}@example.com`;
    await user(email.poolId, typed, typed);
    secretRefused(await srp({ ...email, username: typed, hashFor: () => hash(typed), initHashFor: () => hash(typed) }), 'step 2 over the email');
    refused(await srp({ ...email, username: typed, spoil: (r) => { r.ChallengeResponses.SECRET_HASH = undefined; } }), 'step 2 without one',
      `Client ${email.clientId} is configured with secret but SECRET_HASH was not received`);
    accepted(await srp({ ...email, username: typed }), 'step 2 over USER_ID_FOR_SRP');
  });

  test('USER_PASSWORD_AUTH, ForgotPassword: over the username sent, the other form refused', async () => {
    const typed = `${unique('zoe')}@example.com`;
    const internal = await user(email.poolId, typed, typed);
    const password = (name) => raw('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: email.clientId, AuthParameters: { USERNAME: typed, PASSWORD, SECRET_HASH: hash(name) },
    });
    secretRefused(await password(internal), 'USER_PASSWORD_AUTH over the sub');
    accepted(await password(typed), 'USER_PASSWORD_AUTH over the email');
    const forgot = (name) => raw('ForgotPassword', { ClientId: email.clientId, Username: typed, SecretHash: hash(name) });
    secretRefused(await forgot(internal), 'ForgotPassword over the sub');
    assert.equal((await forgot(typed)).status, 200);
  });
});
