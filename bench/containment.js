#!/usr/bin/env node
// Figure: what containing a verify step costs. A step that does nothing (`true`) run 30 times one
// after another through the real runner (allow-listed environment, end-of-step sweep of /proc) with
// each containment this machine offers, against a bare `sh -c true` spawned by Node in the same run.
// Median wall time per step; the difference is the per-step overhead (the shipped default is `auto`).
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { verifyStepSchema } from '../lib/core/config/config-schema.js';
import { detectCapabilities } from '../lib/local/contain.js';
import { runStep } from '../lib/local/run-steps.js';

const runs = Number(process.env.BENCH_RUNS ?? 30);
const step = verifyStepSchema.parse({ id: 'noop', run: 'true' });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(fn) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

const bare = await timed(() => new Promise((resolve) => spawn('sh', ['-c', 'true'], { stdio: 'ignore' }).on('close', resolve)));
const capabilities = await detectCapabilities();
const variants = [
  ...(capabilities.wrapper ? [['the default here (auto)', capabilities]] : []),
  ...(capabilities.reaper ? [['subreaper (no namespace)', { reaper: capabilities.reaper, noNewPrivs: capabilities.noNewPrivs, reason: 'bench' }]] : []),
  ['session only', { reason: 'bench' }],
];
console.log(`containment: median of ${runs} no-op steps, one after another (machine shared: under load)`);
console.log(`  bare sh -c true spawned by node: ${bare.toFixed(1)} ms`);
for (const [name, caps] of variants) {
  let level = '';
  const ms = await timed(async () => {
    const run = await runStep({ step, cwd: tmpdir(), label: 'bench' }, process.env, { capabilities: caps });
    level = run.containment ? `${run.containment.level} via ${run.containment.via}` : '?';
  });
  console.log(`  ${name} [${level}]: ${ms.toFixed(1)} ms per step → +${(ms - bare).toFixed(1)} ms, ${(ms / bare).toFixed(1)}× the bare spawn`);
}
