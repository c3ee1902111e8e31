/**
 * The `/gate rerun <step…>` runs of one pull request head, for the trusted side: the verify
 * workflow's `workflow_dispatch` runs on the default branch (the trusted workflow file; a dispatch on
 * any other ref is never taken), started after the head's complete evidence, each downloaded as
 * untrusted data and validated like complete evidence (head SHA, its own run id and attempt, the
 * repository and the pull request). GitHub's facts decide which runs count and in which order.
 * Sources: https://docs.github.com/en/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow
 * (`workflow_id` may be the workflow's file name)
 */
import picomatch from 'picomatch';
import type { ReasonCode } from '../core/reasons.js';
import { parseEvidence } from '../core/verify/evidence.js';
import type { EvidenceFromRun } from '../core/verify/merge-evidence.js';
import type { GitHubClient, RepoRef } from './client.js';
import { downloadEvidence, type EvidenceDownloadOptions } from './evidence-artifact.js';
import { getPullRequest, type PullRequestFacts } from './pull-requests.js';
import { verifyRunOf, type VerifyRunFacts } from './workflow-runs.js';

/** Re-run runs downloaded per evaluation at most (the newest first); older ones are superseded anyway. */
export const MAX_PARTIAL_RUNS = 10;

/** What the verify workflow's `run-name` says of a dispatched run: `handoff-gate verify: #12 at <sha> [lint,test]`. */
const TITLE = /#(\d{1,10}) at ([0-9a-f]{40})(?: \[([A-Za-z0-9._,-]{0,2000})\])?/;

/** A note about a re-run that changed nothing (the review shows it; it never changes the verdict). */
export interface RerunNote {
  code: Extract<ReasonCode, 'verify.rerun-ignored' | 'verify.rerun-pending'>;
  message: string;
}

export interface PartialEvidence {
  partials: EvidenceFromRun[];
  notes: RerunNote[];
}

export interface PartialEvidenceOptions extends EvidenceDownloadOptions {
  workflowName: string;
  gateFiles: readonly string[];
  /** The repository's default branch: the only ref a re-run may have run from. */
  defaultBranch: string;
  /** Start of the complete evidence's run: re-runs started before it are superseded by it. */
  since: string;
  /** The verify workflow's file (`.github/workflows/handoff-gate-verify.yml`), as GitHub reports the complete run's. */
  workflowPath: string;
  /** The dispatched run an event brought (GitHub's list may not show it completed yet). */
  given?: VerifyRunFacts;
}

/**
 * The re-run evidence of `pr`'s head. Runs whose title names another pull request or head are not
 * downloaded; a run without such a title (a verify workflow without `run-name`) is downloaded and
 * judged by its evidence. Throws only on API errors.
 */
export async function partialEvidenceFor(client: GitHubClient, repo: RepoRef, pr: PullRequestFacts, options: PartialEvidenceOptions): Promise<PartialEvidence> {
  const isGateFile = picomatch([...options.gateFiles], { dot: true });
  // The verify workflow's own runs (by its file name, as the complete run reports it), so other workflows' dispatches never crowd ours out.
  const workflowFile = options.workflowPath.split('/').pop() ?? options.workflowPath;
  const { data } = await client.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', { ...repo, workflow_id: workflowFile, event: 'workflow_dispatch', branch: options.defaultBranch, per_page: 100 });
  const listed = data.workflow_runs.map((r) => verifyRunOf(r as Parameters<typeof verifyRunOf>[0]));
  const byId = new Map(listed.map((r) => [r.id, r]));
  if (options.given?.event === 'workflow_dispatch') byId.set(options.given.id, options.given);
  const notes: RerunNote[] = [];
  const candidates = [...byId.values()]
    .filter((r) => r.event === 'workflow_dispatch' && r.name === options.workflowName && isGateFile(r.path) && r.headBranch === options.defaultBranch)
    .filter((r) => r.startedAt.localeCompare(options.since) >= 0)
    .filter((r) => {
      const title = TITLE.exec(r.title);
      return !title || (Number(title[1]) === pr.number && title[2] === pr.headSha);
    })
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id - a.id);
  const steps = (r: VerifyRunFacts) => TITLE.exec(r.title)?.[3]?.replace(/,/g, ', ') ?? 'some steps';
  const partials: EvidenceFromRun[] = [];
  for (const run of candidates) {
    if (run.status !== 'completed') {
      notes.push({ code: 'verify.rerun-pending', message: `re-run of ${steps(run)} (workflow run ${run.id}) is ${run.status || 'queued'}; the results shown are the earlier ones` });
      continue;
    }
    if (run.conclusion === 'cancelled' || run.conclusion === 'skipped') continue; // superseded by a newer re-run of the same steps
    if (run.conclusion !== 'success') {
      notes.push({ code: 'verify.rerun-ignored', message: `re-run of ${steps(run)} (workflow run ${run.id}) concluded ${run.conclusion ?? 'without a conclusion'}; the earlier results stand` });
      continue;
    }
    if (partials.length >= MAX_PARTIAL_RUNS) break;
    const download = await downloadEvidence(client, repo, run.id, options);
    if (!download.ok) {
      notes.push({ code: 'verify.rerun-ignored', message: `re-run workflow run ${run.id}: ${download.message}; the earlier results stand` });
      continue;
    }
    const parsed = parseEvidence(download.bytes, { headSha: pr.headSha, runId: run.id, runAttempt: run.attempt, repository: `${repo.owner}/${repo.repo}`, pullRequest: pr.number, ...(options.maxFileBytes !== undefined ? { maxBytes: options.maxFileBytes } : {}) });
    // A run without a title is someone else's re-run as often as not: only a titled run that lies is worth saying.
    if (!parsed.ok) {
      if (TITLE.test(run.title) || parsed.code !== 'verify.evidence-stale') notes.push({ code: 'verify.rerun-ignored', message: `re-run workflow run ${run.id} was not merged: ${parsed.message}` });
      continue;
    }
    partials.push({ evidence: parsed.evidence, runId: run.id, startedAt: run.startedAt });
  }
  return { partials, notes };
}

/**
 * The open pull requests a dispatched re-run is for: the one its title names (`#12 at <sha>`), kept
 * only when GitHub says that pull request's head is still that SHA; none for a run without such a
 * title (its evidence is then found by the next evaluation of the pull request).
 */
export async function pullRequestsOfDispatchRun(client: GitHubClient, repo: RepoRef, run: VerifyRunFacts): Promise<PullRequestFacts[]> {
  const title = TITLE.exec(run.title);
  if (!title) return [];
  const pr = await getPullRequest(client, repo, Number(title[1]));
  return pr.headSha === title[2] ? [pr] : [];
}
