#!/usr/bin/env node
// Figure (issue: git plumbing): a real git change of 10,000 handoff files (some under names git
// quotes), through `runLocalGate` as `handoff-gate check --skip-verify` runs it: diff, exact paths,
// paths resolved by one `git ls-tree -r -z`, every file read through one `git cat-file --batch -z`
// process, every handoff validated. Goal: under 5 s and no false error (the old reader, one `git show`
// per file all at once, took 52 s and reported 3,310 valid files as invalid JSON: EMFILE).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLocalGate } from '../lib/local/local-gate.js';

const FILES = 10_000;
const dir = mkdtempSync(join(tmpdir(), 'hg-bench-change-'));
const git = (...args) => execFileSync('git', ['-C', dir, '-c', 'gc.auto=0', '-c', 'user.name=b', '-c', 'user.email=b@example.invalid', ...args], { stdio: 'pipe', maxBuffer: 1 << 28 });
try {
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  mkdirSync(join(dir, '.github'));
  writeFileSync(join(dir, '.github/handoff-gate.yml'), 'handoffs:\n  required: true\n');
  git('add', '-A');
  git('commit', '-qm', 'base');
  git('checkout', '-qb', 'agent/big');
  mkdirSync(join(dir, '.handoff'));
  const names = Array.from({ length: FILES }, (_, i) => (i % 500 === 0 ? `.handoff/h-é "${i}".json` : `.handoff/step-${i}.json`));
  names.forEach((name, i) => writeFileSync(join(dir, name), JSON.stringify({ schemaVersion: '1.0', workflowRunId: 'run-1', stepId: `step-${i}`, attempt: 1, agent: 'builder', idempotencyKey: `key-${i}`, status: 'completed', summary: `step ${i} done` }, null, 2)));
  git('add', '-A');
  git('commit', '-qm', 'head');

  const started = performance.now();
  const { result } = await runLocalGate({ repo: dir, base: 'main', head: 'HEAD', skipVerify: true, env: {} });
  const gateMs = performance.now() - started;

  console.log(`large change: ${FILES.toLocaleString('en')} changed handoff files through runLocalGate (skip-verify): ${(gateMs / 1000).toFixed(2)} s (goal < 5 s), ${result.handoffs.length.toLocaleString('en')} valid, ${result.handoffProblems.length} false errors`);
  if (result.handoffProblems.length > 0 || result.handoffs.length !== FILES) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
