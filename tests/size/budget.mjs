// The package's size budget, per entry: gzip -9 of every .js and .wasm file the packed package
// ships (`npm pack --dry-run` of pkg/) for that entry, summed, must not exceed the committed
// budget. The main entry ('cognito-auth-wasm', every feature) is every such file outside `core/`;
// the core entry ('cognito-auth-wasm/core') is the files in `core/`, which holds its own copy of
// everything it loads. An app loads the files of the one entry it imports.
//
//   node tests/size/budget.mjs [--budget <file>]     (after ./dev build)
//
// The budget lives in tests/size/budget.json. It moves only with a line in BENCHMARKS.md
// ("Size budget") that says which feature spent the bytes. Exits 1 when an entry is over budget.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const HERE = dirname(fileURLToPath(import.meta.url));
const PKG = join(HERE, '..', '..', 'pkg');

/** The entries: their name, the budget.json key, which packed files are theirs. */
export const ENTRIES = [
  { name: "'cognito-auth-wasm'", key: 'gzipBytes', owns: (path) => !path.startsWith('core/') },
  { name: "'cognito-auth-wasm/core'", key: 'coreGzipBytes', owns: (path) => path.startsWith('core/') },
];

export function measure(pkg = PKG, owns = ENTRIES[0].owns) {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], {
    cwd: pkg, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
  }));
  const files = packed.files.map((f) => f.path).filter((p) => /\.(js|wasm)$/.test(p) && owns(p)).sort();
  const sizes = files.map((path) => {
    const bytes = readFileSync(join(pkg, path));
    return { path, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  return { files: sizes, gzip: sizes.reduce((sum, f) => sum + f.gzip, 0) };
}

function main() {
  const at = process.argv.indexOf('--budget');
  const budgetFile = at >= 0 ? process.argv[at + 1] : join(HERE, 'budget.json');
  const budget = JSON.parse(readFileSync(budgetFile, 'utf8'));
  let over = false;
  for (const entry of ENTRIES) {
    const { files, gzip } = measure(PKG, entry.owns);
    const limit = budget[entry.key];
    console.log(entry.name);
    for (const f of files) console.log(`${String(f.gzip).padStart(7)} B gzip  ${String(f.raw).padStart(7)} B raw  ${f.path}`);
    const verdict = gzip <= limit ? 'within' : 'OVER';
    console.log(`${String(gzip).padStart(7)} B gzip in all: ${verdict} the budget of ${limit} B`);
    if (gzip > limit) {
      console.error(`${entry.name} is ${gzip - limit} B over its size budget: cut bytes, or raise the budget in tests/size/budget.json with a line in BENCHMARKS.md that says what they buy`);
      over = true;
    }
  }
  if (over) process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
