/**
 * Runs the base's tests against the head's code (issue 9 item 2): in a temporary worktree of the head,
 * the existing test and test-infrastructure files the change modified or deleted are restored to their
 * base version and `verify.setup` runs; the protected test steps then run there in the same batch as
 * the head's and the base's steps (one parallelism limit for all). Their cases are compared with the
 * base's in the core (`baseTestsFailures`). Prepared only when such files changed.
 */
import type { GateConfig, VerifyStepConfig } from '../core/config/config-schema.js';
import type { ChangedFile } from '../core/diff/changed-file.js';
import { protectedTestFiles, type BaseTestsRun } from '../core/verify/base-tests.js';
import { stepFormat } from '../core/verify/runners.js';
import { interpretStep, type StepRun } from '../core/verify/step-result.js';
import type { TestCase } from '../core/verify/test-ledger.js';
import { checkoutPaths, git } from './git.js';
import type { StepJob } from './run-steps.js';
import { linkDependencies, runSetup } from './setup.js';

/** Steps whose tests are protected: `protectTests`, by default every baselined `junit` step. */
export function protectedSteps(config: GateConfig): VerifyStepConfig[] {
  return config.verify.steps.filter((s) => s.baseline && (s.protectTests ?? stepFormat(s) === 'junit'));
}

export interface BaseTestsOptions {
  repo: string;
  config: GateConfig;
  files: readonly ChangedFile[];
  baseSha: string;
  headSha: string;
  headDir: string;
  /** Creates a temporary worktree of the head (removed by the caller). */
  headWorktree: () => Promise<string>;
  env: NodeJS.ProcessEnv;
}

/** A prepared base-tests run: the jobs to add to the batch, or why it cannot run. */
export interface PreparedBaseTests {
  steps: VerifyStepConfig[];
  files: string[];
  diff: string;
  /** The checkout to run in; absent when preparing failed (`error`). */
  dir?: string;
  error?: string;
}

/**
 * Prepares the run, or returns `undefined` when no protected test file changed or no step is protected.
 * Never throws: a failure to prepare comes back as `error` (every protected step then fails closed).
 */
export async function prepareBaseTests(options: BaseTestsOptions): Promise<PreparedBaseTests | undefined> {
  const { config } = options;
  const steps = protectedSteps(config);
  const files = protectedTestFiles(options.files, config.guardrails.testsDeleted.paths, [...config.verify.testInfraPaths, ...config.guardrails.verifyConfig.paths]);
  if (steps.length === 0 || files.length === 0) return undefined;
  const diff = await git(options.repo, ['diff', '--no-color', '--no-ext-diff', options.baseSha, options.headSha, '--', ...files]).catch(() => '');
  let dir: string;
  try {
    dir = await options.headWorktree();
    await checkoutPaths(dir, options.baseSha, files);
  } catch (error) {
    return { steps, files, diff, error: `could not prepare the head with the base's tests: ${(error as Error).message}` };
  }
  await linkDependencies(config, options.headDir, dir, true); // the head's own code: its dependencies are the head's
  const setupError = await runSetup(config, dir, options.env, 'head with base tests');
  return setupError ? { steps, files, diff, error: setupError } : { steps, files, diff, dir };
}

/** The jobs of a prepared run (none when it could not be prepared). */
export function baseTestsJobs(prepared: PreparedBaseTests | undefined): StepJob[] {
  const dir = prepared?.dir;
  return dir ? (prepared as PreparedBaseTests).steps.map((step) => ({ step, cwd: dir, label: 'base tests' })) : [];
}

/**
 * Step id → the run's cases, for the steps whose base produced a ledger (`baseTests`).
 *
 * @param runs the results of `baseTestsJobs(prepared)`, in that order
 */
export function collectBaseTests(prepared: PreparedBaseTests | undefined, runs: readonly StepRun[], baseTests: ReadonlyMap<string, readonly TestCase[]>): Map<string, BaseTestsRun> {
  const out = new Map<string, BaseTestsRun>();
  if (!prepared) return out;
  const { files, diff } = prepared;
  prepared.steps.forEach((step, i) => {
    if (!baseTests.has(step.id)) return;
    const run = runs[i];
    if (!prepared.dir || !run) {
      out.set(step.id, { files, diff, error: prepared.error ?? 'did not run' });
      return;
    }
    const result = interpretStep(step, run, prepared.dir);
    out.set(step.id, result.status === 'error' || !result.tests ? { files, diff, error: result.error ?? 'no test report' } : { files, diff, cases: result.tests });
  });
  return out;
}
