/**
 * Starts the verify workflow for named steps of one pull request head (`/gate rerun <step…>`): a
 * `workflow_dispatch` on the repository's **default branch**, so the workflow file that runs is the
 * trusted one (a dispatch on the pull request's branch would run the branch's own copy), with inputs
 * naming the pull request, its head and base SHA and the steps. The verify workflow checks out that
 * head with the same read-only permissions and containment as on `pull_request`.
 * Sources: https://docs.github.com/en/rest/actions/workflows#create-a-workflow-dispatch-event
 * (`return_run_details`, 200 with `workflow_run_id`, since 2026-02-19; older servers answer 204 and
 * reject the parameter with 400/422), https://docs.github.com/en/rest/actions/workflows#list-repository-workflows
 */
import picomatch from 'picomatch';
import { statusOf, type GitHubClient, type RepoRef } from './client.js';
import type { PullRequestFacts } from './pull-requests.js';

/** The `workflow_dispatch` inputs the verify workflow declares (workflows/handoff-gate-verify.yml). */
export interface VerifyDispatchInputs {
  pull_request: string;
  head_sha: string;
  base_sha: string;
  /** Comma-separated step ids (identifiers only, so no quoting is needed). */
  steps: string;
}

export interface VerifyWorkflow {
  id: number;
  path: string;
}

export type DispatchOutcome =
  | { ok: true; workflow: VerifyWorkflow; ref: string; inputs: VerifyDispatchInputs; runId?: number }
  | { ok: false; reason: 'no-workflow' | 'no-dispatch-trigger'; message: string };

/**
 * The active workflow named `workflowName` whose file is one of the gate's own files (`gateFiles`,
 * picomatch globs): any workflow can take the verify workflow's name, only a gate file may verify.
 */
export async function findVerifyWorkflow(client: GitHubClient, repo: RepoRef, workflowName: string, gateFiles: readonly string[]): Promise<VerifyWorkflow | undefined> {
  const isGateFile = picomatch([...gateFiles], { dot: true });
  const workflows = await client.paginate('GET /repos/{owner}/{repo}/actions/workflows', { ...repo, per_page: 100 });
  const found = workflows.find((w) => w.name === workflowName && w.state === 'active' && isGateFile(w.path));
  return found ? { id: found.id, path: found.path } : undefined;
}

/** The repository's default branch (where the trusted workflow files live). */
export async function defaultBranchOf(client: GitHubClient, repo: RepoRef): Promise<string> {
  const { data } = await client.request('GET /repos/{owner}/{repo}', { ...repo });
  return data.default_branch;
}

/**
 * Dispatches the verify workflow for `steps` of `pr`'s current head. Returns the run id when GitHub
 * gives it. Not ok when no such workflow exists or it has no `workflow_dispatch` trigger (an older
 * copy of the verify workflow: the caller re-runs the whole run instead). Other API errors propagate.
 */
export async function dispatchVerify(client: GitHubClient, repo: RepoRef, pr: PullRequestFacts, steps: readonly string[], options: { workflowName: string; gateFiles: readonly string[] }): Promise<DispatchOutcome> {
  const workflow = await findVerifyWorkflow(client, repo, options.workflowName, options.gateFiles);
  if (!workflow) return { ok: false, reason: 'no-workflow', message: `no active workflow named "${options.workflowName}" among the gate's own files (guardrails.gateFiles)` };
  const ref = await defaultBranchOf(client, repo);
  const inputs: VerifyDispatchInputs = { pull_request: String(pr.number), head_sha: pr.headSha, base_sha: pr.baseSha, steps: steps.join(',') };
  const dispatch = (details: boolean) => client.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', { ...repo, workflow_id: workflow.id, ref, inputs: { ...inputs }, ...(details ? { return_run_details: true } : {}) });
  let response: Awaited<ReturnType<typeof dispatch>>;
  try {
    response = await dispatch(true);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (statusOf(error) === 422 && /workflow_dispatch/i.test(message) && !/return_run_details/i.test(message)) {
      return { ok: false, reason: 'no-dispatch-trigger', message: `the "${options.workflowName}" workflow on ${ref} has no workflow_dispatch trigger` };
    }
    // GitHub Enterprise Server before the run-details answer: dispatch again without asking for it.
    if ((statusOf(error) === 400 || statusOf(error) === 422) && /return_run_details/i.test(message)) response = await dispatch(false);
    else throw error;
  }
  const runId = (response.data as { workflow_run_id?: unknown } | undefined)?.workflow_run_id;
  return { ok: true, workflow, ref, inputs, ...(typeof runId === 'number' ? { runId } : {}) };
}
