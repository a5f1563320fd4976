// The benchmark: cognito-auth-wasm against amazon-cognito-identity-js and aws-amplify/auth, in one
// headless Chromium run, plus native Rust SRP and bundle sizes.
//
//   ./dev build && (cd bench && npm ci) && node bench/run.mjs [--smoke] [--runs N]
//
// Prints two markdown tables (the second: the same SRP and start-up rows with Chromium's CPU
// throttled 4×, "phone") and writes the same data to bench/out/results.json. --smoke does one
// iteration of everything (a check that every row can be filled, not a measurement). The run fails
// when an SDK sends a Cognito operation the bench does not expect, with the stub or the rig.

import { spawn, execFileSync } from 'node:child_process';
import { createHash, createHmac, hkdfSync, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zc, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const OUT = path.join(BENCH, 'out');
const WWW = path.join(OUT, 'www');
const SDKS = ['ours', 'aci', 'amplify'];
// Row 5's apps, sizes only (and one checked run each against the rig): sign in, AWS credentials
// from the identity pool, STS GetCallerIdentity with the AWS SDK v3 (`<sdk>-sts`), and the same
// without the STS client (`<sdk>-credentials`, the auth stack alone).
const AWS_APPS = SDKS.flatMap((s) => [`${s}-sts`, `${s}-credentials`]);
const NAMES = { ours: 'ours (wasm)', aci: 'amazon-cognito-identity-js', amplify: 'aws-amplify', native: 'native Rust' };
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// The "phone" rows: the stubbed sign-ins and the wasm init again with Chromium's CPU throttled this
// many times (DevTools protocol Emulation.setCPUThrottlingRate).
const PHONE_RATE = 4;
// The warm stubbed rows drive each SDK, and ours again with the reference SDKs' 128-byte a.
const WARM = [
  { key: 'ours', sdk: 'ours' },
  { key: 'ours128', sdk: 'ours', config: { srpSecretBytes: 128 } },
  { key: 'aci', sdk: 'aci' },
  { key: 'amplify', sdk: 'amplify' },
];
// The Cognito operations each SDK may send in a rig run (sign-in, fetch session, sign-out); any
// other fails the run. With the stub, only InitiateAuth (USER_SRP_AUTH) and RespondToAuthChallenge
// (PASSWORD_VERIFIER) are answered, and anything else fails the run too.
const RIG_OPERATIONS = {
  // Our signOut() revokes the refresh token (RevokeToken); not in the timed part.
  ours: ['InitiateAuth', 'RespondToAuthChallenge', 'RevokeToken'],
  // amazon-cognito-identity-js's user.signOut() without a callback only clears its storage.
  aci: ['InitiateAuth', 'RespondToAuthChallenge'],
  // Amplify's signOut() (local, not { global: true }) revokes the refresh token when the access
  // token carries origin_jti, as the rig's tokens do. Not in the timed part.
  amplify: ['InitiateAuth', 'RespondToAuthChallenge', 'RevokeToken'],
};

// --- options -------------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const smoke = argv.includes('--smoke');
const runsArg = argv.indexOf('--runs');
const RUNS = smoke ? 1 : runsArg >= 0 ? Math.max(1, Number(argv[runsArg + 1]) || 25) : 25;
const P = smoke
  ? { warmup: 0, runs: 1, cold: 1, rigWarmup: 0, rigRuns: 1, initRuns: 1, nativeRuns: 1 }
  : { warmup: 5, runs: RUNS, cold: 7, rigWarmup: 2, rigRuns: RUNS, initRuns: 15, nativeRuns: 50 };

const log = (...a) => console.error('[bench]', ...a);

// --- statistics ----------------------------------------------------------------------------------

function quantile(sorted, p) {
  if (!sorted.length) return NaN;
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, median: quantile(s, 0.5), p25: quantile(s, 0.25), p75: quantile(s, 0.75), min: s[0], max: s.at(-1) };
}

// --- the SRP vector the stub serves, and the server side that checks each signature ---------------

const vectors = JSON.parse(readFileSync(path.join(ROOT, 'tests/vectors/srp.json'), 'utf8'));
const VEC = vectors.vectors[0];
const N = BigInt(`0x${vectors.N}`);

function padHex(n) {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return '89abcdef'.includes(hex[0]) ? `00${hex}` : hex;
}

function modPow(base, exp, m) {
  let r = 1n;
  base %= m;
  while (exp > 0n) {
    if (exp & 1n) r = (r * base) % m;
    base = (base * base) % m;
    exp >>= 1n;
  }
  return r;
}

// The server's check of PASSWORD_CLAIM_SIGNATURE (v and b of the vector's server side).
function signatureIsValid(srpA, responses) {
  const A = BigInt(`0x${srpA}`);
  const B = BigInt(`0x${VEC.srpB}`);
  if (A % N === 0n) return false;
  const u = BigInt(`0x${createHash('sha256').update(Buffer.from(padHex(A) + padHex(B), 'hex')).digest('hex')}`);
  const v = BigInt(`0x${VEC.server.v}`);
  const S = modPow((A * modPow(v, u, N)) % N, BigInt(`0x${VEC.server.b}`), N);
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'),
    'Caldera Derived Key', 16));
  const expected = createHmac('sha256', key).update(VEC.poolName).update(VEC.userIdForSrp)
    .update(Buffer.from(VEC.secretBlock, 'base64')).update(responses.TIMESTAMP).digest('base64');
  return expected === responses.PASSWORD_CLAIM_SIGNATURE;
}

