// The small test harness of the browser scripts (session.mjs, hosted-ui.mjs): named tests with a
// time limit, checks, notes, and the summary line 'N passed, N failed' with the exit code.

const TEST_TIMEOUT = 90_000;

let passed = 0;
let failed = 0;
let skipped = 0;
/** Functions run at the end, last added first (servers, browsers, temporary directories). */
export const cleanups = [];

export async function test(name, body) {
  const started = Date.now();
  let timer;
  try {
    await Promise.race([
      body(),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT} ms`)), TEST_TIMEOUT); }),
    ]);
    passed += 1;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}\n     ${String(error?.stack || error).split('\n').slice(0, 12).join('\n     ')}`);
  } finally {
    clearTimeout(timer);
  }
}

export function skip(name, why) {
  skipped += 1;
  console.log(`skip ${name} (${why})`);
}

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

export function note(text) {
  console.log(`     ${text}`);
}

/** Runs the cleanups, prints the summary and exits (non-zero after a failure). */
export async function finish() {
  for (const cleanup of cleanups.reverse()) await cleanup();
  console.log(`${passed} passed, ${failed} failed${skipped ? ` (${skipped} skipped)` : ''}`);
  process.exit(failed === 0 ? 0 : 1);
}
