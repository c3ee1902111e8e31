/**
 * Evidence in and out: `buildEvidence` (the verify run's side: step verdicts → one bounded 1.x
 * document) and `parseEvidence` (the trusted side: bytes → a typed document bound to the head SHA,
 * the verify run and the pull request, or a specific error), then `stepVerdictsFromEvidence`, which
 * lines the evidence up with the trusted configuration (which steps exist and which are required
 * comes from the base, never from the evidence).
 */
import { createHash } from 'node:crypto';
import type { VerifyStepConfig } from '../config/config-schema.js';
import type { ReasonCode } from '../reasons.js';
import { stepCounts, type StepVerdict } from '../verdict/verify-reasons.js';
import type { Finding } from './finding.js';
import { baselineStepEvidence } from './baseline-step-evidence.js';
import { EVIDENCE_LIMITS, EVIDENCE_VERSION, evidenceSchema, type Evidence, type EvidenceStep } from './evidence-schema.js';
import type { RerunProvenance } from './merge-evidence.js';
import type { StepTests } from './test-ledger.js';

/** Who produced the evidence, as the verify run's environment says (GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT). */
export interface EvidenceOrigin {
  repository: string;
  pullRequest: number;
  headSha: string;
  baseSha: string;
  workflowRunId: number;
  workflowRunAttempt: number;
  /** The configuration text the steps ran with (hashed). */
  configText: string;
  tool?: string;
  /** Partial evidence (`/gate rerun <step…>`): the steps this run re-ran. */
  rerunSteps?: readonly string[];
}

/**
 * The evidence document for `steps`, cut to the 1.x bounds (counts stay whole; `truncated` says so):
 * at most `maxFindingsPerStep` findings per step, fewer when the file would pass `maxBytes`.
 */
export function buildEvidence(origin: EvidenceOrigin, steps: readonly StepVerdict[], baselineError?: string): Evidence {
  for (const keep of [EVIDENCE_LIMITS.maxFindingsPerStep, 100, 50, 20, 5, 0]) {
    const evidence = buildWith(origin, steps, baselineError, keep, true);
    if (formatEvidence(evidence).byteLength <= EVIDENCE_LIMITS.maxBytes) return evidence;
  }
  // Last: without the lists of files each step's tests ran (verify.tests-not-run then cannot tell).
  return buildWith(origin, steps, baselineError, 0, false);
}

function buildWith(origin: EvidenceOrigin, steps: readonly StepVerdict[], baselineError: string | undefined, keepFindings: number, keepRanFiles: boolean): Evidence {
  const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
  return {
    schemaVersion: EVIDENCE_VERSION,
    repository: origin.repository,
    pullRequest: origin.pullRequest,
    headSha: origin.headSha,
    baseSha: origin.baseSha,
    producedBy: { workflowRunId: origin.workflowRunId, workflowRunAttempt: origin.workflowRunAttempt, tool: cut(origin.tool ?? 'handoff-gate', 100) },
    configSha256: sha256(origin.configText),
    ...(baselineError !== undefined ? { baselineError: cut(baselineError, EVIDENCE_LIMITS.maxText) } : {}),
    ...(origin.rerunSteps && origin.rerunSteps.length > 0 ? { rerun: { steps: origin.rerunSteps.slice(0, EVIDENCE_LIMITS.maxSteps) } } : {}),
    steps: steps.slice(0, EVIDENCE_LIMITS.maxSteps).map((s): EvidenceStep => {
      const kept = s.newFindings.slice(0, keepFindings);
      let shortened = false;
      const findings = kept.map((f) => {
        const out = { ...f, step: cut(f.step, EVIDENCE_LIMITS.maxName), rule: cut(f.rule || '(none)', EVIDENCE_LIMITS.maxName), message: cut(f.message, EVIDENCE_LIMITS.maxText), ...(f.file !== undefined ? { file: cut(f.file, EVIDENCE_LIMITS.maxName) } : {}) };
        if (out.message !== f.message || out.rule !== f.rule || out.file !== f.file) shortened = true;
        return out;
      });
      const counts = stepCounts(s);
      return {
        id: s.id,
        status: s.status,
        exitCode: s.exitCode,
        durationMs: Math.max(0, Math.round(s.durationMs)),
        baselined: s.baselined,
        newErrors: s.newErrors,
        newFindings: findings,
        newFindingsTotal: s.newFindings.length,
        preExistingCount: counts.preExisting,
        fixedCount: counts.fixed,
        truncated: shortened || kept.length < s.newFindings.length,
        ...(s.error !== undefined ? { error: cut(s.error, EVIDENCE_LIMITS.maxText) } : {}),
        ...(s.tests ? { tests: keepRanFiles ? s.tests : withoutRanFiles(s.tests) } : {}),
        ...(s.containment ? { containment: { ...s.containment, ...(s.containment.reason !== undefined ? { reason: cut(s.containment.reason, EVIDENCE_LIMITS.maxText) } : {}) } } : {}),
        ...baselineStepEvidence(s),
      };
    }),
  };
}

