/**
 * The trusted side's use of the published baseline: when verification evidence calls findings
 * pre-existing, the baseline the verify workflow published on a push to the pull request's base
 * branch, for the pull request's real merge base, backs or refutes those claims
 * (src/core/verify/check-pre-existing.ts). The merge base comes from GitHub's compare API, never from
 * the evidence (which could name an older commit whose baseline happened to have the failure).
 * Source: https://docs.github.com/en/rest/commits/commits#compare-two-commits
 */
import type { StepVerdict } from '../core/verdict/verify-reasons.js';
import { checkPreExisting } from '../core/verify/check-pre-existing.js';
import type { Evidence } from '../core/verify/evidence-schema.js';
import { findPublishedBaseline } from './baseline-artifact.js';
import type { GitHubClient, RepoRef } from './client.js';
import type { PullRequestFacts } from './pull-requests.js';

/**
 * `steps` with every pre-existing claim checked against the baseline published for the merge base
 * of `pr` by a successful push run of `workflowPath` on `pr.baseRef`. Unchanged when no step claims
 * pre-existing findings or no such baseline exists (the evidence then stands as before: see
 * SECURITY.md). API errors are thrown (the caller fails closed).
 */
export async function checkClaimsAgainstPublishedBaseline(client: GitHubClient, repo: RepoRef, pr: PullRequestFacts, workflowPath: string, evidence: Evidence, steps: StepVerdict[]): Promise<StepVerdict[]> {
  if (!steps.some((s) => (s.preExistingCount ?? s.preExisting.length) > 0 && s.status !== 'error' && s.status !== 'skipped')) return steps;
  const { data } = await client.request('GET /repos/{owner}/{repo}/compare/{basehead}', { ...repo, basehead: `${pr.baseSha}...${pr.headSha}`, per_page: 1 });
  const mergeBase = data.merge_base_commit.sha;
  const found = await findPublishedBaseline(client, repo, { commitSha: mergeBase, workflowPath, branch: pr.baseRef });
  if (!found.ok) return steps;
  return checkPreExisting(evidence, steps, { baseline: found.baseline, runId: found.runId }).steps;
}
