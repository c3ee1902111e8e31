/**
 * Verification for the trusted side (the Action's gate on `workflow_run` / `pull_request_target`,
 * and the App): which verify workflow run belongs to a pull request's head, and what its evidence
 * artifact says once it is downloaded, validated against schema evidence-1.x and bound to the head
 * SHA, the run (id, attempt, conclusion), the repository, the pull request and the base
 * configuration. The run's facts come from GitHub (the webhook payload or the API), never from the
 * evidence. Sources: https://docs.github.com/en/rest/actions/workflow-runs,
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads#workflow_run
 */
import picomatch from 'picomatch';
import type { VerifyStepConfig } from '../core/config/config-schema.js';
import type { EvidenceProblemCode } from '../core/evaluate-gate.js';
import type { StepVerdict } from '../core/verdict/verify-reasons.js';
import { parseEvidence, stepVerdictsFromEvidence } from '../core/verify/evidence.js';
import type { GitHubClient, RepoRef } from './client.js';
import { downloadEvidence, type EvidenceDownloadOptions } from './evidence-artifact.js';
import { getPullRequest, type PullRequestFacts } from './pull-requests.js';

/** A verify workflow run as GitHub reports it. */
export interface VerifyRunFacts {
  id: number;
  attempt: number;
  name: string;
  /** The workflow file it ran (`.github/workflows/…`), as GitHub reports it. */
  path: string;
  /** The event that started it (`pull_request` for the verify workflow). */
  event: string;
  status: string;
  conclusion: string | null;
  headSha: string;
  headBranch: string;
  /** Login of the head repository's owner (a fork's owner for fork pull requests). */
  headOwner: string;
  /** Same-repository pull requests GitHub attached to the run (empty for forks). */
  pullRequests: number[];
}

/** What the trusted side knows about verification of one head. */
export type Verification =
  | { kind: 'waiting'; note: string }
  | { kind: 'evidence'; steps: StepVerdict[]; baselineError?: string; runId: number }
  | { kind: 'problem'; code: EvidenceProblemCode; message: string; runId?: number };

interface RunPayload {
  id: number;
  run_attempt?: number;
  name?: string | null;
  path?: string;
  event: string;
  status: string | null;
  conclusion: string | null;
  head_sha: string;
  head_branch: string | null;
  head_repository?: { owner?: { login?: string } | null } | null;
  pull_requests?: { number: number }[] | null;
}

/**
 * A `workflow_run` webhook object (or a REST workflow run) reduced to the facts used here.
 * `workflowPath` is the event's top-level `workflow.path`, used when the run object has no `path`.
 */
export function verifyRunOf(run: RunPayload, workflowPath?: string): VerifyRunFacts {
  return {
    id: Number(run.id),
    attempt: run.run_attempt ?? 1,
    name: run.name ?? '',
    // A run's path may carry the ref (`.github/workflows/x.yml@refs/heads/main`): the file is what counts.
    path: (run.path ?? workflowPath ?? '').split('@')[0] ?? '',
    event: run.event,
    status: run.status ?? '',
    conclusion: run.conclusion,
    headSha: run.head_sha,
    headBranch: run.head_branch ?? '',
    headOwner: run.head_repository?.owner?.login ?? '',
    pullRequests: (run.pull_requests ?? []).map((p) => p.number),
  };
}

/** The newest `pull_request` run of the workflow named `workflowName` on `headSha`, if any. */
export async function latestVerifyRun(client: GitHubClient, repo: RepoRef, headSha: string, workflowName: string): Promise<VerifyRunFacts | undefined> {
  const { data } = await client.request('GET /repos/{owner}/{repo}/actions/runs', { ...repo, head_sha: headSha, event: 'pull_request', per_page: 100 });
  const run = data.workflow_runs.filter((r) => r.name === workflowName && r.head_sha === headSha).sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
  return run ? verifyRunOf(run as RunPayload) : undefined;
}

/**
 * The open pull requests whose current head is the run's head SHA: the numbers GitHub attached to
 * the run (same-repository branches), or for a fork the pulls listed for `OWNER:BRANCH`; each is
 * read back through the API and kept only when its head SHA is the run's.
 */
