// What every browser script of tests/e2e starts from: Debian's Chromium, headless, with the flags
// this machine needs, and a temporary site holding a copy of pkg/; `cleanups` gets their stops.

import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Chromium, with `args` after the usual flags (e.g. trusting the rig's hosted-UI certificate). */
export async function launch(cleanups, args = []) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [...CHROMIUM_ARGS, ...args] });
  cleanups.push(() => browser.close());
  return browser;
}

/** A temporary directory named after `name` with a copy of the built package in `pkg/`. */
export async function siteRoot(cleanups, name) {
  const root = await mkdtemp(join(tmpdir(), `e2e-${name}-`));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  await cp(join(ROOT, 'pkg'), join(root, 'pkg'), { recursive: true });
  return root;
}
