#!/usr/bin/env node
// Figure: the cost of parsing every changed source file for guardrail.harness-tampering (Babel for
// JS/TS, tree-sitter wasm for Python), through the whole core (evaluateGate), on a pull request of
// 3,000 changed files (2,000 TypeScript, 1,000 Python, ~40 lines each, 12 added lines each) whose
// contents the tree reader returns. Baseline in the same run: the same evaluation with the rule
// `off` (every other guardrail still on). Shipped configuration otherwise. Run after `npm run build`.
import { defaultConfig } from '../lib/core/config/config-schema.js';
import { parseUnifiedDiff } from '../lib/core/diff/changed-file.js';
import { evaluateGate } from '../lib/core/evaluate-gate.js';

const TS = 2000;
const PY = 1000;
const tsFile = (f) => [
  `import { readFile } from 'node:fs/promises';`,
  `export interface Item${f} { id: number; name: string; tags: string[] }`,
  ...Array.from({ length: 12 }, (_, l) => `export const value${l} = (x: number): number => x * ${l} + ${f};`),
  `export async function load${f}(path: string): Promise<Item${f}[]> {`,
  `  const text = await readFile(path, 'utf8');`,
  `  return JSON.parse(text).map((o: Item${f}) => ({ ...o, tags: o.tags ?? [] }));`,
  `}`,
  ...Array.from({ length: 20 }, (_, l) => `export function f${l}(a: number, b = Date.now()): number { return a > ${l} ? a - b : b; }`),
].join('\n');
const pyFile = (f) => [
  'import json',
  'import time',
  '',
  ...Array.from({ length: 12 }, (_, l) => `VALUE_${l} = ${f} * ${l}`),
  `def load_${f}(path, clock=time.monotonic):`,
  '    with open(path) as fh:',
  '        return [dict(o, loaded=clock()) for o in json.load(fh)]',
  ...Array.from({ length: 20 }, (_, l) => `def f${l}(a, b=0):\n    return a - b if a > ${l} else b`),
].join('\n');
const contents = new Map([...Array.from({ length: TS }, (_, f) => [`src/m${f}.ts`, tsFile(f)]), ...Array.from({ length: PY }, (_, f) => [`pkg/m${f}.py`, pyFile(f)])]);
const diffText = [...contents.entries()]
  .map(([path, text]) => {
    const added = text.split('\n').slice(3, 15);
    return `diff --git a/${path} b/${path}\nindex 1111111..2222222 100644\n--- a/${path}\n+++ b/${path}\n@@ -3,0 +4,12 @@\n${added.map((l) => `+${l}`).join('\n')}`;
  })
  .join('\n');
const handoff = JSON.stringify({ schemaVersion: '1.0', workflowRunId: 'r', stepId: 's', attempt: 1, agent: 'a', idempotencyKey: 'k', status: 'completed', summary: 'big change' });
const files = parseUnifiedDiff(`${diffText}\ndiff --git a/.handoff/h.json b/.handoff/h.json\nnew file mode 100644\n--- /dev/null\n+++ b/.handoff/h.json\n@@ -0,0 +1 @@\n+${handoff}\n`);
const enc = new TextEncoder();
contents.set('.handoff/h.json', handoff);

async function run(level) {
  const base = defaultConfig();
  const config = { ...base, guardrails: { ...base.guardrails, harnessTampering: { ...base.guardrails.harnessTampering, level } } };
  const start = performance.now();
  const result = await evaluateGate({
    config, configText: '', configProblems: [], files, handoffFiles: [{ path: '.handoff/h.json', text: handoff }], runReports: [], steps: [], reviewState: { approvals: [] },
    tree: { readHead: async (p) => (contents.has(p) ? enc.encode(contents.get(p)) : undefined), readBase: async () => undefined },
  });
  return { ms: performance.now() - start, hits: result.reasons.filter((r) => r.code === 'guardrail.harness-tampering').length };
}

await run('block'); // warm-up: loads Babel and the Python grammar once, as a long-lived App would
const off = [];
const on = [];
for (let i = 0; i < 3; i++) {
  off.push((await run('off')).ms);
  on.push(await run('block'));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const onMs = median(on.map((r) => r.ms));
const offMs = median(off);
console.log(`adversary-rules: ${files.length} changed files (${TS} TypeScript, ${PY} Python, ${files.reduce((n, f) => n + f.added.length, 0)} added lines), contents read through the tree`);
console.log(`  evaluateGate with guardrail.harness-tampering: median ${onMs.toFixed(0)} ms; with it off: ${offMs.toFixed(0)} ms; ratio ${(onMs / offMs).toFixed(1)}x; ${((onMs - offMs) / (TS + PY)).toFixed(2)} ms per parsed file; hits ${on[0].hits} (expected 0)`);
console.log(`  peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
