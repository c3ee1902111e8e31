/**
 * The verdict and decision rules of SPEC.md: BLOCKED outranks FAIL outranks PASS; the decision
 * follows from the verdict and the people's review state; the check-run conclusion from the decision.
 */
import type { Reason } from '../reasons.js';

export type Verdict = 'PASS' | 'FAIL' | 'BLOCKED';
export type Decision = 'accepted' | 'in_progress' | 'blocked' | 'rejected';
/** The check-run conclusion for a decision (GitHub's check run `conclusion` values). */
export type Conclusion = 'success' | 'failure' | 'action_required';

/** BLOCKED if any reason is `block`, else FAIL if any is `fail`, else PASS. */
export function verdictOf(reasons: readonly Reason[]): Verdict {
  if (reasons.some((r) => r.level === 'block')) return 'BLOCKED';
  if (reasons.some((r) => r.level === 'fail')) return 'FAIL';
  return 'PASS';
}

/** rejected (a person rejected) > blocked (BLOCKED) > in_progress (FAIL: the agent should retry) > accepted. */
export function decisionOf(verdict: Verdict, rejected: boolean): Decision {
  if (rejected) return 'rejected';
  if (verdict === 'BLOCKED') return 'blocked';
  if (verdict === 'FAIL') return 'in_progress';
  return 'accepted';
}

/** `success` only for `accepted`; `action_required` when a person must act; `failure` otherwise. */
export function conclusionOf(decision: Decision): Conclusion {
  if (decision === 'accepted') return 'success';
  if (decision === 'blocked') return 'action_required';
  return 'failure';
}
