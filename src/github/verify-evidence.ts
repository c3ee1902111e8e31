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
import { checkClaimsAgainstPublishedBaseline } from './check-baseline-claims.js';
import type { GitHubClient, RepoRef } from './client.js';
import { downloadEvidence, type EvidenceDownloadOptions } from './evidence-artifact.js';
import { mergeEvidence } from '../core/verify/merge-evidence.js';
import { partialEvidenceFor, type RerunNote } from './partial-evidence.js';
import { getPullRequest, type PullRequestFacts } from './pull-requests.js';
import { latestVerifyRun, type VerifyRunFacts } from './workflow-runs.js';
import { defaultBranchOf } from './workflow-dispatch.js';

/** What the trusted side knows about verification of one head. */
export type Verification =
  | { kind: 'waiting'; note: string }
  | { kind: 'evidence'; steps: StepVerdict[]; baselineError?: string; runId: number; notes?: RerunNote[] }
  | { kind: 'problem'; code: EvidenceProblemCode; message: string; runId?: number };

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
  // A dispatched re-run (`/gate rerun <step…>`) is partial: it is merged into the newest complete run's evidence.
  const run = given?.event === 'workflow_dispatch' ? await latestVerifyRun(client, repo, pr.headSha, options.workflowName) : (given ?? (await latestVerifyRun(client, repo, pr.headSha, options.workflowName)));
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
  const defaultBranch = pr.defaultBranch ?? (await defaultBranchOf(client, repo));
  const partial = await partialEvidenceFor(client, repo, pr, { ...options, gateFiles: config.gateFiles, defaultBranch, since: run.startedAt, workflowPath: run.path, ...(given ? { given } : {}) });
  const merged = mergeEvidence({ evidence: parsed.evidence, runId: run.id, startedAt: run.startedAt }, partial.partials);
  const lined = stepVerdictsFromEvidence(merged.evidence, config.steps, config.text, merged.reruns);
  if (lined.configMismatch) return { kind: 'problem', code: 'verify.evidence-stale', message: lined.configMismatch, runId: run.id };
  const notes = [...partial.notes, ...merged.refused.map((r) => ({ code: 'verify.rerun-ignored' as const, message: r.message }))];
  const steps = await checkClaimsAgainstPublishedBaseline(client, repo, pr, run.path, merged.evidence, lined.steps); // issue 12: pre-existing claims against the default branch's baseline
  return { kind: 'evidence', steps, ...(lined.baselineError !== undefined ? { baselineError: lined.baselineError } : {}), runId: run.id, ...(notes.length > 0 ? { notes } : {}) };
}
