#!/usr/bin/env node
// SRP known-answer vectors for USER_SRP_AUTH / PASSWORD_VERIFIER, taken from
// amazon-cognito-identity-js's own code (tests/js/node_modules, version pinned in
// tests/js/package.json).
//
//   node tests/vectors/gen-srp-vectors.mjs [--out FILE]     (from the repo root)
//
// Writes tests/vectors/srp.json (or FILE: `./dev test` compares a fresh run with the committed one). Deterministic: every random value comes from
// SHA-256 in counter mode over a seed string, and the clock is fixed per vector.
//
// How a vector is made:
//  * the client secret `a` is fixed by patching AuthenticationHelper.prototype.generateRandomSmallA
//    (the constructor calls it and computes A eagerly, so the patch must be in place before
//    `new AuthenticationHelper` runs -- it is, because CognitoUser constructs the helper inside
//    authenticateUser);
//  * a real server side is computed here independently with BigInt + node:crypto: salt, verifier
//    v = g^x, b, B = (k*v + g^b) mod N; the server's S = (A * v^u)^b mod N must equal the
//    client's S, and the server re-derives the HKDF key and checks ACI's PASSWORD_CLAIM_SIGNATURE;
//  * the client flow is ACI's CognitoUser.authenticateUser (USER_SRP_AUTH) with the pool's
//    client.request stubbed: InitiateAuth is answered with PASSWORD_VERIFIER, RespondToAuthChallenge
//    is captured and answered with an error to end the flow; globalThis.Date is replaced so that
//    ACI's own DateHelper formats TIMESTAMP; u, x, S and the HKDF key are captured by wrapping
//    AuthenticationHelper.prototype.calculateU / calculateS / computehkdf.
//  * ACI has no client-secret support: SECRET_HASH values are computed in this script with
//    node:crypto (base64 HMAC-SHA256(key = client secret, username + clientId)).
//  * a and b are seeded and then incremented (A and g^b doubled) until the vector's required
//    padding classes for A, B, u and S hold.

