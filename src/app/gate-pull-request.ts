/**
 * The App's gate for one pull request head, entirely over the API (the App never runs pull request
 * code): the shared evaluation (`evaluateOverApi`) with verification taken from the companion verify
 * workflow's evidence artifact (bound to the head SHA and the run), then the check run and the review
 * comment. Until the verify run has finished the check run stays `in_progress` ("waiting for
 * verification") and shows what the gate already found.
 */
import { annotationsOf } from '../core/report/annotations.js';
import { COMMENT_MARKER } from '../core/report/markdown.js';
import type { GateResult } from '../core/result.js';
import { summaryOf } from '../core/report/check-summary.js';
import { listCheckRuns, ourCheckRun, upsertCheckRun } from '../github/check-runs.js';
import type { RepoRef } from '../github/client.js';
import { evaluateOverApi, type ApiClient } from '../github/evaluate-over-api.js';
import { upsertStickyComment } from '../github/issue-comments.js';
import type { PullRequestFacts } from '../github/pull-requests.js';
import { verificationFor } from '../github/verify-evidence.js';
import type { VerifyRunFacts } from '../github/workflow-runs.js';

export interface AppSettings {
  checkName: string;
  configPath: string;
  /** The App's bot login (`<app-slug>[bot]`): decision records are trusted only from it. */
  botLogin: string;
  /** The companion verify workflow's `name:`; its runs' evidence artifacts carry verification. */
  verifyWorkflow: string;
  detailsUrl?: string;
  /** Environment for the LLM reviewer's keys (OPENAI_API_KEY, ANTHROPIC_API_KEY). */
  env?: NodeJS.ProcessEnv;
}
export interface GateRun {
  result: GateResult;
  waitingForVerification: boolean;
  /** GitHub API requests this evaluation made. */
  requests: number;
}

const APPROVE_BUTTON = { label: 'Approve', description: 'Approve the pending gates (as /gate approve)', identifier: 'approve' };
const HOLD_BUTTON = { label: 'Hold', description: 'Hold the gate (as /gate hold)', identifier: 'hold' };
const UNHOLD_BUTTON = { label: 'Unhold', description: 'Release the hold (as /gate unhold)', identifier: 'unhold' };

/**
 * Evaluates `pr` and publishes the check run (and, once final, the review comment). Verification
 * comes from the evidence artifact of `verifyRun` (a `workflow_run` event's run), or else of the
 * newest run of the verify workflow on the head SHA.
 */
export async function gatePullRequest(client: ApiClient, repo: RepoRef, pr: PullRequestFacts, settings: AppSettings, verifyRun?: VerifyRunFacts): Promise<GateRun> {
  const externalId = `${settings.checkName}:${pr.headSha}`;
  const existing = ourCheckRun(await listCheckRuns(client, repo, pr.headSha, settings.checkName), settings.checkName, pr.headSha, externalId);
  const evaluation = await evaluateOverApi(client, repo, pr, {
    configPath: settings.configPath,
    botLogin: settings.botLogin,
    ...(settings.env ? { env: settings.env } : {}),
    ...(settings.detailsUrl ? { detailsUrl: settings.detailsUrl } : {}),
    verification: (config, text) => verificationFor(client, repo, pr, { steps: config.verify.steps, text, gateFiles: config.guardrails.gateFiles.paths }, { workflowName: settings.verifyWorkflow }, verifyRun),
  });
  const { result, body, waitingForVerification, verificationNote, comments } = evaluation;
  let requests = 1 + evaluation.requests;
  const output = waitingForVerification
    ? { title: 'Waiting for verification', summary: `The verify workflow has not reported for this commit yet${verificationNote ? ` (${verificationNote})` : ''}.\n\nFound so far:\n\n${summaryOf(result)}` }
    : { title: `${result.verdict}: ${result.decision}`, summary: summaryOf(result), text: body };
  const published = await upsertCheckRun(
    client,
    repo,
    {
      name: settings.checkName,
      headSha: pr.headSha,
      externalId,
      status: waitingForVerification ? 'in_progress' : 'completed',
      ...(waitingForVerification ? {} : { conclusion: result.conclusion }),
      output,
      annotations: annotationsOf(result),
      ...(settings.detailsUrl ? { detailsUrl: settings.detailsUrl } : {}),
      // Buttons where a person can act; a click is authorised like the comment command.
      actions: waitingForVerification || result.decision !== 'blocked' ? [] : [...(result.gates.some((g) => g.status === 'pending') ? [APPROVE_BUTTON] : []), result.reasons.some((r) => r.code === 'gate.hold') ? UNHOLD_BUTTON : HOLD_BUTTON],
    },
    existing,
  );
  requests += published.requests;
  if (!waitingForVerification && comments) {
    const what = await upsertStickyComment(client, repo, pr.number, body, COMMENT_MARKER, comments, settings.botLogin);
    if (what !== 'unchanged') requests++;
  }
  return { result, waitingForVerification, requests };
}
