/**
 * The review's note on where a step's base result came from (issue 12): reused from the baseline the
 * default branch published, from the local cache, and whether the trusted gate checked the step's
 * pre-existing claims against the published baseline. Plain text for a table cell (no PR text in it).
 */
import type { StepVerdict } from '../verdict/verify-reasons.js';

/** E.g. ` (base reused from run 42; pre-existing checked against run 42)`; empty when there is nothing to say. */
export function baselineNote(s: Pick<StepVerdict, 'baselineSource' | 'baselineCheckedBy'>): string {
  const parts: string[] = [];
  if (s.baselineSource?.kind === 'artifact') parts.push(`base reused from run ${s.baselineSource.runId}`);
  else if (s.baselineSource?.kind === 'cache') parts.push('base from the local cache');
  if (s.baselineCheckedBy !== undefined) parts.push(`pre-existing checked against run ${s.baselineCheckedBy}`);
  return parts.length === 0 ? '' : ` (${parts.join('; ')})`;
}
