/**
 * The handoff's trace fields (metrics: latency, tokens, cost; resultQualityScore; attempt) reach the
 * JSON report (valid against the published report schema) and the review, as a table per step.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../src/core/evaluate-gate.js';
import { toJsonReport } from '../../src/core/report/json-report.js';
import { renderMarkdown } from '../../src/core/report/markdown.js';
import { REPORT_1_0_SCHEMA } from '../../src/core/report/report-schema.js';
import { rulesReview } from '../../src/core/review/rules-reviewer.js';
import { VALID_HANDOFF, gateInput } from '../helpers/gate-input.js';

const file = (path: string, fields: Record<string, unknown>) => ({ path, text: JSON.stringify({ ...VALID_HANDOFF, ...fields }) });

describe('trace fields', () => {
  it('appear in the JSON report and as one review table row per traced step', async () => {
    const handoffFiles = [
      file('.handoff/build.json', { attempt: 2, idempotencyKey: 'run-1/build/2', metrics: { latencyMs: 84210, inputTokens: 51234, outputTokens: 3120, costUsd: 0.4312 }, resultQualityScore: 0.82 }),
      file('.handoff/test.json', { stepId: 'test', idempotencyKey: 'run-1/test/1', dependsOn: ['build'] }),
    ];
    const result = await evaluateGate(gateInput({ handoffFiles }));
    const review = rulesReview(result);
    const json = toJsonReport(result, review);
    expect(json.handoffs.map((h) => [h.stepId, h.attempt, h.metrics, h.resultQualityScore])).toEqual([
      ['build', 2, { latencyMs: 84210, inputTokens: 51234, outputTokens: 3120, costUsd: 0.4312 }, 0.82],
      ['test', 1, undefined, undefined],
    ]);
    const ajv = new Ajv2020({ strict: false }) // as test/core/report.test.ts: the 1.0 schema lists required keys it does not describe;
    expect(ajv.validate(REPORT_1_0_SCHEMA, JSON.parse(JSON.stringify(json))), ajv.errorsText(ajv.errors)).toBe(true);
    const markdown = renderMarkdown(result, review);
    expect(markdown).toContain('### Trace (as reported by the agents)');
    expect(markdown).toContain('| build | 2 | 84210 ms | 51234 | 3120 | $0.4312 | 0.82 |');
    expect(markdown).not.toMatch(/\| test \| 1 \|.*ms/);
  });

  it('control: no trace fields, no trace table', async () => {
    const result = await evaluateGate(gateInput());
    expect(renderMarkdown(result, rulesReview(result))).not.toContain('### Trace');
  });
});
