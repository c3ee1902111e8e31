/**
 * What `/gate rerun [step…]` asks for, decided from its arguments and the base configuration:
 * - no argument: everything (the whole verify run again);
 * - `failed`: the steps whose latest result on the head is a failure or an error;
 * - step ids (space- or comma-separated): exactly those, each checked against the configured steps.
 * Pure; the GitHub side dispatches the verify workflow with the resolved list.
 */
import { IDENTIFIER_PATTERN } from '../config/config-schema.js';

/** The keyword for "the failed and errored steps". */
export const RERUN_FAILED = 'failed';

/** A step's latest result on the head, as far as the trusted side knows it. */
export interface StepOutcome {
  id: string;
  status: 'passed' | 'failed' | 'error' | 'skipped';
  newErrors: number;
}

export type RerunRequest =
  /** Re-run the whole verify run. */
  | { kind: 'all' }
  /** Re-run these configured steps only (in configuration order, no duplicates). */
  | { kind: 'steps'; steps: string[]; failedOnly: boolean }
  /** Some arguments are not configured step ids: nothing runs; the reply lists the configured ones. */
  | { kind: 'unknown'; unknown: string[]; configured: string[] }
  /** `failed`, and no step failed on the head: nothing to re-run. */
  | { kind: 'nothing-failed' };

/**
 * Resolves `/gate rerun` arguments.
 *
 * @param args the command's argument text (untrusted; at most 100 tokens are looked at)
 * @param configured the configured step ids, in configuration order
 * @param latest the steps' latest results on the head; `undefined` when there is no usable
 *   verification yet (then `failed` means everything)
 */
export function resolveRerun(args: string, configured: readonly string[], latest?: readonly StepOutcome[]): RerunRequest {
  const tokens = args.split(/[\s,]+/).filter(Boolean).slice(0, 100);
  if (tokens.length === 0) return { kind: 'all' };
  if (tokens.length === 1 && tokens[0]?.toLowerCase() === RERUN_FAILED && !configured.includes(tokens[0])) {
    if (!latest) return { kind: 'all' };
    const failed = new Set(latest.filter((s) => s.status === 'failed' || s.status === 'error' || s.newErrors > 0).map((s) => s.id));
    const steps = configured.filter((id) => failed.has(id));
    return steps.length > 0 ? { kind: 'steps', steps, failedOnly: true } : { kind: 'nothing-failed' };
  }
  const known = new Set(configured);
  const unknown = [...new Set(tokens.filter((t) => !known.has(t)))];
  if (unknown.length > 0) return { kind: 'unknown', unknown: unknown.map((u) => (IDENTIFIER_PATTERN.test(u) ? u : u.slice(0, 63))), configured: [...configured] };
  const wanted = new Set(tokens);
  return { kind: 'steps', steps: configured.filter((id) => wanted.has(id)), failedOnly: false };
}
