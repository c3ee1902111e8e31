#!/usr/bin/env node
// Figure: validating 10,000 handoff documents (mixed JSON/YAML, 1–5 KB, ~10% invalid) on one core.
// Prints documents/s, the ratio of full validation (errors located to line and column) to merely
// parsing the same documents, and the ratio against compiling the schema for every document.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { validateHandoffFile } from '../lib/core/handoff/validate-handoff.js';
import { HANDOFF_1_0_SCHEMA } from '../lib/core/handoff/schemas/handoff-1.0.js';

const COUNT = Number(process.env.BENCH_COUNT ?? 10_000);

function makeDoc(i) {
  const risks = Array.from({ length: 2 + (i % 20) }, (_, k) => ({ id: `R-${k}`, description: `Risk ${k} of step ${i}: the upstream feed may send negative quantities for some SKUs.`, level: ['low', 'medium', 'high'][k % 3], mitigation: 'Clamp in the importer.' }));
  const doc = {
    schemaVersion: '1.0', workflowRunId: `run-${i >> 4}`, stepId: `step-${i}`, attempt: 1 + (i % 3), agent: ['planner', 'builder', 'tester'][i % 3],
    idempotencyKey: `run-${i >> 4}/step-${i}/1`, status: 'completed', summary: `Implemented part ${i} of the feature and ran the checks.`,
    task: { id: `WBS-${i}`, title: 'Restock planning', type: 'feature', branch: `agent/wbs-${i}` },
    deliverables: [{ id: 'module', description: 'the module', path: `src/m${i}.ts`, required: true }],
    claims: [{ check: 'lint', result: 'pass' }, { check: 'test', result: 'pass' }],
    risks, followUps: ['Per-SKU targets', 'Handle negative stock'],
    metrics: { latencyMs: 41643, inputTokens: 18201, outputTokens: 3312, costUsd: 0.142 }, resultQualityScore: 0.72,
  };
  if (i % 10 === 7) doc.attempt = 'two'; // invalid: wrong type
  if (i % 10 === 9) doc.unexpected = true; // invalid: unknown property
  const yaml = i % 2 === 1;
  return { path: `.handoff/h${i}.${yaml ? 'yaml' : 'json'}`, text: yaml ? toYaml(doc) : JSON.stringify(doc, null, 2), yaml };
}

const docs = Array.from({ length: COUNT }, (_, i) => makeDoc(i));
const sizes = docs.map((d) => d.text.length);

function time(fn) {
  fn(); // warm up
  const start = performance.now();
  fn();
  return performance.now() - start;
}

let invalid = 0;
const validateMs = time(() => {
  invalid = 0;
  for (const d of docs) if (validateHandoffFile(d.path, d.text).problems.length > 0) invalid++;
});
const parseMs = time(() => {
  for (const d of docs) {
    if (d.yaml) parseYaml(d.text);
    else JSON.parse(d.text);
  }
});
const sample = docs.slice(0, 200);
const perDocCompileMs = time(() => {
  for (const d of sample) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats.default(ajv);
    ajv.compile(HANDOFF_1_0_SCHEMA)(d.yaml ? parseYaml(d.text) : JSON.parse(d.text));
  }
}) * (COUNT / sample.length);

console.log(`validate-handoffs: ${COUNT} documents (${Math.min(...sizes)}–${Math.max(...sizes)} bytes, ${invalid} invalid, half YAML) on one core`);
console.log(`  full validation:            ${validateMs.toFixed(0)} ms = ${Math.round(COUNT / (validateMs / 1000))} documents/s`);
console.log(`  parse only (JSON.parse/yaml): ${parseMs.toFixed(0)} ms → validation/parse ratio ${(validateMs / parseMs).toFixed(2)}× (goal ≤ 2×)`);
console.log(`  schema compiled per document: ${perDocCompileMs.toFixed(0)} ms (extrapolated from ${sample.length}) → ${(perDocCompileMs / validateMs).toFixed(1)}× slower than compile-once`);
