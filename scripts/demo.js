#!/usr/bin/env node
// The main job on real input: builds a real git repository from examples/demo (a small TypeScript
// project with real ESLint, tsc and vitest; a base commit and an agent's head commit) and runs
// `handoff-gate check` on it, printing the full review. Exit 0 when the gate ran, whatever its verdict.
// `npm run demo -- --keep` keeps the temporary repository (its path is printed first).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDemoRepo } from '../lib/demo/build-demo-repo.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { repo, parent } = buildDemoRepo(root);
try {
  process.stderr.write(`Demo repository: ${repo}\nRunning: handoff-gate check --base main --format markdown\n\n`);
  const run = spawnSync(process.execPath, [join(root, 'bin', 'handoff-gate.js'), 'check', '--repo', repo, '--base', 'main', '--format', 'markdown', '--progress'], { stdio: 'inherit' });
  const decision = { 0: 'accepted', 1: 'in_progress', 2: 'blocked or rejected' }[run.status];
  process.stderr.write(`\nhandoff-gate exited ${run.status}${decision ? ` (decision ${decision})` : ''}\n`);
  process.exitCode = decision ? 0 : 1;
} finally {
  if (!process.argv.includes('--keep')) rmSync(parent, { recursive: true, force: true });
}
