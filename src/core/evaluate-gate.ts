/**
 * The gate: from the change, the handoffs, the verify results and the review state to one
 * `GateResult`. Pure apart from reading files through the `TreeReader` port it is given.
 */
import { createHash } from 'node:crypto';
import type { GateConfig } from './config/config-schema.js';
import type { ConfigProblem } from './config/load-config.js';
import type { ChangedFile } from './diff/changed-file.js';
import { evaluateGates, type ReviewState } from './gates/evaluate-gates.js';
import { applyRuleApprovals } from './gates/rule-approvals.js';
import { withoutLedgerCoveredDeletions } from './verify/ledger-coverage.js';
import { testsNotRunReasons } from './verify/tests-not-run.js';
import { checkPaths, checkBranch } from './guardrails/path-rules.js';
import { scanDiff } from './guardrails/scan-diff.js';
import { checkTestsDeleted } from './guardrails/tests-deleted.js';
import { checkVerifyConfig } from './guardrails/verify-config.js';
import { checkHarnessTampering } from './guardrails/harness-tampering/check-harness-tampering.js';
import { checkAppendOnly } from './handoff/append-only.js';
import { checkDelegation, checkIdempotencyKeys, checkStatus } from './handoff/cross-checks.js';
import type { DecodeError } from './handoff/decode-text.js';
import { decodeProblem } from './handoff/read-handoff-text.js';
import { checkEmptyDeliverables } from './handoff/deliverable-content.js';
import { checkEmptyHandoffFiles, checkHandoffHistory } from './handoff/history-checks.js';
import { baseStepIds } from './handoff/base-handoffs.js';
import { checkDependencyGraph, unresolvedDependencies } from './handoff/dependency-graph.js';
import { HANDOFF_SCHEMAS } from './handoff/schema-registry.js';
import { checkStubDeliverables } from './handoff/stub-deliverables.js';
import { checkArtifacts, checkDeliverables } from './handoff/tree-checks.js';
import { validateHandoffFile, type HandoffProblem, type ValidHandoff } from './handoff/validate-handoff.js';
import { sortReasons, type Reason, type ReasonCode } from './reasons.js';
import type { GateResult, HandoffSummary } from './result.js';
import { readRunReport, runReportReasons } from './review/run-report.js';
import { checkClaims } from './verdict/check-claims.js';
import { conclusionOf, decisionOf, verdictOf } from './verdict/verdict.js';
import { compareSteps, verifyReasons, type LedgerInputs, type StepVerdict } from './verdict/verify-reasons.js';
import type { Finding } from './verify/finding.js';
import type { StepResult } from './verify/step-result.js';

/** Reads files of the base and head trees; `undefined` when the file does not exist there. */
export interface TreeReader {
  readHead(path: string): Promise<Uint8Array | undefined>;
  readBase(path: string): Promise<Uint8Array | undefined>;
  /**
   * Paths of the base tree matching picomatch `globs` (for the handoff history). Optional: without
   * it the history checks report `handoff.history-unavailable`. Throws when the listing fails.
   */
  listBase?(globs: readonly string[]): Promise<string[]>;
}

export interface GateInput {
  config: GateConfig;
  /** The configuration text as read from the base (hashed into `inputs.config`). */
  configText: string;
  /** Problems in that text; when any, `config` is the defaults and the gate BLOCKS. */
  configProblems: readonly ConfigProblem[];
  files: readonly ChangedFile[];
  base?: string;
  head?: string;
  branch?: string;
  /**
   * Contents at the head of the changed handoff files (`selectHandoffPaths`), decoded with
   * `decodeText`; a file that is not valid UTF-8 carries `decodeError` (and is reported, not parsed).
   */
  handoffFiles: readonly { path: string; text: string; decodeError?: DecodeError }[];
  /** Contents at the head of the changed run reports (`selectRunReportPaths`). */
  runReports: readonly { path: string; text: string }[];
  steps: readonly StepResult[];
  /** Step id → base findings; `undefined` when no baseline is used or it could not be obtained. */
  baseline?: ReadonlyMap<string, Finding[]>;
  baselineError?: string;
  /** The base's test ledgers and the base-tests-against-head runs (issue 9). */
  ledgers?: LedgerInputs;
  /**
   * Verify results already compared with the baseline elsewhere (the App's companion workflow);
   * when given, `steps` and `baseline` are not used.
   */
  stepVerdicts?: readonly StepVerdict[];
  /** Why the verification evidence could not be taken (missing, stale, failed run, malformed): always BLOCKS. */
  evidenceProblem?: { code: EvidenceProblemCode; message: string };
  /** Re-runs that changed nothing (failed, refused, still running): reported, never weighed. */
  verificationNotes?: readonly { code: Extract<ReasonCode, 'verify.rerun-ignored' | 'verify.rerun-pending'>; message: string }[];
  reviewState: ReviewState;
  tree: TreeReader;
}

