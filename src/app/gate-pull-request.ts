/**
 * The App's gate for one pull request head, entirely over the API (the App never runs pull request
 * code): configuration from the base SHA, the changed files, the handoffs and run reports at the head
 * (one GraphQL query for all of them), the timeline for approvals and holds, then the check run and
 * the review comment. Verify steps are run by the companion workflow; until its result is there the
 * check run stays `in_progress` ("waiting for verification") and shows what the gate already found.
 */
import { loadConfig } from '../core/config/load-config.js';
import { defaultConfig } from '../core/config/config-schema.js';
import { evaluateGate } from '../core/evaluate-gate.js';
import { handoffText } from '../core/handoff/read-handoff-text.js';
import type { ReviewState } from '../core/gates/evaluate-gates.js';
import { annotationsOf } from '../core/report/annotations.js';
import { COMMENT_MARKER, renderMarkdown } from '../core/report/markdown.js';
import type { GateResult } from '../core/result.js';
import { rulesReview } from '../core/review/rules-reviewer.js';
import { materialsOf } from '../core/review/llm/untrusted-material.js';
import { reviewFor } from '../llm/review-for.js';
import { selectHandoffPaths, selectRunReportPaths } from '../core/select-files.js';
import { reduceTimeline, type TimelineReview } from '../core/timeline/reduce-timeline.js';
import { skippedStep } from '../core/verify/step-result.js';
import { parseVerifyReport } from '../core/verify/verify-report.js';
import type { StepVerdict } from '../core/verdict/verify-reasons.js';
import { summaryOf } from '../core/report/check-summary.js';
import { apiTree } from '../github/api-tree.js';
import { actionsCheckRun, listCheckRuns, ourCheckRun, upsertCheckRun } from '../github/check-runs.js';
import type { GitHubClient, RepoRef } from '../github/client.js';
import { listIssueComments, upsertStickyComment, type IssueComment } from '../github/issue-comments.js';
import { listChangedFiles } from '../github/pull-request-files.js';
import type { PullRequestFacts } from '../github/pull-requests.js';
import { readFileAtRef } from '../github/pull-requests.js';
import { listReviews } from '../github/reviews.js';

export interface AppSettings {
  checkName: string;
  configPath: string;
  /** The App's bot login (`<app-slug>[bot]`): decision records are trusted only from it. */
  botLogin: string;
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

type AppClient = GitHubClient & { graphql: <T>(query: string, variables?: Record<string, unknown>) => Promise<T> };

/**
 * Evaluates `pr` and publishes the check run (and, once final, the review comment). Verification
 * comes from the companion workflow's `<checkName> verify` check run on the same head, when present.
 */
export async function gatePullRequest(client: AppClient, repo: RepoRef, pr: PullRequestFacts, settings: AppSettings): Promise<GateRun> {
  let requests = 0;
  const counted = <T>(p: Promise<T>) => {
    requests++;
    return p;
  };
  const externalId = `${settings.checkName}:${pr.headSha}`;
  // One listing serves both: our own run (to update) and the companion's verify run.
  const checkRuns = await counted(listCheckRuns(client, repo, pr.headSha));
  const existing = ourCheckRun(checkRuns, settings.checkName, pr.headSha, externalId);
  const tree = apiTree(client, repo, pr.baseSha, pr.headSha);
  const configText = (await counted(readFileAtRef(client, repo, settings.configPath, pr.baseSha))) ?? '';
  const loaded = loadConfig(settings.configPath, configText);
  const config = loaded.ok ? loaded.config : defaultConfig();
  const files = await counted(listChangedFiles(client, repo, pr.number, tree));
  const handoffPaths = selectHandoffPaths(files, config);
  const reportPaths = selectRunReportPaths(files, config);
  await tree.prefetchHead([...handoffPaths, ...reportPaths]);
  const text = async (path: string) => handoffText(path, await tree.readHead(path));

  let comments: IssueComment[] | undefined;
  try {
    comments = await counted(listIssueComments(client, repo, pr.number));
  } catch {
    comments = undefined; // fail closed below: a hold could be hidden
  }
  let reviews: TimelineReview[] = [];
  if (comments && config.gates.some((g) => g.nativeReviews)) reviews = await counted(listReviews(client, repo, pr.number));
  const reviewState: ReviewState = comments
    ? reduceTimeline({ comments, reviews, headSha: pr.headSha, botLogin: settings.botLogin, prAuthor: pr.author, config })
    : { approvals: [], hold: { by: 'nobody known: the comments could not be read' } };

  // Verification comes from the companion workflow's check run, trusted only from GitHub Actions on this head.
  let verified: StepVerdict[] | undefined;
  let verifyProblem: string | undefined;
  if (config.verify.steps.length > 0) {
    const run = actionsCheckRun(checkRuns, `${settings.checkName} verify`, pr.headSha);
    const parsed = run ? parseVerifyReport(run.text, pr.headSha) : undefined;
    if (parsed?.ok) verified = parsed.steps;
    else if (parsed) verifyProblem = parsed.error;
  }
  const waitingForVerification = config.verify.steps.length > 0 && verified === undefined;
  const steps = config.verify.steps.map((s) => skippedStep(s, verifyProblem ?? 'waiting for the verify workflow'));
  const handoffTexts = await Promise.all(handoffPaths.map(text));
  const reportTexts = await Promise.all(reportPaths.map(text));
  const rulesResult = await evaluateGate({
    config,
    configText,
    configProblems: loaded.ok ? [] : loaded.problems,
    files,
    base: pr.baseSha,
    head: pr.headSha,
    branch: pr.headRef,
    handoffFiles: handoffTexts,
    runReports: reportTexts,
    steps,
    ...(verified ? { stepVerdicts: verified } : {}),
    reviewState,
    tree,
  });
  const materials = materialsOf(reportTexts, handoffTexts, pr.body);
  // While verification is pending the decision is not final: no model is asked yet.
  const reviewed = waitingForVerification ? { result: rulesResult, review: rulesReview(rulesResult) } : await reviewFor(rulesResult, materials, config, settings.env ?? {});
  const { result, review } = reviewed;
  const body = renderMarkdown(result, review, settings.detailsUrl ? { detailsUrl: settings.detailsUrl } : {});
  const output = waitingForVerification
    ? { title: 'Waiting for verification', summary: `The verify workflow has not reported for this commit yet${verifyProblem ? ` (${verifyProblem})` : ''}.\n\nFound so far:\n\n${summaryOf(result)}` }
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
  return { result, waitingForVerification, requests: requests + tree.requests };
}
