/**
 * `mode: verify` on `pull_request` (the untrusted half of the split workflows, with a read-only
 * token): runs the verify steps on the head and the merge base and writes the compared results as
 * the **evidence** file (schema evidence-1.x) at `evidence-path`, for the workflow's next step to
 * upload with actions/upload-artifact. It writes nothing to GitHub: the trusted gate (`mode: gate` on
 * `workflow_run`, or the App) downloads the evidence, validates it and decides.
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import * as core from '@actions/core';
import { buildEvidence, formatEvidence } from '../core/verify/evidence.js';
import { stepCounts, type StepVerdict } from '../core/verdict/verify-reasons.js';
import { runLocalVerification } from '../local/local-gate.js';
import type { ActionEvent } from './event.js';
import type { ActionInputs } from './inputs.js';
import { logStep } from './log-step.js';

export async function runVerifyMode(inputs: ActionInputs, event: ActionEvent, env: NodeJS.ProcessEnv): Promise<{ steps: StepVerdict[]; evidencePath?: string; skipped?: string }> {
  const pr = (event.payload as { pull_request?: { number: number; head: { sha: string }; base: { sha: string } } }).pull_request;
  if (!pr) return { steps: [], skipped: `mode "verify" runs on pull_request events; this is "${event.name}"` };
  const verification = await runLocalVerification({
    repo: event.workspace,
    base: inputs.base || pr.base.sha,
    head: pr.head.sha,
    configPath: inputs.config,
    env,
    onStepEvent: logStep,
  });
  const { steps, baselineError } = verification;
  const evidence = buildEvidence(
    {
      repository: `${event.repo.owner}/${event.repo.repo}`,
      pullRequest: pr.number,
      headSha: verification.headSha,
      baseSha: verification.baseSha,
      // As the runner says; the trusted side binds the evidence to the run it was listed under.
      workflowRunId: Number(env['GITHUB_RUN_ID'] ?? 0),
      workflowRunAttempt: Number(env['GITHUB_RUN_ATTEMPT'] ?? 1),
      configText: verification.configText,
    },
    steps,
    baselineError,
  );
  const evidencePath = resolve(event.workspace, inputs['evidence-path']);
  await mkdir(dirname(evidencePath), { recursive: true });
  await writeFile(evidencePath, formatEvidence(evidence));
  core.setOutput('evidence-path', evidencePath);
  const summary = [
    '| step | result | new errors | pre-existing | fixed |',
    '| --- | --- | --- | --- | --- |',
    ...steps.map((s) => `| \`${s.id}\` | ${s.status === 'error' ? 'ERROR' : s.status === 'skipped' ? 'SKIPPED' : s.newErrors > 0 ? 'FAIL' : 'PASS'} | ${s.newErrors} | ${stepCounts(s).preExisting} | ${stepCounts(s).fixed} |`),
    ...(baselineError ? ['', `Baseline unavailable: every finding counts as new (${baselineError}).`] : []),
    '',
    'This is evidence, not the decision: the `handoff-gate` check run carries the verdict.',
  ].join('\n');
  const summaryPath = env['GITHUB_STEP_SUMMARY'];
  if (summaryPath) await appendFile(summaryPath, `${summary}\n`);
  return { steps, evidencePath };
}
