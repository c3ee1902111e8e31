/**
 * The whole gate on a local checkout: read the configuration from the base, diff base..head, read
 * handoffs and run reports at the head, run the verify steps on the head and (for the baseline) on
 * the merge base in a temporary `git worktree`, then evaluate. Used by the CLI and the Action.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GateConfig, VerifyStepConfig } from '../core/config/config-schema.js';
import { loadConfig, type ConfigProblem } from '../core/config/load-config.js';
import { parseUnifiedDiff, type ChangedFile } from '../core/diff/changed-file.js';
import { handoffText } from '../core/handoff/read-handoff-text.js';
import { evaluateGate } from '../core/evaluate-gate.js';
import { EMPTY_REVIEW_STATE, type ReviewState } from '../core/gates/evaluate-gates.js';
import type { GateResult } from '../core/result.js';
import { diffMaterials } from '../core/review/llm/diff-material.js';
import { materialsOf, type Material } from '../core/review/llm/untrusted-material.js';
import { compareSteps, type BaselineSource, type LedgerInputs, type StepVerdict } from '../core/verdict/verify-reasons.js';
import type { TestCase } from '../core/verify/test-ledger.js';
import { selectHandoffPaths, selectRunReportPaths } from '../core/select-files.js';
import { parseBaselineFile } from '../core/verify/baseline-file.js';
import type { Finding } from '../core/verify/finding.js';
import { interpretStep, skippedStep, type StepResult, type StepRun } from '../core/verify/step-result.js';
import { cacheDir, cacheKey, readCachedResults, writeCachedResult } from './baseline-cache.js';
import { baseFingerprint } from './baseline-fingerprint.js';
import { reuseBaseline, type BaselineReuse } from './baseline-reuse.js';
import { withExactPaths } from './exact-paths.js';
import { addWorktree, currentBranch, diff, diffPaths, listFiles, mergeBase, removeWorktree, resolveRef, treeReader } from './git.js';
import { baseTestsJobs, collectBaseTests, prepareBaseTests } from './base-tests.js';
import { runSteps, type StepEvent, type StepJob } from './run-steps.js';
import { linkDependencies, runSetup, sameDependencies } from './setup.js';

/** Where the gate reads its configuration on the base commit (SPEC.md: never from the head). */
export const CONFIG_PATH = '.github/handoff-gate.yml';