import { createRequire } from 'node:module';
import { createHash, createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const require = createRequire(path.join(repoRoot, 'tests', 'js', 'package.json'));
const ACI = require('amazon-cognito-identity-js');
const ACI_VERSION = require('amazon-cognito-identity-js/package.json').version;
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger.js').default;
const { AuthenticationHelper, AuthenticationDetails, CognitoUser, CognitoUserPool } = ACI;

const outAt = process.argv.indexOf('--out');
const OUT = outAt > 0 && process.argv[outAt + 1] ? path.resolve(process.argv[outAt + 1]) : path.join(here, 'srp.json');

// ---------------------------------------------------------------- deterministic bytes
function seedBytes(label, n) {
	const parts = [];
	let have = 0;
	for (let c = 0; have < n; c++) {
		const d = createHash('sha256').update(`cognito-srp-vectors|${label}|${c}`, 'utf8').digest();
		parts.push(d);
		have += d.length;
	}
	return Buffer.concat(parts).subarray(0, n);
}

// ---------------------------------------------------------------- independent server side (BigInt)
const sha256 = buf => createHash('sha256').update(buf).digest();
const hmac = (key, buf) => createHmac('sha256', key).update(buf).digest();
const big = hex => BigInt('0x' + (hex === '' ? '0' : hex));
const hexOf = v => v.toString(16);
function modPow(base, exp, m) {
	let r = 1n;
	base %= m;
	if (base < 0n) base += m;
	while (exp > 0n) {
		if (exp & 1n) r = (r * base) % m;
		base = (base * base) % m;
		exp >>= 1n;
	}
	return r;
}
// Java BigInteger.toByteArray() style hex of a non-negative integer.
function jpad(v) {
	let h = v.toString(16);
	if (h.length % 2) h = '0' + h;
	if (/^[89a-f]/.test(h)) h = '00' + h;
	return h;
}
const padBytes = v => Buffer.from(jpad(v), 'hex');

const probe = new AuthenticationHelper('probe');
const N = big(probe.N.toString(16));
const g = 2n;
const k = big(sha256(Buffer.concat([padBytes(N), padBytes(g)])).toString('hex'));
if (k.toString(16) !== probe.k.toString(16)) throw new Error('k mismatch with ACI');
if (probe.g.toString(16) !== '2') throw new Error('g mismatch with ACI');

// Padding class of an integer as ACI's padHex sees it.
//  msb   : even-length hex whose first nibble >= 8, padHex prepends "00"
//  plain : even-length hex, first nibble < 8, padHex leaves it alone
//  odd   : odd-length hex, padHex prepends "0" (still full length)
//  short : padHex is shorter than the full width (value < 2^(8*(full-1)) after re-padding)
function padClass(v, fullBytes) {
	const h = v.toString(16);
	const p = jpad(v);
	if (p.length / 2 < fullBytes) return 'short';
	if (h.length % 2) return 'odd';
	if (/^[89a-f]/.test(h)) return 'msb';
	return 'plain';
}

// ---------------------------------------------------------------- running ACI
class MemStorage {
	constructor() { this.m = new Map(); }
	setItem(k2, v) { this.m.set(k2, String(v)); }
	getItem(k2) { return this.m.has(k2) ? this.m.get(k2) : null; }
	removeItem(k2) { this.m.delete(k2); }
	clear() { this.m.clear(); }
}

const RealDate = globalThis.Date;
function withFixedDate(ms, fn) {
	class FixedDate extends RealDate {
		constructor(...args) {
			if (args.length === 0) super(ms);
			else super(...args);
		}
		static now() { return ms; }
	}
	globalThis.Date = FixedDate;
	try {
		return fn();
	} finally {
		globalThis.Date = RealDate;
	}
}

const proto = AuthenticationHelper.prototype;
const orig = {
	generateRandomSmallA: proto.generateRandomSmallA,
	calculateU: proto.calculateU,
	calculateS: proto.calculateS,
	computehkdf: proto.computehkdf,
};
let fixedSmallAHex = null; // hex string for the next AuthenticationHelper
let capture = null;
proto.generateRandomSmallA = function () {
	if (fixedSmallAHex == null) throw new Error('generator: no fixed a set');
	return new BigInteger(fixedSmallAHex, 16);
};
proto.calculateU = function (A, B) {
	const u = orig.calculateU.call(this, A, B);
	if (capture) capture.u = u.toString(16);
	return u;
};
proto.calculateS = function (xValue, serverBValue, callback) {
	if (capture) capture.x = xValue.toString(16);
	return orig.calculateS.call(this, xValue, serverBValue, (err, s) => {
		if (capture && s) capture.S = s.toString(16);
		return callback(err, s);
	});
};
proto.computehkdf = function (ikm, salt) {
	const key = orig.computehkdf.call(this, ikm, salt);
	if (capture) capture.hkdfKey = Buffer.from(key).toString('hex');
	return key;
};

// Runs ACI's authenticateUser against a scripted server reply. Everything in ACI is synchronous
// here (jsbn modPow calls back synchronously and the stub answers synchronously).
function runAci({ userPoolId, clientId, username, password, aHex, nowMs, challengeParameters }) {
	const cap = { initiate: null, respond: null, failure: null, thrown: null, success: false };
	capture = cap;
	fixedSmallAHex = aHex;
	try {
		withFixedDate(nowMs, () => {
			const pool = new CognitoUserPool({ UserPoolId: userPoolId, ClientId: clientId, Storage: new MemStorage() });
			pool.client.request = (op, params, cb) => {
				if (op === 'InitiateAuth') {
					cap.initiate = JSON.parse(JSON.stringify(params));
					return cb(null, { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: { ...challengeParameters } });
				}
				if (op === 'RespondToAuthChallenge') {
					cap.respond = JSON.parse(JSON.stringify(params));
					const e = new Error('generator: stop after RespondToAuthChallenge');
					e.code = 'NotAuthorizedException';
					e.name = 'NotAuthorizedException';
					return cb(e, null);
				}
				throw new Error(`generator: unexpected request ${op}`);
			};
			const user = new CognitoUser({ Username: username, Pool: pool, Storage: new MemStorage() });
			const details = new AuthenticationDetails({ Username: username, Password: password });
			try {
				user.authenticateUser(details, {
					onSuccess: () => { cap.success = true; },
					onFailure: err => { cap.failure = err; },
					newPasswordRequired: () => { cap.failure = new Error('unexpected newPasswordRequired'); },
					mfaRequired: () => { cap.failure = new Error('unexpected mfaRequired'); },
					customChallenge: () => { cap.failure = new Error('unexpected customChallenge'); },
				});
			} catch (e) {
				cap.thrown = e;
			}
		});
	} finally {
		capture = null;
		fixedSmallAHex = null;
	}
	return cap;
}

const secretHash = (secret, user, clientId) =>
	secret == null ? null : hmac(Buffer.from(secret, 'utf8'), Buffer.from(user + clientId, 'utf8')).toString('base64');

// ---------------------------------------------------------------- vector specs
const POOL1 = 'us-east-1_AbCdEf123';
const POOL2 = 'eu-west-2_Zx9Yw8Vu7';
const POOL3 = 'ap-southeast-1_q1W2e3R4t';
const CLIENT1 = '3n4b5urk1ft4fl3mg5e62d9ado';
const CLIENT2 = '7f1kq0c2ud8s3lbe4m9v6hgtrn';
const SECRET = '1example23456789secretabcdefghijklmnopqrstuvwxyz0123';
const SECRET2 = 'c0ffee0ddba11deadbeefcafe5ca1ab1efeed5eed0ff1ce0bad';
const UUID = '7c1e2a4f-3b5d-4e6f-8a9b-0c1d2e3f4a5b';

// salt: 'java' = lowercase unpadded hex of the 16 salt bytes as an integer (what a Java server
// sending BigInteger.toString(16) gives), or one of the forced forms below.
// want: required padHex classes for A, B (3072-bit, 384 bytes), u (32 bytes), S (384 bytes).
const specs = [
	{ name: 'ascii-basic', username: 'alice', password: 'Passw0rd!', date: '2026-11-03T09:05:07.123Z', want: { A: 'msb', B: 'msb', u: 'msb', S: 'msb' } },
	{ name: 'ascii-no-padding-bytes', username: 'bob', password: 'correct horse battery staple', date: '2026-01-15T14:30:45.999Z', want: { A: 'plain', B: 'plain', u: 'plain', S: 'plain' } },
	{ name: 'A-odd-length-hex', username: 'carol', password: 'Hunter2-Hunter2', date: '2026-02-01T00:00:00.000Z', want: { A: 'odd', B: 'msb', u: 'plain', S: 'msb' } },
	{ name: 'B-odd-length-hex', username: 'dave', password: 'P@ssw0rd', date: '2026-03-09T07:08:09.500Z', want: { A: 'plain', B: 'odd', u: 'msb', S: 'plain' } },
	{ name: 'S-odd-length-hex', username: 'erin', password: 'Tr0ub4dor&3', date: '2026-04-10T10:10:10.010Z', want: { A: 'msb', B: 'plain', S: 'odd' } },
	{ name: 'S-short', username: 'frank', password: 'S-short-password-1', date: '2026-05-17T23:59:59.999Z', want: { A: 'plain', B: 'msb', S: 'short' } },
	{ name: 'u-odd-length-hex', username: 'grace', password: 'u-odd-Password1', date: '2026-06-21T12:00:01.001Z', want: { A: 'msb', B: 'plain', u: 'odd' } },
	{ name: 'u-short', username: 'heidi', password: 'u-short-Password1', date: '2026-07-04T01:02:03.004Z', want: { u: 'short' } },
	{ name: 'salt-msb', username: 'ivan', password: 'SaltMsb#1', date: '2026-08-31T19:45:00.000Z', salt: 'msb', want: { A: 'plain', B: 'msb' } },
	{ name: 'salt-leading-zero-nibble', username: 'judy', password: 'SaltNibble#1', date: '2026-09-05T05:55:05.555Z', salt: 'zero-nibble', want: { A: 'msb', B: 'plain' } },
	{ name: 'salt-odd-length', username: 'mallory', password: 'SaltOdd#1', date: '2026-10-12T16:20:30.250Z', salt: 'odd', want: { S: 'msb' } },
	{ name: 'salt-leading-zero-byte-dropped', username: 'niaj', password: 'SaltZeroByte#1', date: '2026-12-25T08:00:00.000Z', salt: 'zero-byte', want: { S: 'plain' } },
	{ name: 'salt-leading-zero-byte-then-msb', username: 'olivia', password: 'SaltZeroMsb#1', date: '2027-01-01T00:00:00.000Z', salt: 'zero-byte-msb', want: {} },
	{ name: 'srpB-uppercase-zero-padded', username: 'peggy', password: 'UpperB#1', date: '2027-03-14T15:09:26.535Z', salt: 'upper', srpB: 'upper-padded', want: { B: 'odd' } },
	{ name: 'unicode-jose-nfc', username: 'Jos\u00e9', password: 'contrase\u00f1a-\u00d11', date: '2025-06-09T09:09:09.009Z', want: { A: 'msb', B: 'msb' } },
	{ name: 'unicode-jose-nfd-combining', username: 'Jose\u0301', password: 'contrasen\u0303a-N\u03031', date: '2030-10-20T20:02:02.202Z', want: { A: 'plain', B: 'plain' } },
	{ name: 'unicode-cjk', username: '\u7528\u6237', password: '\u5bc6\u7801Passw0rd', date: '2038-01-19T03:14:07.000Z', want: {} },
	{ name: 'unicode-emoji', username: '\u{1F600}user', password: 'p\u{1F600}ss\u{1F511}w0rd', date: '2001-09-09T01:46:40.000Z', want: {} },
	{ name: 'unicode-mixed-password-with-colons', username: 'zo\u00eb', password: 'a:b:c \u00fc\u00df \u0928\u092e\u0938\u094d\u0924\u0947 \u{1F1FA}\u{1F1F8}', date: '2099-12-31T23:59:59.999Z', want: {} },
	{ name: 'email-as-username', username: 'alice@example.com', userIdForSrp: UUID, password: 'EmailPool#1', date: '2026-11-30T11:11:11.111Z', want: { A: 'msb', B: 'plain' } },
	{ name: 'username-case-normalized', username: 'Alice', userIdForSrp: 'alice', password: 'CaseFold#1', date: '2026-11-04T10:00:09.000Z', want: {} },
	{ name: 'client-secret', clientId: CLIENT2, clientSecret: SECRET, username: 'trent', password: 'Secret#Client1', date: '2026-11-07T21:09:05.700Z', want: { A: 'plain', B: 'msb' } },
	{ name: 'client-secret-email-as-username', clientId: CLIENT2, clientSecret: SECRET, username: 'victor@example.org', userIdForSrp: 'e2b3c4d5-6f70-4182-93a4-b5c6d7e8f901', password: 'Secret#Email1', date: '2026-11-08T06:30:00.000Z', want: {} },
	{ name: 'client-secret-unicode', userPoolId: POOL2, clientId: CLIENT2, clientSecret: SECRET2, username: 'Bj\u00f6rk\u7528', password: '\u00e9t\u00e9-\u{1F600}', date: '2026-11-13T13:13:13.013Z', want: {} },
	{ name: 'leap-day-2028', username: 'walter', password: 'LeapDay#2028', date: '2028-02-29T23:59:59.000Z', want: {} },
	{ name: 'leap-day-2024', userPoolId: POOL3, username: 'wendy', password: 'LeapDay#2024', date: '2024-02-29T04:03:02.001Z', want: {} },
	{ name: 'other-pool-long-secret-block', userPoolId: POOL2, username: 'yolanda', password: 'x'.repeat(64) + '!Aa1', date: '2026-08-16T18:07:56.000Z', secretBlockLen: 1728, want: {} },
	{ name: 'other-pool-short-password', userPoolId: POOL3, username: 'sybil_01', password: 'Aa1!', date: '2027-07-22T22:22:22.222Z', want: {} },
];
// Every other vector draws a of 48 bytes, the size this SDK uses (amazon-cognito-identity-js
// draws 128): ACI computes with whatever a it is given, and the SDK's whole sign-in path can then
// be checked against these vectors with its own a.
specs.forEach((spec, i) => {
	if (i % 2 === 1) spec.aBytes ??= 48;
});

function makeSalt(name, kind) {
	const s = Buffer.from(seedBytes(`${name}/salt`, 16));
	switch (kind ?? 'java') {
		case 'java': return big(s.toString('hex')).toString(16);
		case 'msb': s[0] |= 0x80; return s.toString('hex');
		case 'zero-nibble': s[0] = (s[0] & 0x0f) || 0x0a; return s.toString('hex');
		case 'odd': s[0] = (s[0] & 0x0f) || 0x0c; return big(s.toString('hex')).toString(16); // 31 hex chars
		case 'zero-byte': s[0] = 0; s[1] = (s[1] & 0x7f) | 0x10; return s.toString('hex');
		case 'zero-byte-msb': s[0] = 0; s[1] |= 0x80; return s.toString('hex');
		case 'upper': s[0] |= 0x80; return s.toString('hex').toUpperCase();
		default: throw new Error(kind);
	}
}

function formatB(B, kind) {
	switch (kind ?? 'java') {
		case 'java': return B.toString(16);
		case 'upper-padded': return B.toString(16).toUpperCase().padStart(770, '0');
		default: throw new Error(kind);
	}
}

function dateFacts(ms) {
	const d = new RealDate(ms);
	return {
		weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()],
		month: d.getUTCMonth() + 1,
		day: d.getUTCDate(),
		h: d.getUTCHours(), m: d.getUTCMinutes(), s: d.getUTCSeconds(), ms: d.getUTCMilliseconds(),
		leap: d.getUTCMonth() === 1 && d.getUTCDate() === 29,
	};
}

