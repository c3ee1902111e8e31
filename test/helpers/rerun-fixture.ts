/**
 * One pull request with verification on the stateful stand-in, for the `/gate rerun` tests of both
 * hosts: the verify workflow (dispatchable or not), a completed `pull_request` verify run with its
 * evidence artifact (`lint` passes, `test` fails), and helpers to finish a dispatched re-run with
 * partial evidence and to build the `workflow_run.completed` delivery GitHub would send for a run.
 */
import { buildEvidence, formatEvidence } from '../../src/core/verify/evidence.js';
import type { StepVerdict } from '../../src/core/verdict/verify-reasons.js';
import { EVIDENCE_ARTIFACT } from '../../src/github/evidence-artifact.js';
import { examplePayload } from './action-env.js';
import { REPO, handoffText } from './app-harness.js';
import { evidenceZip, stepWith, verifyRunPayload } from './evidence-stand-in.js';
import type { GitHubStandIn, StoredWorkflowRun } from './github-standin.js';

export const HEAD = 'd'.repeat(40);
export const BASE = 'b'.repeat(40);
export const OLD_HEAD = 'c'.repeat(40);
export const PR = 5;
export const VERIFY_NAME = 'handoff-gate verify';
export const VERIFY_PATH = '.github/workflows/handoff-gate-verify.yml';
export const CONFIG = 'verify:\n  steps:\n    - id: lint\n      run: "true"\n    - id: test\n      run: "true"\n';

/** Evidence of `run` for PR #5: `steps`, for `headSha` (default the head), partial when `rerunSteps` is given. */
export function evidenceOf(run: StoredWorkflowRun, steps: StepVerdict[], options: { headSha?: string; rerunSteps?: string[] } = {}): Uint8Array {
  return formatEvidence(buildEvidence({ repository: REPO, pullRequest: PR, headSha: options.headSha ?? HEAD, baseSha: BASE, workflowRunId: run.id, workflowRunAttempt: run.run_attempt, configText: CONFIG, ...(options.rerunSteps ? { rerunSteps: options.rerunSteps } : {}) }, steps));
}

/** Sets up PR #5 at HEAD with the verify workflow and its completed `pull_request` run (`lint` passes, `test` fails). */
export function seedVerifiedPullRequest(github: GitHubStandIn, options: { dispatchable?: boolean } = {}): StoredWorkflowRun {
  github.setConfig(REPO, CONFIG);
  github.setPullRequest(REPO, { number: PR, headSha: HEAD, baseSha: BASE, files: { '.handoff/s.json': handoffText('s1') } });
  github.setPermission(REPO, 'lead', 'write');
  github.setPermission(REPO, 'visitor', 'read');
  github.addWorkflow(REPO, { name: VERIFY_NAME, path: VERIFY_PATH, dispatchable: options.dispatchable ?? true });
  const run = github.addWorkflowRun(REPO, { name: VERIFY_NAME, path: VERIFY_PATH, event: 'pull_request', head_sha: HEAD, head_branch: 'agent/5', pull_requests: [{ number: PR }], display_title: `handoff-gate verify: #${PR} at ${HEAD}` });
  github.completeRun(run, 'success', { name: EVIDENCE_ARTIFACT, zip: evidenceZip(evidenceOf(run, [stepWith('lint', 0), stepWith('test', 1)])) });
  return run;
}

/** The re-runs dispatched so far (newest last). */
export const dispatched = (github: GitHubStandIn) => github.workflowRuns.filter((r) => r.event === 'workflow_dispatch');

/** The newest dispatched re-run; throws when there is none. */
export function lastDispatched(github: GitHubStandIn): StoredWorkflowRun {
  const run = dispatched(github).at(-1);
  if (!run) throw new Error('nothing was dispatched');
  return run;
}

/** Finishes dispatched `run` successfully with partial evidence for its steps. */
export function finishRerun(github: GitHubStandIn, run: StoredWorkflowRun, steps: StepVerdict[], options: { headSha?: string; rerunSteps?: string[] } = {}): void {
  github.completeRun(run, 'success', { name: EVIDENCE_ARTIFACT, zip: evidenceZip(evidenceOf(run, steps, { rerunSteps: options.rerunSteps ?? (run.inputs?.['steps'] ?? '').split(','), ...(options.headSha ? { headSha: options.headSha } : {}) })) });
}

/** GitHub's `workflow_run.completed` delivery for `run`, as stored on the stand-in (installation 1). */
export function runCompletedPayload(run: StoredWorkflowRun): Record<string, any> {
  const payload = verifyRunPayload(run.head_sha, { id: run.id, run_attempt: run.run_attempt, name: run.name, path: run.path, event: run.event, status: run.status, conclusion: run.conclusion, head_branch: run.head_branch, pull_requests: run.pull_requests.map((p) => ({ number: p.number })), display_title: run.display_title, run_started_at: run.run_started_at, created_at: run.created_at });
  payload.installation = { id: 1 };
  payload.repository = examplePayload('pull_request', 'opened').repository; // Codertocat/Hello-World, as the stand-in's pull request
  return payload;
}
