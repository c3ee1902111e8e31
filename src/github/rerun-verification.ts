/**
 * Verification again for one pull request head, as `/gate rerun` asks (shared by the Action's
 * command mode and the App): named steps through a `workflow_dispatch` of the verify workflow
 * (partial evidence, merged by the trusted side), everything by re-running the head's verify run.
 */
import { codeSpan, escapeMarkdown } from '../core/report/escape.js';
import type { StepOutcome } from '../core/commands/rerun-request.js';
import type { GitHubClient, RepoRef } from './client.js';
import type { PullRequestFacts } from './pull-requests.js';
import { verificationFor, type VerificationOptions } from './verify-evidence.js';
import { dispatchVerify } from './workflow-dispatch.js';
import { rerunWorkflow } from './workflow-runs.js';

/** What to verify again: nothing (re-evaluate only), the whole verify run, or some steps. */
export type Reverify = { kind: 'none' } | { kind: 'all' } | { kind: 'steps'; steps: string[] };

export interface RerunOutcome {
  /** What was started: a dispatched partial run, a re-run of the whole run, or nothing. */
  started: 'dispatch' | 'rerun' | 'none';
  runId?: number;
  /** A line for the commenter when something needs their attention (Markdown, escaped). */
  note?: string;
}

/**
 * Starts verification of `reverify` on `pr`'s head through the workflow named `workflowName`.
 * A verify workflow without a `workflow_dispatch` trigger (an older copy) gets the whole run re-run,
 * and the note says why. Throws on API errors.
 */
export async function rerunVerification(client: GitHubClient, repo: RepoRef, pr: PullRequestFacts, reverify: Reverify, options: { workflowName: string; gateFiles: readonly string[] }): Promise<RerunOutcome> {
  const short = codeSpan(pr.headSha.slice(0, 7));
  let fallback: string | undefined;
  if (reverify.kind === 'none') return { started: 'none' };
  if (reverify.kind === 'steps') {
    const dispatched = await dispatchVerify(client, repo, pr, reverify.steps, options);
    if (dispatched.ok) return { started: 'dispatch', ...(dispatched.runId !== undefined ? { runId: dispatched.runId } : {}) };
    if (dispatched.reason === 'no-workflow') return { started: 'none', note: `${escapeMarkdown(dispatched.message)}, so nothing was re-run.` };
    fallback = `${escapeMarkdown(dispatched.message)} (copy the current ${codeSpan('workflows/handoff-gate-verify.yml')}), so the whole verify run was re-run instead.`;
  }
  const { runId, running } = await rerunWorkflow(client, repo, pr.headSha, options.workflowName);
  if (runId) return { started: 'rerun', runId, ...(fallback ? { note: fallback } : {}) };
  // GitHub refuses to re-run a run in progress, and that run read the timeline before this command.
  if (running) return { started: 'none', note: `the gate is running on ${short} right now and cannot take this into account; comment ${codeSpan('/gate rerun')} when it has finished.` };
  return { started: 'none', note: `no "${escapeMarkdown(options.workflowName)}" workflow run was found for ${short}; push a commit or re-run it from the Actions tab.` };
}

/**
 * The latest result of each configured step on `pr`'s head (complete evidence with the re-runs
 * merged), for `/gate rerun failed`; `undefined` when there is no usable verification yet.
 */
export async function latestStepOutcomes(client: GitHubClient, repo: RepoRef, pr: PullRequestFacts, config: Parameters<typeof verificationFor>[3], options: VerificationOptions): Promise<StepOutcome[] | undefined> {
  const verification = await verificationFor(client, repo, pr, config, options);
  return verification.kind === 'evidence' ? verification.steps.map((s) => ({ id: s.id, status: s.status, newErrors: s.newErrors })) : undefined;
}
