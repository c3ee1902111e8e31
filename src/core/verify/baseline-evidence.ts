/**
 * Baseline evidence, version 1.x (`kind: "baseline"`): what the verify workflow uploads as the
 * `handoff-gate-baseline` artifact when it runs on a push to the default branch. It holds the
 * configured verify steps' results on that one commit (every finding's fingerprint and the test
 * ledger), keyed like the local baseline cache (src/local/baseline-cache.ts): the commit, the
 * configuration's SHA-256, the step's configuration and the dependency/tool fingerprint the step ran
 * with. A pull request's verify run whose merge base is that commit reuses every step whose key
 * matches instead of running it on the base; the trusted gate downloads the same artifact to check
 * the evidence's "pre-existing" claims (see check-pre-existing.ts).
 *
 * It is a document of its own (`schemas/baseline-evidence-1.0.schema.json`), not a variant of the
 * pull request evidence: it has no pull request, no head and no comparison. Versioning as there:
 * 1.x may add optional properties; everything is bounded so a hostile file stays small to hold.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { VerifyStepConfig } from '../config/config-schema.js';
import { schemaUrl } from '../schema-url.js';
import type { Finding } from './finding.js';
import type { StepResult } from './step-result.js';
import type { TestCase } from './test-ledger.js';

/** The version this code writes; readers accept any `1.x`. */
export const BASELINE_EVIDENCE_VERSION = '1.0';

/** Bounds of the 1.x shape (also enforced by the generated JSON Schema). */
export const BASELINE_LIMITS = {
  /** Bytes of the baseline file (JSON, UTF-8): the artifact download's inflation limit too. */
  maxBytes: 8 * 1024 * 1024,
  maxSteps: 100,
  /** Findings of one step; a step with more is left out (its base is then computed, never cut short). */
  maxFindingsPerStep: 10_000,
  /** Test cases of one step; a step with more is left out, as above. */
  maxTestsPerStep: 20_000,
  /** Characters of a message. */
  maxText: 2000,
  /** Characters of an id, rule, path, test name or failure kind. */
  maxName: 2000,
} as const;

const name = z.string().min(1).max(BASELINE_LIMITS.maxName);
const sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'a full hexadecimal commit SHA (40 or 64 digits)');
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

const baselineFindingSchema = z.strictObject({
  rule: name,
  message: z.string().max(BASELINE_LIMITS.maxText),
  severity: z.enum(['error', 'warning', 'notice']),
  file: name.optional(),
  line: z.int().min(1).max(100_000_000).optional(),
  column: z.int().min(1).max(100_000_000).optional(),
  fingerprint: z.string().regex(/^[0-9a-f]{8,64}$/),
});

const baselineTestSchema = z.strictObject({
  name: z.string().max(BASELINE_LIMITS.maxName),
  file: z.string().max(BASELINE_LIMITS.maxName).optional(),
  outcome: z.enum(['passed', 'failed', 'skipped', 'error']),
  failureKind: z.string().max(BASELINE_LIMITS.maxName).optional(),
});

/** One step's complete result on the commit (only `passed`/`failed` steps are published: an error is no baseline). */
export const baselineStepSchema = z.looseObject({
  id: z.string().min(1).max(512),
  /** SHA-256 (hex) of the step's configuration (`stepConfigSha256`). */
  stepSha256: hex64,
  /** The dependency/tool fingerprint the step ran with (src/local/baseline-cache.ts `dependencyFingerprint`, setup included). */
  toolFingerprint: hex64,
  status: z.enum(['passed', 'failed']),
  /** Every finding (never cut: a step with more than the limit is left out of the document). */
  findings: z.array(baselineFindingSchema).max(BASELINE_LIMITS.maxFindingsPerStep),
  /** The step's test ledger on the commit, when its report lists test cases. */
  tests: z.array(baselineTestSchema).max(BASELINE_LIMITS.maxTestsPerStep).optional(),
});

export const baselineEvidenceSchema = z.looseObject({
  schemaVersion: z.string().regex(/^1\.\d{1,4}$/, 'a 1.x version such as "1.0"'),
  kind: z.literal('baseline'),
  /** `owner/name`, as the runner reported it. */
  repository: z.string().min(3).max(201).regex(/^[^/\s]+\/[^/\s]+$/),
  /** The commit the steps ran on (the push's head). */
  commitSha: sha,
  /** As the runner reported it: the reader binds the document to the run it was listed under. */
  producedBy: z.object({ workflowRunId: z.int().min(1), workflowRunAttempt: z.int().min(1), tool: z.string().max(100) }),
  /** SHA-256 (hex) of the configuration text on the commit. */
  configSha256: hex64,
  steps: z.array(baselineStepSchema).max(BASELINE_LIMITS.maxSteps),
  /** Steps that were configured with `baseline: true` but are not published, and why (errored, too many findings). */
  omitted: z.array(z.strictObject({ id: z.string().min(1).max(512), reason: z.string().max(BASELINE_LIMITS.maxText) })).max(BASELINE_LIMITS.maxSteps).optional(),
});

