/**
 * The baseline the verify workflow publishes on pushes to the default branch (the
 * `handoff-gate-baseline` artifact, schema baseline-evidence-1.x), found and read over the API:
 * by the pull request's verify job (read-only token, `actions: read`) to reuse base results, and by
 * the trusted side to check the evidence's pre-existing claims. Only a run GitHub reports as a
 * successful `push` run of the same workflow file, on the wanted commit, from the pull request's base
 * branch is taken: that run executed the base branch's code, never the pull request's. The download
 * is bounded and unpacked as evidence is (src/github/evidence-artifact.ts).
 * Source: https://docs.github.com/en/rest/actions/workflow-runs#list-workflow-runs-for-a-repository
 */
import { BASELINE_LIMITS, parseBaselineEvidence, type BaselineEvidence } from '../core/verify/baseline-evidence.js';
import type { GitHubClient, RepoRef } from './client.js';
import { downloadEvidence } from './evidence-artifact.js';

/** The artifact name the verify workflow uploads on a push. */
export const BASELINE_ARTIFACT = 'handoff-gate-baseline';
/** The file inside it. */
export const BASELINE_FILE = 'handoff-gate-baseline.json';

export interface BaselineQuery {
  /** The commit whose baseline is wanted (a pull request's merge base). */
  commitSha: string;
  /** The verify workflow file (`.github/workflows/…`), as GitHub reports the run's `path`. */
  workflowPath: string;
  /** The branch the push run must be from (the pull request's base branch). */
  branch: string;
}

export type BaselineLookup = { ok: true; baseline: BaselineEvidence; runId: number } | { ok: false; message: string };

interface ListedRun {
  id: number;
  run_attempt?: number;
  path?: string;
  event: string;
  conclusion: string | null;
  head_sha: string;
  head_branch: string | null;
  created_at: string;
}

/**
 * The newest successful push run of `query.workflowPath` on `query.commitSha` from `query.branch`
 * and its baseline, validated and bound to that run (id, attempt), commit and repository. Never
 * throws for a missing, expired, oversized or malformed baseline (`ok: false` with why); throws for
 * API errors listing the runs.
 */
export async function findPublishedBaseline(client: GitHubClient, repo: RepoRef, query: BaselineQuery): Promise<BaselineLookup> {
  const { data } = await client.request('GET /repos/{owner}/{repo}/actions/runs', { ...repo, head_sha: query.commitSha, event: 'push', branch: query.branch, status: 'success', per_page: 20 });
  const runs = (data.workflow_runs as ListedRun[])
    .filter((r) => r.event === 'push' && r.conclusion === 'success' && r.head_sha === query.commitSha && r.head_branch === query.branch && (r.path ?? '').split('@')[0] === query.workflowPath)
    .sort((a, b) => b.created_at.localeCompare(a.created_at));
  const run = runs[0];
  if (!run) return { ok: false, message: `no successful push run of ${query.workflowPath} on ${query.commitSha.slice(0, 12)} (${query.branch})` };
  const download = await downloadEvidence(client, repo, run.id, { artifactName: BASELINE_ARTIFACT, fileName: BASELINE_FILE, maxFileBytes: BASELINE_LIMITS.maxBytes });
  if (!download.ok) return { ok: false, message: `push run ${run.id}: ${download.message}` };
  const parsed = parseBaselineEvidence(download.bytes, { commitSha: query.commitSha, runId: run.id, runAttempt: run.run_attempt ?? 1, repository: `${repo.owner}/${repo.repo}` });
  return parsed.ok ? { ok: true, baseline: parsed.baseline, runId: run.id } : { ok: false, message: `push run ${run.id}: ${parsed.message}` };
}

/** The workflow file of the running workflow from `GITHUB_WORKFLOW_REF` (`owner/repo/.github/workflows/x.yml@ref`). */
export function workflowPathOf(workflowRef: string | undefined, repository: string): string | undefined {
  if (!workflowRef) return undefined;
  const path = workflowRef.split('@')[0] ?? '';
  return path.startsWith(`${repository}/`) ? path.slice(repository.length + 1) : undefined;
}
