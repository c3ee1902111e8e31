/**
 * The evidence properties of one step that issue 12 adds (see evidence-baseline-properties.ts): the
 * base result's source and the pre-existing error fingerprints the trusted gate checks.
 */
import type { StepVerdict } from '../verdict/verify-reasons.js';
import { MAX_PRE_EXISTING_LISTED } from './evidence-baseline-properties.js';

/** `baselineSource` and `preExistingErrors` of `s` (the list left out when it would pass its bound). */
export function baselineStepEvidence(s: StepVerdict): { baselineSource?: StepVerdict['baselineSource']; preExistingErrors?: string[] } {
  const errors = s.preExisting.filter((f) => f.severity === 'error').map((f) => f.fingerprint);
  return {
    ...(s.baselineSource ? { baselineSource: s.baselineSource } : {}),
    ...(s.baselined && errors.length <= MAX_PRE_EXISTING_LISTED ? { preExistingErrors: errors } : {}),
  };
}
