/**
 * Re-runs the gate's workflow run for a head SHA through the Actions API (what `/gate rerun` and the
 * other commands use so the check run is recomputed by the workflow that owns it).
 * Sources: https://docs.github.com/en/rest/actions/workflow-runs
 */
import type { GitHubClient, RepoRef } from './client.js';

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
