/**
 * Verify steps compared with the baseline, and the reasons they give: new findings in a required
 * step FAIL, a required step that could not run BLOCKS (fail closed), pre-existing findings are
 * reported but not counted, and a step that did not run is SKIPPED, never passed.
 */
import type { Finding } from '../verify/finding.js';
import type { StepResult, StepStatus } from '../verify/step-result.js';
import { compareWithBaseline } from '../verify/compare-baseline.js';
import type { Reason } from '../reasons.js';
import { describeContainment, type Containment } from '../verify/containment.js';
import { describeCase, stepTests, type StepTests, type TestCase } from '../verify/test-ledger.js';
import { baseTestsFailures, type BaseTestsRun } from '../verify/base-tests.js';

/** The test ledgers beside the findings: the base's cases per step, and the base-tests-against-head runs. */
export interface LedgerInputs {
  /** Step id → the base's test cases (steps whose base run produced a report). */
  baseTests?: ReadonlyMap<string, readonly TestCase[]>;
  /** Step id → the run of the base's versions of the changed test files against the head's code. */
  baseTestsRuns?: ReadonlyMap<string, BaseTestsRun>;
}

/** A step's result after the baseline comparison. */
export interface StepVerdict {
  id: string;
  required: boolean;
  status: StepStatus;
  durationMs: number;
  exitCode: number | null;
  error?: string;
  /** Whether a baseline was available for this step. */
  baselined: boolean;
  newFindings: Finding[];
  preExisting: Finding[];
  fixed: Finding[];
  /** New findings of severity `error` (what the verdict counts). */
  newErrors: number;
  /** How the step's processes were contained on the runner. */
  containment?: Containment;
  /** Counts when the lists themselves were not carried (verification evidence read by the trusted gate). */
  preExistingCount?: number;
  fixedCount?: number;
  /** The test ledger (steps with a test report): counts on both sides, missing and skipped cases. */
  tests?: StepTests;
  /**
   * The result comes from a `/gate rerun` of this step (partial evidence merged by the trusted side):
   * the workflow run, when it started (GitHub's facts) and, from the bot's record reply, who asked.
   */
  rerun?: { runId: number; startedAt: string; by?: string };
  /** Where the base's result came from (issue 12: baseline once per base). */
  baselineSource?: BaselineSource;
  /** The default branch's push run whose published baseline backed the pre-existing claims (trusted side). */
  baselineCheckedBy?: number;
}

/** Where a step's base result came from: a baseline artifact of a push run, the local cache, or run now. */
export type BaselineSource = { kind: 'artifact'; runId: number } | { kind: 'cache' } | { kind: 'computed' };

