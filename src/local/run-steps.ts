/**
 * Runs verify steps as child processes (`sh -c <run>`), in parallel up to a limit, each with its own
 * timeout and output cap, contained (contain.ts): an allow-listed environment, its own session and,
 * where the machine allows, its own PID namespace. At a step's end — normal exit, timeout or output
 * limit — everything it started is killed. Never throws for a step's failure: every outcome comes
 * back as a `StepRun`.
 */
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import pLimit from 'p-limit';
import type { VerifyStepConfig } from '../core/config/config-schema.js';
import type { ContainmentPolicy } from '../core/verify/containment.js';
import { stripAnsi } from '../core/verify/parsers/terminal-text.js';
import { runnerInvocation } from '../core/verify/runners.js';
import { stepEnvironment } from '../core/verify/step-env.js';
import type { StepRun } from '../core/verify/step-result.js';
import { spawnContained, type Capabilities } from './contain.js';

/** A step to run in a directory. `label` tells head and base runs apart in progress events. */
export interface StepJob {
  step: VerifyStepConfig;
  cwd: string;
  label: string;
}

export type StepEvent = { type: 'start'; job: StepJob } | { type: 'finish'; job: StepJob; run: StepRun };

/** Grace period between SIGTERM and SIGKILL, in milliseconds. */
const KILL_GRACE_MS = 2000;

/** How steps are contained (`verify.containment` and `verify.env` of the configuration). */
export interface ContainOptions {
  containment?: ContainmentPolicy;
  env?: { allow?: readonly string[] };
  /** What the machine offers (default: detected once per process, see contain.ts). */
  capabilities?: Capabilities;
}

/**
 * Runs `jobs` with at most `parallelism` at once, in the order given; results in the same order.
 *
 * @param env the gate's environment; each step gets only its allow-listed part (`stepEnvironment`),
 *   with `node_modules/.bin` of its cwd first on PATH
 * @param contain `verify.containment` and `verify.env.allow` (default: `auto`, the built-in allow-list)
 */
export async function runSteps(jobs: readonly StepJob[], parallelism: number, env: NodeJS.ProcessEnv, onEvent?: (e: StepEvent) => void, contain: ContainOptions = {}): Promise<StepRun[]> {
  const limit = pLimit(Math.max(1, parallelism));
  return Promise.all(
    jobs.map((job) =>
      limit(async () => {
        onEvent?.({ type: 'start', job });
        const run = await runStep(job, env, contain);
        onEvent?.({ type: 'finish', job, run });
        return run;
      }),
    ),
  );
}

/**
 * Runs one step. Resolves when every process of the step has ended and its output streams have closed.
 * A step that names a `runner` gets that runner's reporter flags and environment (runners.ts) and
 * writes its report into a fresh temporary directory of the gate's, removed afterwards.
 */