function assertEq(a, b, what) {
	if (a !== b) throw new Error(`${what} mismatch:\n  got      ${a}\n  expected ${b}`);
}

function buildVector(spec) {
	const userPoolId = spec.userPoolId ?? POOL1;
	const poolName = userPoolId.split('_')[1];
	const clientId = spec.clientId ?? CLIENT1;
	const clientSecret = spec.clientSecret ?? null;
	const username = spec.username;
	const userIdForSrp = spec.userIdForSrp ?? username;
	const password = spec.password;
	const nowMs = RealDate.parse(spec.date);
	const want = spec.want;

	// a: seeded bytes (128, or spec.aBytes), then a+1, a+2, ... (A doubles) until A's class fits.
	let a = big(seedBytes(`${spec.name}/a`, spec.aBytes ?? 128).toString('hex'));
	let A = modPow(g, a, N);
	for (let i = 0; want.A && padClass(A, 384) !== want.A; i++) {
		if (i > 100000) throw new Error(`${spec.name}: no A found`);
		a += 1n;
		A = (A * 2n) % N;
	}

	// server: salt, verifier, b, B
	const saltSent = makeSalt(spec.name, spec.salt);
	const saltInt = big(saltSent.toLowerCase());
	const inner = sha256(Buffer.from(`${poolName}${userIdForSrp}:${password}`, 'utf8'));
	const x = big(sha256(Buffer.concat([padBytes(saltInt), inner])).toString('hex'));
	const v = modPow(g, x, N);
	const kv = (k * v) % N;
	let b = big(seedBytes(`${spec.name}/b`, 128).toString('hex'));
	let gb = modPow(g, b, N);
	let B, u, Sserver;
	for (let j = 0; ; j++) {
		if (j > 200000) throw new Error(`${spec.name}: no b found`);
		if (j > 0) { b += 1n; gb = (gb * 2n) % N; }
		B = (kv + gb) % N;
		if (B === 0n) continue;
		if (want.B && padClass(B, 384) !== want.B) continue;
		u = big(sha256(Buffer.concat([padBytes(A), padBytes(B)])).toString('hex'));
		if (u === 0n) continue;
		if (want.u && padClass(u, 32) !== want.u) continue;
		Sserver = modPow((A * modPow(v, u, N)) % N, b, N);
		if (want.S && padClass(Sserver, 384) !== want.S) continue;
		break;
	}
	const srpBSent = formatB(B, spec.srpB);
	const secretBlock = seedBytes(`${spec.name}/secret-block`, spec.secretBlockLen ?? 96).toString('base64');

	const cap = runAci({
		userPoolId, clientId, username, password, aHex: a.toString(16), nowMs,
		challengeParameters: { SALT: saltSent, SRP_B: srpBSent, SECRET_BLOCK: secretBlock, USER_ID_FOR_SRP: userIdForSrp, USERNAME: userIdForSrp },
	});
	if (cap.thrown) throw cap.thrown;
	if (!cap.respond) throw new Error(`${spec.name}: ACI sent no RespondToAuthChallenge (${cap.failure})`);
	const cr = cap.respond.ChallengeResponses;

	// sanity: ACI's client values against the independent server
	assertEq(cap.initiate.AuthParameters.SRP_A, A.toString(16), `${spec.name} SRP_A`);
	assertEq(cap.u, u.toString(16), `${spec.name} u`);
	assertEq(cap.x, x.toString(16), `${spec.name} x`);
	assertEq(cap.S, Sserver.toString(16), `${spec.name} S (client vs server)`);
	const prk = hmac(padBytes(u), padBytes(Sserver));
	const key = hmac(prk, Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])])).subarray(0, 16);
	assertEq(cap.hkdfKey, key.toString('hex'), `${spec.name} HKDF key`);
	const sig = hmac(key, Buffer.concat([
		Buffer.from(poolName, 'utf8'), Buffer.from(userIdForSrp, 'utf8'),
		Buffer.from(secretBlock, 'base64'), Buffer.from(cr.TIMESTAMP, 'utf8'),
	])).toString('base64');
	assertEq(cr.PASSWORD_CLAIM_SIGNATURE, sig, `${spec.name} signature (server check)`);
	assertEq(cr.PASSWORD_CLAIM_SECRET_BLOCK, secretBlock, `${spec.name} secret block echo`);
	assertEq(cap.respond.ChallengeName, 'PASSWORD_VERIFIER', `${spec.name} ChallengeName`);
	assertEq(cap.initiate.AuthFlow, 'USER_SRP_AUTH', `${spec.name} AuthFlow`);
	assertEq(cap.initiate.AuthParameters.USERNAME, username, `${spec.name} InitiateAuth USERNAME`);

	// coverage facts
	const df = dateFacts(nowMs);
	const covers = [
		`A-${padClass(A, 384)}`, `B-${padClass(B, 384)}`, `u-${padClass(u, 32)}`, `S-${padClass(Sserver, 384)}`,
	];
	if (srpBSent.length % 2) covers.push('srpB-sent-odd-length');
	if (srpBSent !== B.toString(16)) covers.push('srpB-sent-not-canonical');
	if (cap.initiate.AuthParameters.SRP_A.length % 2) covers.push('srpA-sent-odd-length');
	const saltPadded = jpad(saltInt);
	if (saltSent.length % 2) covers.push('salt-odd-length');
	if (/^0/.test(saltSent)) covers.push('salt-leading-zero');
	if (saltPadded !== saltSent.toLowerCase()) covers.push('salt-repadded');
	if (saltPadded.length < saltSent.length) covers.push('salt-repadded-shorter');
	if (saltPadded.length > saltSent.length) covers.push('salt-repadded-longer');
	if (saltSent !== saltSent.toLowerCase()) covers.push('uppercase-hex');
	if (/[^\x00-\x7f]/.test(username) || /[^\x00-\x7f]/.test(password)) covers.push('unicode');
	if (username.normalize('NFC') !== username || password.normalize('NFC') !== password) covers.push('combining-characters');
	if (/[\u{10000}-\u{10FFFF}]/u.test(username + password)) covers.push('astral-plane');
	if (username !== userIdForSrp) covers.push('username-differs-from-userIdForSrp');
	if (clientSecret) covers.push('client-secret');
	covers.push(df.day < 10 ? 'day-lt-10' : 'day-ge-10');
	if (df.h < 10) covers.push('hour-lt-10');
	if (df.m < 10) covers.push('minute-lt-10');
	if (df.s < 10) covers.push('second-lt-10');
	if (df.leap) covers.push('leap-day');
	covers.push(`weekday-${df.weekday}`, `month-${String(df.month).padStart(2, '0')}`);
	if (userPoolId !== POOL1) covers.push('other-pool');

	return {
		name: spec.name,
		covers,
		userPoolId, poolName, clientId, clientSecret,
		username, userIdForSrp, password,
		a: a.toString(16),
		srpA: cap.initiate.AuthParameters.SRP_A,
		salt: saltSent,
		srpB: srpBSent,
		secretBlock,
		u: cap.u, x: cap.x, S: cap.S, hkdfKey: cap.hkdfKey,
		nowMs, timestamp: cr.TIMESTAMP, signature: cr.PASSWORD_CLAIM_SIGNATURE,
		challengeUsername: cr.USERNAME,
		secretHash: secretHash(clientSecret, userIdForSrp, clientId),
		secretHashInitiate: secretHash(clientSecret, username, clientId),
		server: {
			b: b.toString(16),
			B: B.toString(16),
			v: v.toString(16),
			S: Sserver.toString(16),
		},
	};
}

