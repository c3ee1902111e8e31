/**
 * Runs verify steps as child processes (`sh -c <run>`), in parallel up to a limit, each with its own
 * timeout and output cap. A step that times out or floods its output is killed with its whole process
 * group. Never throws for a step's failure: every outcome comes back as a `StepRun`.
 */
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import pLimit from 'p-limit';
import type { VerifyStepConfig } from '../core/config/config-schema.js';
import type { StepRun } from '../core/verify/step-result.js';

/** A step to run in a directory. `label` tells head and base runs apart in progress events. */
export interface StepJob {
  step: VerifyStepConfig;
  cwd: string;
  label: string;
}

export type StepEvent = { type: 'start'; job: StepJob } | { type: 'finish'; job: StepJob; run: StepRun };

/** Grace period between SIGTERM and SIGKILL, in milliseconds. */
const KILL_GRACE_MS = 2000;

/**
 * Runs `jobs` with at most `parallelism` at once, in the order given; results in the same order.
 *
 * @param env the environment for the children (`node_modules/.bin` of each cwd is put first on PATH)
 */
export async function runSteps(jobs: readonly StepJob[], parallelism: number, env: NodeJS.ProcessEnv, onEvent?: (e: StepEvent) => void): Promise<StepRun[]> {
  const limit = pLimit(Math.max(1, parallelism));
  return Promise.all(
    jobs.map((job) =>
      limit(async () => {
        onEvent?.({ type: 'start', job });
        const run = await runStep(job, env);
        onEvent?.({ type: 'finish', job, run });
        return run;
      }),
    ),
  );
}

/** Runs one step. Resolves when the process and its output streams have closed. */
export async function runStep({ step, cwd }: StepJob, env: NodeJS.ProcessEnv): Promise<StepRun> {
  const reportPath = step.reportFile ? resolve(cwd, step.reportFile) : undefined;
  if (reportPath) await rm(reportPath, { force: true }); // a stale report must never be read as this run's
  const started = performance.now();
  const childEnv = { ...env, PATH: [join(cwd, 'node_modules', '.bin'), env['PATH'] ?? ''].join(delimiter), FORCE_COLOR: '0', NO_COLOR: '1', CI: env['CI'] ?? 'true' };
  return new Promise<StepRun>((done) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let bytes = 0;
    let outcome: StepRun['outcome'] = 'completed';
    let detail: string | undefined;
    const child = spawn('sh', ['-c', step.run], { cwd, env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        /* already gone */
      }
    };
    const stop = (why: StepRun['outcome'], text: string) => {
      if (outcome !== 'completed') return;
      outcome = why;
      detail = text;
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS).unref();
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
    });
    child.on('close', async (code, signal) => {
      clearTimeout(timer);
      const run: StepRun = {
        id: step.id,
        outcome,
        exitCode: code,
        signal,
        durationMs: Math.round(performance.now() - started),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        ...(detail ? { detail } : {}),
      };
      if (outcome === 'completed' && reportPath) {
        try {
          run.report = await readFile(reportPath, 'utf8');
        } catch {
          run.outcome = 'report-missing';
          run.detail = `did not write its report file ${step.reportFile ?? ''} (exit code ${String(code)})`;
        }
      }
      done(run);
    });
  });
}
