/**
 * Turns what a verify step's process did into a `StepResult`: findings through the configured
 * parser, and a fail-closed status (a step that timed out, crashed, wrote unparseable output or
 * exited non-zero without reporting why is an `error`, never a pass).
 */
import type { VerifyStepConfig } from '../config/config-schema.js';
import type { Containment } from './containment.js';
import { withFingerprints, type Finding } from './finding.js';
import { PARSERS } from './parsers/index.js';
import { stripAnsi } from './parsers/terminal-text.js';
import { stepFormat } from './runners.js';
import type { TestCase } from './test-ledger.js';

/** How the process ended, as the runner observed it. */
export type ProcessOutcome = 'completed' | 'timeout' | 'spawn-error' | 'output-limit' | 'report-missing' | 'escaped';

/** What the runner hands over for one step. Durations in milliseconds. */
export interface StepRun {
  id: string;
  outcome: ProcessOutcome;
  exitCode: number | null;
  signal?: string | null;
  durationMs: number;
  stdout: string;
  stderr: string;
  report?: string;
  /** Runner's own explanation for a non-`completed` outcome. */
  detail?: string;
  /** How the process was contained (absent when it was not started). */
  containment?: Containment;
}

/** `skipped`: configured but not run (or not configured and claimed). Never treated as passed. */
export type StepStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface StepResult {
  id: string;
  required: boolean;
  status: StepStatus;
  durationMs: number;
  exitCode: number | null;
  findings: Finding[];
  /** Why the step is `error` or `skipped`. */
  error?: string;
  /** How the step's processes were contained (absent when the step did not run). */
  containment?: Containment;
  /** The test cases its report listed (test-report formats): this side's test ledger. */
  tests?: TestCase[];
}

/** Exit codes of POSIX shells for "command not executable" (126) and "command not found" (127). */
const CANNOT_RUN_EXIT_CODES: Record<number, string> = { 126: 'the command is not executable (exit code 126)', 127: 'the command was not found (exit code 127)' };

/**
 * Interprets one finished step.
 *
 * @param root absolute path of the checkout it ran in (parsers make paths relative to it)
 */
export function interpretStep(step: VerifyStepConfig, run: StepRun, root: string): StepResult {
  const base = { id: step.id, required: step.required, durationMs: run.durationMs, exitCode: run.exitCode, ...(run.containment ? { containment: run.containment } : {}) };
  if (run.outcome !== 'completed') {
    return { ...base, status: 'error', findings: [], error: run.detail ?? describeOutcome(run) };
  }
  // Fail closed (issue 9): a step that could not run is an error, never a failure to compare with a baseline.
  if (run.signal) return { ...base, status: 'error', findings: [], error: `was killed by signal ${run.signal}` };
  if (run.exitCode === null) return { ...base, status: 'error', findings: [], error: 'ended without an exit code' };
  const cannotRun = CANNOT_RUN_EXIT_CODES[run.exitCode];
  if (cannotRun) {
    const tail = stripAnsi(run.stderr.trim() || run.stdout.trim()).slice(-300);
    return { ...base, status: 'error', findings: [], error: `${cannotRun}${tail ? `: ${tail}` : ''}` };
  }
  const format = stepFormat(step);
  const parsed = PARSERS[format]({ stdout: run.stdout, stderr: run.stderr, exitCode: run.exitCode, ...(run.report !== undefined ? { report: run.report } : {}) }, { root });
  if (parsed.error) return { ...base, status: 'error', findings: [], error: `${format} output: ${parsed.error}` };
  const findings = withFingerprints(step.id, parsed.findings);
  const tests = parsed.cases ? { tests: parsed.cases } : {};
  const errors = findings.filter((f) => f.severity === 'error').length;
  if (run.exitCode !== 0 && errors === 0) {
    const tail = stripAnsi(run.stderr.trim() || run.stdout.trim()).slice(-300);
    return { ...base, status: 'error', findings, ...tests, error: `exited with code ${String(run.exitCode)} but reported no error findings${tail ? `: ${tail}` : ''}` };
  }
  return { ...base, status: errors > 0 ? 'failed' : 'passed', findings, ...tests };
}

/** A step that was not run, with the reason. */
export function skippedStep(step: Pick<VerifyStepConfig, 'id' | 'required'>, why: string): StepResult {
  return { id: step.id, required: step.required, status: 'skipped', durationMs: 0, exitCode: null, findings: [], error: why };
}

function describeOutcome(run: StepRun): string {
  switch (run.outcome) {
    case 'timeout':
      return 'timed out and was killed';
    case 'spawn-error':
      return 'could not be started';
    case 'output-limit':
      return 'wrote more output than the limit; it was stopped';
    case 'report-missing':
      return 'did not write its report file';
    case 'escaped':
      return 'a process it started outlived the step and could not be killed';
    default:
      return 'did not complete';
  }
}
