#!/usr/bin/env node
// Figures for the LLM reviewer: (1) for the five documents in ../shared/reference used as run
// reports, the characters sent per tier against the document size, and the share of requests that
// stayed under the configured budgets (input characters, cost ceiling); (2) the wall time the
// reviewer adds per review with both providers mocked at zero delay (through the real SDKs and nock).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { loadConfig } from '../lib/core/config/load-config.js';
import { defaultConfig } from '../lib/core/config/config-schema.js';
import { evaluateGate } from '../lib/core/evaluate-gate.js';
import { rulesReview } from '../lib/core/review/rules-reviewer.js';
import { reviewFor } from '../lib/llm/review-for.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const refDir = join(root, '..', 'shared', 'reference');
let docs;
try {
  docs = readdirSync(refDir).filter((f) => f.endsWith('.md')).map((f) => ({ name: f, text: readFileSync(join(refDir, f), 'utf8') }));
} catch {
  console.log('llm: ../shared/reference is not here; skipped');
  process.exit(0);
}
const configText = `review:
  reviewer: llm
  assistant: { provider: anthropic, model: claude-3-5-haiku-20241022, inputUsdPerMTok: 0.8, outputUsdPerMTok: 4 }
  decider: { provider: openai, model: gpt-5, inputUsdPerMTok: 1.25, outputUsdPerMTok: 10 }
  limits: { maxInputChars: 24000, maxOutputTokens: 2000, retries: 0, maxCostUsd: 0.10 }
`;
const loaded = loadConfig('bench.yml', configText);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const config = loaded.config;
const env = { OPENAI_API_KEY: 'sk-bench', ANTHROPIC_API_KEY: 'sk-ant-bench' };
const draft = JSON.stringify({ riskLog: [{ title: 'r', level: 'Low', details: ['d'] }], missingDeliverables: [], followUps: [] });
const decision = JSON.stringify({ state: 's', keyRisks: [], readiness: 'r', decision: 'accepted', statement: 's', nextActions: [] });
nock.disableNetConnect();
const sent = [];
function mockProviders() {
  nock('https://api.anthropic.com').persist().post('/v1/messages', (b) => (sent.push(['assistant', JSON.stringify(b)]), true)).reply(200, { id: 'm', type: 'message', role: 'assistant', model: 'x', content: [{ type: 'text', text: draft }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 1000, output_tokens: 200 } });
  nock('https://api.openai.com').persist().post('/v1/chat/completions', (b) => (sent.push(['decider', JSON.stringify(b)]), true)).reply(200, { id: 'c', object: 'chat.completion', created: 1, model: 'x', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: decision, refusal: null } }], usage: { prompt_tokens: 800, completion_tokens: 200, total_tokens: 1000 } });
}
mockProviders();

const enc = new TextEncoder();
const handoff = JSON.stringify({ schemaVersion: '1.0', workflowRunId: 'r', stepId: 's', attempt: 1, agent: 'a', idempotencyKey: 'k', status: 'completed', summary: 'done' });
const result = await evaluateGate({ config: { ...defaultConfig(), review: config.review }, configText, configProblems: [], files: [], handoffFiles: [{ path: '.handoff/h.json', text: handoff }], runReports: [], steps: [], reviewState: { approvals: [] }, tree: { readHead: async () => enc.encode(handoff), readBase: async () => undefined } });

let underChars = 0;
let underCost = 0;
let requests = 0;
console.log(`llm: the five reference documents as run reports (maxInputChars ${config.review.limits.maxInputChars}, cost ceiling ${config.review.limits.maxCostUsd} USD per review)`);
for (const doc of docs) {
  sent.length = 0;
  const outcome = await reviewFor(result, [{ source: `run-report:${doc.name}`, text: doc.text }], config, env);
  const perTier = Object.fromEntries(outcome.calls.map((c) => [c.tier, c.requestChars]));
  const cut = doc.text.length > config.review.limits.maxInputChars;
  for (const c of outcome.calls) {
    requests++;
    if (!cut) underChars++;
    if (c.outcome !== 'over-budget') underCost++;
  }
  console.log(`  ${doc.name}: ${doc.text.length} chars → assistant request ${perTier.assistant ?? '-'} chars, decider request ${perTier.decider ?? '-'} chars; ${outcome.fallback ? `fallback: ${outcome.fallback}` : 'both tiers ok'}; cost ${outcome.calls.reduce((n, c) => n + c.costUsd, 0).toFixed(4)} USD`);
}
console.log(`  requests under the input budget: ${underChars}/${requests}; under the cost ceiling: ${underCost}/${requests}`);

// Added wall time: rules review alone vs the two-tier review with providers answering at once.
const material = [{ source: 'run-report:x.md', text: docs[0].text }];
const time = async (fn, n) => {
  for (let i = 0; i < 5; i++) await fn();
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return (performance.now() - start) / n;
};
const rulesMs = await time(async () => rulesReview(result), 200);
const llmMs = await time(() => reviewFor(result, material, config, env), 100);
console.log(`llm overhead: rules review ${rulesMs.toFixed(2)} ms; two-tier review with both providers mocked at zero delay (real SDKs, nock) ${llmMs.toFixed(1)} ms → ${(llmMs - rulesMs).toFixed(1)} ms added per review`);
process.exit(0);
