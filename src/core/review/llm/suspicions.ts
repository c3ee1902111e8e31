/**
 * The model's suspected cheats, judged by the rules: a suspicion at or above the confidence threshold
 * that no rule already reported (no block or fail reason on the same file within a few lines)
 * becomes a `review.suspected-cheat` reason and lowers the decision to `blocked` — a person must look.
 * A suspicion can never raise the decision (`withModelDecision`), and its text stays untrusted: the
 * reason message quotes it and every renderer escapes reason messages.
 */
import { sortReasons, type Reason } from '../../reasons.js';
import type { GateResult } from '../../result.js';
import { withModelDecision } from './clamp-decision.js';
import type { Suspicion } from './output-schemas.js';

/** A suspicion as kept in the review and the JSON report. */
export interface JudgedSuspicion extends Suspicion {
  /** A rule already reported this place (the rules' reason stands; the suspicion adds nothing). */
  reportedByRules: boolean;
  /** It became a `review.suspected-cheat` reason and lowered the decision. */
  counted: boolean;
}

/** Lines either side within which a rule's reason counts as reporting the same place. */
const NEAR_LINES = 3;

/**
 * `result` with a `review.suspected-cheat` reason (level `warn`: the verdict stays the rules') per
 * counted suspicion and the decision lowered to `blocked` when any counted; every suspicion judged.
 */
export function judgeSuspicions(result: GateResult, suspicions: readonly Suspicion[], threshold: number): { result: GateResult; suspicions: JudgedSuspicion[] } {
  // Only reasons that already keep the change from being accepted count: a warning next to a cheat must not hide it.
  const ruled = result.reasons.filter((r) => (r.level === 'block' || r.level === 'fail') && r.file !== undefined);
  const judged = suspicions.map((s): JudgedSuspicion => {
    const file = normalise(s.file);
    const reportedByRules = ruled.some((r) => normalise(r.file as string) === file && (s.line === null || r.line === undefined || Math.abs(r.line - s.line) <= NEAR_LINES));
    return { ...s, reportedByRules, counted: !reportedByRules && s.confidence >= threshold };
  });
  const counted = judged.filter((s) => s.counted);
  if (counted.length === 0) return { result, suspicions: judged };
  const reasons: Reason[] = counted.map((s) => ({
    code: 'review.suspected-cheat',
    level: 'warn',
    rule: s.family,
    file: normalise(s.file),
    ...(s.line !== null ? { line: s.line } : {}),
    message: `the model suspects ${s.family} (confidence ${s.confidence.toFixed(2)}): ${s.evidence.replace(/\s+/g, ' ').slice(0, 300)}`,
  }));
  const lowered = withModelDecision({ ...result, reasons: sortReasons([...result.reasons, ...reasons]) }, 'blocked');
  return { result: lowered, suspicions: judged };
}

function normalise(path: string): string {
  return path.trim().replace(/^(?:\.\/|[ab]\/)/, '');
}