// Same as runAci for the invalid cases, but the stub answers the way ACI's real Client.request
// does: the callback runs inside fetch(...).then(data => callback(null, data)).catch(err =>
// callback(err)), so an exception thrown by the callback re-enters it as an error.
async function runAciPromiseTransport({ userPoolId, clientId, username, password, aHex, challengeParameters }) {
	const cap = { initiateCalls: 0, respond: null, failures: [], unhandled: null };
	fixedSmallAHex = aHex;
	let pool;
	try {
		pool = new CognitoUserPool({ UserPoolId: userPoolId, ClientId: clientId, Storage: new MemStorage() });
		pool.client.request = (op, params, cb) => {
			if (op === 'InitiateAuth') {
				cap.initiateCalls++;
				Promise.resolve({ ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: { ...challengeParameters } })
					.then(data => cb(null, data))
					.catch(err => cb(err));
				return;
			}
			if (op === 'RespondToAuthChallenge') { cap.respond = params; return; }
			throw new Error(`generator: unexpected request ${op}`);
		};
		const user = new CognitoUser({ Username: username, Pool: pool, Storage: new MemStorage() });
		user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
			onSuccess: () => {},
			onFailure: err => { cap.failures.push(err.message); },
		});
	} finally {
		fixedSmallAHex = null;
	}
	await new Promise(r => setImmediate(r));
	return cap;
}

