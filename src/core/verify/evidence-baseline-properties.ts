/**
 * Evidence 1.x step properties of issue 12 (baseline once per base), optional so 1.0 readers and
 * producers are unaffected: where the step's base result came from, and the fingerprints of the
 * error findings the step calls pre-existing (what the trusted gate checks against the baseline the
 * default branch published, see check-pre-existing.ts).
 */
import { z } from 'zod';

/** Pre-existing error fingerprints listed per step; a step with more lists none and all count as unverified where checked. */
export const MAX_PRE_EXISTING_LISTED = 10_000;

export const baselineSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('artifact'), runId: z.int().min(1) }),
  z.strictObject({ kind: z.literal('cache') }),
  z.strictObject({ kind: z.literal('computed') }),
]);

export const baselineStepProperties = {
  /** Where the base's result came from: the baseline artifact of a push run (its id), the local cache, or run by this job. */
  baselineSource: baselineSourceSchema.optional(),
  /** Fingerprints of the pre-existing findings of severity `error`, one per occurrence. */
  preExistingErrors: z.array(z.string().regex(/^[0-9a-f]{8,64}$/)).max(MAX_PRE_EXISTING_LISTED).optional(),
};
