/**
 * `mode: verify` on `pull_request`, the App's companion: runs the verify steps on the head and the
 * merge base on the runner and publishes the compared results as the `<check-name> verify` check
 * run, which the App reads (it trusts only GitHub Actions' runs on the same head SHA). The App
 * makes the decision; this check run only carries verification.
 */
import { appendFile } from 'node:fs/promises';
import * as core from '@actions/core';
import { formatVerifyReport } from '../core/verify/verify-report.js';
import { stepCounts, type StepVerdict } from '../core/verdict/verify-reasons.js';
import { findCheckRun, upsertCheckRun } from '../github/check-runs.js';
import { statusOf, type GitHubClient } from '../github/client.js';
import { runLocalVerification } from '../local/local-gate.js';
import type { ActionEvent } from './event.js';
import type { ActionInputs } from './inputs.js';
import { logStep } from './log-step.js';

export async function runVerifyMode(inputs: ActionInputs, event: ActionEvent, client: GitHubClient, env: NodeJS.ProcessEnv): Promise<{ steps: StepVerdict[]; skipped?: string }> {
  const pr = (event.payload as { pull_request?: { head: { sha: string }; base: { sha: string } } }).pull_request;
  if (!pr) return { steps: [], skipped: `mode "verify" runs on pull_request events; this is "${event.name}"` };
  const { steps, baselineError } = await runLocalVerification({
    repo: event.workspace,
    base: inputs.base || pr.base.sha,
    head: pr.head.sha,
    configPath: inputs.config,
    env,
    onStepEvent: logStep,
  });
  const failed = steps.filter((s) => s.status === 'error' || s.newErrors > 0);
  const name = `${inputs['check-name']} verify`;
  const summary = [
    '| step | result | new errors | pre-existing | fixed |',
    '| --- | --- | --- | --- | --- |',
    ...steps.map((s) => `| \`${s.id}\` | ${s.status === 'error' ? 'ERROR' : s.status === 'skipped' ? 'SKIPPED' : s.newErrors > 0 ? 'FAIL' : 'PASS'} | ${s.newErrors} | ${stepCounts(s).preExisting} | ${stepCounts(s).fixed} |`),
    ...(baselineError ? ['', `Baseline unavailable: every finding counts as new (${baselineError}).`] : []),
  ].join('\n');
  try {
    const existing = await findCheckRun(client, event.repo, name, pr.head.sha, `${name}:${pr.head.sha}`);
    await upsertCheckRun(
      client,
      event.repo,
      { name, headSha: pr.head.sha, externalId: `${name}:${pr.head.sha}`, status: 'completed', conclusion: failed.length > 0 ? 'failure' : 'success', output: { title: failed.length > 0 ? `${failed.length} step(s) with new failures or errors` : 'Verification passed', summary, text: formatVerifyReport(pr.head.sha, steps) }, ...(event.runUrl ? { detailsUrl: event.runUrl } : {}) },
      existing,
    );
  } catch (error) {
    if (statusOf(error) !== 403) throw error;
    core.warning('handoff-gate: this token cannot create check runs (a fork pull request\'s token is read-only), so the App cannot receive this verification; the gate keeps waiting (fail closed)');
  }
  const summaryPath = env['GITHUB_STEP_SUMMARY'];
  if (summaryPath) await appendFile(summaryPath, `${summary}\n`);
  return { steps };
}
