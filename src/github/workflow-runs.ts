/**
 * Workflow runs through the Actions API: the facts the trusted side takes from GitHub about a verify
 * run (never from its evidence), the newest verify run of a head, and re-running a run (what
 * `/gate rerun` with no step uses, so the check run is recomputed by the workflow that owns it).
 * Sources: https://docs.github.com/en/rest/actions/workflow-runs,
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads#workflow_run
 */
import type { GitHubClient, RepoRef } from './client.js';

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
  /** ISO 8601 start of the latest attempt (`run_started_at`; `created_at` when absent). */
  startedAt: string;
  /** The run's title (`display_title`; the verify workflow's `run-name` for dispatched re-runs). */
  title: string;
}

export interface RunPayload {
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
  run_started_at?: string | null;
  created_at?: string;
  display_title?: string | null;
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
    startedAt: run.run_started_at ?? run.created_at ?? '',
    title: run.display_title ?? '',
  };
}

/** The newest `pull_request` run of the workflow named `workflowName` on `headSha`, if any. */
export async function latestVerifyRun(client: GitHubClient, repo: RepoRef, headSha: string, workflowName: string): Promise<VerifyRunFacts | undefined> {
  const { data } = await client.request('GET /repos/{owner}/{repo}/actions/runs', { ...repo, head_sha: headSha, event: 'pull_request', per_page: 100 });
  const run = data.workflow_runs.filter((r) => r.name === workflowName && r.head_sha === headSha).sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
  return run ? verifyRunOf(run as RunPayload) : undefined;
}


/**
 * Finds the newest `pull_request` workflow run named `workflowName` for `headSha` and re-runs it.
 * Returns the run id, or `undefined` when there is none. A run still in progress is not re-run
 * (GitHub refuses it), and `undefined` with `running: true` is returned instead.
 */
export async function rerunWorkflow(client: GitHubClient, repo: RepoRef, headSha: string, workflowName: string): Promise<{ runId?: number; running?: boolean }> {
  const { data } = await client.request('GET /repos/{owner}/{repo}/actions/runs', { ...repo, head_sha: headSha, event: 'pull_request', per_page: 100 });
  const run = data.workflow_runs.filter((r) => r.name === workflowName).sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
  if (!run) return {};
  if (run.status !== 'completed') return { running: true };
  await client.request('POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun', { ...repo, run_id: Number(run.id) });
  return { runId: Number(run.id) };
}
