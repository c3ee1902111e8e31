/**
 * `mode: gate` on `workflow_run` (the verify workflow completed) and on `pull_request_target`: the
 * trusted half of the split workflows. It runs from the default branch, never checks out or runs
 * pull request code: it evaluates over the API (`evaluateOverApi`, as the App does), takes
 * verification only from the verify run's evidence artifact (downloaded as untrusted data, validated
 * and bound to the head SHA, the run and its conclusion), and publishes the check run, the
 * annotations and the review comment. On `pull_request_target` a head whose verification has not
 * finished gets an `in_progress` "Waiting for verification" check run.
 */
import * as core from '@actions/core';
import { annotationsOf } from '../core/report/annotations.js';
import { summaryOf } from '../core/report/check-summary.js';
import { COMMENT_MARKER } from '../core/report/markdown.js';
import { findCheckRun, upsertCheckRun } from '../github/check-runs.js';
import type { GitHubClient } from '../github/client.js';
import { evaluateOverApi, type ApiClient } from '../github/evaluate-over-api.js';
import { upsertStickyComment } from '../github/issue-comments.js';
import { pullRequestFactsOf, type PullRequestFacts, type PullRequestPayload } from '../github/pull-requests.js';
import { pullRequestsOfDispatchRun } from '../github/partial-evidence.js';
import { pullRequestsOfRun, verificationFor } from '../github/verify-evidence.js';
import { verifyRunOf, type VerifyRunFacts } from '../github/workflow-runs.js';
import type { ActionEvent } from './event.js';
import type { GateOutcome } from './gate-mode.js';
import { writeOutputs } from './gate-mode.js';
import type { ActionInputs } from './inputs.js';

/** The events the trusted gate runs on (both run the workflow file from the default branch). */
export const TRUSTED_GATE_EVENTS = new Set(['workflow_run', 'pull_request_target']);

const PR_TARGET_ACTIONS = new Set(['opened', 'synchronize', 'reopened', 'ready_for_review', 'edited']);

export async function runTrustedGateMode(inputs: ActionInputs, event: ActionEvent, client: GitHubClient, env: NodeJS.ProcessEnv): Promise<GateOutcome> {
  const payload = event.payload as { action?: string; changes?: { base?: unknown }; pull_request?: PullRequestPayload; workflow_run?: Parameters<typeof verifyRunOf>[0]; workflow?: { path?: string } };
  if (event.name === 'pull_request_target') {
    const pr = payload.pull_request;
    if (!pr) throw new Error('a pull_request_target event without pull_request');
    if (payload.action && !PR_TARGET_ACTIONS.has(payload.action)) return { requests: 0, skipped: `nothing to do on pull_request_target.${payload.action}` };
    if (payload.action === 'edited' && !payload.changes?.base) return { requests: 0, skipped: 'the pull request was edited but its base did not change' };
    return gateOne(inputs, event, client, env, pullRequestFactsOf(pr));
  }
  const run = payload.workflow_run ? verifyRunOf(payload.workflow_run, payload.workflow?.path) : undefined;
  if (!run) throw new Error(`mode "gate" runs on pull_request, pull_request_target or workflow_run events; this is "${event.name}"`);
  if (run.name !== inputs['verify-workflow'] || (run.event !== 'pull_request' && run.event !== 'workflow_dispatch')) return { requests: 0, skipped: `workflow run ${run.id} is "${run.name}" on ${run.event}, not "${inputs['verify-workflow']}" on pull_request or workflow_dispatch` };
  if (payload.action !== 'completed') return { requests: 0, skipped: `nothing to do on workflow_run.${payload.action ?? ''}` };
  // A dispatched run is a `/gate rerun <step…>`: partial evidence, merged into the head's complete evidence.
  const prs = run.event === 'workflow_dispatch' ? await pullRequestsOfDispatchRun(client, event.repo, run) : await pullRequestsOfRun(client, event.repo, run);
  if (prs.length === 0) return { requests: 1, skipped: `no open pull request has ${run.headSha.slice(0, 12)} as its head (a newer push superseded this verification)` };
  let outcome: GateOutcome = { requests: 1 + prs.length };
  for (const pr of prs) {
    const one = await gateOne(inputs, event, client, env, pr, run);
    outcome = { ...one, requests: outcome.requests + one.requests };
  }
  return outcome;
}

/** Evaluates and publishes one pull request's head; on an error the check run says so (`action_required`) before the error is rethrown. */
async function gateOne(inputs: ActionInputs, event: ActionEvent, client: GitHubClient, env: NodeJS.ProcessEnv, pr: PullRequestFacts, run?: VerifyRunFacts): Promise<GateOutcome> {
  const repo = event.repo;
  const name = inputs['check-name'];
  const externalId = `${name}:${pr.headSha}`;
  let evaluation: Awaited<ReturnType<typeof evaluateOverApi>>;
  try {
    evaluation = await evaluateOverApi(client as ApiClient, repo, pr, {
      configPath: inputs.config,
      botLogin: inputs['bot-login'],
      env,
      ...(event.runUrl ? { detailsUrl: event.runUrl } : {}),
      verification: (config, text) => verificationFor(client, repo, pr, { steps: config.verify.steps, text, gateFiles: config.guardrails.gateFiles.paths }, { workflowName: inputs['verify-workflow'], artifactName: inputs['evidence-artifact'] }, run),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const existing = await findCheckRun(client, repo, name, pr.headSha, externalId).catch(() => undefined);
    await upsertCheckRun(client, repo, { name, headSha: pr.headSha, externalId, status: 'completed', conclusion: 'action_required', output: { title: 'handoff-gate could not decide', summary: `The gate failed while evaluating this commit, so it blocks (fail closed): ${message.slice(0, 1000)}` } }, existing).catch(() => undefined);
    throw error;
  }
  const { result, review, calls, body, waitingForVerification, verificationNote, comments } = evaluation;
  let requests = evaluation.requests;
  const existing = await findCheckRun(client, repo, name, pr.headSha, externalId);
  requests++;
  const published = await upsertCheckRun(
    client,
    repo,
    {
      name,
      headSha: pr.headSha,
      externalId,
      ...(event.runUrl ? { detailsUrl: event.runUrl } : {}),
      ...(waitingForVerification
        ? { status: 'in_progress' as const, output: { title: 'Waiting for verification', summary: `The verify workflow has not reported for this commit yet${verificationNote ? ` (${verificationNote})` : ''}.\n\nFound so far:\n\n${summaryOf(result)}` } }
        : { status: 'completed' as const, conclusion: result.conclusion, output: { title: `${result.verdict}: ${result.decision}`, summary: summaryOf(result), text: body } }),
      annotations: annotationsOf(result),
    },
    existing,
  );
  requests += published.requests;
  if (waitingForVerification) return { requests, skipped: `waiting for verification of ${pr.headSha.slice(0, 12)} (${verificationNote ?? 'no verify run yet'})` };
  if (inputs.comment && comments) {
    const what = await upsertStickyComment(client, repo, pr.number, body, COMMENT_MARKER, comments, inputs['bot-login']);
    if (what !== 'unchanged') requests++;
  }
  await writeOutputs(result, review, calls, body, inputs, event, env);
  core.info(`handoff-gate: pull request #${pr.number} at ${pr.headSha.slice(0, 12)}: ${result.verdict}`);
  return { result, requests };
}
