#!/usr/bin/env node
// The main job on real input: builds a real git repository from examples/demo (a small TypeScript
// project with real ESLint, tsc and vitest), commits a base and an agent's head on a branch, and runs
// `handoff-gate check` on it, printing the full review. Exit 0 when the gate ran (whatever its verdict).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const example = join(root, 'examples', 'demo');
const repo = join(mkdtempSync(join(tmpdir(), 'handoff-gate-demo-')), 'inventory');
const keep = process.argv.includes('--keep');
const git = (...args) => execFileSync('git', ['-C', repo, '-c', 'user.name=Demo Maintainer', '-c', 'user.email=maintainer@example.invalid', '-c', 'commit.gpgsign=false', ...args], { stdio: 'pipe' });

try {
  cpSync(join(example, 'base'), repo, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  git('add', '-A');
  git('commit', '-q', '-m', 'Inventory module with tests');
  git('checkout', '-q', '-b', 'agent/wbs-014-restock');
  cpSync(join(example, 'head'), repo, { recursive: true });
  git('add', '-A');
  git('commit', '-q', '-m', 'WBS-014: add planRestock() (builder agent, attempt 2)');
  // The example uses this package's own ESLint, TypeScript and Vitest (dependencies are not in git).
  symlinkSync(join(root, 'node_modules'), join(repo, 'node_modules'), 'dir');

  process.stderr.write(`Demo repository: ${repo}\nRunning: handoff-gate check --base main --format markdown\n\n`);
  const run = spawnSync(process.execPath, [join(root, 'bin', 'handoff-gate.js'), 'check', '--repo', repo, '--base', 'main', '--format', 'markdown', '--progress'], { stdio: 'inherit' });
  const verdict = { 0: 'PASS', 1: 'FAIL', 2: 'BLOCKED' }[run.status];
  process.stderr.write(`\nhandoff-gate exited ${run.status}${verdict ? ` (${verdict})` : ''}\n`);
  process.exitCode = verdict ? 0 : 1;
} finally {
  if (!keep) rmSync(dirname(repo), { recursive: true, force: true });
}