export type BaselineEvidence = z.output<typeof baselineEvidenceSchema>;
export type BaselineStep = z.output<typeof baselineStepSchema>;

/** The published JSON Schema (`schemas/baseline-evidence-1.0.schema.json`). */
export function baselineEvidenceJsonSchema(): object {
  return {
    ...z.toJSONSchema(baselineEvidenceSchema, { io: 'input', target: 'draft-2020-12' }),
    $id: schemaUrl('baseline-evidence-1.0.schema.json'),
    title: 'handoff-gate baseline evidence 1.x',
  };
}

/** SHA-256 (hex) of a step's configuration as the gate parsed it (defaults applied): one half of a step's key. */
export function stepConfigSha256(step: VerifyStepConfig): string {
  return createHash('sha256').update(JSON.stringify(step)).digest('hex');
}

/** SHA-256 (hex) of a text (the configuration). */
export function textSha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface BaselineOrigin {
  repository: string;
  commitSha: string;
  workflowRunId: number;
  workflowRunAttempt: number;
  configText: string;
  tool?: string;
}

/**
 * The baseline document for `results` (the configured `baseline: true` steps run on the commit;
 * `fingerprints` step id → tool fingerprint). A step that errored or was skipped, or whose findings or
 * tests pass the bounds, is listed in `omitted` instead (a pull request then computes that base
 * itself); when the file would pass `maxBytes`, the largest steps are omitted until it fits.
 */
export function buildBaselineEvidence(origin: BaselineOrigin, steps: readonly VerifyStepConfig[], results: readonly StepResult[], fingerprints: ReadonlyMap<string, string>): BaselineEvidence {
  const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
  const omitted: { id: string; reason: string }[] = [];
  const published: BaselineStep[] = [];
  for (const [i, step] of steps.slice(0, BASELINE_LIMITS.maxSteps).entries()) {
    const result = results[i];
    const fingerprint = fingerprints.get(step.id);
    if (!result || !fingerprint || (result.status !== 'passed' && result.status !== 'failed')) {
      omitted.push({ id: step.id, reason: cut(`the step did not complete on this commit${result?.error ? `: ${result.error}` : ''}`, BASELINE_LIMITS.maxText) });
      continue;
    }
    if (result.findings.length > BASELINE_LIMITS.maxFindingsPerStep || (result.tests?.length ?? 0) > BASELINE_LIMITS.maxTestsPerStep) {
      omitted.push({ id: step.id, reason: `more than ${BASELINE_LIMITS.maxFindingsPerStep} findings or ${BASELINE_LIMITS.maxTestsPerStep} test cases` });
      continue;
    }
    published.push({
      id: step.id,
      stepSha256: stepConfigSha256(step),
      toolFingerprint: fingerprint,
      status: result.status,
      findings: result.findings.map((f) => ({
        rule: cut(f.rule || '(none)', BASELINE_LIMITS.maxName),
        message: cut(f.message, BASELINE_LIMITS.maxText),
        severity: f.severity,
        ...(f.file !== undefined ? { file: cut(f.file, BASELINE_LIMITS.maxName) } : {}),
        ...(f.line !== undefined ? { line: f.line } : {}),
        ...(f.column !== undefined ? { column: f.column } : {}),
        fingerprint: f.fingerprint,
      })),
      ...(result.tests ? { tests: result.tests.map((t) => ({ name: cut(t.name, BASELINE_LIMITS.maxName), outcome: t.outcome, ...(t.file !== undefined ? { file: cut(t.file, BASELINE_LIMITS.maxName) } : {}), ...(t.failureKind !== undefined ? { failureKind: cut(t.failureKind, BASELINE_LIMITS.maxName) } : {}) })) } : {}),
    });
  }
  const doc = (): BaselineEvidence => ({
    schemaVersion: BASELINE_EVIDENCE_VERSION,
    kind: 'baseline',
    repository: origin.repository,
    commitSha: origin.commitSha,
    producedBy: { workflowRunId: origin.workflowRunId, workflowRunAttempt: origin.workflowRunAttempt, tool: cut(origin.tool ?? 'handoff-gate', 100) },
    configSha256: textSha256(origin.configText),
    steps: published,
    ...(omitted.length > 0 ? { omitted } : {}),
  });
  while (formatBaselineEvidence(doc()).byteLength > BASELINE_LIMITS.maxBytes && published.length > 0) {
    const largest = published.reduce((a, b) => (JSON.stringify(b).length > JSON.stringify(a).length ? b : a));
    published.splice(published.indexOf(largest), 1);
    omitted.push({ id: largest.id, reason: `left out to keep the file under ${BASELINE_LIMITS.maxBytes} bytes` });
  }
  return doc();
}

