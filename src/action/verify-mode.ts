/**
 * `mode: verify` on `pull_request` (the untrusted half of the split workflows, with a read-only
 * token): runs the verify steps on the head and the merge base and writes the compared results as
 * the **evidence** file (schema evidence-1.x) at `evidence-path`, for the workflow's next step to
 * upload with actions/upload-artifact. It writes nothing to GitHub: the trusted gate (`mode: gate` on
 * `workflow_run`, or the App) downloads the evidence, validates it and decides.
 *
 * On `workflow_dispatch` (`/gate rerun <step…>`, dispatched by the trusted side on the default
 * branch) the inputs name the pull request, its head and base SHA and the steps: only those steps
 * run, and the evidence is *partial* (`rerun.steps`), which the trusted side merges into the head's
 * complete evidence. Inputs are anyone-with-write's text: each is checked for its exact shape.
 *
 * On a `push` to the default branch it publishes the baseline instead, which pull requests reuse
 * (verify-baseline.ts).
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import * as core from '@actions/core';
import { IDENTIFIER_PATTERN } from '../core/config/config-schema.js';
import { buildEvidence, formatEvidence } from '../core/verify/evidence.js';
import { stepCounts, type StepVerdict } from '../core/verdict/verify-reasons.js';
import { runLocalVerification } from '../local/local-gate.js';
import type { ActionEvent } from './event.js';
import type { ActionInputs } from './inputs.js';
import { logStep } from './log-step.js';
import { baselineOutcome, publishedBaselineLookup, reuseOption, reuseSummary, runBaselinePush } from './verify-baseline.js';
import type { GitHubClient } from '../github/client.js';

export async function runVerifyMode(inputs: ActionInputs, event: ActionEvent, env: NodeJS.ProcessEnv, client?: GitHubClient): Promise<{ steps: StepVerdict[]; evidencePath?: string; skipped?: string }> {
  if (event.name === 'push') return baselineOutcome(await runBaselinePush(inputs, event, env)); // issue 12: the default branch publishes its baseline
  const target = event.name === 'workflow_dispatch' ? rerunTarget(event.payload) : pullRequestTarget(event.payload);
  if (!target) return { steps: [], skipped: `mode "verify" runs on pull_request and workflow_dispatch events; this is "${event.name}"` };
  const verification = await runLocalVerification({
    repo: event.workspace,
    base: inputs.base || target.baseSha,
    head: target.headSha,
    configPath: inputs.config,
    env,
    onStepEvent: logStep,
    ...(target.steps ? { onlySteps: target.steps } : {}),
    ...reuseOption(client && publishedBaselineLookup(client, event, env)),
  });
  const { steps, baselineError } = verification;
  const evidence = buildEvidence(
    {
      repository: `${event.repo.owner}/${event.repo.repo}`,
      pullRequest: target.pullRequest,
      headSha: verification.headSha,
      baseSha: verification.baseSha,
      // As the runner says; the trusted side binds the evidence to the run it was listed under.
      workflowRunId: Number(env['GITHUB_RUN_ID'] ?? 0),
      workflowRunAttempt: Number(env['GITHUB_RUN_ATTEMPT'] ?? 1),
      configText: verification.configText,
      ...(target.steps ? { rerunSteps: target.steps } : {}),
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
    ...reuseSummary(steps),
    '',
    'This is evidence, not the decision: the `handoff-gate` check run carries the verdict.',
  ].join('\n');
  const summaryPath = env['GITHUB_STEP_SUMMARY'];
  if (summaryPath) await appendFile(summaryPath, `${summary}\n`);
  return { steps, evidencePath };
}

/** What one verify run verifies. `steps` only for a re-run of named steps. */
interface VerifyTarget {
  pullRequest: number;
  headSha: string;
  baseSha: string;
  steps?: string[];
}

function pullRequestTarget(payload: unknown): VerifyTarget | undefined {
  const pr = (payload as { pull_request?: { number: number; head: { sha: string }; base: { sha: string } } }).pull_request;
  return pr ? { pullRequest: pr.number, headSha: pr.head.sha, baseSha: pr.base.sha } : undefined;
}

const SHA = /^[0-9a-f]{40}$/;

/**
 * The `workflow_dispatch` inputs of a re-run (workflows/handoff-gate-verify.yml declares them).
 * @throws Error naming the input when one is missing or malformed (the run fails; nothing is verified)
 */
export function rerunTarget(payload: unknown): VerifyTarget {
  const inputs = ((payload as { inputs?: Record<string, unknown> } | null)?.inputs ?? {}) as Record<string, unknown>;
  const text = (name: string) => (typeof inputs[name] === 'string' ? (inputs[name] as string).trim() : '');
  const pullRequest = text('pull_request');
  const [headSha, baseSha] = [text('head_sha'), text('base_sha')];
  const steps = text('steps').split(',').map((s) => s.trim()).filter(Boolean);
  if (!/^[1-9]\d{0,9}$/.test(pullRequest)) throw new Error(`workflow_dispatch input "pull_request" must be a pull request number, not ${JSON.stringify(pullRequest.slice(0, 40))}`);
  if (!SHA.test(headSha)) throw new Error('workflow_dispatch input "head_sha" must be a full 40-digit commit SHA');
  if (!SHA.test(baseSha)) throw new Error('workflow_dispatch input "base_sha" must be a full 40-digit commit SHA');
  if (steps.length === 0 || steps.length > 100 || !steps.every((s) => IDENTIFIER_PATTERN.test(s))) throw new Error('workflow_dispatch input "steps" must list 1 to 100 step ids, separated by commas');
  return { pullRequest: Number(pullRequest), headSha, baseSha, steps: [...new Set(steps)] };
}