async function buildInvalid(name, srpBSent, note) {
	const userPoolId = POOL1;
	const username = 'alice';
	const password = 'Passw0rd!';
	const nowMs = RealDate.parse('2026-11-03T09:05:07.123Z');
	const a = big(seedBytes(`invalid/${name}/a`, 128).toString('hex'));
	const saltSent = makeSalt(`invalid/${name}`, 'java');
	const secretBlock = seedBytes(`invalid/${name}/secret-block`, 96).toString('base64');
	const cap = runAci({
		userPoolId, clientId: CLIENT1, username, password, aHex: a.toString(16), nowMs,
		challengeParameters: { SALT: saltSent, SRP_B: srpBSent, SECRET_BLOCK: secretBlock, USER_ID_FOR_SRP: username, USERNAME: username },
	});
	if (cap.respond) throw new Error(`invalid/${name}: ACI went on to RespondToAuthChallenge`);
	const err = cap.thrown ?? cap.failure;
	if (!err) throw new Error(`invalid/${name}: ACI did not fail`);
	assertEq(cap.initiate.AuthParameters.SRP_A, modPow(g, a, N).toString(16), `invalid/${name} SRP_A`);
	const viaClient = await runAciPromiseTransport({
		userPoolId, clientId: CLIENT1, username, password, aHex: a.toString(16),
		challengeParameters: { SALT: saltSent, SRP_B: srpBSent, SECRET_BLOCK: secretBlock, USER_ID_FOR_SRP: username, USERNAME: username },
	});
	if (viaClient.respond) throw new Error(`invalid/${name}: ACI went on to RespondToAuthChallenge (promise transport)`);
	if (viaClient.failures.length !== 1 || viaClient.failures[0] !== err.message) {
		throw new Error(`invalid/${name}: unexpected failures via promise transport: ${JSON.stringify(viaClient.failures)}`);
	}
	return {
		name, note,
		userPoolId, poolName: userPoolId.split('_')[1], clientId: CLIENT1, clientSecret: null,
		username, userIdForSrp: username, password,
		a: a.toString(16), srpA: cap.initiate.AuthParameters.SRP_A,
		salt: saltSent, srpB: srpBSent, secretBlock, nowMs,
		aciError: err.message,
		aciErrorHow: cap.thrown
			? 'getPasswordAuthenticationKey throws inside the InitiateAuth callback; with a synchronous transport it escapes authenticateUser, with ACI\'s real Client.request (promise .then/.catch) it is caught and re-delivered to the same callback, which calls onFailure once with this message'
			: 'onFailure',
		respondToAuthChallengeSent: false,
	};
}