/** The baseline file's bytes (UTF-8 JSON). */
export function formatBaselineEvidence(evidence: BaselineEvidence): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(evidence)}\n`);
}

/** What the reader knows independently of the document (GitHub's answers about the run it was listed under). */
export interface BaselineExpectation {
  commitSha: string;
  runId: number;
  runAttempt: number;
  repository: string;
}

export type ParsedBaseline = { ok: true; baseline: BaselineEvidence } | { ok: false; message: string };

/**
 * Reads untrusted baseline bytes (never throws): too large, not UTF-8 JSON, not the 1.x shape, a step
 * listed twice, or bound to another commit, run, attempt or repository are errors with a message.
 */
export function parseBaselineEvidence(bytes: Uint8Array, expected: BaselineExpectation): ParsedBaseline {
  if (bytes.byteLength > BASELINE_LIMITS.maxBytes) return { ok: false, message: `the baseline file is ${bytes.byteLength} bytes, over the ${BASELINE_LIMITS.maxBytes}-byte limit` };
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch (error) {
    return { ok: false, message: `the baseline file is not UTF-8 JSON (${error instanceof Error ? error.message.slice(0, 200) : 'unreadable'})` };
  }
  const parsed = baselineEvidenceSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `/${i.path.map(String).join('/')}: ${i.message}`.slice(0, 200));
    return { ok: false, message: `the baseline does not match schema baseline-evidence-1.x (${issues.join('; ')})` };
  }
  const baseline = parsed.data;
  if (baseline.commitSha !== expected.commitSha) return { ok: false, message: `the baseline is for commit ${baseline.commitSha.slice(0, 12)}, not ${expected.commitSha.slice(0, 12)}` };
  if (baseline.producedBy.workflowRunId !== expected.runId || baseline.producedBy.workflowRunAttempt !== expected.runAttempt) return { ok: false, message: `the baseline names run ${baseline.producedBy.workflowRunId} attempt ${baseline.producedBy.workflowRunAttempt}, but it was uploaded by run ${expected.runId} attempt ${expected.runAttempt}` };
  if (baseline.repository.toLowerCase() !== expected.repository.toLowerCase()) return { ok: false, message: `the baseline is for repository ${baseline.repository.slice(0, 100)}, not ${expected.repository}` };
  const ids = new Set<string>();
  for (const s of baseline.steps) {
    if (ids.has(s.id)) return { ok: false, message: `the baseline lists step ${JSON.stringify(s.id.slice(0, 60))} twice` };
    ids.add(s.id);
  }
  return { ok: true, baseline };
}

/** A step's base result taken from a baseline document: the findings and test cases the comparison needs. */
export interface ReusedBaseStep {
  findings: Finding[];
  tests?: TestCase[];
}

/**
 * The steps of `baseline` whose key matches: same configuration hash, same step configuration, same
 * tool fingerprint (`fingerprints`: step id → the fingerprint this run's base would run with).
 */
export function matchingBaseSteps(baseline: BaselineEvidence, configText: string, steps: readonly VerifyStepConfig[], fingerprints: ReadonlyMap<string, string>): Map<string, ReusedBaseStep> {
  const out = new Map<string, ReusedBaseStep>();
  if (baseline.configSha256 !== textSha256(configText)) return out;
  const byId = new Map(baseline.steps.map((s) => [s.id, s]));
  for (const step of steps) {
    const published = byId.get(step.id);
    if (!published || published.stepSha256 !== stepConfigSha256(step) || published.toolFingerprint !== fingerprints.get(step.id)) continue;
    out.set(step.id, {
      findings: published.findings.map((f) => ({ ...f, step: step.id })),
      ...(published.tests ? { tests: published.tests.map((t) => ({ ...t })) } : {}),
    });
  }
  return out;
}