/** The evidence file's bytes (UTF-8 JSON). */
export function formatEvidence(evidence: Evidence): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(evidence)}\n`);
}

/** What the trusted side knows independently of the evidence (GitHub's answers, the webhook payload). */
export interface EvidenceExpectation {
  /** The pull request's current head SHA. */
  headSha: string;
  /** The verify workflow run the artifact was listed under, and its attempt. */
  runId: number;
  runAttempt?: number;
  /** `owner/name` of the base repository. */
  repository: string;
  pullRequest: number;
  /** Default `EVIDENCE_LIMITS.maxBytes`. */
  maxBytes?: number;
}

export type EvidenceErrorCode = Extract<ReasonCode, 'verify.evidence-invalid' | 'verify.evidence-too-large' | 'verify.evidence-stale'>;

export type ParsedEvidence = { ok: true; evidence: Evidence } | { ok: false; code: EvidenceErrorCode; message: string };

/**
 * Reads untrusted evidence bytes. Errors (never throws):
 * - `verify.evidence-too-large`: more than `maxBytes`;
 * - `verify.evidence-invalid`: not UTF-8 JSON, or not the 1.x shape (first schema errors named);
 * - `verify.evidence-stale`: for another head SHA, verify run, repository or pull request.
 */
export function parseEvidence(bytes: Uint8Array, expected: EvidenceExpectation): ParsedEvidence {
  const maxBytes = expected.maxBytes ?? EVIDENCE_LIMITS.maxBytes;
  if (bytes.byteLength > maxBytes) return { ok: false, code: 'verify.evidence-too-large', message: `the evidence file is ${bytes.byteLength} bytes, over the ${maxBytes}-byte limit` };
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch (error) {
    return { ok: false, code: 'verify.evidence-invalid', message: `the evidence file is not UTF-8 JSON (${error instanceof Error ? error.message.slice(0, 200) : 'unreadable'})` };
  }
  const parsed = evidenceSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `/${i.path.map(String).join('/')}: ${i.message}`.slice(0, 200));
    return { ok: false, code: 'verify.evidence-invalid', message: `the evidence does not match schema evidence-1.x (${issues.join('; ')}${parsed.error.issues.length > 3 ? '; …' : ''})` };
  }
  const evidence = parsed.data;
  const stale = (what: string) => ({ ok: false as const, code: 'verify.evidence-stale' as const, message: what });
  if (evidence.headSha !== expected.headSha) return stale(`the evidence is for commit ${evidence.headSha.slice(0, 12)}, not the head ${expected.headSha.slice(0, 12)}`);
  if (evidence.producedBy.workflowRunId !== expected.runId) return stale(`the evidence names workflow run ${evidence.producedBy.workflowRunId}, but it was uploaded by run ${expected.runId}`);
  if (expected.runAttempt !== undefined && evidence.producedBy.workflowRunAttempt !== expected.runAttempt) return stale(`the evidence is from attempt ${evidence.producedBy.workflowRunAttempt} of the verify run, not its latest attempt ${expected.runAttempt}`);
  if (evidence.repository.toLowerCase() !== expected.repository.toLowerCase()) return stale(`the evidence is for repository ${evidence.repository.slice(0, 100)}, not ${expected.repository}`);
  if (evidence.pullRequest !== expected.pullRequest) return stale(`the evidence is for pull request #${evidence.pullRequest}, not #${expected.pullRequest}`);
  const ids = new Set<string>();
  for (const s of evidence.steps) {
    if (ids.has(s.id)) return { ok: false, code: 'verify.evidence-invalid', message: `the evidence lists step ${JSON.stringify(s.id.slice(0, 60))} twice` };
    ids.add(s.id);
  }
  return { ok: true, evidence };
}

/**
 * The configured steps' verdicts from the evidence. The base configuration decides which steps exist
 * and which are required; a configured step missing from the evidence is `skipped` (never passed);
 * evidence steps that are not configured are ignored. A configuration hash other than the base's
 * is returned as `configMismatch` (the caller blocks on it). `reruns` (from `mergeEvidence`) marks
 * the steps whose result comes from a `/gate rerun`.
 */
export function stepVerdictsFromEvidence(evidence: Evidence, steps: readonly Pick<VerifyStepConfig, 'id' | 'required'>[], configText: string, reruns?: ReadonlyMap<string, RerunProvenance>): { steps: StepVerdict[]; baselineError?: string; configMismatch?: string } {
  const byId = new Map(evidence.steps.map((s) => [s.id, s]));
  const verdicts = steps.map((step): StepVerdict => {
    const s = byId.get(step.id);
    if (!s) return { id: step.id, required: step.required, status: 'skipped', durationMs: 0, exitCode: null, error: 'not in the verification evidence', baselined: false, newFindings: [], preExisting: [], fixed: [], newErrors: 0 };
    // Counts are the evidence's word; the verdict also counts the listed error findings, whichever is more.
    const listedErrors = s.newFindings.filter((f) => f.severity === 'error').length;
    return {
      id: step.id,
      required: step.required,
      status: s.status,
      durationMs: s.durationMs,
      exitCode: s.exitCode,
      ...(s.error !== undefined ? { error: s.error } : {}),
      baselined: s.baselined,
      newFindings: s.newFindings.map((f): Finding => ({ ...f, step: step.id })),
      preExisting: [],
      fixed: [],
      newErrors: Math.max(s.newErrors, listedErrors),
      preExistingCount: s.preExistingCount,
      fixedCount: s.fixedCount,
      ...(s.tests ? { tests: s.tests } : {}),
      ...(s.containment ? { containment: s.containment } : {}),
      ...(reruns?.has(step.id) ? { rerun: { ...(reruns.get(step.id) as RerunProvenance) } } : {}),
      ...(s.baselineSource ? { baselineSource: s.baselineSource } : {}),
    };
  });
  const configMismatch = evidence.configSha256 === sha256(configText) ? undefined : 'the verify run used another configuration than the base branch has now (rebase, or re-run the verify workflow)';
  return { steps: verdicts, ...(evidence.baselineError !== undefined ? { baselineError: evidence.baselineError } : {}), ...(configMismatch ? { configMismatch } : {}) };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function withoutRanFiles(tests: StepTests): StepTests {
  const { ranFiles: _dropped, ...rest } = tests;
  return rest;
}
