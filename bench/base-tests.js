#!/usr/bin/env node
// Figure: the extra wall time of running the base's tests against the head's code (issue 9) on the
// demo repository. Two heads built on the demo's agent commit: one that also touches the existing test
// file src/inventory.test.ts (so the base-tests run happens) and a control that touches a source file
// instead. The two gates run interleaved, BENCH_RUNS (3) times each; medians are compared. Real ESLint, tsc and vitest.
import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildDemoRepo } from '../lib/demo/build-demo-repo.js';
import { runLocalGate } from '../lib/local/local-gate.js';

const root = fileURLToPath(new URL('..', import.meta.url));

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function demoTouching(touch) {
  const demo = buildDemoRepo(root);
  appendFileSync(join(demo.repo, touch), '\n// touched by the benchmark\n');
  execFileSync('git', ['-C', demo.repo, '-c', 'user.name=b', '-c', 'user.email=b@example.invalid', '-c', 'commit.gpgsign=false', 'commit', '-qam', 'touch'], { stdio: 'pipe' });
  return demo;
}

async function gateOnce(demo) {
  let ran = false;
  const start = performance.now();
  const { result } = await runLocalGate({ repo: demo.repo, base: 'main', head: 'HEAD', env: process.env, onStepEvent: (e) => (ran ||= e.job.label === 'base tests') });
  if (!result.steps.find((s) => s.id === 'test')?.tests) throw new Error('the demo test step produced no ledger');
  return { ms: performance.now() - start, ran };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const controlRepo = demoTouching('src/inventory.ts');
const changedRepo = demoTouching('src/inventory.test.ts');
const control = [];
const changed = [];
try {
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, so a burst of load on the shared machine hits both sides alike.
    control.push(await gateOnce(controlRepo));
    changed.push(await gateOnce(changedRepo));
  }
} finally {
  rmSync(controlRepo.parent, { recursive: true, force: true });
  rmSync(changedRepo.parent, { recursive: true, force: true });
}
const c = median(control.map((r) => r.ms));
const t = median(changed.map((r) => r.ms));
console.log(`base-tests: the demo gate (real ESLint, tsc, vitest on head and base), median of ${RUNS} interleaved runs each`);
console.log(`  source file touched (no base-tests run): ${c.toFixed(0)} ms (base-tests run: ${control.some((r) => r.ran)})`);
console.log(`  test file touched (base-tests run):      ${t.toFixed(0)} ms (base-tests run: ${changed.every((r) => r.ran)})`);
console.log(`  extra wall time ${(t - c).toFixed(0)} ms → ${(t / c).toFixed(2)}× the normal gate`);
