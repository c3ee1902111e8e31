/**
 * The trusted side's check of the evidence's "pre-existing" claims. The evidence is written by a job
 * that runs the pull request's code, so "this failure already exists on the base" is the pull
 * request's word. The baseline published by the verify workflow on a push to the default branch was
 * produced by the default branch's code: where one exists for the evidence's merge base (same
 * configuration), every error fingerprint the evidence calls pre-existing must be in it, as often
 * as claimed. What is not becomes a new error finding of the step (`pre-existing-unverified`), so a
 * failure the agent passed off as pre-existing counts; a step that claims pre-existing findings
 * without listing their fingerprints counts them all.
 *
 * It does not recover failures the evidence leaves out altogether (a forged "passed"): see SECURITY.md.
 */
import type { StepVerdict } from '../verdict/verify-reasons.js';
import type { BaselineEvidence } from './baseline-evidence.js';
import type { Evidence } from './evidence-schema.js';
import { fingerprintOf, type Finding } from './finding.js';

/** The rule of the finding added for pre-existing claims the trusted baseline does not back. */
export const PRE_EXISTING_UNVERIFIED_RULE = 'pre-existing-unverified';

/** The trusted baseline and where it came from (the push run's id, as GitHub listed it). */
export interface TrustedBaseline {
  baseline: BaselineEvidence;
  runId: number;
}

/**
 * `steps` (the evidence lined up with the trusted configuration) checked against `trusted`. Steps
 * the baseline does not publish, steps that errored or were skipped, and everything when the
 * baseline ran with another configuration than the evidence are returned unchanged (`note` says why
 * nothing was checked). Pure.
 */
export function checkPreExisting(evidence: Evidence, steps: readonly StepVerdict[], trusted: TrustedBaseline): { steps: StepVerdict[]; note?: string } {
  if (trusted.baseline.configSha256 !== evidence.configSha256) return { steps: [...steps], note: `the baseline of run ${trusted.runId} was taken with another configuration; pre-existing claims were not checked` };
  const published = new Map(trusted.baseline.steps.map((s) => [s.id, s]));
  const claimed = new Map(evidence.steps.map((s) => [s.id, s]));
  return {
    steps: steps.map((step): StepVerdict => {
      const base = published.get(step.id);
      const claim = claimed.get(step.id);
      if (!base || !claim || step.status === 'error' || step.status === 'skipped') return step;
      const fingerprints = claim.preExistingErrors;
      let unverified = 0;
      if (fingerprints === undefined) unverified = claim.preExistingCount;
      else {
        const available = new Map<string, number>();
        for (const f of base.findings) available.set(f.fingerprint, (available.get(f.fingerprint) ?? 0) + 1);
        for (const f of fingerprints) {
          const left = available.get(f) ?? 0;
          if (left > 0) available.set(f, left - 1);
          else unverified++;
        }
      }
      if (unverified === 0) return { ...step, baselineCheckedBy: trusted.runId };
      const message = fingerprints === undefined
        ? `the verify run calls ${unverified} finding(s) pre-existing without listing their fingerprints, so the baseline published by run ${trusted.runId} cannot back them: they count as new`
        : `${unverified} error finding(s) the verify run calls pre-existing are not in the baseline published for ${trusted.baseline.commitSha.slice(0, 12)} by the default branch's run ${trusted.runId}: they count as new`;
      const finding: Finding = { step: step.id, rule: PRE_EXISTING_UNVERIFIED_RULE, message, severity: 'error', fingerprint: fingerprintOf(step.id, { rule: PRE_EXISTING_UNVERIFIED_RULE, message: 'unverified', severity: 'error' }) };
      return {
        ...step,
        status: 'failed',
        newFindings: [finding, ...step.newFindings],
        newErrors: step.newErrors + unverified,
        preExistingCount: Math.max(0, (step.preExistingCount ?? step.preExisting.length) - unverified),
        baselineCheckedBy: trusted.runId,
      };
    }),
  };
}