/** `workflow run 123, started 2026-11-24 13:02 UTC, asked by alice` (times in UTC, to the minute). */
export function describeRerun(rerun: NonNullable<StepVerdict['rerun']>): string {
  const at = Number.isNaN(Date.parse(rerun.startedAt)) ? rerun.startedAt : `${new Date(rerun.startedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `workflow run ${rerun.runId}, started ${at}${rerun.by ? `, asked by ${rerun.by}` : ''}`;
}


/** Pre-existing and fixed counts of a step, whether it carries the lists or only the counts. */
export function stepCounts(s: StepVerdict): { preExisting: number; fixed: number } {
  return { preExisting: s.preExistingCount ?? s.preExisting.length, fixed: s.fixedCount ?? s.fixed.length };
}

/**
 * @param baseline step id → base findings; `undefined` when no baseline could be obtained at all
 * @param baselineSteps ids of steps that take part in the baseline (`baseline: true`)
 */
export function compareSteps(steps: readonly StepResult[], baseline: ReadonlyMap<string, Finding[]> | undefined, baselineSteps: ReadonlySet<string>, ledgers: LedgerInputs = {}): StepVerdict[] {
  return steps.map((step) => {
    const baseCases = baselineSteps.has(step.id) ? ledgers.baseTests?.get(step.id) : undefined;
    const run = ledgers.baseTestsRuns?.get(step.id);
    const tests: StepTests | undefined = step.tests && step.status !== 'error' ? { ...stepTests(step.tests, baseCases), ...(run ? baseTestsFailures(run, baseCases) : {}) } : undefined;
    const base = baseline && baselineSteps.has(step.id) ? (baseline.get(step.id) ?? []) : undefined;
    const { newFindings, preExisting, fixed } = step.status === 'error' || step.status === 'skipped' ? { newFindings: [], preExisting: [], fixed: [] } : compareWithBaseline(step.findings, base);
    return {
      id: step.id,
      required: step.required,
      status: step.status,
      durationMs: step.durationMs,
      exitCode: step.exitCode,
      ...(step.error !== undefined ? { error: step.error } : {}),
      ...(step.containment ? { containment: step.containment } : {}),
      baselined: base !== undefined,
      newFindings,
      preExisting,
      fixed,
      newErrors: newFindings.filter((f) => f.severity === 'error').length,
      ...(tests ? { tests } : {}),
    };
  });
}

/** The reasons the verify steps give (one per step and kind, not one per finding). */
export function verifyReasons(steps: readonly StepVerdict[], baselineError: string | undefined): Reason[] {
  const reasons: Reason[] = [];
  if (steps.length === 0) reasons.push({ code: 'verify.nothing-verified', level: 'info', message: 'no verify step is configured (verify.steps): no lint, type check or test was run; only the handoffs and the diff were checked' });
  if (baselineError) reasons.push({ code: 'verify.baseline-unavailable', level: 'warn', message: `baseline unavailable, every finding counts as new: ${baselineError}` });
  for (const s of steps) {
    if (s.containment && s.containment.level !== 'pid-namespace') {
      reasons.push({ code: 'verify.containment-weak', level: 'warn', rule: s.id, message: `${s.id}: ran without a PID namespace, ${describeContainment(s.containment)}` });
    }
    if (s.status === 'error') {
      reasons.push({ code: s.required ? 'verify.step-error' : 'verify.optional-step-error', level: s.required ? 'block' : 'warn', rule: s.id, message: `${s.id}: ${s.error ?? 'did not complete'}` });
    } else if (s.status === 'skipped') {
      reasons.push({ code: 'verify.skipped', level: s.required ? 'block' : 'info', rule: s.id, message: `${s.id}: SKIPPED${s.error ? ` (${s.error})` : ''}` });
    }
    if (s.newErrors > 0) {
      const first = s.newFindings.find((f) => f.severity === 'error');
      reasons.push({
        code: 'verify.new-findings',
        level: s.required ? 'fail' : 'warn',
        rule: s.id,
        ...(first?.file ? { file: first.file } : {}),
        ...(first?.line ? { line: first.line } : {}),
        message: `${s.id}: ${s.newErrors} new error finding(s)${first ? `, first: ${first.file ? `${first.file}${first.line ? `:${first.line}` : ''} ` : ''}${first.rule} ${first.message.split('\n')[0]}` : ''}`,
      });
    }
    reasons.push(...ledgerReasons(s));
    const preErrors = s.preExisting.filter((f) => f.severity === 'error').length;
    if (preErrors > 0) reasons.push({ code: 'verify.pre-existing', level: 'info', rule: s.id, message: `${s.id}: ${preErrors} pre-existing error finding(s) also on the base (not counted)` });
  }
  return reasons;
}

/**
 * The test ledger's reasons for one step: passed-on-base cases missing or skipped on the head, and
 * base tests that fail against the head's code. Block when the step is required (approvable per rule).
 */
function ledgerReasons(s: StepVerdict): Reason[] {
  const t = s.tests;
  if (!t) return [];
  const level = s.required ? 'block' : 'warn';
  const list = (cases: readonly { name: string; file?: string }[], count: number) => `${cases.slice(0, 5).map(describeCase).join('; ')}${count > 5 ? `; … ${count - 5} more` : ''}`;
  const reasons: Reason[] = [];
  if (t.missingCount > 0) reasons.push({ code: 'verify.test-missing', level, rule: s.id, ...(t.missing[0]?.file ? { file: t.missing[0].file } : {}), message: `${s.id}: ${t.missingCount} test(s) that passed on the base did not run on the head: ${list(t.missing, t.missingCount)}` });
  if (t.skippedCount > 0) reasons.push({ code: 'verify.test-skipped', level, rule: s.id, ...(t.skipped[0]?.file ? { file: t.skipped[0].file } : {}), message: `${s.id}: ${t.skippedCount} test(s) that passed on the base were skipped on the head: ${list(t.skipped, t.skippedCount)}` });
  if (t.baseTestsFailed && t.baseTestsFailed.length > 0) {
    reasons.push({
      code: 'verify.base-tests-fail',
      level,
      rule: s.id,
      ...(t.baseTestsFailed[0]?.file ? { file: t.baseTestsFailed[0].file } : {}),
      message: `${s.id}: the base's version of the changed tests fails against the head's code (${(t.baseTestsFiles ?? []).join(', ')} restored): ${list(t.baseTestsFailed, t.baseTestsFailed.length)}`,
    });
  }
  return reasons;
}
