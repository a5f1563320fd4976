// The benchmark: cognito-auth-wasm against amazon-cognito-identity-js and aws-amplify/auth, in one
// headless Chromium run, plus native Rust SRP and bundle sizes.
//
//   ./dev build && (cd bench && npm ci) && node bench/run.mjs [--smoke] [--runs N]
//
// Prints a markdown table and writes the same data to bench/out/results.json. --smoke does one
// iteration of everything (a check that every row can be filled, not a measurement).

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
const NAMES = { ours: 'ours (wasm)', aci: 'amazon-cognito-identity-js', amplify: 'aws-amplify', native: 'native Rust' };
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

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

  const result = await esbuild.build({
    absWorkingDir: BENCH,
    entryPoints: SDKS.map((s) => `apps/${s}.mjs`),
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
        b.onResolve({ filter: /^cognito-auth-wasm$/ }, () => {
          const entry = path.join(WWW, 'pkg', 'index.js');
          if (!existsSync(entry)) return { errors: [{ text: 'pkg/ has no index.js entry: rebuild it with ./dev build' }] };
          return { path: entry };
        });
      },
    }],
  });
  if (!readFileSync(path.join(pkg, 'cognito_auth_wasm.js')).equals(pkgGlue)) throw new Error('pkg/ changed during the build; run again');

  const wasm = readFileSync(path.join(WWW, 'apps', 'cognito_auth_wasm_bg.wasm'));
  const sizes = {};
  for (const sdk of SDKS) {
    const outfile = path.join(WWW, 'apps', `${sdk}.js`);
    const js = sizesOf(readFileSync(outfile), true);
    sizes[sdk] = { js, packages: byPackage(result.metafile, sdk) };
    if (sdk === 'ours') {
      const w = sizesOf(wasm, false);
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

async function openSdkPage(browser, base, sdk, config, stub) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}/bench.html?sdk=${sdk}`);
  await page.evaluate(() => window.__benchLoaded);
  await page.evaluate(async ({ config, stub }) => {
    window.__bench.stub = stub;
    window.__bench.sdk = await window.__bench.app.createClient(config);
  }, { config, stub });
  return { context, page, errors };
}

async function browserPart(base, rig) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    const out = { chromium: browser.version() };
    const stubConfig = { userPoolId: VEC.userPoolId, userPoolClientId: VEC.clientId, endpoint: 'http://127.0.0.1:9' };
    const stub = {
      challengeParameters: { SALT: VEC.salt, SRP_B: VEC.srpB, SECRET_BLOCK: VEC.secretBlock, USER_ID_FOR_SRP: VEC.userIdForSrp, USERNAME: VEC.userIdForSrp },
      authenticationResult: fakeTokens(VEC.clientId, VEC.userIdForSrp),
    };
    const signIn = (page) => page.evaluate(([u, p]) => window.__bench.stubbedSignIn(u, p), [VEC.username, VEC.password]);
    const checked = [];
    const unexpected = {};

    // Cold: the first sign-in of a fresh context (a new visitor), JIT and wasm tiers cold.
    log(`stubbed sign-in, cold: ${P.cold} fresh contexts per SDK`);
    const cold = Object.fromEntries(SDKS.map((s) => [s, []]));
    for (let i = 0; i < P.cold; i += 1) {
      for (const sdk of SDKS) {
        const p = await openSdkPage(browser, base, sdk, stubConfig, stub);
        const r = await signIn(p.page);
        cold[sdk].push(r);
        checked.push([sdk, r]);
        await p.context.close();
      }
    }

    // Warm: one page per SDK, runs interleaved so that drift hits all three alike.
    log(`stubbed sign-in, warm: ${P.warmup} warm-up + ${P.runs} runs per SDK, interleaved`);
    const pages = {};
    for (const sdk of SDKS) pages[sdk] = await openSdkPage(browser, base, sdk, stubConfig, stub);
    const warm = Object.fromEntries(SDKS.map((s) => [s, []]));
    for (let i = 0; i < P.warmup + P.runs; i += 1) {
      for (const sdk of SDKS) {
        const r = await signIn(pages[sdk].page);
        if (i >= P.warmup) { warm[sdk].push(r); checked.push([sdk, r]); }
      }
    }
    for (const sdk of SDKS) {
      unexpected[sdk] = await pages[sdk].page.evaluate(() => window.__bench.unexpected);
      if (pages[sdk].errors.length) throw new Error(`${sdk}: page errors: ${pages[sdk].errors.join('; ')}`);
      await pages[sdk].context.close();
    }

    log(`checking ${checked.length} PASSWORD_CLAIM_SIGNATUREs with the vector's server side`);
    for (const [sdk, r] of checked) {
      if (!signatureIsValid(r.srpA, r.responses)) throw new Error(`${sdk}: the stub's server side rejects the signature`);
    }
    const pick = (runs, k) => stats(runs.map((r) => r[k]));
    out.stub = Object.fromEntries(SDKS.map((s) => [s, {
      totalMs: pick(warm[s], 'totalMs'), aMs: pick(warm[s], 'aMs'), verifierMs: pick(warm[s], 'verifierMs'),
      afterMs: pick(warm[s], 'afterMs'), stubMs: pick(warm[s], 'stubMs'), coldTotalMs: pick(cold[s], 'totalMs'),
      unexpectedOperations: unexpected[s],
    }]));
    out.signaturesVerified = checked.length;

    // Full round trips against the rig.
    log(`rig sign-in: ${P.rigWarmup} warm-up + ${P.rigRuns} runs per SDK, interleaved`);
    const password = 'Bench1Passw0rd';
    const rigConfig = { userPoolId: rig.config.main.userPoolId, userPoolClientId: rig.config.main.clientId, endpoint: rig.config.endpoint };
    const users = {};
    for (const sdk of SDKS) {
      users[sdk] = `bench-${sdk}-${randomUUID().slice(0, 8)}`;
      await createRigUser(rig, users[sdk], password);
      pages[sdk] = await openSdkPage(browser, base, sdk, rigConfig, null);
    }
    const rigRuns = Object.fromEntries(SDKS.map((s) => [s, []]));
    for (let i = 0; i < P.rigWarmup + P.rigRuns; i += 1) {
      for (const sdk of SDKS) {
        const before = rig.counts.preflights;
        const r = await pages[sdk].page.evaluate(([u, p]) => window.__bench.rigSignIn(u, p), [users[sdk], password]);
        await new Promise((done) => setTimeout(done, 20)); // let the rig's log line arrive
        r.preflights = rig.counts.preflights - before;
        if (i >= P.rigWarmup) rigRuns[sdk].push(r);
      }
    }
    for (const sdk of SDKS) {
      if (pages[sdk].errors.length) throw new Error(`${sdk}: page errors: ${pages[sdk].errors.join('; ')}`);
      await pages[sdk].context.close();
    }
    out.rig = Object.fromEntries(SDKS.map((s) => [s, {
      totalMs: pick(rigRuns[s], 'totalMs'), fetchMs: pick(rigRuns[s], 'fetchMs'), clientMs: pick(rigRuns[s], 'clientMs'),
      preflightsPerSignIn: stats(rigRuns[s].map((r) => r.preflights)),
      fetchMsByOperation: Object.fromEntries([...new Set(rigRuns[s].flatMap((r) => Object.keys(r.fetchOps)))]
        .map((op) => [op, stats(rigRuns[s].map((r) => r.fetchOps[op] ?? 0))])),
    }]));

    // wasm download + compile + instantiate, a fresh URL (no HTTP or code cache) each time.
    log(`wasm init: 1 warm-up + ${P.initRuns} runs`);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/bench.html`);
    const inits = [];
    for (let i = 0; i <= P.initRuns; i += 1) {
      const r = await page.evaluate((run) => window.__bench.wasmInit(run), i);
      if (i > 0 || P.initRuns === 1) inits.push(r);
    }
    await context.close();
    out.wasmInit = { initMs: stats(inits.map((r) => r.initMs)), glueMs: stats(inits.map((r) => r.glueMs)) };
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

function table(r) {
  const rows = [];
  const timeRow = (label, get, native) => {
    const [o, a, m] = SDKS.map((s) => get(s));
    rows.push([label, ms(o), ms(a), ms(m), native ? ms(native) : '', ratio(a?.median, o?.median)]);
  };
  const sizeRow = (label, get) => {
    const [o, a, m] = SDKS.map((s) => get(s));
    rows.push([label, bytes(o), bytes(a), bytes(m), '', ratio(a, o)]);
  };
  const nat = r.native?.error ? null : r.native;
  const b = r.browser;
  timeRow('1. SRP sign-in, client work (network stubbed in the page), warm', (s) => b.stub[s].totalMs, nat?.totalMs);
  timeRow('1a. … A = g^a (signIn called → InitiateAuth sent)', (s) => b.stub[s].aMs, nat?.aMs);
  timeRow('1b. … verifier (challenge received → RespondToAuthChallenge sent)', (s) => b.stub[s].verifierMs, nat?.verifierMs);
  timeRow('1c. … tokens (AuthenticationResult received → signIn resolves)', (s) => b.stub[s].afterMs);
  timeRow(`1d. first sign-in in a fresh context (stubbed, cold JIT), ${P.cold} contexts`, (s) => b.stub[s].coldTotalMs);
  rows.push(['1e. … native Rust only: the whole with a 128-byte a (ACI\'s and Amplify\'s size)', '', '', '', ms(nat?.totalMsWith128ByteSecret), '']);
  timeRow('2. SRP sign-in against the local rig (wall)', (s) => b.rig[s].totalMs);
  timeRow('2a. … inside fetch (loopback network + rig)', (s) => b.rig[s].fetchMs);
  timeRow('2b. … client share (wall − inside fetch)', (s) => b.rig[s].clientMs);
  rows.push(['2c. … CORS preflights per sign-in + sign-out (counted at the rig, median)', ...SDKS.map((s) => String(b.rig[s].preflightsPerSignIn.median)), '', '']);
  rows.push(['3. wasm download + compile + instantiate (`init()`, cache defeated)', ms(b.wasmInit.initMs), 'n/a', 'n/a', '', '']);
  rows.push(['3a. … import of the JS glue (fresh URL)', ms(b.wasmInit.glueMs), 'n/a', 'n/a', '', '']);
  const sz = r.sizes;
  sizeRow('4. minimal app bundle, JS, esbuild --minify', (s) => sz[s].js.raw);
  sizeRow('4a. … JS gzip -9', (s) => sz[s].js.gzip);
  sizeRow('4b. … JS brotli 11', (s) => sz[s].js.brotli);
  rows.push(['4c. … .wasm raw / gzip -9 / brotli 11', `${bytes(sz.ours.wasm.raw)} / ${bytes(sz.ours.wasm.gzip)} / ${bytes(sz.ours.wasm.brotli)}`, 'n/a', 'n/a', '', '']);
  sizeRow('4d. total (JS + wasm), gzip -9', (s) => sz[s].total.gzip);
  sizeRow('4e. total (JS + wasm), brotli 11', (s) => sz[s].total.brotli);
  const head = ['measurement', NAMES.ours, NAMES.aci, NAMES.amplify, NAMES.native, 'ACI ÷ ours'];
  return [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function report(r) {
  const lines = [
    `# cognito-auth-wasm benchmark${smoke ? ' (--smoke: one iteration each, not a measurement)' : ''}`,
    '',
    `- date: ${r.date}`,
    `- Chromium ${r.browser.chromium} (headless), Node ${process.version}, ${r.machine.cpu}, ${r.machine.cores} cores`,
    `- measured build: pkg/ built ${r.pkgBuiltAt}, source ${r.git}; amazon-cognito-identity-js ${r.versions.aci}, aws-amplify ${r.versions.amplify}`,
    `- times: median [p25–p75] of ${P.runs} runs after ${P.warmup} warm-up (rig: ${P.rigRuns} after ${P.rigWarmup}; wasm init: ${P.initRuns}; native: ${P.nativeRuns})`,
    '',
    table(r),
    '',
    'How to read it:',
    `- Row 1: each SDK's public sign-in (ours \`signIn\`, ACI \`authenticateUser\`, Amplify \`signIn\`) with \`window.fetch\` replaced in the page: InitiateAuth is answered at once with a PASSWORD_VERIFIER challenge (salt, B and secret block of the first vector of tests/vectors/srp.json), RespondToAuthChallenge with unsigned JWTs. So the time is the client's SRP work plus the SDK's own overhead; the stub itself costs ${r.browser.stubOverheadNote}. Every signature was checked afterwards against the vector's server side (${r.browser.signaturesVerified} checked, all valid).`,
    '- Rows 1a–1c split row 1 at the stub: 1b is the part that remains after the user submits when A is computed in advance (g^x, S, HKDF, HMAC). Ours computes A inside `signIn`, so for ours the whole of row 1 is after the submit today.',
    `- Secret a: ACI and Amplify draw 128 bytes; ours draws ${r.native?.secretBytes ?? '?'} bytes (as native Rust reports), which shortens A = g^a and S's exponent a + u·x. Native Rust replays the vector's a at the size the SDK draws; row 1e is native with the whole 128-byte a.`,
    '- Row 2: real fetch to tests/rig (moto + verifying front) on loopback; the rig\'s SRP (B = g^b, the verifier) is in "inside fetch".',
    '- Row 4: bench/apps/*.mjs (configure, signIn, fetchAuthSession, signOut), esbuild --bundle --minify --format=esm; ours counts the JS and the .wasm.',
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
  const stubMax = Math.max(...SDKS.map((s) => browserOut.stub[s].stubMs.median));
  browserOut.stubOverheadNote = `at most ${stubMax.toFixed(2)} ms per sign-in (median; in row 1, not in 1a–1c)`;
  const version = (p) => JSON.parse(readFileSync(path.join(BENCH, 'node_modules', p, 'package.json'), 'utf8')).version;
  const results = {
    date: new Date().toISOString(),
    smoke,
    parameters: P,
    machine: { cpu: cpuModel(), cores: os.cpus().length, platform: `${os.type()} ${os.release()} ${os.arch()}`, node: process.version },
    versions: { aci: version('amazon-cognito-identity-js'), amplify: version('aws-amplify'), esbuild: esbuild.version },
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
