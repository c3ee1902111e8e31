/**
 * `mode: gate` on `pull_request`, the single-job set-up for trusted repositories only (the verify
 * steps run the pull request's code in the job that holds the write token: see SECURITY.md; on
 * `workflow_run` / `pull_request_target` trusted-gate-mode.ts runs instead). Runs the gate on the
 * checkout (configuration from the base SHA),
 * keeps one check run per head SHA up to date (in progress, then the conclusion with every
 * annotation), upserts one review comment, writes the job summary, the outputs and the JSON report.
 * Without permission to write checks (fork pull requests get a read-only token) it says so once and
 * falls back to workflow annotations and the job summary.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as core from '@actions/core';
import type { GateConfig } from '../core/config/config-schema.js';
import type { ReviewState } from '../core/gates/evaluate-gates.js';
import { annotationsOf, type Annotation } from '../core/report/annotations.js';
import { formatJsonReport } from '../core/report/json-report.js';
import { COMMENT_MARKER, renderMarkdown } from '../core/report/markdown.js';
import type { GateResult } from '../core/result.js';
import type { Review } from '../core/review/review-model.js';
import type { LlmCall } from '../core/review/llm/two-tier-review.js';
import { reviewFor } from '../llm/review-for.js';
import { summaryOf } from '../core/report/check-summary.js';
import { reduceTimeline, type TimelineReview } from '../core/timeline/reduce-timeline.js';
import { findCheckRun, upsertCheckRun, type CheckRunRequest } from '../github/check-runs.js';
import { statusOf, type GitHubClient } from '../github/client.js';
import { listIssueComments, upsertStickyComment, type IssueComment } from '../github/issue-comments.js';
import { listReviews } from '../github/reviews.js';
import { ConfigError, runLocalGate } from '../local/local-gate.js';
import type { ActionEvent } from './event.js';
import type { ActionInputs } from './inputs.js';
import { logStep } from './log-step.js';

/** The pull request fields of a `pull_request` payload that the gate reads. */
interface PullRequestPayload {
  number: number;
  body?: string | null;
  user: { login: string } | null;
  head: { sha: string; ref: string };
  base: { sha: string; ref: string };
}

export interface GateOutcome {
  result?: GateResult;
  /** GitHub API requests made (for the request-count figure). */
  requests: number;
  skipped?: string;
}

const EVENTS_THAT_GATE = new Set(['opened', 'synchronize', 'reopened', 'ready_for_review', 'edited']);

export async function runGateMode(inputs: ActionInputs, event: ActionEvent, client: GitHubClient, env: NodeJS.ProcessEnv): Promise<GateOutcome> {
  const payload = event.payload as { action?: string; pull_request?: PullRequestPayload; changes?: { base?: unknown } };
  const pr = payload.pull_request;
  if (!pr) throw new Error(`mode "gate" runs on pull_request events; this is "${event.name}"`);
  if (payload.action && !EVENTS_THAT_GATE.has(payload.action)) return { requests: 0, skipped: `nothing to do on pull_request.${payload.action}` };
  if (payload.action === 'edited' && !payload.changes?.base) return { requests: 0, skipped: 'the pull request was edited but its base did not change' };

  const repo = event.repo;
  const headSha = pr.head.sha;
  let requests = 0;
  const check = checkRunPublisher(client, inputs, event, headSha, (n) => (requests += n));
  await check.start();

  let comments: IssueComment[] | undefined;
  let commentsError: string | undefined;
  try {
    comments = await listIssueComments(client, repo, pr.number);
    requests++;
  } catch (error) {
    commentsError = `comments could not be read (${describe(error)})`;
    core.warning(`handoff-gate: ${commentsError}; holds and approvals cannot be seen, so the gate blocks, and no review comment is posted`);
  }

  let reviews: TimelineReview[] = [];
  const reviewState = (config: GateConfig): ReviewState => {
    if (!comments) return { approvals: [], hold: { by: `nobody known: ${commentsError ?? 'comments unavailable'}` } };
    return reduceTimeline({ comments, reviews, headSha, botLogin: inputs['bot-login'], prAuthor: pr.user?.login ?? '', config });
  };

  let result: GateResult;
  let review: Review;
  let calls: LlmCall[];
  try {
    const gate = await runLocalGate({
      repo: event.workspace,
      base: inputs.base || pr.base.sha,
      head: headSha,
      branch: pr.head.ref,
      configPath: inputs.config,
      env,
      reviewState,
      onStepEvent: logStep,
      beforeEvaluate: async (config) => {
        if (comments && config.gates.some((g) => g.nativeReviews)) {
          reviews = await listReviews(client, repo, pr.number);
          requests++;
        }
      },
    });
    ({ result, review, calls } = await reviewFor(gate.result, [...gate.materials, ...(pr.body ? [{ source: 'pr-body', text: pr.body }] : [])], gate.config, env));
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : `the gate could not run: ${describe(error)}`;
    await check.finish({ conclusion: 'action_required', title: 'handoff-gate could not decide', summary: message });
    throw error;
  }

  const body = renderMarkdown(result, review, event.runUrl ? { detailsUrl: event.runUrl } : {});
  const annotations = annotationsOf(result);
  await check.finish({ conclusion: result.conclusion, title: `${result.verdict}: ${result.decision}`, summary: summaryOf(result), text: body, annotations });
  if (!check.writable) emitWorkflowAnnotations(annotations);

  if (inputs.comment && comments) {
    try {
      const what = await upsertStickyComment(client, repo, pr.number, body, COMMENT_MARKER, comments, inputs['bot-login']);
      if (what !== 'unchanged') requests++;
    } catch (error) {
      core.warning(`handoff-gate: the review comment could not be posted (${describe(error)}); the job summary has the review`);
    }
  }
  await writeOutputs(result, review, calls, body, inputs, event, env);
  return { result, requests };
}