// Unsigned JWTs with the claims the three SDKs read (no origin_jti: nobody tries to revoke).
function fakeTokens(clientId, username) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const sub = '0b6e2a1c-1111-4222-8333-444455556666';
  const iss = `http://127.0.0.1/${VEC.userPoolId}`;
  const jwt = (claims) => `${b64({ alg: 'RS256', kid: 'bench', typ: 'JWT' })}.${b64(claims)}.${Buffer.from('not signed').toString('base64url')}`;
  const common = { sub, iss, iat: now, auth_time: now, exp: now + 86_400, event_id: randomUUID() };
  return {
    AccessToken: jwt({ ...common, client_id: clientId, token_use: 'access', scope: 'aws.cognito.signin.user.admin', jti: randomUUID(), username }),
    IdToken: jwt({ ...common, aud: clientId, token_use: 'id', 'cognito:username': username, email: 'alice@example.com', email_verified: true }),
    RefreshToken: 'bench-refresh-token',
    ExpiresIn: 86_400,
    TokenType: 'Bearer',
  };
}

// --- build: copy pkg, bundle the three apps, measure their sizes ----------------------------------

const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

function sizesOf(buf, text) {
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, {
      params: {
        [zc.BROTLI_PARAM_QUALITY]: zc.BROTLI_MAX_QUALITY,
        [zc.BROTLI_PARAM_LGWIN]: zc.BROTLI_MAX_WINDOW_BITS,
        [zc.BROTLI_PARAM_MODE]: text ? zc.BROTLI_MODE_TEXT : zc.BROTLI_MODE_GENERIC,
        [zc.BROTLI_PARAM_SIZE_HINT]: buf.length,
      },
    }).length,
  };
}

// Bytes of the minified bundle per npm package (esbuild's metafile), largest first.
function byPackage(metafile, sdk) {
  const inputs = Object.values(metafile.outputs).find((o) => o.entryPoint === `apps/${sdk}.mjs`)?.inputs ?? {};
  const acc = {};
  for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
    const m = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    const key = m ? m[1] : file.includes('out/www/pkg/') ? 'cognito-auth-wasm (JS)' : 'app';
    acc[key] = (acc[key] ?? 0) + bytesInOutput;
  }
  return Object.fromEntries(Object.entries(acc).sort((a, b) => b[1] - a[1]));
}

async function build() {
  const pkg = path.join(ROOT, 'pkg');
  const wasmFile = path.join(pkg, 'cognito_auth_wasm_bg.wasm');
  if (!existsSync(wasmFile)) throw new Error('pkg/ has no wasm: run ./dev build first');
  rmSync(WWW, { recursive: true, force: true });
  mkdirSync(path.join(WWW, 'apps'), { recursive: true });
  // A snapshot of pkg/, so that a rebuild during the run cannot mix two builds.
  cpSync(pkg, path.join(WWW, 'pkg'), { recursive: true });
  const pkgGlue = readFileSync(path.join(pkg, 'cognito_auth_wasm.js'));
  cpSync(path.join(BENCH, 'page'), WWW, { recursive: true });
  cpSync(wasmFile, path.join(WWW, 'apps', 'cognito_auth_wasm_bg.wasm'));
  // The minimal app (ours) imports cognito-auth-wasm/core: its bundle and that entry's wasm go
  // to apps/core/, where the glue looks for the wasm beside the bundle.
  const coreWasmFile = path.join(pkg, 'core', 'cognito_auth_wasm_bg.wasm');
  if (!existsSync(coreWasmFile)) throw new Error('pkg/ has no core/ entry: run ./dev build first');
  mkdirSync(path.join(WWW, 'apps', 'core'), { recursive: true });
  cpSync(coreWasmFile, path.join(WWW, 'apps', 'core', 'cognito_auth_wasm_bg.wasm'));
  const out = (sdk) => (sdk === 'ours' ? 'core/ours' : sdk);

  const result = await esbuild.build({
    absWorkingDir: BENCH,
    entryPoints: [...SDKS, ...AWS_APPS].map((s) => ({ in: `apps/${s}.mjs`, out: out(s) })),
    outdir: path.join(WWW, 'apps'),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    metafile: true,
    logLevel: 'warning',
    plugins: [{
      // The app imports the package by name, as a user's app does; it is the pkg/ snapshot.
      name: 'cognito-auth-wasm-from-pkg',
      setup(b) {
        b.onResolve({ filter: /^cognito-auth-wasm(\/core)?$/ }, (args) => {
          const entry = path.join(WWW, 'pkg', args.path.endsWith('/core') ? 'core' : '', 'index.js');
          if (!existsSync(entry)) return { errors: [{ text: 'pkg/ has no index.js entry: rebuild it with ./dev build' }] };
          return { path: entry };
        });
      },
    }],
  });
  if (!readFileSync(path.join(pkg, 'cognito_auth_wasm.js')).equals(pkgGlue)) throw new Error('pkg/ changed during the build; run again');

  const wasm = readFileSync(path.join(WWW, 'apps', 'cognito_auth_wasm_bg.wasm'));
  const coreWasm = readFileSync(path.join(WWW, 'apps', 'core', 'cognito_auth_wasm_bg.wasm'));
  const sizes = {};
  for (const sdk of [...SDKS, ...AWS_APPS]) {
    const outfile = path.join(WWW, 'apps', `${out(sdk)}.js`);
    const js = sizesOf(readFileSync(outfile), true);
    sizes[sdk] = { js, packages: byPackage(result.metafile, sdk) };
    if (sdk.split('-')[0] === 'ours') {
      const w = sizesOf(sdk === 'ours' ? coreWasm : wasm, false);
      sizes[sdk].wasm = w;
      sizes[sdk].total = { raw: js.raw + w.raw, gzip: js.gzip + w.gzip, brotli: js.brotli + w.brotli };
    } else {
      sizes[sdk].total = js;
    }
  }
  const st = statSync(wasmFile);
  return { sizes, pkgBuiltAt: st.mtime.toISOString() };
}

