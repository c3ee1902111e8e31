/**
 * The JSON report for agent loops and audits: the whole `GateResult` plus the rendered review.
 * Its shape is published as `schemas/report-1.0.schema.json` (see `report-schema.ts`).
 */
import type { GateResult } from '../result.js';
import type { LlmCall } from '../review/llm/two-tier-review.js';
import type { Review } from '../review/review-model.js';

/** The report: the result, the review, and every LLM call (empty with the rules reviewer). */
export type JsonReport = GateResult & { review: Review; llmCalls: LlmCall[] };

/** The report object (stable key order: the verdict fields first). */
export function toJsonReport(result: GateResult, review: Review, llmCalls: readonly LlmCall[] = []): JsonReport {
  return { ...result, review, llmCalls: [...llmCalls] };
}

/** Serialised report, 2-space indented, newline-terminated. */
export function formatJsonReport(result: GateResult, review: Review, llmCalls: readonly LlmCall[] = []): string {
  return `${JSON.stringify(toJsonReport(result, review, llmCalls), null, 2)}\n`;
}
