// The size budget check itself: it passes on the real build against the committed budget and
// fails on the same build against a budget one byte under its size (a temporary copy).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ENTRIES, measure } from './budget.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const check = (...args) => spawnSync(process.execPath, [join(HERE, 'budget.mjs'), ...args], { encoding: 'utf8' });

test('the build is within the committed budget', () => {
  const run = check();
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /within the budget/);
});

for (const entry of ENTRIES) {
  test(`a build of ${entry.name} over its budget fails the check`, () => {
    const { gzip } = measure(undefined, entry.owns);
    const budget = JSON.parse(readFileSync(join(HERE, 'budget.json'), 'utf8'));
    const lowered = join(mkdtempSync(join(tmpdir(), 'budget-')), 'budget.json');
    writeFileSync(lowered, JSON.stringify({ ...budget, [entry.key]: gzip - 1 }));
    const run = check('--budget', lowered);
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /OVER the budget/);
    assert.match(run.stderr, new RegExp(`${entry.name} is 1 B over its size budget`));
  });
}

test('each entry counts its wasm and every JS file it ships, nothing else', () => {
  for (const [entry, dir] of [[ENTRIES[0], ''], [ENTRIES[1], 'core/']]) {
    const paths = measure(undefined, entry.owns).files.map((f) => f.path);
    assert.ok(paths.includes(`${dir}cognito_auth_wasm_bg.wasm`), paths.join(', '));
    assert.ok(paths.includes(`${dir}index.js`) && paths.includes(`${dir}cognito_auth_wasm.js`));
    assert.ok(paths.includes(`${dir}auth.js`) && paths.includes(`${dir}cookie-storage.js`));
    assert.ok(paths.some((p) => p.startsWith(`${dir}snippets/`)));
    assert.ok(paths.every((p) => /\.(js|wasm)$/.test(p) && p.startsWith(dir)), paths.join(', '));
  }
});