// ---------------------------------------------------------------- build + coverage check
const vectors = specs.map(buildVector);
const invalid = [
	await buildInvalid('B-zero', '0', 'B = 0'),
	await buildInvalid('B-zero-padded', '0'.repeat(768), 'B = 0 sent as 768 zero digits'),
	await buildInvalid('B-equals-N', N.toString(16), 'B = N, so B mod N = 0'),
	await buildInvalid('B-equals-2N', (2n * N).toString(16), 'B = 2N, so B mod N = 0'),
];

const all = new Set(vectors.flatMap(v => v.covers));
const required = [
	'A-msb', 'A-plain', 'A-odd', 'B-msb', 'B-plain', 'B-odd', 'u-msb', 'u-plain', 'u-odd', 'u-short',
	'S-msb', 'S-plain', 'S-odd', 'S-short', 'srpB-sent-odd-length', 'srpA-sent-odd-length', 'salt-odd-length',
	'salt-leading-zero', 'salt-repadded-shorter', 'salt-repadded-longer', 'unicode', 'combining-characters',
	'astral-plane', 'username-differs-from-userIdForSrp', 'client-secret', 'day-lt-10', 'day-ge-10',
	'hour-lt-10', 'minute-lt-10', 'second-lt-10', 'leap-day',
	'weekday-Sun', 'weekday-Mon', 'weekday-Tue', 'weekday-Wed', 'weekday-Thu', 'weekday-Fri', 'weekday-Sat',
];
const missing = required.filter(c => !all.has(c));
if (missing.length) throw new Error(`coverage missing: ${missing.join(', ')}`);
if (new Set(vectors.map(v => v.covers.find(c => c.startsWith('month-')))).size < 6) throw new Error('too few months');

