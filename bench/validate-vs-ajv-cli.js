#!/usr/bin/env node
// Figure (issue: validation speed): `handoff-gate validate` on 5,000 JSON handoff files against
// ajv-cli 5 validating the same files with the same published schema (draft 2020-12, ajv-formats),
// both as a user runs them (a fresh node process each, run alternately five times; medians of
// the wall time). ajv-cli reports only valid/invalid per file; handoff-gate adds line and column to every
// error. Goal: handoff-gate no slower than ajv-cli (ratio ≤ 1).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FILES = 5000;
const RUNS = 5;
const dir = mkdtempSync(join(tmpdir(), 'hg-bench-validate-'));
try {
  const files = Array.from({ length: FILES }, (_, i) => {
    const doc = {
      schemaVersion: '1.0', workflowRunId: `run-${i >> 4}`, stepId: `step-${i}`, attempt: 1 + (i % 3), agent: 'builder', idempotencyKey: `run-${i >> 4}/step-${i}`, status: 'completed',
      summary: `Implemented part ${i} of the feature and ran the checks.`,
      deliverables: [{ id: 'module', description: 'the module', path: `src/m${i}.ts`, required: true }],
      claims: [{ check: 'lint', result: 'pass' }, { check: 'test', result: 'pass' }],
      risks: Array.from({ length: 4 }, (_, k) => ({ id: `R-${k}`, description: `Risk ${k} of step ${i}.`, level: ['low', 'medium', 'high'][k % 3] })),
      // 10 % invalid: a wrong type deep inside, so both tools must report it.
      ...(i % 10 === 0 ? { attempt: 'first' } : {}),
    };
    const path = join(dir, `h${i}.json`);
    writeFileSync(path, JSON.stringify(doc, null, 2));
    return path;
  });
  const time = (command, args) => {
    const started = performance.now();
    const run = spawnSync(command, args, { cwd: root, maxBuffer: 1 << 28 });
    return { wallMs: performance.now() - started, status: run.status };
  };
  const ours = [];
  const ajv = [];
  for (let r = 0; r < RUNS; r++) {
    ours.push(time(process.execPath, [join(root, 'bin/handoff-gate.js'), 'validate', ...files]));
    ajv.push(time(process.execPath, [join(root, 'node_modules/ajv-cli/dist/index.js'), 'validate', '--spec=draft2020', '-c', 'ajv-formats', '-s', join(root, 'schemas/handoff-1.0.schema.json'), '-d', join(dir, '*.json')]));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const oursMs = median(ours.map((r) => r.wallMs));
  const ajvMs = median(ajv.map((r) => r.wallMs));
  console.log(`validate vs ajv-cli: ${FILES.toLocaleString('en')} JSON handoffs (10 % invalid), median of ${RUNS}: handoff-gate ${(oursMs / 1000).toFixed(2)} s (exit ${ours[0].status}, with line:column), ajv-cli ${(ajvMs / 1000).toFixed(2)} s (exit ${ajv[0].status}); ratio ${(oursMs / ajvMs).toFixed(2)} (goal ≤ 1)`);
  if (ours[0].status !== 1 || ajv[0].status !== 1) process.exitCode = 1; // both must find the invalid files
} finally {
  rmSync(dir, { recursive: true, force: true });
}