/** Check-run lifecycle with the fork fallback: a 403 turns publishing off for the rest of the run, said once. */
function checkRunPublisher(client: GitHubClient, inputs: ActionInputs, event: ActionEvent, headSha: string, count: (requests: number) => void) {
  const base = { name: inputs['check-name'], headSha, externalId: `${inputs['check-name']}:${headSha}`, ...(event.runUrl ? { detailsUrl: event.runUrl } : {}) };
  let id: number | undefined;
  const state = { writable: true };
  const guarded = async (work: () => Promise<void>) => {
    if (!state.writable) return;
    try {
      await work();
    } catch (error) {
      if (statusOf(error) !== 403) throw error;
      state.writable = false;
      core.warning(`handoff-gate: this token cannot create check runs (403: a fork pull request's token is read-only); the verdict goes to workflow annotations and the job summary instead`);
    }
  };
  return {
    get writable() {
      return state.writable;
    },
    start: () =>
      guarded(async () => {
        id = await findCheckRun(client, event.repo, base.name, headSha, base.externalId);
        count(1);
        const request: CheckRunRequest = { ...base, status: 'in_progress', output: { title: 'Verifying', summary: 'handoff-gate is validating the handoffs and running the verify steps.' } };
        const done = await upsertCheckRun(client, event.repo, request, id);
        id = done.id;
        count(done.requests);
      }),
    finish: (out: { conclusion: NonNullable<CheckRunRequest['conclusion']>; title: string; summary: string; text?: string; annotations?: readonly Annotation[] }) =>
      guarded(async () => {
        const done = await upsertCheckRun(client, event.repo, { ...base, status: 'completed', conclusion: out.conclusion, output: { title: out.title, summary: out.summary, ...(out.text ? { text: out.text } : {}) }, annotations: out.annotations ?? [] }, id);
        id = done.id;
        count(done.requests);
      }),
  };
}

/** Workflow-command annotations (GitHub shows at most 10 errors and 10 warnings per step; the summary has the rest). */
function emitWorkflowAnnotations(annotations: readonly Annotation[]): void {
  for (const a of annotations) {
    const props = { file: a.path, startLine: a.startLine, endLine: a.endLine, title: a.title };
    if (a.level === 'failure') core.error(a.message, props);
    else if (a.level === 'warning') core.warning(a.message, props);
    else core.notice(a.message, props);
  }
}

export async function writeOutputs(result: GateResult, review: Review, calls: readonly LlmCall[], body: string, inputs: ActionInputs, event: ActionEvent, env: NodeJS.ProcessEnv): Promise<void> {
  const reportPath = resolve(event.workspace, inputs['report-path']);
  await writeFile(reportPath, formatJsonReport(result, review, calls));
  core.setOutput('verdict', result.verdict);
  core.setOutput('decision', result.decision);
  core.setOutput('acceptance', result.acceptance ? 'yes' : 'no');
  core.setOutput('report-path', reportPath);
  // Written directly (core.summary caches the first path it sees); GitHub caps a step summary at 1 MiB.
  const summaryPath = env['GITHUB_STEP_SUMMARY'];
  if (summaryPath) await appendFile(summaryPath, `${body.slice(0, 1_000_000)}\n`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
