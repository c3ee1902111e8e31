/**
 * Compares what each handoff claims it ran (`claims: [{check, result}]`) with what the gate
 * observed for the verify step of the same id. A "pass" claim on a step with new error findings
 * is a `handoff.claim-mismatch` (FAIL); a claim on a check no verify step has is `handoff.claim-unverified`
 * (FAIL: the agent asserts something the gate can never confirm); a claim on a configured step that
 * could not run is unverified at `warn` (the step itself already blocks or is reported skipped).
 */
import type { Reason } from '../reasons.js';
import type { ValidHandoff } from '../handoff/validate-handoff.js';
import type { StepVerdict } from './verify-reasons.js';

export function checkClaims(handoffs: readonly ValidHandoff[], steps: readonly StepVerdict[]): Reason[] {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const reasons: Reason[] = [];
  for (const h of handoffs) {
    for (const [i, claim] of (h.handoff.claims ?? []).entries()) {
      if (claim.result === 'skipped') continue;
      const pos = { file: h.file, ...h.locate(`/claims/${i}/result`), rule: claim.check };
      const step = byId.get(claim.check);
      if (!step || step.status === 'skipped' || step.status === 'error') {
        reasons.push({ ...pos, code: 'handoff.claim-unverified', level: step ? 'warn' : 'fail', message: `"${h.handoff.agent}" claims ${claim.check} ${claim.result}; the gate ${step ? `could not run it (${step.status})` : 'has no verify step with that id'}` });
        continue;
      }
      const observedFail = step.newErrors > 0;
      if (claim.result === 'pass' && observedFail) {
        reasons.push({ ...pos, code: 'handoff.claim-mismatch', level: 'fail', message: `"${h.handoff.agent}" claims ${claim.check} passes; the gate observed ${step.newErrors} new error finding(s)` });
      } else if (claim.result === 'fail' && step.status === 'passed') {
        reasons.push({ ...pos, code: 'handoff.claim-mismatch', level: 'warn', message: `"${h.handoff.agent}" claims ${claim.check} fails; the gate observed it pass` });
      }
    }
  }
  return reasons;
}
