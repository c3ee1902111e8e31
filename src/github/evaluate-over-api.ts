/**
 * The gate for one pull request head entirely over the API, without running or checking out pull
 * request code: configuration from the base SHA, the changed files, the handoffs and run reports at
 * the head (one GraphQL query for all of them), the timeline for approvals and holds, and verification
 * from the verify run's evidence (`verify-evidence.ts`). Shared by the App and the Action's trusted
 * gate (`mode: gate` on `workflow_run` / `pull_request_target`); each host publishes the result.
 */
import { loadConfig } from '../core/config/load-config.js';
import { defaultConfig, type GateConfig } from '../core/config/config-schema.js';
import { evaluateGate } from '../core/evaluate-gate.js';
import { handoffText } from '../core/handoff/read-handoff-text.js';
import type { ReviewState } from '../core/gates/evaluate-gates.js';
import type { StepVerdict } from '../core/verdict/verify-reasons.js';
import { renderMarkdown } from '../core/report/markdown.js';
import type { GateResult } from '../core/result.js';
import type { Review } from '../core/review/review-model.js';
import { rulesReview } from '../core/review/rules-reviewer.js';
import type { LlmCall } from '../core/review/llm/two-tier-review.js';
import { harnessCandidates } from '../core/guardrails/harness-tampering/check-harness-tampering.js';
import { diffMaterials } from '../core/review/llm/diff-material.js';
import { materialsOf } from '../core/review/llm/untrusted-material.js';
import { selectHandoffPaths, selectRunReportPaths } from '../core/select-files.js';
import { reduceTimeline, type TimelineReview } from '../core/timeline/reduce-timeline.js';
import { skippedStep } from '../core/verify/step-result.js';
import { reviewFor } from '../llm/review-for.js';
import { apiTree } from './api-tree.js';
import type { GitHubClient, RepoRef } from './client.js';
import { listIssueComments, type IssueComment } from './issue-comments.js';
import { listChangedFiles } from './pull-request-files.js';
import { readFileAtRef, type PullRequestFacts } from './pull-requests.js';
import { listReviews } from './reviews.js';
import type { Verification } from './verify-evidence.js';

export type ApiClient = GitHubClient & { graphql: <T>(query: string, variables?: Record<string, unknown>) => Promise<T> };

export interface ApiEvaluationSettings {
  configPath: string;
  /** Decision records are trusted only from this login. */
  botLogin: string;
  /** Environment for the LLM reviewer's keys. */
  env?: NodeJS.ProcessEnv;
  detailsUrl?: string;
  /** Verification of the head, given the base configuration (and its text, for the evidence's hash). */
  verification: (config: GateConfig, configText: string) => Promise<Verification>;
}

export interface ApiEvaluation {
  result: GateResult;
  review: Review;
  calls: LlmCall[];
  /** The review comment's Markdown. */
  body: string;
  /** Verification has not reported yet: the decision is not final (no comment, no model call). */
  waitingForVerification: boolean;
  /** Why it is waiting, or what was wrong with the evidence. */
  verificationNote?: string;
  /** The pull request's comments, or `undefined` when they could not be read (the gate then holds). */
  comments: IssueComment[] | undefined;
  requests: number;
}

/** Evaluates `pr`'s head. Throws on API errors other than unreadable comments (which hold the gate). */
export async function evaluateOverApi(client: ApiClient, repo: RepoRef, pr: PullRequestFacts, settings: ApiEvaluationSettings): Promise<ApiEvaluation> {
  let requests = 0;
  const counted = <T>(p: Promise<T>) => {
    requests++;
    return p;
  };
  const tree = apiTree(client, repo, pr.baseSha, pr.headSha);
  const configText = (await counted(readFileAtRef(client, repo, settings.configPath, pr.baseSha))) ?? '';
  const loaded = loadConfig(settings.configPath, configText);
  const config = loaded.ok ? loaded.config : defaultConfig();
  const files = await counted(listChangedFiles(client, repo, pr.number, tree));
  const handoffPaths = selectHandoffPaths(files, config);
  const reportPaths = selectRunReportPaths(files, config);
  // The sources guardrail.harness-tampering parses ride in the same GraphQL batches as the handoffs.
  await tree.prefetchHead([...handoffPaths, ...reportPaths, ...harnessCandidates(files, config).map((f) => f.path)]);
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

  const verification: Verification | undefined = config.verify.steps.length > 0 ? await settings.verification(config, configText) : undefined;
  const waitingForVerification = verification?.kind === 'waiting';
  const verificationNote = verification?.kind === 'waiting' ? verification.note : verification?.kind === 'problem' ? verification.message : undefined;
  const steps = config.verify.steps.map((s) => skippedStep(s, verificationNote ?? 'waiting for the verify workflow'));
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
    ...(verification?.kind === 'evidence' ? { stepVerdicts: withRequesters(verification.steps, reviewState), ...(verification.baselineError !== undefined ? { baselineError: verification.baselineError } : {}), ...(verification.notes ? { verificationNotes: verification.notes } : {}) } : {}),
    ...(verification?.kind === 'problem' ? { evidenceProblem: { code: verification.code, message: verification.message } } : {}),
    reviewState,
    tree,
  });
  const materials = [...materialsOf(reportTexts, handoffTexts, pr.body), ...diffMaterials(files)];
  // While verification is pending the decision is not final: no model is asked yet.
  const { result, review, calls } = waitingForVerification ? { result: rulesResult, review: rulesReview(rulesResult), calls: [] } : await reviewFor(rulesResult, materials, config, settings.env ?? {});
  const body = renderMarkdown(result, review, settings.detailsUrl ? { detailsUrl: settings.detailsUrl } : {});
  return { result, review, calls, body, waitingForVerification, ...(verificationNote !== undefined ? { verificationNote } : {}), comments, requests: requests + tree.requests };
}

/**
 * Who asked for each re-run step: the newest `/gate rerun` record on the head (from the bot's record
 * replies, never from the evidence) that names the step, or everything, and is not newer than the run.
 */
function withRequesters(steps: readonly StepVerdict[], state: ReviewState): StepVerdict[] {
  const records = state.reruns ?? [];
  return steps.map((s) => {
    if (!s.rerun) return s;
    const rerun = s.rerun;
    const asked = records.filter((r) => (r.steps.length === 0 || r.steps.includes(s.id)) && r.at.localeCompare(rerun.startedAt) <= 0).at(-1);
    return asked ? { ...s, rerun: { ...rerun, by: asked.by } } : s;
  });
}
