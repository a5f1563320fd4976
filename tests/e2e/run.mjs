// The npm package as web apps use it. Run after `./dev build` (pkg/ must exist):
//
//   COGNITO_RIG_CONFIG=/path/to/rig.json node tests/e2e/run.mjs   # or COGNITO_RIG=http://127.0.0.1:PORT
//
// With neither variable it starts tests/rig/rig.py itself. Steps:
// 1. the tarball: `npm pack --dry-run --json` of pkg/ holds exactly what `files` names, nothing else;
// 2. `npm pack` pkg/ and install that tarball into each fixture (tests/e2e/{vite,vite-core,vite-aws,webpack,plain},
//    tests/types) the way an app installs a package;
// 3. types: `tsc --noEmit --strict` (TypeScript 7 and 6) on tests/types/example.ts must pass and on
//    tests/types/wrong.ts must report exactly its @ts-expect-error lines; check.mjs finds no `any`;
// 4. build each app with no bundler configuration (vite build; webpack --mode production; the plain
//    page is copied as is) and run it in Debian's Chromium, plus the Vite dev server: sign up, confirm
//    with the rig's code, sign in with SRP, fetchAuthSession. The wasm must be fetched once and served
//    as application/wasm (so instantiateStreaming is used). Screenshots go to tests/out/e2e/.
//    vite-core imports 'cognito-auth-wasm/core': its build must carry the core wasm and no other.
// 5. vite-aws, a Vite app with the AWS SDK v3 (@aws-sdk/client-sts from tests/e2e's package.json):
//    sign in, identity-pool credentials, and STS GetCallerIdentity signed with
//    `credentials: auth.credentialsProvider()`, which the rig's IAM-checking moto must answer with
//    the authenticated role; the build's size is printed (bench/run.mjs row 5 compares it).
// Ends with 'N passed, N failed'; exits non-zero on a failure.

import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { adminUser, rigConfig } from './shared/rig.mjs';
import { serve } from './shared/serve.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const PKG = join(ROOT, 'pkg');
const BIN = join(HERE, 'node_modules', '.bin');
const OUT = join(ROOT, 'tests', 'out', 'e2e');
const TYPES = join(ROOT, 'tests', 'types');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const FLOW_TIMEOUT = 30_000;

let passed = 0;
let failed = 0;
const cleanups = [];

