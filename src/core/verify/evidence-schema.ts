/**
 * Evidence, version 1.x: what the untrusted verify run (the Action's `mode: verify`, on
 * `pull_request`, read-only token) uploads as an artifact, and what the trusted side (the Action's
 * gate on `workflow_run` / `pull_request_target`, or the App) downloads, validates as data and binds
 * to the head SHA and the verify run before deciding. One zod source; `schemas/evidence-1.0.schema.json`
 * (JSON Schema draft 2020-12) is generated from it by `npm run schemas`.
 *
 * Versioning: `schemaVersion` is `1.<minor>`. A 1.x producer may add optional properties at the top
 * level and in a step entry (a 1.0 reader ignores them: both objects allow additional properties);
 * renaming, removing or retyping a property needs 2.0. Every string, list and number is bounded so a
 * hostile file stays small to hold and to render.
 */
import { z } from 'zod';
import { IDENTIFIER_PATTERN } from '../config/config-schema.js';
import { schemaUrl } from '../schema-url.js';
import { stepTestsSchema } from './test-ledger.js';
import { baselineStepProperties } from './evidence-baseline-properties.js';

/**
 * The version this code writes; readers accept any `1.x`. 1.1 added `rerun` (partial evidence of a
 * `/gate rerun <step…>`): a 1.0 reader sees the steps that were not re-run as missing, which blocks.
 */
export const EVIDENCE_VERSION = '1.1';

/** Bounds of the 1.x shape (also enforced by the generated JSON Schema). */
export const EVIDENCE_LIMITS = {
  /** Bytes of the evidence file (JSON, UTF-8). */
  maxBytes: 4 * 1024 * 1024,
  maxSteps: 100,
  /** New findings carried per step; the rest are counted in `newFindingsTotal` and `truncated` is set. */
  maxFindingsPerStep: 200,
  /** Characters of a message, error or excerpt. */
  maxText: 2000,
  /** Characters of an id, rule, path or name. */
  maxName: 512,
} as const;

const name = z.string().min(1).max(EVIDENCE_LIMITS.maxName);
const text = z.string().max(EVIDENCE_LIMITS.maxText);
const sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'a full hexadecimal commit SHA (40 or 64 digits)');
const count = z.int().min(0).max(1_000_000_000);

/** One finding, as the verify step's parser produced it (file and message are the PR's text: untrusted). */
export const evidenceFindingSchema = z.object({
  step: name,
  rule: name,
  message: text,
  severity: z.enum(['error', 'warning', 'notice']),
  file: name.optional(),
  line: z.int().min(1).max(100_000_000).optional(),
  column: z.int().min(1).max(100_000_000).optional(),
  fingerprint: z.string().regex(/^[0-9a-f]{8,64}$/),
});

/**
 * One verify step's result after the baseline comparison. Open to additional properties so 1.x can
 * add optional fields (a test ledger, the containment used) without breaking 1.0 readers.
 */
export const evidenceStepSchema = z.looseObject({
  id: name,
  status: z.enum(['passed', 'failed', 'error', 'skipped']),
  exitCode: z.int().min(-1_000_000).max(1_000_000).nullable(),
  durationMs: count,
  /** Whether a baseline was available for this step. */
  baselined: z.boolean(),
  /** New findings of severity `error` (what the verdict counts); whole even when the list is cut. */
  newErrors: count,
  newFindings: z.array(evidenceFindingSchema).max(EVIDENCE_LIMITS.maxFindingsPerStep),
  /** All new findings, including those cut from `newFindings`. */
  newFindingsTotal: count,
  preExistingCount: count,
  fixedCount: count,
  /** `newFindings` was cut to `maxFindingsPerStep`, or a string in it was shortened. */
  truncated: z.boolean(),
  /** Why the step is `error` or `skipped`. */
  error: text.optional(),
  /** The test ledger (issue 9): counts on both sides, missing/skipped cases, base tests that fail on the head. */
  tests: stepTestsSchema.optional(),
  /** How the runner contained the step's processes (as the runner reports it: it can only lower trust, see verify.containment-weak). */
  containment: z
    .strictObject({
      level: z.enum(['pid-namespace', 'subreaper', 'session']),
      via: z.string().max(100),
      reason: z.string().max(EVIDENCE_LIMITS.maxText).optional(),
      noNewPrivs: z.boolean().optional(),
      killedAfterStep: z.number().int().nonnegative().optional(),
    })
    .optional(),
  ...baselineStepProperties,
});

export const evidenceSchema = z.looseObject({
  schemaVersion: z.string().regex(/^1\.\d{1,4}$/, 'a 1.x version such as "1.0"'),
  /** `owner/name` of the base repository, as the runner reported it. */
  repository: z.string().min(3).max(201).regex(/^[^/\s]+\/[^/\s]+$/),
  pullRequest: z.int().min(1),
  headSha: sha,
  /** The merge base the baseline was taken on. */
  baseSha: sha,
  /** As the runner reported it (untrusted): the trusted side cross-checks the ids with the API. */
  producedBy: z.object({
    workflowRunId: z.int().min(1),
    workflowRunAttempt: z.int().min(1),
    tool: z.string().max(100),
  }),
  /** SHA-256 (hex) of the configuration text the steps ran with. */
  configSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Why no baseline could be obtained (every finding then counts as new). */
  baselineError: text.optional(),
  steps: z.array(evidenceStepSchema).max(EVIDENCE_LIMITS.maxSteps),
  /**
   * 1.1: present on *partial* evidence, from a `workflow_dispatch` run that re-ran only these steps
   * (`/gate rerun <step…>`). The trusted side merges such evidence into the head's latest complete
   * evidence for the same head SHA; without it the evidence is complete.
   */
  rerun: z
    .strictObject({
      steps: z.array(z.string().regex(IDENTIFIER_PATTERN)).min(1).max(EVIDENCE_LIMITS.maxSteps),
    })
    .optional(),
});

export type Evidence = z.output<typeof evidenceSchema>;
export type EvidenceStep = z.output<typeof evidenceStepSchema>;
export type EvidenceFinding = z.output<typeof evidenceFindingSchema>;

/** The published JSON Schema (`schemas/evidence-1.0.schema.json`). */
export function evidenceJsonSchema(): object {
  return {
    ...z.toJSONSchema(evidenceSchema, { io: 'input', target: 'draft-2020-12' }),
    $id: schemaUrl('evidence-1.0.schema.json'),
    title: 'handoff-gate verification evidence 1.x',
  };
}