/** The reason codes of evidence that could not be taken. */
export type EvidenceProblemCode = Extract<ReasonCode, `verify.evidence-${string}`>;

const decoder = new TextDecoder();

/** Runs every check and returns the result. Never throws on bad input (bad files become reasons). */
export async function evaluateGate(input: GateInput): Promise<GateResult> {
  const { config, files } = input;
  const reasons: Reason[] = [];
  const readText = (read: (p: string) => Promise<Uint8Array | undefined>) => async (p: string) => {
    const bytes = await read(p);
    return bytes ? decoder.decode(bytes) : undefined;
  };
  const readBaseText = readText((p) => input.tree.readBase(p));
  const readHeadText = readText((p) => input.tree.readHead(p));

  for (const p of input.configProblems) {
    reasons.push({ code: 'config.invalid', level: 'block', file: p.file, line: p.line, column: p.column, message: `${p.message} (expected ${p.expected}, found ${p.found})` });
  }

  // Handoffs: parse and validate every file; one bad file never hides the others.
  const valid: ValidHandoff[] = [];
  const handoffProblems: HandoffProblem[] = [];
  const documentCounts: { path: string; documentCount: number }[] = [];
  for (const file of input.handoffFiles) {
    if (file.decodeError) {
      handoffProblems.push(decodeProblem(file.path, file.decodeError));
      continue;
    }
    const result = validateHandoffFile(file.path, file.text, { maxBytes: config.handoffs.maxBytes, maxDepth: 64, maxAliases: 100, maxDocuments: 100 });
    handoffProblems.push(...result.problems);
    documentCounts.push({ path: file.path, documentCount: result.documentCount });
    for (const h of result.valid) {
      if (config.handoffs.versions.includes(h.handoff.schemaVersion)) valid.push(h);
      else handoffProblems.push({ code: 'handoff.unknown-version', file: h.file, documentIndex: h.documentIndex, ...h.locate('/schemaVersion'), pointer: '/schemaVersion', expected: `one of ${config.handoffs.versions.join(', ')} (handoffs.versions)`, found: JSON.stringify(h.handoff.schemaVersion), message: `schemaVersion ${h.handoff.schemaVersion} is not accepted by this repository's configuration` });
    }
  }
  for (const p of handoffProblems) {
    reasons.push({ code: p.code, level: 'fail', file: p.file, line: p.line, column: p.column, message: `${p.message} (at ${p.pointer || '/'}: expected ${p.expected}, found ${p.found})` });
  }
  if (config.handoffs.required && input.handoffFiles.length === 0) {
    reasons.push({ code: 'handoff.missing', level: 'fail', message: `no handoff document changed (looked for ${config.handoffs.paths.join(', ')})` });
  }
  // The base tree is listed at most once per evaluation: the history checks and dependsOn both need it
  // (in the App each listing is a git trees API request).
  const baseTree = { readBase: (p: string) => input.tree.readBase(p), ...listedOnce(input.tree) };
  const baseSteps = unresolvedDependencies(valid).length > 0 ? await baseStepIds(baseTree, config, input.handoffFiles.map((f) => f.path)) : undefined;
  reasons.push(...checkStatus(valid), ...checkIdempotencyKeys(valid), ...checkDelegation(valid, config), ...checkDependencyGraph(valid, baseSteps));
  reasons.push(...(await checkArtifacts(valid, (p) => input.tree.readHead(p))));
  reasons.push(...(await checkDeliverables(valid, async (p) => (await input.tree.readHead(p)) !== undefined)));
  reasons.push(...(await checkStubDeliverables(valid, files, readHeadText)));
  reasons.push(...(await checkAppendOnly(files, config, readBaseText, readHeadText)));
  reasons.push(...checkEmptyHandoffFiles(documentCounts), ...(await checkEmptyDeliverables(valid, (p) => input.tree.readHead(p))));
  reasons.push(...(await checkHandoffHistory(valid, config, { ...(baseTree.listBase ? { listBase: baseTree.listBase } : {}), readBase: readBaseText })));

  // Guardrails over the diff.
  // The regex count of test declarations only for files the base's test ledgers do not cover.
  const testsDeleted = await withoutLedgerCoveredDeletions(await checkTestsDeleted(files, config, readBaseText, readHeadText), input.ledgers?.baseTests, readBaseText);
  const guardrailReasons = [...(await scanDiff(files, config, readBaseText)), ...checkPaths(files, config), ...checkBranch(input.branch, config), ...testsDeleted, ...(await checkVerifyConfig(files, config, readBaseText, readHeadText)), ...(await checkHarnessTampering(files, config, readHeadText))];
  reasons.push(...guardrailReasons);

  // Verification against the baseline, and the agent's claims against it.
  const baselineSteps = new Set(config.verify.steps.filter((s) => s.baseline).map((s) => s.id));
  const steps = input.stepVerdicts ? [...input.stepVerdicts] : compareSteps(input.steps, input.baseline, baselineSteps, input.ledgers);
  reasons.push(...verifyReasons(steps, input.baselineError), ...checkClaims(valid, steps), ...testsNotRunReasons(files, config.guardrails.testsDeleted.paths, steps));
  if (input.evidenceProblem) reasons.push({ ...input.evidenceProblem, level: 'block' });
  for (const note of input.verificationNotes ?? []) reasons.push({ ...note, level: 'warn' });

  // Run reports.
  const runReports = input.runReports.map((r) => readRunReport(r.path, r.text));
  reasons.push(...runReportReasons(runReports, config));

  // Approval gates and the people's state.
  const { gates, reasons: gateReasons } = evaluateGates(
    config,
    {
      changedPaths: files.flatMap((f) => [f.path, ...(f.previousPath ? [f.previousPath] : [])]),
      requestedRoles: valid.flatMap((h) => (h.handoff.requiresApproval ? [h.handoff.requiresApproval] : [])),
      excusedHits: guardrailReasons.filter((r) => r.code === 'guardrail.excused').length,
    },
    input.reviewState,
  );
  reasons.push(...gateReasons);
  // Per-rule approvals clear blocks of approvable rules (issue 9 item 6).
  const ruled = applyRuleApprovals(reasons, config, input.reviewState);
  gates.push(...ruled.gates);

  const sorted = sortReasons(ruled.reasons);
  const verdict = verdictOf(sorted);
  const decision = decisionOf(verdict, input.reviewState.rejection !== undefined);
  const regressionDetected = steps.some((s) => s.newErrors > 0) || sorted.some((r) => r.code === 'handoff.claim-mismatch' && r.level === 'fail');
  return {
    reportVersion: '1.0',
    verdict,
    decision,
    acceptance: decision === 'accepted',
    conclusion: conclusionOf(decision),
    regressionDetected,
    safeToMerge: verdict === 'PASS' && decision === 'accepted',
    reasons: sorted,
    handoffs: valid.map(summarise),
    handoffProblems,
    configProblems: [...input.configProblems],
    steps,
    gates,
    runReports,
    context: { ...(input.base ? { base: input.base } : {}), ...(input.head ? { head: input.head } : {}), ...(input.branch ? { branch: input.branch } : {}), changedFiles: files.length },
    inputs: {
      config: sha256(input.configText),
      schemas: sha256(JSON.stringify(HANDOFF_SCHEMAS)),
      handoffs: sha256(input.handoffFiles.map((f) => `${f.path}\0${f.text}`).join('\0')),
      findings: sha256(steps.flatMap((s) => [...s.newFindings, ...s.preExisting].map((f) => f.fingerprint)).sort().join(',')),
    },
  };
}

function summarise(h: ValidHandoff): HandoffSummary {
  const d = h.handoff;
  return {
    file: h.file,
    documentIndex: h.documentIndex,
    workflowRunId: d.workflowRunId,
    stepId: d.stepId,
    attempt: d.attempt,
    agent: d.agent,
    status: d.status,
    summary: d.summary,
    dependsOn: d.dependsOn ?? [],
    risks: d.risks ?? [],
    followUps: d.followUps ?? [],
    deliverables: d.deliverables ?? [],
    ...(d.metrics ? { metrics: d.metrics } : {}),
    ...(d.resultQualityScore !== undefined ? { resultQualityScore: d.resultQualityScore } : {}),
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The reader's `listBase`, answering each set of globs once (absent when the reader cannot list). */
function listedOnce(tree: TreeReader): { listBase?: (globs: readonly string[]) => Promise<string[]> } {
  const list = tree.listBase?.bind(tree);
  if (!list) return {};
  const listings = new Map<string, Promise<string[]>>();
  return {
    listBase: (globs) => {
      const key = JSON.stringify(globs);
      let listing = listings.get(key);
      if (!listing) listings.set(key, (listing = list(globs)));
      return listing;
    },
  };
}

