#!/usr/bin/env node
// Figure (issue: baseline once per base): on the demo repository (real ESLint, tsc and vitest), the
// wall time of a second `check` against the same base — the base's results come from the cache in
// .git/handoff-gate/ — divided by the wall time of running the configured verify steps on the head
// alone (the floor: no handoffs, no guardrails, no base). Goal ≤ 1.15 (it was 2.1 with the base verified
// on every run). Also printed: the first run (cold cache).
// Shipped configuration otherwise (parallel steps, containment as configured).
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rmSync } from 'node:fs';
import { buildDemoRepo } from '../lib/demo/build-demo-repo.js';
import { loadConfig } from '../lib/core/config/load-config.js';
import { treeReader } from '../lib/local/git.js';
import { runLocalGate } from '../lib/local/local-gate.js';
import { runSteps } from '../lib/local/run-steps.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { repo, parent } = buildDemoRepo(root);
const env = { ...process.env, CI: 'true' };
const time = async (work) => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};
try {
  const configText = new TextDecoder().decode(await treeReader(repo, 'main')('.github/handoff-gate.yml'));
  const loaded = loadConfig('.github/handoff-gate.yml', configText);
  if (!loaded.ok) throw new Error('demo configuration is invalid');
  const { steps, parallelism } = loaded.config.verify;
  const headAlone = await time(() => runSteps(steps.map((step) => ({ step, cwd: repo, label: 'head' })), parallelism || availableParallelism(), env));
  const gate = () => runLocalGate({ repo, base: 'main', head: 'HEAD', env });
  const cold = await time(gate);
  const warm = await time(gate);
  const headAgain = await time(() => runSteps(steps.map((step) => ({ step, cwd: repo, label: 'head' })), parallelism || availableParallelism(), env));
  const floor = Math.min(headAlone, headAgain);
  console.log(`baseline cache (demo, ${steps.length} steps): head steps alone ${(floor / 1000).toFixed(2)} s; gate cold ${(cold / 1000).toFixed(2)} s (${(cold / floor).toFixed(2)}x); gate second run ${(warm / 1000).toFixed(2)} s = ${(warm / floor).toFixed(2)}x the head steps alone (goal ≤ 1.15)`);
} finally {
  rmSync(parent, { recursive: true, force: true });
}