function serve() {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let file = path.normalize(path.join(WWW, decodeURIComponent(url.pathname)));
    if (!file.startsWith(WWW)) { res.writeHead(403).end(); return; }
    if (url.pathname === '/') file = path.join(WWW, 'bench.html');
    let body;
    try { body = readFileSync(file); } catch { res.writeHead(404).end(); return; }
    res.writeHead(200, {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'no-store',
    });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// --- the rig --------------------------------------------------------------------------------------

function startRig() {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [path.join(ROOT, 'tests/rig/rig.py'), '--config-out', path.join(OUT, 'rig.json')],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let errText = '';
    const counts = { preflights: 0 };
    const timer = setTimeout(() => reject(new Error(`the rig did not start in 60 s:\n${errText}`)), 60_000);
    child.stderr.on('data', (c) => {
      errText = (errText + c).slice(-20_000);
      counts.preflights += (String(c).match(/ preflight /g) ?? []).length;
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the rig exited (${code}):\n${errText}`)); });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('RIG READY ')) {
        clearTimeout(timer);
        resolve({ child, counts, config: JSON.parse(line.slice('RIG READY '.length)), log: () => errText });
      }
    });
  });
}

async function stopRig(rig) {
  if (!rig || rig.child.exitCode !== null) return;
  rig.child.removeAllListeners('exit');
  const exited = new Promise((r) => rig.child.once('exit', r));
  rig.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
}

async function cognito(endpoint, op, body) {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` },
    body: JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${op}: ${res.status} ${json.__type ?? ''} ${json.message ?? ''}`);
  return json;
}

async function createRigUser(rig, username, password) {
  const { endpoint, main } = rig.config;
  await cognito(endpoint, 'SignUp', {
    ClientId: main.clientId, Username: username, Password: password,
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
  });
  const q = new URLSearchParams({ userPoolId: main.userPoolId, username });
  const res = await fetch(`${endpoint}/rig/code?${q}`);
  if (!res.ok) throw new Error(`rig code for ${username}: ${res.status}`);
  const { code } = await res.json();
  await cognito(endpoint, 'ConfirmSignUp', { ClientId: main.clientId, Username: username, ConfirmationCode: code });
}

// --- native Rust ----------------------------------------------------------------------------------

function runNative() {
  return new Promise((resolve) => {
    const child = spawn('cargo', ['run', '--quiet', '--release', '--example', 'srp_native', '--', '--runs', String(P.nativeRuns)],
      // The floor wasm aims at: native code at full speed (opt-level 3), not the size-tuned
      // profile the wasm ships with.
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CARGO_PROFILE_RELEASE_OPT_LEVEL: '3', PATH: `${os.homedir()}/.cargo/bin:${process.env.PATH}` } });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err = (err + c).slice(-4000); });
    child.on('exit', (code) => {
      if (code !== 0) { resolve({ error: `cargo run --example srp_native failed (${code}): ${err.trim().split('\n').slice(-6).join(' | ')}` }); return; }
      try { resolve(JSON.parse(out.trim().split('\n').at(-1))); } catch (e) { resolve({ error: `bad output: ${out}` }); }
    });
  });
}

// --- the browser part -----------------------------------------------------------------------------

// A fresh context (a new visitor: no HTTP, code or wasm cache) with one page on bench.html.
// p.throttle(rate) sets Chromium's DevTools CPU throttling of the page (the "phone" rows); the CDP
// session stays attached until the context closes. A throttled page costs CPU even when idle (the
// throttler interrupts its main thread), so at most one page is throttled at any time.
async function openPage(browser, base, query, rate = 1) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}/bench.html${query}`);
  await page.evaluate(() => window.__benchLoaded);
  const cdp = await context.newCDPSession(page);
  const p = { context, page, errors, throttle: (r) => cdp.send('Emulation.setCPUThrottlingRate', { rate: r }) };
  if (rate > 1) await p.throttle(rate);
  return p;
}

// A page with one SDK's app bundle loaded (untimed) and a client created with `config`.
async function openSdkPage(browser, base, sdk, config, stub) {
  const p = await openPage(browser, base, `?sdk=${sdk}`);
  await p.page.evaluate(async ({ config, stub }) => {
    window.__bench.stub = stub;
    window.__bench.sdk = await window.__bench.app.createClient(config);
  }, { config, stub });
  return p;
}

// Closes a page after checking it had no errors; the Cognito operations the stub did not expect
// are added to `unexpected` (label → operations).
async function closePage(p, label, unexpected) {
  const ops = await p.page.evaluate(() => window.__bench.unexpected);
  if (ops.length) (unexpected[label] ??= []).push(...ops);
  if (p.errors.length) throw new Error(`${label}: page errors: ${p.errors.join('; ')}`);
  await p.context.close();
}

// The stubbed sign-ins at one CPU throttling rate: the cold first sign-in of P.cold fresh contexts
// per SDK, then warm runs on one page per variant, interleaved so that drift hits all alike.
async function stubbedRuns(browser, base, rate, checked, unexpected) {
  const tag = rate > 1 ? ` (CPU throttled ${rate}×)` : '';
  const stubConfig = { userPoolId: VEC.userPoolId, userPoolClientId: VEC.clientId, endpoint: 'http://127.0.0.1:9' };
  const stub = {
    challengeParameters: { SALT: VEC.salt, SRP_B: VEC.srpB, SECRET_BLOCK: VEC.secretBlock, USER_ID_FOR_SRP: VEC.userIdForSrp, USERNAME: VEC.userIdForSrp },
    authenticationResult: fakeTokens(VEC.clientId, VEC.userIdForSrp),
  };
  const cred = [VEC.username, VEC.password];

  // Cold: page start (before the app bundle's import; for ours the glue and the wasm's fetch,
  // compile and instantiate) → the first signIn resolves, in a fresh context: JIT and wasm cold.
  log(`stubbed sign-in${tag}, cold: ${P.cold} fresh contexts per SDK`);
  const cold = Object.fromEntries(SDKS.map((s) => [s, []]));
  for (let i = 0; i < P.cold; i += 1) {
    for (const sdk of SDKS) {
      const p = await openPage(browser, base, '', rate);
      const r = await p.page.evaluate(({ sdk, config, stub, cred }) => {
        window.__bench.stub = stub;
        return window.__bench.coldSignIn(sdk, config, ...cred);
      }, { sdk, config: stubConfig, stub, cred });
      cold[sdk].push(r);
      checked.push([`${sdk} cold${tag}`, r]);
      await closePage(p, `${sdk} cold${tag}`, unexpected);
    }
  }

  // Warm: B.settle (a short wait and an idle callback) before each timed sign-in, every SDK alike.
  // Throttled runs throttle the page for the run (settle, sign-in, sign-out) only.
  log(`stubbed sign-in${tag}, warm: ${P.warmup} warm-up + ${P.runs} runs per variant, interleaved`);
  const pages = {};
  for (const v of WARM) pages[v.key] = await openSdkPage(browser, base, v.sdk, { ...stubConfig, ...v.config }, stub);
  const warm = Object.fromEntries(WARM.map((v) => [v.key, []]));
  for (let i = 0; i < P.warmup + P.runs; i += 1) {
    for (const v of WARM) {
      if (rate > 1) await pages[v.key].throttle(rate);
      const r = await pages[v.key].page.evaluate((c) => window.__bench.stubbedSignIn(...c), cred);
      if (rate > 1) await pages[v.key].throttle(1);
      if (i >= P.warmup) { warm[v.key].push(r); checked.push([`${v.key}${tag}`, r]); }
    }
  }
  for (const v of WARM) await closePage(pages[v.key], `${v.key}${tag}`, unexpected);

  const pick = (runs, k) => stats(runs.map((r) => r[k]));
  const warmStats = (runs) => Object.fromEntries(['totalMs', 'aMs', 'respondMs', 'verifierMs', 'afterMs', 'stubMs', 'idleMsInside']
    .map((k) => [k, pick(runs, k)]));
  const idleRuns = (runs) => runs.filter((r) => r.idleMsInside > 0).length;
  return Object.fromEntries(WARM.map((v) => {
    const o = { ...warmStats(warm[v.key]), runsWithIdleWorkInside: idleRuns(warm[v.key]) };
    if (cold[v.key]) {
      const c = cold[v.key];
      o.coldTotalMs = pick(c, 'totalMs');
      o.cold = {
        totalMs: o.coldTotalMs, importMs: pick(c, 'importMs'), createMs: pick(c, 'createMs'), signInMs: pick(c, 'signInMs'),
        aMs: pick(c, 'aMs'), respondMs: pick(c, 'respondMs'), idleMsInside: pick(c, 'idleMsInside'), runsWithIdleWorkInside: idleRuns(c),
      };
    }
    return [v.key, o];
  }));
}

// wasm download + compile + instantiate, a fresh URL (no HTTP or code cache) each time.
async function wasmInitRuns(browser, base, rate) {
  log(`wasm init${rate > 1 ? ` (CPU throttled ${rate}×)` : ''}: 1 warm-up + ${P.initRuns} runs`);
  const p = await openPage(browser, base, '', rate);
  const inits = [];
  for (let i = 0; i <= P.initRuns; i += 1) {
    const r = await p.page.evaluate((run) => window.__bench.wasmInit(run), i);
    if (i > 0 || P.initRuns === 1) inits.push(r);
  }
  await closePage(p, `wasm init${rate > 1 ? ` ×${rate}` : ''}`, {});
  return { initMs: stats(inits.map((r) => r.initMs)), glueMs: stats(inits.map((r) => r.glueMs)) };
}

// Row 5's apps, each run once against the rig, so that the sizes are of apps that work: sign in,
// credentials from the rig's identity pool, and (the -sts apps) GetCallerIdentity, which the rig's
// IAM-checking moto answers with the authenticated role only for correctly signed requests.
async function awsAppRuns(browser, base, rig) {
  const { config } = rig;
  const awsConfig = {
    userPoolId: config.main.userPoolId, userPoolClientId: config.main.clientId, endpoint: config.endpoint, region: config.region,
    identityPoolId: config.identity.identityPoolId, identityEndpoint: config.identity.endpoint, awsEndpoint: config.identity.awsEndpoint,
  };
  const role = config.identity.authRoleArn.split('/').pop();
  const password = 'Bench1Passw0rd';
  const out = {};
  for (const app of AWS_APPS) {
    log(`${app}: sign-in, AWS credentials${app.endsWith('-sts') ? ', GetCallerIdentity' : ''} against the rig`);
    const username = `bench-${app}-${randomUUID().slice(0, 8)}`;
    await createRigUser(rig, username, password);
    const p = await openSdkPage(browser, base, app, awsConfig, null);
    const r = await p.page.evaluate(async ([u, pw]) => {
      const sdk = window.__bench.sdk;
      const signedIn = (await sdk.signIn(u, pw))?.isSignedIn === true;
      const { accessKeyId } = await sdk.credentials();
      const arn = sdk.callerIdentity ? await sdk.callerIdentity() : null;
      await sdk.signOut();
      return { signedIn, accessKeyId, arn };
    }, [username, password]);
    await closePage(p, app, {});
    const ok = r.signedIn && /^ASIA/.test(r.accessKeyId ?? '') && (!app.endsWith('-sts') || r.arn?.includes(`:assumed-role/${role}/`));
    if (!ok) throw new Error(`${app} against the rig: ${JSON.stringify(r)}`);
    out[app] = { arn: r.arn };
  }
  return out;
}

async function browserPart(base, rig) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    const out = { chromium: browser.version() };
    const checked = [];
    const unexpected = {};
    out.stub = await stubbedRuns(browser, base, 1, checked, unexpected);
    out.phone = { cpuThrottlingRate: PHONE_RATE, stub: await stubbedRuns(browser, base, PHONE_RATE, checked, unexpected) };

    log(`checking ${checked.length} PASSWORD_CLAIM_SIGNATUREs with the vector's server side`);
    for (const [label, r] of checked) {
      if (!signatureIsValid(r.srpA, r.responses)) throw new Error(`${label}: the stub's server side rejects the signature`);
    }
    out.signaturesVerified = checked.length;
    out.unexpectedOperations = { stub: unexpected };
    // Every SDK's sign-in and sign-out must send InitiateAuth and RespondToAuthChallenge only.
    if (Object.keys(unexpected).length) {
      throw new Error(`Cognito operations the stub does not expect: ${Object.entries(unexpected).map(([k, ops]) => `${k}: ${ops.join(', ')}`).join('; ')}`);
    }

    // Full round trips against the rig.
    log(`rig sign-in: ${P.rigWarmup} warm-up + ${P.rigRuns} runs per SDK, interleaved`);
    const password = 'Bench1Passw0rd';
    const rigConfig = { userPoolId: rig.config.main.userPoolId, userPoolClientId: rig.config.main.clientId, endpoint: rig.config.endpoint };
    const users = {};
    const pages = {};
    for (const sdk of SDKS) {
      users[sdk] = `bench-${sdk}-${randomUUID().slice(0, 8)}`;
      await createRigUser(rig, users[sdk], password);
      pages[sdk] = await openSdkPage(browser, base, sdk, rigConfig, null);
    }
    const rigRuns = Object.fromEntries(SDKS.map((s) => [s, []]));
    const rigUnexpected = {};
    for (let i = 0; i < P.rigWarmup + P.rigRuns; i += 1) {
      for (const sdk of SDKS) {
        const before = rig.counts.preflights;
        const r = await pages[sdk].page.evaluate(([u, p]) => window.__bench.rigSignIn(u, p), [users[sdk], password]);
        await new Promise((done) => setTimeout(done, 20)); // let the rig's log line arrive
        r.preflights = rig.counts.preflights - before;
        for (const op of r.operations) if (!RIG_OPERATIONS[sdk].includes(op)) (rigUnexpected[sdk] ??= []).push(op);
        if (i >= P.rigWarmup) rigRuns[sdk].push(r);
      }
    }
    for (const sdk of SDKS) await closePage(pages[sdk], `${sdk} rig`, {});
    out.unexpectedOperations.rig = rigUnexpected;
    if (Object.keys(rigUnexpected).length) {
      throw new Error(`Cognito operations not allowed for the rig runs: ${Object.entries(rigUnexpected).map(([k, ops]) => `${k}: ${[...new Set(ops)].join(', ')}`).join('; ')}`);
    }
    const pick = (runs, k) => stats(runs.map((r) => r[k]));
    const count = (ops, op) => ops.filter((o) => o === op).length;
    out.rig = Object.fromEntries(SDKS.map((s) => [s, {
      totalMs: pick(rigRuns[s], 'totalMs'), fetchMs: pick(rigRuns[s], 'fetchMs'), clientMs: pick(rigRuns[s], 'clientMs'),
      preflightsPerSignIn: stats(rigRuns[s].map((r) => r.preflights)),
      fetchMsByOperation: Object.fromEntries([...new Set(rigRuns[s].flatMap((r) => Object.keys(r.fetchOps)))]
        .map((op) => [op, stats(rigRuns[s].map((r) => r.fetchOps[op] ?? 0))])),
      // Sign-in + fetch session + sign-out: how often each operation was sent per run.
      operationsPerRun: Object.fromEntries([...new Set(rigRuns[s].flatMap((r) => r.operations))]
        .map((op) => [op, stats(rigRuns[s].map((r) => count(r.operations, op)))])),
    }]));

    out.awsApps = await awsAppRuns(browser, base, rig);
    out.wasmInit = await wasmInitRuns(browser, base, 1);
    out.phone.wasmInit = await wasmInitRuns(browser, base, PHONE_RATE);
    return out;
  } finally {
    await browser.close();
  }
}