export async function runStep(job: StepJob, env: NodeJS.ProcessEnv, contain: ContainOptions = {}): Promise<StepRun> {
  if (!job.step.runner) return runCommand(job, env, contain);
  const dir = await mkdtemp(join(tmpdir(), 'handoff-gate-report-'));
  try {
    return await runCommand(job, env, contain, join(dir, 'junit.xml'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runCommand({ step, cwd }: StepJob, env: NodeJS.ProcessEnv, contain: ContainOptions, runnerReport?: string): Promise<StepRun> {
  const invocation = step.runner && runnerReport ? runnerInvocation(step.runner, step.run, runnerReport) : undefined;
  const reportPath = runnerReport ?? (step.reportFile ? resolve(cwd, step.reportFile) : undefined);
  const reportName = runnerReport ? `(the ${step.runner ?? ''} JUnit report)` : (step.reportFile ?? '');
  if (reportPath) await rm(reportPath, { force: true }); // a stale report must never be read as this run's
  for (const [path, text] of Object.entries(invocation?.files ?? {})) await writeFile(path, text);
  const started = performance.now();
  const allowed = stepEnvironment(env, contain.env?.allow ?? []).env;
  const childEnv = { ...allowed, PATH: [join(cwd, 'node_modules', '.bin'), allowed['PATH'] ?? ''].join(delimiter), FORCE_COLOR: '0', NO_COLOR: '1', CI: allowed['CI'] ?? 'true', ...withNodeOptions(invocation?.env, allowed['NODE_OPTIONS']) };
  const spawned = await spawnContained(invocation?.command ?? step.run, { cwd, env: childEnv, policy: contain.containment ?? 'auto', ...(contain.capabilities ? { capabilities: contain.capabilities } : {}) });
  if ('error' in spawned) {
    return { id: step.id, outcome: 'spawn-error', exitCode: null, durationMs: 0, stdout: '', stderr: '', detail: `could not be started: ${spawned.error}` };
  }
  const { child, containment, killRemaining } = spawned;
  return new Promise<StepRun>((done) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let bytes = 0;
    let outcome: StepRun['outcome'] = 'completed';
    let detail: string | undefined;
    // The step is over when its main process has exited (`ended`), what it left was killed (`swept`)
    // and its output pipes have closed (`closed`).
    let ended: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let swept = false;
    let closed = false;
    let finished = false;
    let escapeTimer: NodeJS.Timeout | undefined;
    const stop = (why: StepRun['outcome'], text: string) => {
      if (outcome !== 'completed') return;
      outcome = why;
      detail = text;
      spawned.stop(KILL_GRACE_MS);
    };
    const timer = setTimeout(() => stop('timeout', `timed out after ${step.timeout} s and was killed`), step.timeout * 1000);
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > step.maxOutputBytes) return stop('output-limit', `wrote more than ${step.maxOutputBytes} bytes of output and was stopped`);
      into.push(chunk);
    };
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));
    child.on('error', (error) => {
      outcome = 'spawn-error';
      detail = `could not be started: ${error.message}`;
      if (child.pid !== undefined) return;
      ended ??= { code: null, signal: null };
      swept = closed = true;
      finish();
    });
    // The shell has exited: whatever it left behind is killed now, not when the job ends. Output
    // still in the pipes is read to the end; a pipe that stays open after the sweep is held by a
    // process that escaped it, and the step fails closed.
    child.on('exit', (code, signal) => {
      ended = { code, signal };
      if (spawned.supervisorKilled(signal)) {
        outcome = 'escaped';
        detail = `its supervisor was killed (${String(signal)}), so processes it started may have outlived the step`;
      }
      void killRemaining(signal).then((killed) => {
        if (killed > 0) containment.killedAfterStep = killed;
        swept = true;
        if (closed) return finish();
        escapeTimer = setTimeout(() => {
          outcome = 'escaped';
          detail = 'a process it started outlived the step and could not be killed (it kept the output open)';
          child.stdout.destroy();
          child.stderr.destroy();
          closed = true;
          finish();
        }, KILL_GRACE_MS);
      });
    });
    const finish = () => {
      if (finished || !ended || !swept || !closed) return;
      finished = true;
      clearTimeout(timer);
      clearTimeout(escapeTimer);
      const exit = ended;
      const run: StepRun = {
        id: step.id,
        outcome,
        exitCode: exit.code,
        signal: exit.signal,
        durationMs: Math.round(performance.now() - started),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        ...(detail ? { detail } : {}),
        containment,
      };
      if (outcome !== 'completed' || !reportPath) return done(run);
      readReport(reportPath, step.maxOutputBytes).then(
        (report) => done(typeof report === 'string' ? { ...run, report } : { ...run, outcome: 'output-limit', detail: `wrote a report file of ${report.bytes} bytes, more than maxOutputBytes (${step.maxOutputBytes})` }),
        () => done({ ...run, outcome: 'report-missing', detail: `did not write its report file ${reportName} (exit code ${String(exit.code)})${tailOf(run)}` }),
      );
    };
    child.on('close', () => {
      closed = true;
      finish();
    });
  });
}

/** The end of a step's output, for a message about a report that is missing. */
function tailOf(run: StepRun): string {
  const tail = stripAnsi(run.stderr.trim() || run.stdout.trim()).slice(-300);
  return tail ? `: ${tail}` : '';
}

/**
 * The report file's text, or its size when it is over `maxBytes` (then it is not read: the report is
 * the step's output too, and bounded like it). Read after every process of the step has ended. Rejects
 * when there is no such file.
 */
async function readReport(path: string, maxBytes: number): Promise<string | { bytes: number }> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    return size > maxBytes ? { bytes: size } : await file.readFile('utf8');
  } finally {
    await file.close();
  }
}

/** The runner's variables; its `NODE_OPTIONS` after the ones `verify.env.allow` passes (a heap size, a loader), not instead of them. */
function withNodeOptions(env: Record<string, string> | undefined, allowed: string | undefined): Record<string, string> {
  if (!env?.['NODE_OPTIONS'] || !allowed?.trim()) return env ?? {};
  return { ...env, NODE_OPTIONS: `${allowed.trim()} ${env['NODE_OPTIONS']}` };
}