export async function pullRequestsOfRun(client: GitHubClient, repo: RepoRef, run: VerifyRunFacts): Promise<PullRequestFacts[]> {
  let numbers = run.pullRequests;
  if (numbers.length === 0 && run.headOwner && run.headBranch) {
    const { data } = await client.request('GET /repos/{owner}/{repo}/pulls', { ...repo, head: `${run.headOwner}:${run.headBranch}`, state: 'open', per_page: 100 });
    numbers = data.filter((p) => p.head.sha === run.headSha).map((p) => p.number);
  }
  const out: PullRequestFacts[] = [];
  for (const number of [...new Set(numbers)].slice(0, 10)) {
    const pr = await getPullRequest(client, repo, number);
    if (pr.headSha === run.headSha) out.push(pr);
  }
  return out;
}

export interface VerificationOptions extends EvidenceDownloadOptions {
  /** The verify workflow's `name:` (a run of another workflow is never taken). */
  workflowName: string;
}

/**
 * The verification of `pr`'s head from `run` (the newest verify run of that head when not given).
 * Waiting while there is no finished run; a problem (BLOCKED by the caller) for a run of another
 * workflow, event or commit, a workflow file outside `config.gateFiles`, a run that did not succeed, and evidence that is missing, too large,
 * malformed, or bound to anything else than this run, head, pull request and base configuration.
 */
export async function verificationFor(
  client: GitHubClient,
  repo: RepoRef,
  pr: PullRequestFacts,
  config: { steps: readonly Pick<VerifyStepConfig, 'id' | 'required'>[]; text: string; gateFiles: readonly string[] },
  options: VerificationOptions,
  given?: VerifyRunFacts,
): Promise<Verification> {
  const run = given ?? (await latestVerifyRun(client, repo, pr.headSha, options.workflowName));
  if (!run) return { kind: 'waiting', note: `no "${options.workflowName}" run for this commit yet` };
  if (run.name !== options.workflowName || run.event !== 'pull_request') return { kind: 'problem', code: 'verify.evidence-stale', message: `workflow run ${run.id} is "${run.name}" on ${run.event}, not "${options.workflowName}" on pull_request`, runId: run.id };
  // Any workflow file can take the verify workflow's name; only one of the gate's own files (whose
  // changes the gate-config-changed guardrail blocks) may carry verification.
  if (!picomatch([...config.gateFiles], { dot: true })(run.path)) return { kind: 'problem', code: 'verify.evidence-stale', message: `workflow run ${run.id} ran ${run.path ? `"${run.path.slice(0, 200)}"` : 'an unknown workflow file'}, which is not one of the gate's own files (guardrails.gateFiles)`, runId: run.id };
  if (run.headSha !== pr.headSha) return { kind: 'problem', code: 'verify.evidence-stale', message: `verify run ${run.id} ran on ${run.headSha.slice(0, 12)}, not the head ${pr.headSha.slice(0, 12)}`, runId: run.id };
  if (run.status !== 'completed') return { kind: 'waiting', note: `verify run ${run.id} is ${run.status || 'not finished'}` };
  if (run.conclusion !== 'success') return { kind: 'problem', code: 'verify.evidence-run-failed', message: `verify run ${run.id} concluded ${run.conclusion ?? 'without a conclusion'}, so its evidence is not taken`, runId: run.id };
  const download = await downloadEvidence(client, repo, run.id, options);
  if (!download.ok) return { kind: 'problem', code: download.code, message: download.message, runId: run.id };
  const parsed = parseEvidence(download.bytes, { headSha: pr.headSha, runId: run.id, runAttempt: run.attempt, repository: `${repo.owner}/${repo.repo}`, pullRequest: pr.number, ...(options.maxFileBytes !== undefined ? { maxBytes: options.maxFileBytes } : {}) });
  if (!parsed.ok) return { kind: 'problem', code: parsed.code, message: parsed.message, runId: run.id };
  const lined = stepVerdictsFromEvidence(parsed.evidence, config.steps, config.text);
  if (lined.configMismatch) return { kind: 'problem', code: 'verify.evidence-stale', message: lined.configMismatch, runId: run.id };
  return { kind: 'evidence', steps: lined.steps, ...(lined.baselineError !== undefined ? { baselineError: lined.baselineError } : {}), runId: run.id };
}