// --- report ---------------------------------------------------------------------------------------

function cpuModel() {
  const m = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m);
  return m ? m[1].trim() : os.cpus()[0]?.model ?? 'unknown';
}

function gitState() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'Cargo.toml', 'Cargo.lock'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${head} + uncommitted changes in src/` : head;
  } catch { return 'unknown'; }
}

const ms = (s) => (s && Number.isFinite(s.median) ? `${s.median.toFixed(1)} ms [${s.p25.toFixed(1)}–${s.p75.toFixed(1)}]` : '–');
const bytes = (n) => (Number.isFinite(n) ? `${n.toLocaleString('en-US')} B` : '–');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '');
const mdTable = (head, rows) => [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');

function table(r) {
  const rows = [];
  const timeRow = (label, get, native) => {
    const [o, a, m] = SDKS.map((s) => get(s));
    rows.push([label, ms(o), ms(a), ms(m), native ? ms(native) : '', ratio(a?.median, o?.median)]);
  };
  // A row of ours only (with a 128-byte a): the ours column, and native beside it.
  const oursRow = (label, value, native) => rows.push([label, ms(value), '', '', native ? ms(native) : '', '']);
  const sizeRow = (label, get) => {
    const [o, a, m] = SDKS.map((s) => get(s));
    rows.push([label, bytes(o), bytes(a), bytes(m), '', ratio(a, o)]);
  };
  const nat = r.native?.error ? null : r.native;
  const b = r.browser;
  timeRow('1. SRP sign-in, client work (network stubbed in the page), warm', (s) => b.stub[s].totalMs, nat?.totalMs);
  timeRow('1a. … signIn called → InitiateAuth sent', (s) => b.stub[s].aMs, nat?.aMs);
  timeRow('1b. … signIn called → RespondToAuthChallenge sent', (s) => b.stub[s].respondMs);
  timeRow('1c. … verifier (challenge received → RespondToAuthChallenge sent)', (s) => b.stub[s].verifierMs, nat?.verifierMs);
  timeRow('1d. … tokens (AuthenticationResult received → signIn resolves)', (s) => b.stub[s].afterMs);
  oursRow('1e. ours with a 128-byte a (`srpSecretBytes: 128`, the reference SDKs\' size): row 1', b.stub.ours128.totalMs, nat?.totalMsWith128ByteSecret);
  oursRow('1f. … signIn called → InitiateAuth sent', b.stub.ours128.aMs);
  oursRow('1g. … signIn called → RespondToAuthChallenge sent', b.stub.ours128.respondMs);
  timeRow(`1h. first sign-in in a fresh context: page start (app bundle import; ours: + wasm fetch, compile, instantiate) → signIn resolves (stubbed), ${P.cold} contexts`, (s) => b.stub[s].cold.totalMs);
  timeRow('1i. … of which the import of the app bundle', (s) => b.stub[s].cold.importMs);
  timeRow('2. SRP sign-in against the local rig (wall)', (s) => b.rig[s].totalMs);
  timeRow('2a. … inside fetch (loopback network + rig)', (s) => b.rig[s].fetchMs);
  timeRow('2b. … client share (wall − inside fetch)', (s) => b.rig[s].clientMs);
  rows.push(['2c. … CORS preflights per sign-in + sign-out (counted at the rig, median)', ...SDKS.map((s) => String(b.rig[s].preflightsPerSignIn.median)), '', '']);
  rows.push(['3. wasm download + compile + instantiate (`init()`, cache defeated; cognito-auth-wasm/core)', ms(b.wasmInit.initMs), 'n/a', 'n/a', '', '']);
  rows.push(['3a. … import of the JS glue (fresh URL)', ms(b.wasmInit.glueMs), 'n/a', 'n/a', '', '']);
  const sz = r.sizes;
  sizeRow('4. minimal app bundle, JS, esbuild --minify', (s) => sz[s].js.raw);
  sizeRow('4a. … JS gzip -9', (s) => sz[s].js.gzip);
  sizeRow('4b. … JS brotli 11', (s) => sz[s].js.brotli);
  rows.push(['4c. … .wasm raw / gzip -9 / brotli 11', `${bytes(sz.ours.wasm.raw)} / ${bytes(sz.ours.wasm.gzip)} / ${bytes(sz.ours.wasm.brotli)}`, 'n/a', 'n/a', '', '']);
  sizeRow('4d. total (JS + wasm), gzip -9', (s) => sz[s].total.gzip);
  sizeRow('4e. total (JS + wasm), brotli 11', (s) => sz[s].total.brotli);
  const sts = (s) => sz[`${s}-sts`];
  const creds = (s) => sz[`${s}-credentials`];
  sizeRow('5. sign-in + AWS credentials + STS call app (+ @aws-sdk/client-sts), JS, esbuild --minify', (s) => sts(s).js.raw);
  sizeRow('5a. … JS gzip -9', (s) => sts(s).js.gzip);
  sizeRow('5b. … JS brotli 11', (s) => sts(s).js.brotli);
  sizeRow('5c. … total (JS + wasm), raw', (s) => sts(s).total.raw);
  sizeRow('5d. … total (JS + wasm), gzip -9', (s) => sts(s).total.gzip);
  sizeRow('5e. … total (JS + wasm), brotli 11', (s) => sts(s).total.brotli);
  sizeRow('5f. the auth stack alone (the app of row 5 without the STS client), total (JS + wasm), raw', (s) => creds(s).total.raw);
  sizeRow('5g. … total (JS + wasm), gzip -9', (s) => creds(s).total.gzip);
  sizeRow('5h. … total (JS + wasm), brotli 11', (s) => creds(s).total.brotli);
  return mdTable(['measurement', NAMES.ours, NAMES.aci, NAMES.amplify, NAMES.native, 'ACI ÷ ours'], rows);
}

// The "phone" table: rows 1, 1a, 1b, 1e, 1h, 1i and 3 again with the CPU throttled.
function phoneTable(r) {
  const ph = r.browser.phone;
  const rows = [];
  const timeRow = (label, get) => {
    const [o, a, m] = SDKS.map((s) => get(s));
    rows.push([label, ms(o), ms(a), ms(m), ratio(a?.median, o?.median)]);
  };
  const x = `phone (${ph.cpuThrottlingRate}× CPU throttle)`;
  timeRow(`1. SRP sign-in, client work (stubbed), warm, ${x}`, (s) => ph.stub[s].totalMs);
  timeRow('1a. … signIn called → InitiateAuth sent', (s) => ph.stub[s].aMs);
  timeRow('1b. … signIn called → RespondToAuthChallenge sent', (s) => ph.stub[s].respondMs);
  rows.push([`1e. ours with a 128-byte a: row 1, ${x}`, ms(ph.stub.ours128.totalMs), '', '', '']);
  rows.push(['1g. … signIn called → RespondToAuthChallenge sent', ms(ph.stub.ours128.respondMs), '', '', '']);
  timeRow(`1h. first sign-in in a fresh context, page start → signIn resolves (stubbed), ${x}`, (s) => ph.stub[s].cold.totalMs);
  timeRow('1i. … of which the import of the app bundle', (s) => ph.stub[s].cold.importMs);
  rows.push([`3. wasm download + compile + instantiate, ${x}`, ms(ph.wasmInit.initMs), 'n/a', 'n/a', '']);
  rows.push(['3a. … import of the JS glue (fresh URL)', ms(ph.wasmInit.glueMs), 'n/a', 'n/a', '']);
  return mdTable([`measurement, ${x}`, NAMES.ours, NAMES.aci, NAMES.amplify, 'ACI ÷ ours'], rows);
}

function report(r) {
  const b = r.browser;
  const idle = (o) => `${o.runsWithIdleWorkInside} of ${o.totalMs.n}`;
  const lines = [
    `# cognito-auth-wasm benchmark${smoke ? ' (--smoke: one iteration each, not a measurement)' : ''}`,
    '',
    `- date: ${r.date}`,
    `- Chromium ${b.chromium} (headless), Node ${process.version}, ${r.machine.cpu}, ${r.machine.cores} cores`,
    `- measured build: pkg/ built ${r.pkgBuiltAt}, source ${r.git}; amazon-cognito-identity-js ${r.versions.aci}, aws-amplify ${r.versions.amplify}`,
    `- times: median [p25–p75] of ${P.runs} runs after ${P.warmup} warm-up (cold: ${P.cold} contexts; rig: ${P.rigRuns} after ${P.rigWarmup}; wasm init: ${P.initRuns}; native: ${P.nativeRuns}); the phone table: the same counts`,
    '',
    table(r),
    '',
    phoneTable(r),
    '',
    'How to read it:',
    `- Row 1: each SDK's public sign-in (ours \`signIn\`, ACI \`authenticateUser\`, Amplify \`signIn\`) with \`window.fetch\` replaced in the page: InitiateAuth is answered at once with a PASSWORD_VERIFIER challenge (salt, B and secret block of the first vector of tests/vectors/srp.json), RespondToAuthChallenge with unsigned JWTs. So the time is the client's SRP work plus the SDK's own overhead; the stub itself costs ${b.stubOverheadNote}. Every signature was checked afterwards against the vector's server side (${b.signaturesVerified} checked, all valid, the 128-byte and phone runs included). Any Cognito operation other than these two, in any stubbed page, fails the run.`,
    '- Warm runs (rows 1–1g, 2 and the phone table\'s 1–1g): before each timed sign-in the page waits 20 ms and then for one `requestIdleCallback`, untimed and the same for every SDK. Idle callbacks run in the order they were requested, so ours\' idle precomputation of the next sign-in\'s secret and A has run by then, as it would while a user types.',
    `- Rows 1a and 1b are the user-visible waits: signIn called → InitiateAuth sent, and → RespondToAuthChallenge sent (1b includes the stub's answer to InitiateAuth). Ours computes the secret a and A = g^a ahead, in an idle moment after \`new CognitoAuth\` and after each sign-in, so its 1a holds no SRP math and its 1c (after the challenge: g^x, S, HKDF, HMAC) is all of its SRP work inside signIn; ACI and Amplify compute A = g^a inside the sign-in, in 1a. Idle work that still ran inside a timed warm sign-in: ours in ${idle(b.stub.ours)} runs, ours with a 128-byte a in ${idle(b.stub.ours128)}.`,
    `- Secret a: ACI and Amplify draw 128 bytes; ours draws ${r.native?.secretBytes ?? '?'} bytes by default (as native Rust reports), which shortens A = g^a and S's exponent a + u·x. Rows 1e–1g are ours again with \`srpSecretBytes: 128\`, the reference SDKs' size; native Rust replays the vector's a at the size the SDK draws, and in row 1e with the whole 128-byte a.`,
    `- Row 1h: a new visitor. Each run is a fresh browser context (the server sends \`cache-control: no-store\`; nothing is cached) on a page that has loaded only the harness; timed from just before \`import()\` of the app bundle (for ours that includes the JS glue, whose entry fetches, compiles and instantiates the wasm with a top-level await) through creating the client to the first \`signIn\` resolving, stubbed. The sign-in starts as soon as the client exists, so ours has had no idle moment: its first A is computed inside that signIn (idle work ran inside the timed part in ${idle(b.stub.ours.cold)} contexts). Row 1i is the import alone.`,
    `- Row 2: real fetch to tests/rig (moto + verifying front) on loopback; the rig's SRP (B = g^b, the verifier) is in "inside fetch". The Cognito operations allowed in a run (sign-in, fetch of the session, sign-out), anything else failing it: ${SDKS.map((s) => `${NAMES[s]} ${RIG_OPERATIONS[s].join(', ')}`).join('; ')} (Amplify's local signOut revokes the refresh token of the rig's tokens; not timed).`,
    `- The phone table: the same measurements on pages whose CPU Chromium throttles ${b.phone.cpuThrottlingRate}× (DevTools protocol \`Emulation.setCPUThrottlingRate\`, set after the page has loaded the harness and, for warm runs, around each run only: one throttled page at a time, as an idle throttled page costs CPU too): a stand-in for a mid-range phone, not a measurement of one.`,
    '- Row 4: bench/apps/*.mjs (configure, signIn, fetchAuthSession, signOut), esbuild --bundle --minify --format=esm; ours imports cognito-auth-wasm/core (sign-up, sign-in, sessions; no hosted UI, identity pools or account operations) and counts the JS and the .wasm. Row 3 loads that wasm.',
    `- Row 5: bench/apps/*-sts.mjs, built as row 4: sign in, AWS credentials from the identity pool, STS GetCallerIdentity with \`new STSClient({ credentials })\` (@aws-sdk/client-sts ${r.versions.clientSts}). Ours: cognito-auth-wasm alone, \`credentials: auth.credentialsProvider()\`. ACI and Amplify: the three-package way, the SDK signs in and \`fromCognitoIdentityPool\` (@aws-sdk/credential-provider-cognito-identity ${r.versions.credentialProvider}, which brings its own nested Cognito Identity client) with a \`CognitoIdentityClient\` (@aws-sdk/client-cognito-identity ${r.versions.clientCognitoIdentity}) and the ID token as \`logins\`. Rows 5f–5h: bench/apps/*-credentials.mjs, the same apps without the STS client. The three-package apps already carry the AWS SDK's core (@smithy/core, SigV4) in their Cognito Identity clients, so the STS client adds little to them; ours pays for it with the STS client. Each of the six apps ran once against the rig, checked: signed in, got credentials, and the -sts apps' GetCallerIdentity answered with the authenticated role (${b.awsApps['ours-sts'].arn.split('/').slice(0, 2).join('/')}/…).`,
    `- Native Rust: \`cargo run --release --example srp_native\` (release profile at opt-level 3: native at full speed).${r.native?.error ? ` FAILED: ${r.native.error}` : ''}`,
  ];
  return lines.join('\n');
}

