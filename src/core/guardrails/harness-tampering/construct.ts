/**
 * The constructs of `guardrail.harness-tampering`: code under test that detects or patches the test
 * harness instead of doing the work. The families come from the public research on reward-hacking
 * coding agents: ImpossibleBench (arXiv 2510.20270) and METR's reports on models that monkey-patch
 * timers and grading code. Each language module (javascript.ts, python.ts) finds them in a parsed
 * file and reports the node's line range; the check keeps the ones the change added.
 */

/** Stable ids of the constructs (shown in messages; the reason's `rule` is `harness-tampering`). */
export type Construct =
  | 'test-runner-marker'
  | 'argv-test-runner'
  | 'reads-test-files'
  | 'assertion-patched'
  | 'clock-replaced'
  | 'process-exit'
  | 'exit-hook-writes';

/** One construct found in a file; lines are 1-based and inclusive. */
export interface ConstructHit {
  construct: Construct;
  startLine: number;
  endLine: number;
  /** What exactly was seen, e.g. `process.env.VITEST`; code from the change, escaped by renderers. */
  detail: string;
}

/** What each construct means, for messages. */
export const CONSTRUCT_TEXT: Record<Construct, string> = {
  'test-runner-marker': 'reads a test-runner marker',
  'argv-test-runner': 'checks the command line for a test runner',
  'reads-test-files': 'reads test files or expected outputs at run time',
  'assertion-patched': 'patches an assertion or test-runner module',
  'clock-replaced': 'replaces a clock or timer globally',
  'process-exit': 'forces the process to exit from library code',
  'exit-hook-writes': 'writes files from an exit hook',
};

/** Environment variables test runners set (Node's test runner, Vitest, Jest, Mocha, tap, pytest). */
export const MARKER_NAMES = new Set([
  'NODE_TEST_CONTEXT',
  'VITEST',
  'VITEST_WORKER_ID',
  'VITEST_POOL_ID',
  'VITEST_MODE',
  '__VITEST_POOL_ID__',
  'JEST_WORKER_ID',
  'MOCHA_WORKER_ID',
  'TAP',
  'TAP_CHILD_ID',
  'PYTEST_CURRENT_TEST',
  'PYTEST_XDIST_WORKER',
  'PYTEST_VERSION',
  '_called_from_test',
]);

/** A string naming a test runner (in a command-line check or a `sys.modules` lookup). */
export const TEST_RUNNER_WORD = /\b(?:vitest|jest|mocha|jasmine|ava|karma|playwright|pytest|_pytest|unittest|nose2?)\b|--test\b|node:test|\.(?:test|spec)\./i;

/**
 * A path (or path segment) of tests, snapshots, fixtures or expected outputs. `spec` as a bare
 * directory is left out on purpose: API specifications live in `spec/` in honest libraries.
 */
export const TEST_PATH = /(?:^|[/\\])(?:__tests__|__snapshots__|__fixtures__|__mocks__|tests?|fixtures?|expected(?:[-_]outputs?)?)(?:[/\\]|$)|\.(?:test|spec)\.[cm]?[jt]sx?$|\.snap$|(?:^|[/\\])(?:test_[\w-]*|[\w-]+_test|conftest)\.py$|(?:^|[/\\])expected[\w.-]*\.(?:json|txt|out|ya?ml)$/;
