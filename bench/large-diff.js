#!/usr/bin/env node
// Figure: a pull request of 3,000 changed files and 50,000 findings against a 50,000-finding
// baseline, through the whole core: diff parsing, guardrails, baseline comparison, handoff checks,
// verdict, review, Markdown comment, annotations and JSON report. Goal: under 2 s, under 200 MB peak.
import { defaultConfig } from '../lib/core/config/config-schema.js';
import { parseUnifiedDiff } from '../lib/core/diff/changed-file.js';
import { evaluateGate } from '../lib/core/evaluate-gate.js';
import { annotationsOf } from '../lib/core/report/annotations.js';
import { formatJsonReport } from '../lib/core/report/json-report.js';
import { renderMarkdown } from '../lib/core/report/markdown.js';
import { rulesReview } from '../lib/core/review/rules-reviewer.js';
import { withFingerprints } from '../lib/core/verify/finding.js';
import { verifyStepSchema } from '../lib/core/config/config-schema.js';

const FILES = 3000;
const FINDINGS = 50_000;
const rssBefore = process.memoryUsage().rss;

// A realistic `git diff --unified=0` text: each file gets a hunk of 12 added lines.
const diffText = Array.from({ length: FILES }, (_, f) => {
  const lines = Array.from({ length: 12 }, (_, l) => `+export const value${l} = compute(${f}, ${l}); // line ${l}`);
  return `diff --git a/src/m${f}.ts b/src/m${f}.ts\nindex 1111111..2222222 100644\n--- a/src/m${f}.ts\n+++ b/src/m${f}.ts\n@@ -10,0 +11,12 @@\n${lines.join('\n')}`;
}).join('\n');
const raw = (i, shift) => ({ rule: ['no-unused-vars', 'no-explicit-any', 'eqeqeq'][i % 3], message: `'v${i}' is assigned a value but never used.`, severity: 'error', file: `src/m${i % FILES}.ts`, line: 1 + ((i * 7 + shift) % 400), column: 5 });
const baseRaw = Array.from({ length: FINDINGS }, (_, i) => raw(i, 0));
// Head: 45,000 of the base findings moved to other lines, 5,000 fixed, 5,000 new.
const headRaw = [...Array.from({ length: FINDINGS - 5000 }, (_, i) => raw(i, 3)), ...Array.from({ length: 5000 }, (_, i) => raw(FINDINGS + i, 0))];
const handoff = JSON.stringify({ schemaVersion: '1.0', workflowRunId: 'r', stepId: 's', attempt: 1, agent: 'a', idempotencyKey: 'k', status: 'completed', summary: 'big change' });

const config = { ...defaultConfig(), verify: { parallelism: 0, steps: [verifyStepSchema.parse({ id: 'lint', run: 'eslint .', format: 'eslint-json' })] } };
const enc = new TextEncoder();
const start = performance.now();
const files = parseUnifiedDiff(`${diffText}\ndiff --git a/.handoff/h.json b/.handoff/h.json\nnew file mode 100644\n--- /dev/null\n+++ b/.handoff/h.json\n@@ -0,0 +1 @@\n+${handoff}\n`);
const head = withFingerprints('lint', headRaw);
const base = withFingerprints('lint', baseRaw);
const result = await evaluateGate({
  config, configText: '', configProblems: [], files, handoffFiles: [{ path: '.handoff/h.json', text: handoff }], runReports: [],
  steps: [{ id: 'lint', required: true, status: 'failed', durationMs: 1, exitCode: 1, findings: head }],
  baseline: new Map([['lint', base]]), reviewState: { approvals: [] },
  tree: { readHead: async (p) => (p === '.handoff/h.json' ? enc.encode(handoff) : undefined), readBase: async () => undefined },
});
const review = rulesReview(result);
const markdown = renderMarkdown(result, review);
const annotations = annotationsOf(result);
const json = formatJsonReport(result, review);
const ms = performance.now() - start;
const lint = result.steps[0];
const peakMb = process.resourceUsage().maxRSS / 1024;

console.log(`large-diff: ${files.length} changed files (${files.reduce((n, f) => n + f.added.length, 0)} added lines), ${head.length} head vs ${base.length} base findings`);
console.log(`  result: ${lint.newFindings.length} new, ${lint.preExisting.length} pre-existing, ${lint.fixed.length} fixed; comment ${markdown.length} chars, ${annotations.length} annotations, JSON ${(json.length / 1e6).toFixed(1)} MB`);
console.log(`  wall time: ${ms.toFixed(0)} ms (goal < 2000 ms)`);
console.log(`  peak RSS: ${peakMb.toFixed(0)} MB (process at start: ${(rssBefore / 2 ** 20).toFixed(0)} MB; goal < 200 MB)`);