async function test(name, body) {
  const started = Date.now();
  try {
    await body();
    passed += 1;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}\n     ${String(error?.stack || error).split('\n').slice(0, 12).join('\n     ')}`);
  }
}

function run(command, args, { cwd = HERE, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else {
        const error = new Error(`${command} ${args.join(' ')} (in ${relative(ROOT, cwd) || '.'}) exited ${code}\n${stdout}${stderr}`.trim());
        Object.assign(error, { stdout, stderr, code });
        reject(error);
      }
    });
    if (input !== undefined) child.stdin.end(input);
  });
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// --- the rig ------------------------------------------------------------------------------------


// --- a static server, as a web host serves a build ---------------------------------------------


// --- the browser flow ---------------------------------------------------------------------------

// The app reports into #status[data-result]; `extra` adds to its query string, `checkStatus` checks
// the status element further.
async function signUpAndSignIn(name, origin, rig, { extra = {}, checkStatus } = {}) {
  const userDataDir = await mkdtemp(join(tmpdir(), 'e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS,
  });
  const problems = [];
  const wasm = [];
  try {
    const page = context.pages()[0] ?? await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // instantiateStreaming's fallback warns on the console: a MIME or URL problem, not silent.
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.endsWith('.wasm')) wasm.push(response);
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
    });
    const query = new URLSearchParams({ rig: rig.endpoint, userPoolId: rig.main.userPoolId, clientId: rig.main.clientId, ...extra });
    await page.goto(`${origin}/?${query}`);
    const status = page.locator('#status[data-result]');
    try {
      await status.waitFor({ timeout: FLOW_TIMEOUT });
    } finally {
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true }).catch(() => {});
    }
    const [result, text] = [await status.getAttribute('data-result'), await status.textContent()];
    check(result === 'ok', `the page says: ${text}${problems.length ? `\n${problems.join('\n')}` : ''}`);
    check(problems.length === 0, `the flow passed, but:\n${problems.join('\n')}`);
    await checkStatus?.(status);
    check(wasm.length === 1, `the wasm was fetched ${wasm.length} times: ${wasm.map((r) => r.url()).join(', ')}`);
    const type = (await wasm[0].allHeaders())['content-type'];
    check(wasm[0].status() === 200 && type === 'application/wasm', `the wasm came with ${wasm[0].status()} ${type}`);
    console.log(`     ${text}; wasm ${new URL(wasm[0].url()).pathname}`);
  } finally {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}

// The JS and wasm a build emitted, raw and gzip -9.
async function builtSize(dist) {
  const files = (await run('find', ['.', '-type', 'f', '(', '-name', '*.js', '-o', '-name', '*.wasm', ')'], { cwd: dist })).stdout.split('\n').filter(Boolean);
  const sum = { js: [0, 0], wasm: [0, 0] };
  for (const file of files) {
    const bytes = await readFile(join(dist, file));
    const kind = file.endsWith('.wasm') ? 'wasm' : 'js';
    sum[kind][0] += bytes.length;
    sum[kind][1] += gzipSync(bytes, { level: 9 }).length;
  }
  const total = [sum.js[0] + sum.wasm[0], sum.js[1] + sum.wasm[1]];
  return `built: JS ${sum.js[0]} B (gzip ${sum.js[1]} B) + wasm ${sum.wasm[0]} B (gzip ${sum.wasm[1]} B) = ${total[0]} B (gzip ${total[1]} B)`;
}

// --- the package --------------------------------------------------------------------------------

const manifest = JSON.parse(await readFile(join(PKG, 'package.json'), 'utf8'));
await rm(OUT, { recursive: true, force: true });
await mkdir(OUT, { recursive: true });
const work = await mkdtemp(join(tmpdir(), 'e2e-pack-'));
cleanups.push(() => rm(work, { recursive: true, force: true }));

await test('the tarball holds exactly the files package.json names', async () => {
  const [{ files }] = JSON.parse((await run('npm', ['pack', '--dry-run', '--json'], { cwd: PKG })).stdout);
  const packed = files.map((f) => f.path).sort();
  const named = manifest.files;
  const allowed = (path) => path === 'package.json' || named.some((n) => (n.endsWith('/') ? path.startsWith(n) : path === n));
  const stray = packed.filter((p) => !allowed(p));
  check(stray.length === 0, `files not named in "files": ${stray.join(', ')}`);
  const forbidden = packed.filter((p) => /(^|\/)(\.gitignore|node_modules|tests?)(\/|$)|\.map$|\.rs$|\.tgz$/.test(p));
  check(forbidden.length === 0, `files that must not ship: ${forbidden.join(', ')}`);
  const missing = named.filter((n) => !(n.endsWith('/') ? packed.some((p) => p.startsWith(n)) : packed.includes(n)));
  check(missing.length === 0, `named in "files" but not packed: ${missing.join(', ')}`);
  for (const target of [manifest.types, manifest.main, ...Object.values(manifest.exports).flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e)))]) {
    check(packed.includes(target.replace(/^\.\//, '')), `package.json points at ${target}, which is not packed`);
  }
  console.log(`     ${packed.length} files: ${packed.join(' ')}`);
});

const { stdout: packOut } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: PKG });
const tarball = join(work, JSON.parse(packOut)[0].filename);

async function install(dir) {
  await rm(join(dir, 'node_modules'), { recursive: true, force: true });
  // --no-save: the committed package.json keeps the version an app would pin; the tarball is this build.
  await run('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--offline', tarball], { cwd: dir });
}

// --- types --------------------------------------------------------------------------------------

const compilers = [['TypeScript 7', join(BIN, 'tsc')], ['TypeScript 6', join(HERE, 'node_modules', 'typescript6', 'bin', 'tsc')]];
let typesInstalled = false;
await test('install the tarball into tests/types', async () => { await install(TYPES); typesInstalled = true; });
for (const [label, tsc] of compilers) {
  await test(`${label}: example.ts compiles with --strict against the package`, async () => {
    check(typesInstalled, 'not installed');
    await run(tsc, ['-p', 'tsconfig.json'], { cwd: TYPES });
  });
  await test(`${label}: every misuse in wrong.ts is an error (each @ts-expect-error holds)`, async () => {
    check(typesInstalled, 'not installed');
    await run(tsc, ['-p', 'tsconfig.wrong.json'], { cwd: TYPES });
  });
}
await test('the public types show no `any` and export every declared type', async () => {
  check(typesInstalled, 'not installed');
  const { stdout } = await run('node', [join(TYPES, 'check.mjs')], { cwd: TYPES });
  console.log(stdout.trimEnd().replace(/^/gm, '     '));
});

// --- the apps -----------------------------------------------------------------------------------

const rig = await rigConfig(cleanups);
const viteBuild = async (dir) => {
  await run(join(BIN, 'vite'), ['build'], { cwd: dir });
  return join(dir, 'dist');
};
const AWS_PASSWORD = 'E2e-aws-passw0rd';
const awsFlow = {
  label: 'sign in, identity-pool credentials, STS GetCallerIdentity with auth.credentialsProvider()',
  options: async () => ({
    extra: {
      username: await adminUser(rig, rig.main.userPoolId, 'e2e-vite-aws', AWS_PASSWORD), password: AWS_PASSWORD,
      region: rig.region, identityPoolId: rig.identity.identityPoolId, identityEndpoint: rig.identity.endpoint,
      awsEndpoint: rig.identity.awsEndpoint,
    },
    checkStatus: async (status) => {
      const arn = await status.getAttribute('data-arn');
      const role = rig.identity.authRoleArn.split('/').pop();
      check(arn?.includes(`:assumed-role/${role}/`), `GetCallerIdentity's Arn is ${arn}, not of the role ${role}`);
    },
  }),
};
const apps = [
  ['vite', viteBuild],
  // 'cognito-auth-wasm/core': the smaller wasm is the one emitted.
  ['vite-core', viteBuild, undefined, 'core/'],
  ['vite-aws', viteBuild, awsFlow],
  ['webpack', async (dir) => {
    // No webpack.config.js: the defaults (src/index.js → dist/main.js) and a static index.html.
    await run(join(BIN, 'webpack'), ['--mode', 'production'], { cwd: dir });
    await cp(join(dir, 'public', 'index.html'), join(dir, 'dist', 'index.html'));
    return join(dir, 'dist');
  }],
  ['plain', async (dir) => {
    // No build: the page, its script and the installed package, copied to the host as they are.
    const dist = join(dir, 'dist');
    await mkdir(join(dist, 'node_modules'), { recursive: true });
    await cp(join(dir, 'index.html'), join(dist, 'index.html'));
    await cp(join(HERE, 'shared', 'flow.js'), join(dist, 'flow.js'));
    await cp(join(dir, 'node_modules', 'cognito-auth-wasm'), join(dist, 'node_modules', 'cognito-auth-wasm'), { recursive: true });
    return dist;
  }],
];