const out = {
	generator: 'tests/vectors/gen-srp-vectors.mjs',
	reference: `amazon-cognito-identity-js ${ACI_VERSION}`,
	notes: [
		'All client values (srpA, u, x, S, hkdfKey, timestamp, signature, challengeUsername) were produced by amazon-cognito-identity-js itself (CognitoUser.authenticateUser, USER_SRP_AUTH, stubbed transport, fixed small a, fixed clock).',
		'Hex is BigInteger.toString(16): lowercase, unpadded (may be odd length); hkdfKey is 16 bytes as 32 hex chars. salt and srpB are exactly what the server sent.',
		'ACI has no client-secret support: secretHash / secretHashInitiate were computed by the generator with node:crypto as base64(HMAC-SHA256(key=clientSecret, utf8(userIdForSrp|username + clientId))). secretHash goes with RespondToAuthChallenge (USERNAME = userIdForSrp), secretHashInitiate with InitiateAuth (USERNAME = typed username).',
		'server.* is the independent server side (BigInt + node:crypto): B = (k*v + g^b) mod N, v = g^x, S = (A * v^u)^b mod N; it equals the client S in every vector, and the server verified the signature.',
		'covers: A/B/S (384 bytes) and u (32 bytes) padHex classes: msb = padHex prepends 00; plain = no change; odd = odd-length hex gets a 0; short = padHex is shorter than the full width.',
	],
	N: N.toString(16),
	g: '2',
	k: k.toString(16),
	vectors,
	invalid,
};

writeFileSync(OUT, JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${path.relative(repoRoot, OUT)}: ${vectors.length} vectors, ${invalid.length} invalid`);
