/**
 * The base side of verification on its own (the Action's `mode: verify` on a push to the default
 * branch): the `baseline: true` verify steps run on the checked-out commit with that commit's
 * configuration, after `verify.setup`, contained as on a pull request, and the tool fingerprint a
 * pull request's base run would key them by (src/local/baseline-fingerprint.ts).
 */
import { availableParallelism } from 'node:os';
import type { VerifyStepConfig } from '../core/config/config-schema.js';
import { interpretStep, skippedStep, type StepResult, type StepRun } from '../core/verify/step-result.js';
import { baseFingerprint } from './baseline-fingerprint.js';
import { resolveRef, treeReader } from './git.js';
import { CONFIG_PATH, loadConfigAt } from './local-gate.js';
import { runSteps, type StepEvent } from './run-steps.js';
import { runSetup } from './setup.js';

export interface CommitBaseline {
  commitSha: string;
  configText: string;
  /** The configured `baseline: true` steps, in configuration order. */
  steps: VerifyStepConfig[];
  /** Their results on the commit, in the same order (`error` when the setup failed). */
  results: StepResult[];
  /** The tool fingerprint of every step (one per run). */
  fingerprint: string;
}

/**
 * Runs the baseline steps on the commit checked out in `repo`. Throws `ConfigError` for an invalid
 * configuration and `GitError` when `HEAD` cannot be resolved.
 */
export async function runBaselineOnCommit(options: { repo: string; configPath?: string; env: NodeJS.ProcessEnv; onStepEvent?: (e: StepEvent) => void }): Promise<CommitBaseline> {
  const { repo } = options;
  const commitSha = await resolveRef(repo, 'HEAD');
  const { config, configText } = await loadConfigAt(treeReader(repo, commitSha), options.configPath ?? CONFIG_PATH);
  const steps = config.verify.steps.filter((s) => s.baseline);
  const fingerprint = await baseFingerprint(repo, commitSha, config.verify.setup?.run);
  if (steps.length === 0 || config.baseline.mode !== 'worktree') return { commitSha, configText, steps: [], results: [], fingerprint };
  const setupError = await runSetup(config, repo, options.env, 'base');
  if (setupError) return { commitSha, configText, steps, results: steps.map((s) => ({ ...skippedStep(s, setupError), status: 'error' as const })), fingerprint };
  const runs = await runSteps(steps.map((step) => ({ step, cwd: repo, label: 'base' })), config.verify.parallelism || availableParallelism(), options.env, options.onStepEvent, config.verify);
  return { commitSha, configText, steps, results: steps.map((step, i) => interpretStep(step, runs[i] as StepRun, repo)), fingerprint };
}