export interface LocalGateOptions {
  repo: string;
  /** Base ref; the diff is taken from the merge base of `base` and `head`. */
  base: string;
  head: string;
  /** Head branch name for the branch policy; defaults to the checked-out branch. */
  branch?: string;
  /** Skip running verify steps (they are then reported SKIPPED, which BLOCKS when required). */
  skipVerify?: boolean;
  /** Configuration path on the base (default `.github/handoff-gate.yml`). */
  configPath?: string;
  /** The people's state, or a function that builds it from the base configuration (the timeline reducer). */
  reviewState?: ReviewState | ((config: GateConfig) => ReviewState);
  /** Called with the base configuration once verification is done, before the evaluation (e.g. to read reviews). */
  beforeEvaluate?: (config: GateConfig) => Promise<void>;
  env: NodeJS.ProcessEnv;
  onStepEvent?: (e: StepEvent) => void;
  /** Base results published elsewhere (the Action: the default branch's baseline artifact), looked up before any step runs. */
  baselineLookup?: BaselineReuse['lookup'];
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.file}:${p.line}:${p.column} ${p.message} (expected ${p.expected}, found ${p.found})`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Runs the gate. Throws `GitError` when a ref cannot be resolved and `ConfigError` when the base
 * configuration is invalid; everything about the change itself comes back in the result.
 */
export async function runLocalGate(options: LocalGateOptions): Promise<{ result: GateResult; config: GateConfig; baseSha: string; headSha: string; materials: Material[] }> {
  const { repo } = options;
  const { baseSha, headSha } = await resolveRange(repo, options.base, options.head);
  const readBase = treeReader(repo, baseSha);
  const readHead = treeReader(repo, headSha);
  const { config, configText } = await loadConfigAt(readBase, options.configPath ?? CONFIG_PATH);

  const [diffText, paths] = await Promise.all([diff(repo, baseSha, headSha), diffPaths(repo, baseSha, headSha)]);
  const files = withExactPaths(parseUnifiedDiff(diffText), paths);
  const readTexts = (paths: string[]) => Promise.all(paths.map(async (path) => handoffText(path, await readHead(path))));
  const [handoffFiles, runReports] = await Promise.all([readTexts(selectHandoffPaths(files, config)), readTexts(selectRunReportPaths(files, config))]);

  const verify = options.skipVerify
    ? ({ steps: config.verify.steps.map((s) => skippedStep(s, 'verification was skipped (--skip-verify)')), ledgers: {} } satisfies VerifyOutcome as VerifyOutcome)
    : await verifyLocally(repo, config, baseSha, headSha, files, options);

  const branch = options.branch ?? (await currentBranch(repo));
  await options.beforeEvaluate?.(config);
  const result = await evaluateGate({
    config,
    configText,
    configProblems: [],
    files,
    base: baseSha,
    head: headSha,
    ...(branch ? { branch } : {}),
    handoffFiles,
    runReports,
    steps: verify.steps,
    ...(verify.baseline ? { baseline: verify.baseline } : {}),
    ...(verify.baselineError ? { baselineError: verify.baselineError } : {}),
    ledgers: verify.ledgers,
    reviewState: typeof options.reviewState === 'function' ? options.reviewState(config) : (options.reviewState ?? EMPTY_REVIEW_STATE),
    tree: { readHead, readBase, listBase: (globs) => listFiles(repo, baseSha, globs) },
  });
  return { result, config, baseSha, headSha, materials: [...materialsOf(runReports, handoffFiles), ...diffMaterials(files)] };
}

interface VerifyOutcome {
  steps: StepResult[];
  baseline?: Map<string, Finding[]>;
  baselineError?: string;
  ledgers: LedgerInputs;
  /** Step id → where its base result came from (steps with a base result only). */
  baseSources?: Map<string, BaselineSource>;
}

async function verifyLocally(repo: string, config: GateConfig, baseSha: string, headSha: string, files: readonly ChangedFile[], options: Pick<LocalGateOptions, 'env' | 'onStepEvent' | 'baselineLookup'> & { configText?: string }): Promise<VerifyOutcome> {
  if (config.verify.steps.length === 0) return { steps: [], ledgers: {} };
  const parallelism = config.verify.parallelism || availableParallelism();
  const headIsCheckedOut = (await resolveRef(repo, 'HEAD').catch(() => '')) === headSha;
  const temp: { parent: string; dir: string }[] = [];
  try {
    const headDir = headIsCheckedOut ? repo : await worktree(repo, headSha, temp);
    if (!headIsCheckedOut) await linkDependencies(config, repo, headDir, true); // as before issue 9: the checkout's dependencies serve the head
    const baselineSteps = config.verify.steps.filter((s) => s.baseline);
    let baseDir: string | undefined;
    let baselineError: string | undefined;
    let baseline: Map<string, Finding[]> | undefined;
    // Base results cached for this base commit, read before any step of the change runs (see baseline-cache.ts).
    const cache = config.baseline.mode === 'worktree' && config.baseline.cache && baselineSteps.length > 0 ? await openBaselineCache(repo, baseSha, baselineSteps, config.verify.setup?.run) : undefined;
    const reused = await reuseBaseline(repo, baseSha, baselineSteps, config.verify.setup?.run, options.configText, config.baseline.mode === 'worktree' ? options.baselineLookup : undefined, cache?.hits);
    const baseToRun = baselineSteps.filter((s) => !cache?.hits.has(s.id) && !reused.hits.has(s.id));
    if (config.baseline.mode === 'worktree' && baseToRun.length > 0) {
      baseDir = await worktree(repo, baseSha, temp).catch((error: Error) => {
        baselineError = `could not create a worktree of the merge base: ${error.message}`;
        return undefined;
      });
      // The base gets the head's dependencies only when its dependency files are the same (issue 9).
      if (baseDir) await linkDependencies(config, headDir, baseDir, await sameDependencies(treeReader(repo, baseSha), treeReader(repo, headSha)));
    } else if (config.baseline.mode === 'file') {
      const text = await treeReader(repo, baseSha)(config.baseline.file);
      const parsed = text ? parseBaselineFile(new TextDecoder().decode(text)) : { ok: false as const, error: `${config.baseline.file} does not exist on the base` };
      if (parsed.ok) baseline = parsed.byStep;
      else baselineError = parsed.error;
    }
    const [headSetupError, baseSetupError, baseTestsRun] = await Promise.all([
      runSetup(config, headDir, options.env, 'head'),
      baseDir ? runSetup(config, baseDir, options.env, 'base') : undefined,
      // The base's ledger may come from the cache, so the base-tests run does not need a base worktree.
      config.baseline.mode === 'worktree' ? prepareBaseTests({ repo, config, files, baseSha, headSha, headDir, headWorktree: () => worktree(repo, headSha, temp), env: options.env }) : undefined,
    ]);
    if (baseSetupError) {
      baselineError = baseSetupError;
      baseDir = undefined;
    }
    if (headSetupError) return { steps: config.verify.steps.map((s) => ({ ...skippedStep(s, headSetupError), status: 'error' as const })), ...(baselineError ? { baselineError } : {}), ledgers: {} };
    const extraJobs = baseTestsJobs(baseTestsRun);
    const jobs: StepJob[] = [
      ...config.verify.steps.map((step) => ({ step, cwd: headDir, label: 'head' })),
      ...(baseDir ? baseToRun.map((step) => ({ step, cwd: baseDir as string, label: 'base' })) : []),
      ...extraJobs,
    ];
    const runs = await runSteps(jobs, parallelism, options.env, options.onStepEvent, config.verify);
    const steps = config.verify.steps.map((step, i) => interpretStep(step, runs[i] as StepRun, headDir));
    const baseTests = new Map<string, TestCase[]>();
    for (const [id, result] of [...(cache?.hits ?? []), ...reused.hits]) if (result.tests) baseTests.set(id, result.tests);
    if (baseDir || (cache && cache.hits.size > 0) || reused.hits.size > 0) {
      baseline = new Map();
      const failures: string[] = [];
      for (const [id, result] of [...(cache?.hits ?? []), ...reused.hits]) baseline.set(id, result.findings);
      for (const [i, step] of baseToRun.entries()) {
        if (!baseDir) break;
        const result = interpretStep(step, runs[config.verify.steps.length + i] as StepRun, baseDir);
        if (result.status === 'error') failures.push(`${step.id} on the base: ${result.error ?? 'error'}`);
        else baseline.set(step.id, result.findings);
        if (result.tests && result.status !== 'error') baseTests.set(step.id, result.tests);
        if (cache) await cache.store(step.id, result);
      }
      if (failures.length > 0) baselineError = failures.join('; ');
    }
    const baseTestsRuns = collectBaseTests(baseTestsRun, runs.slice(jobs.length - extraJobs.length), baseTests);
    return { steps, ...(baseline ? { baseline } : {}), ...(baselineError ? { baselineError } : {}), ledgers: { baseTests, baseTestsRuns }, baseSources: reused.sources(baseline) };
  } finally {
    for (const { parent, dir } of temp) {
      await removeWorktree(repo, dir);
      await rm(parent, { recursive: true, force: true });
    }
  }
}

/**
 * Opens the base-result cache for `steps` on `baseSha`: reads every hit now (before the change's code
 * runs) and returns a `store` for the misses. The fingerprint covers the base's dependency files and,
 * because the base worktree links the checkout's `node_modules`, the checkout's too.
 */
async function openBaselineCache(repo: string, baseSha: string, steps: readonly VerifyStepConfig[], setup: string | undefined) {
  const dir = await cacheDir(repo);
  const fingerprint = await baseFingerprint(repo, baseSha, setup);
  const keys = new Map(steps.map((s) => [s.id, cacheKey(baseSha, s, fingerprint)]));
  const hits = await readCachedResults(dir, keys);
  return { hits, store: (id: string, result: StepResult) => writeCachedResult(dir, keys.get(id) as string, result) };
}

/** Adds a temporary worktree of `commit` (dependencies are linked in by the caller, see `linkDependencies`). */
async function worktree(repo: string, commit: string, temp: { parent: string; dir: string }[]): Promise<string> {
  const parent = await mkdtemp(join(tmpdir(), 'handoff-gate-'));
  const dir = join(parent, 'tree');
  temp.push({ parent, dir });
  await addWorktree(repo, dir, commit);
  return dir;
}

/**
 * Runs the `baseline: true` verify steps on the checked-out commit of `repo` with that commit's
 * configuration (the working tree, as it is) and returns their findings, for a committed baseline file.
 * A step that cannot run is an error (a baseline must not silently miss a step).
 */
export async function collectBaseline(repo: string, env: NodeJS.ProcessEnv): Promise<{ findings: Finding[]; errors: string[]; file: string }> {
  const { config } = await loadConfigAt(treeReader(repo, await resolveRef(repo, 'HEAD')), CONFIG_PATH);
  const steps = config.verify.steps.filter((s) => s.baseline);
  const runs = await runSteps(steps.map((step) => ({ step, cwd: repo, label: 'baseline' })), config.verify.parallelism || availableParallelism(), env, undefined, config.verify);
  const results = steps.map((step, i) => interpretStep(step, runs[i] as StepRun, repo));
  return {
    findings: results.flatMap((r) => r.findings),
    errors: results.filter((r) => r.status === 'error').map((r) => `${r.id}: ${r.error ?? 'error'}`),
    file: config.baseline.file,
  };
}

/**
 * Verification alone (the Action's `mode: verify`): the verify steps on `head` and, for the
 * baseline, on the merge base with `base`, compared. Configuration from the merge base.
 * `onlySteps`: run just these configured steps (unknown ids are ignored); the configuration text
 * returned (and hashed into evidence) is still the whole file.
 * Throws `ConfigError` for an invalid configuration.
 */
export async function runLocalVerification(options: Omit<LocalGateOptions, 'reviewState' | 'beforeEvaluate' | 'skipVerify' | 'branch'> & { onlySteps?: readonly string[] }): Promise<{ steps: StepVerdict[]; baselineError?: string; headSha: string; baseSha: string; configText: string }> {
  const { repo } = options;
  const { baseSha, headSha } = await resolveRange(repo, options.base, options.head);
  const loaded = await loadConfigAt(treeReader(repo, baseSha), options.configPath ?? CONFIG_PATH);
  const { configText } = loaded;
  // A `/gate rerun <step…>` runs those steps only (on the head and, for their baseline, on the base).
  const only = options.onlySteps ? new Set(options.onlySteps) : undefined;
  const config = only ? { ...loaded.config, verify: { ...loaded.config.verify, steps: loaded.config.verify.steps.filter((s) => only.has(s.id)) } } : loaded.config;
  const [diffText, paths] = await Promise.all([diff(repo, baseSha, headSha), diffPaths(repo, baseSha, headSha)]);
  const files = withExactPaths(parseUnifiedDiff(diffText), paths);
  const verify = await verifyLocally(repo, config, baseSha, headSha, files, { ...options, configText });
  const baselineSteps = new Set(config.verify.steps.filter((s) => s.baseline).map((s) => s.id));
  const steps = compareSteps(verify.steps, verify.baseline, baselineSteps, verify.ledgers).map((s) => (verify.baseSources?.has(s.id) && s.baselined ? { ...s, baselineSource: verify.baseSources.get(s.id) as BaselineSource } : s));
  return { steps, ...(verify.baselineError ? { baselineError: verify.baselineError } : {}), headSha, baseSha, configText };
}

/** The head SHA and the merge base of `base` and `head` (what a pull request's diff is taken against). */
async function resolveRange(repo: string, base: string, head: string): Promise<{ baseSha: string; headSha: string }> {
  const headSha = await resolveRef(repo, head);
  return { baseSha: await mergeBase(repo, await resolveRef(repo, base), headSha), headSha };
}

/** The configuration at a commit (defaults when the file is absent). Throws `ConfigError` when invalid. */
export async function loadConfigAt(read: (path: string) => Promise<Uint8Array | undefined>, path: string): Promise<{ config: GateConfig; configText: string }> {
  const bytes = await read(path);
  const configText = bytes ? new TextDecoder().decode(bytes) : '';
  const loaded = loadConfig(path, configText);
  if (!loaded.ok) throw new ConfigError(loaded.problems);
  return { config: loaded.config, configText };
}

