/**
 * The JSON report for agent loops and audits: the whole `GateResult` plus the rendered review.
 * Its shape is published as `schemas/report-1.0.schema.json` (see `report-schema.ts`).
 */
import type { GateResult } from '../result.js';
import type { Review } from '../review/review-model.js';

export type JsonReport = GateResult & { review: Review };

/** The report object (stable key order: the verdict fields first). */
export function toJsonReport(result: GateResult, review: Review): JsonReport {
  return { ...result, review };
}

/** Serialised report, 2-space indented, newline-terminated. */
export function formatJsonReport(result: GateResult, review: Review): string {
  return `${JSON.stringify(toJsonReport(result, review), null, 2)}\n`;
}
