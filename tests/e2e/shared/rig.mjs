// The rig's config for the Node-side package tests: from COGNITO_RIG_CONFIG (a file), from
// COGNITO_RIG (a running rig's address), or from a rig started here; `cleanups` gets its stop.

import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export async function rigConfig(cleanups) {
  if (process.env.COGNITO_RIG_CONFIG) return JSON.parse(await readFile(process.env.COGNITO_RIG_CONFIG, 'utf8'));
  if (process.env.COGNITO_RIG) return (await fetch(`${process.env.COGNITO_RIG}/rig/config`)).json();
  const rig = spawn('python3', [join(ROOT, 'tests', 'rig', 'rig.py'), '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  cleanups.push(() => rig.kill());
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error('the rig did not start in 30 s')), 30_000);
    rig.on('exit', (code) => reject(new Error(`the rig exited with ${code}`)));
    rig.stdout.on('data', (d) => {
      buffer += d;
      const match = /^RIG READY (.*)$/m.exec(buffer);
      if (match) { clearTimeout(timer); resolve(JSON.parse(match[1])); }
    });
  });
}
