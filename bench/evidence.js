#!/usr/bin/env node
// Figures: the trusted side reading verification evidence. (1) Rejecting the 100 MB zip bomb
// (test/fixtures/evidence/bomb-100mb.zip, 100 KB compressed) with the shipped 4 MB cap: time and
// peak RSS growth, against inflating it whole with fflate's unzipSync (what an unbounded reader
// does). (2) Reading a full-size honest evidence file (100 steps × 200 findings, the 1.x bounds):
// unzip + JSON + schema + binding, in ms, against JSON.parse alone.
import { readFileSync } from 'node:fs';
import { unzipSync, zipSync } from 'fflate';
import { unzipOne, EVIDENCE_FILE } from '../lib/github/evidence-artifact.js';
import { buildEvidence, formatEvidence, parseEvidence } from '../lib/core/verify/evidence.js';
import { EVIDENCE_LIMITS } from '../lib/core/verify/evidence-schema.js';
import { withFingerprints } from '../lib/core/verify/finding.js';

const bomb = new Uint8Array(readFileSync(new URL('../test/fixtures/evidence/bomb-100mb.zip', import.meta.url)));
const MB = 1024 * 1024;

function measure(fn) {
  globalThis.gc?.();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const t = performance.now();
  const out = fn(() => (peak = Math.max(peak, process.memoryUsage().rss)));
  const ms = performance.now() - t;
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms, rssMb: (peak - rss0) / MB, out };
}

const bounded = measure((sample) => {
  const r = unzipOne(bomb, EVIDENCE_FILE, EVIDENCE_LIMITS.maxBytes);
  sample();
  return r.ok ? 'accepted' : r.code;
});
const unbounded = measure((sample) => {
  const files = unzipSync(bomb);
  sample();
  return `${(files[EVIDENCE_FILE].byteLength / MB).toFixed(0)} MB inflated`;
});
console.log(`evidence zip bomb (100 MB from ${(bomb.byteLength / 1024).toFixed(0)} KB): bounded unzip ${bounded.out} in ${bounded.ms.toFixed(1)} ms, +${bounded.rssMb.toFixed(1)} MB RSS; unbounded unzipSync ${unbounded.out} in ${unbounded.ms.toFixed(1)} ms, +${unbounded.rssMb.toFixed(1)} MB RSS (${(unbounded.ms / bounded.ms).toFixed(1)}x slower)`);

const head = 'a'.repeat(40);
const steps = Array.from({ length: EVIDENCE_LIMITS.maxSteps }, (_, s) => {
  const newFindings = withFingerprints(`s${s}`, Array.from({ length: EVIDENCE_LIMITS.maxFindingsPerStep }, (_, i) => ({ rule: 'no-undef', message: `'x${i}' is not defined and this message is of a realistic length for ESLint`, severity: 'error', file: `src/module${i}/file${i}.ts`, line: i + 1, column: 3 })));
  return { id: `s${s}`, required: true, status: 'failed', durationMs: 1000, exitCode: 1, baselined: true, newFindings, preExisting: [], fixed: [], newErrors: newFindings.length };
});
const bytes = formatEvidence(buildEvidence({ repository: 'o/r', pullRequest: 1, headSha: head, baseSha: 'b'.repeat(40), workflowRunId: 1, workflowRunAttempt: 1, configText: '' }, steps));
const zip = zipSync({ [EVIDENCE_FILE]: bytes });
const expected = { headSha: head, runId: 1, runAttempt: 1, repository: 'o/r', pullRequest: 1 };
const ROUNDS = 5;
let full = 0;
let jsonOnly = 0;
for (let i = 0; i < ROUNDS; i++) {
  let t = performance.now();
  const file = unzipOne(zip, EVIDENCE_FILE, EVIDENCE_LIMITS.maxBytes);
  const parsed = file.ok ? parseEvidence(file.bytes, expected) : file;
  full += performance.now() - t;
  if (!parsed.ok) throw new Error(`honest evidence rejected: ${parsed.message}`);
  t = performance.now();
  JSON.parse(new TextDecoder().decode(bytes));
  jsonOnly += performance.now() - t;
}
console.log(`evidence read (100 steps x 200 findings, ${(bytes.byteLength / MB).toFixed(2)} MB JSON, ${(zip.byteLength / 1024).toFixed(0)} KB zip): ${(full / ROUNDS).toFixed(1)} ms unzip+parse+schema+binding vs ${(jsonOnly / ROUNDS).toFixed(1)} ms JSON.parse alone (${(full / jsonOnly).toFixed(1)}x)`);