for (const [name, build, flow, entry = ''] of apps) {
  const dir = join(HERE, name);
  let dist;
  await test(`${name}: install the tarball and build with no bundler configuration`, async () => {
    await rm(join(dir, 'dist'), { recursive: true, force: true });
    await install(dir);
    dist = await build(dir);
    const emitted = (await run('find', ['.', '-name', '*.wasm'], { cwd: dist })).stdout.trim().split('\n').filter(Boolean);
    check(emitted.length > 0, 'no .wasm in the build');
    // A bundled app carries the wasm of the entry it imports, and only that one (the plain app
    // copies the whole package).
    const want = (await stat(join(PKG, `${entry}cognito_auth_wasm_bg.wasm`))).size;
    const sizes = await Promise.all(emitted.map(async (f) => (await stat(join(dist, f))).size));
    check(sizes.includes(want), `no emitted wasm has the ${want} bytes of ${entry || 'the main entry'}: ${sizes.join(', ')}`);
    if (name !== 'plain') check(emitted.length === 1, `the build holds ${emitted.length} .wasm files: ${emitted.join(', ')}`);
    if (flow || entry) console.log(`     ${await builtSize(dist)}`);
  });
  await test(`${name}: ${flow?.label ?? 'sign up, confirm, sign in (SRP) and fetchAuthSession'} in Chromium`, async () => {
    check(dist, 'not built');
    await signUpAndSignIn(name, await serve(dist, cleanups), rig, await flow?.options());
  });
}

await test('vite dev server: the same flow with no configuration', async () => {
  const { createServer: createViteServer } = await import('vite');
  const server = await createViteServer({
    root: join(HERE, 'vite'), configFile: false, logLevel: 'error', server: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  try {
    await server.listen();
    const { port } = server.httpServer.address();
    await signUpAndSignIn('vite-dev', `http://127.0.0.1:${port}`, rig);
  } finally {
    await server.close();
  }
});

for (const cleanup of cleanups.reverse()) await cleanup();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