// --- main -----------------------------------------------------------------------------------------

async function main() {
  mkdirSync(OUT, { recursive: true });
  const started = Date.now();
  log('bundling the apps');
  const built = await build();

  log(`native Rust SRP (${P.nativeRuns} runs; cargo may compile first)`);
  const native = await runNative();
  if (native.error) log(native.error);

  let rig;
  let server;
  const cleanup = () => { rig?.child.kill('SIGTERM'); };
  process.on('exit', cleanup);
  let browserOut;
  try {
    log('starting the rig');
    rig = await startRig();
    server = await serve();
    const base = `http://127.0.0.1:${server.address().port}`;
    browserOut = await browserPart(base, rig);
  } catch (e) {
    if (rig) writeFileSync(path.join(OUT, 'rig.log'), rig.log());
    throw e;
  } finally {
    server?.close();
    await stopRig(rig);
    process.off('exit', cleanup);
  }

  // The stub's own time per sign-in (answering two requests in-page), from the warm runs.
  const stubMax = Math.max(...WARM.map((v) => browserOut.stub[v.key].stubMs.median));
  browserOut.stubOverheadNote = `at most ${stubMax.toFixed(2)} ms per sign-in (median; in rows 1 and 1b, not in 1a, 1c, 1d)`;
  const version = (p) => JSON.parse(readFileSync(path.join(BENCH, 'node_modules', p, 'package.json'), 'utf8')).version;
  const results = {
    date: new Date().toISOString(),
    smoke,
    parameters: P,
    machine: { cpu: cpuModel(), cores: os.cpus().length, platform: `${os.type()} ${os.release()} ${os.arch()}`, node: process.version },
    versions: {
      aci: version('amazon-cognito-identity-js'), amplify: version('aws-amplify'), esbuild: esbuild.version,
      clientSts: version('@aws-sdk/client-sts'), clientCognitoIdentity: version('@aws-sdk/client-cognito-identity'),
      credentialProvider: version('@aws-sdk/credential-provider-cognito-identity'),
    },
    git: gitState(),
    pkgBuiltAt: built.pkgBuiltAt,
    sizes: built.sizes,
    native,
    browser: browserOut,
    wallSeconds: 0,
  };
  results.wallSeconds = Math.round((Date.now() - started) / 1000);
  const text = report(results);
  writeFileSync(path.join(OUT, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(OUT, 'results.md'), `${text}\n`);
  console.log(text);
  log(`done in ${results.wallSeconds} s; wrote bench/out/results.json and results.md`);
  if (native.error) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e?.stack ?? e);
  process.exit(1);
});
