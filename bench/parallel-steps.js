#!/usr/bin/env node
// Figure: verification of N independent, equally long, CPU-bound steps (N = CPU count) through the
// real runner. Prints the wall time against the longest single step (goal ≤ 1.2×) and against
// running them one after another (parallelism 1), all measured in this run.
import { availableParallelism } from 'node:os';
import { tmpdir } from 'node:os';
import { verifyStepSchema } from '../lib/core/config/config-schema.js';
import { runSteps } from '../lib/local/run-steps.js';

const n = Number(process.env.BENCH_STEPS ?? availableParallelism());
const busyMs = Number(process.env.BENCH_STEP_MS ?? 1500);
const run = `"${process.execPath}" -e "const end = Date.now() + ${busyMs}; while (Date.now() < end) {}"`;
const jobs = Array.from({ length: n }, (_, i) => ({ step: verifyStepSchema.parse({ id: `s${i}`, run }), cwd: tmpdir(), label: 'head' }));

async function wall(parallelism) {
  const start = performance.now();
  const runs = await runSteps(jobs, parallelism, process.env);
  return { wall: performance.now() - start, longest: Math.max(...runs.map((r) => r.durationMs)) };
}

const parallel = await wall(n);
const sequential = await wall(1);
console.log(`parallel-steps: ${n} CPU-bound steps of ${busyMs} ms on ${availableParallelism()} cores`);
console.log(`  parallel wall time:   ${parallel.wall.toFixed(0)} ms; longest single step ${parallel.longest} ms → ${(parallel.wall / parallel.longest).toFixed(2)}× the longest (goal ≤ 1.2×)`);
console.log(`  sequential wall time: ${sequential.wall.toFixed(0)} ms → parallel is ${(sequential.wall / parallel.wall).toFixed(2)}× faster`);
