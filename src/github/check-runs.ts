/**
 * One check run per head SHA and name, created or updated in place: found by `external_id` among
 * the check runs of that name on the head SHA, so a re-run or a redelivered webhook updates the same
 * run. Annotations go out at most 50 per request (GitHub's limit; later updates append).
 * Source: https://docs.github.com/en/rest/checks/runs
 */
import type { Annotation } from '../core/report/annotations.js';
import type { GitHubClient, RepoRef } from './client.js';

/** GitHub accepts at most 50 annotations per create/update request. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** `output.summary` and `output.text` are limited to 65,535 characters each. */
export const OUTPUT_LIMIT = 65_535;

export interface CheckRunOutput {
  title: string;
  summary: string;
  text?: string;
}

export interface CheckRunRequest {
  name: string;
  headSha: string;
  /** Identifies our run among runs of the same name (e.g. `handoff-gate:<head SHA>`). */
  externalId: string;
  status: 'in_progress' | 'completed';
  conclusion?: 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required';
  output: CheckRunOutput;
  annotations?: readonly Annotation[];
  detailsUrl?: string;
  /** Buttons (GitHub: at most 3; label ≤ 20, description ≤ 40, identifier ≤ 20 characters). Only the App that created the run receives the clicks. */
  actions?: readonly { label: string; description: string; identifier: string }[];
}

/** What the gate reads of a check run. */
export interface CheckRunSummary {
  id: number;
  name: string;
  externalId: string | null;
  headSha: string;
  status: string;
  completedAt: string | null;
  /** Slug of the app that created it (`github-actions` for a workflow's GITHUB_TOKEN). */
  appSlug: string | undefined;
  text: string;
}

/** Every check run on `headSha` (all pages), or only those named `name`. */
export async function listCheckRuns(client: GitHubClient, repo: RepoRef, headSha: string, name?: string): Promise<CheckRunSummary[]> {
  const runs = await client.paginate('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { ...repo, ref: headSha, ...(name ? { check_name: name } : {}), filter: 'all', per_page: 100 });
  return runs.map((r) => ({ id: Number(r.id), name: r.name, externalId: r.external_id, headSha: r.head_sha, status: r.status, completedAt: r.completed_at, appSlug: r.app?.slug, text: r.output.text ?? '' }));
}

/** The id of our check run for (name, head SHA, external id) among `runs`, if any. */
export function ourCheckRun(runs: readonly CheckRunSummary[], name: string, headSha: string, externalId: string): number | undefined {
  return runs.find((r) => r.name === name && r.externalId === externalId && r.headSha === headSha)?.id;
}

/** The id of our existing check run for (name, head SHA, external id), if any. */
export async function findCheckRun(client: GitHubClient, repo: RepoRef, name: string, headSha: string, externalId: string): Promise<number | undefined> {
  return ourCheckRun(await listCheckRuns(client, repo, headSha, name), name, headSha, externalId);
}

/**
 * Creates the check run, or updates `existingId`, then sends the remaining annotations in batches.
 * Returns the check run id and the number of requests made. Throws the Octokit `RequestError`
 * unchanged (a 403 means the token may not write checks: see the fork fallback in the Action).
 */
export async function upsertCheckRun(client: GitHubClient, repo: RepoRef, request: CheckRunRequest, existingId?: number): Promise<{ id: number; requests: number }> {
  const annotations = request.annotations ?? [];
  const output = (batch: readonly Annotation[]) => ({
    title: cut(request.output.title, 255),
    summary: cut(request.output.summary, OUTPUT_LIMIT),
    ...(request.output.text ? { text: cut(request.output.text, OUTPUT_LIMIT) } : {}),
    ...(batch.length > 0 ? { annotations: batch.map(toApi) } : {}),
  });
  const first = annotations.slice(0, ANNOTATIONS_PER_REQUEST);
  const body = {
    status: request.status,
    ...(request.conclusion ? { conclusion: request.conclusion } : {}),
    ...(request.status === 'completed' ? { completed_at: new Date().toISOString() } : {}),
    ...(request.detailsUrl ? { details_url: request.detailsUrl } : {}),
    ...(request.actions ? { actions: request.actions.slice(0, 3).map((a) => ({ label: cut(a.label, 20), description: cut(a.description, 40), identifier: cut(a.identifier, 20) })) } : {}),
    output: output(first),
  };
  let id: number | undefined = existingId;
  if (id === undefined) {
    const created = await client.request('POST /repos/{owner}/{repo}/check-runs', { ...repo, name: request.name, head_sha: request.headSha, external_id: request.externalId, started_at: new Date().toISOString(), ...body });
    id = Number(created.data.id);
  } else {
    await client.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { ...repo, check_run_id: id, external_id: request.externalId, ...body });
  }
  let requests = 1;
  for (let i = ANNOTATIONS_PER_REQUEST; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
    await client.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { ...repo, check_run_id: id, output: output(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST)) });
    requests++;
  }
  return { id: id as number, requests };
}

function toApi(a: Annotation) {
  return { path: a.path, start_line: a.startLine, end_line: a.endLine, annotation_level: a.level, title: cut(a.title, 255), message: cut(a.message, 64 * 1024) };
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The slug of the GitHub Actions app: check runs made with a workflow's GITHUB_TOKEN belong to it. */
export const GITHUB_ACTIONS_APP = 'github-actions';

/**
 * The newest completed check run named `name` on `headSha` created by the GitHub Actions app, among
 * `runs`; runs by any other app are ignored (anyone else could forge a verify result).
 */
export function actionsCheckRun(runs: readonly CheckRunSummary[], name: string, headSha: string): CheckRunSummary | undefined {
  return runs
    .filter((r) => r.name === name && r.appSlug === GITHUB_ACTIONS_APP && r.headSha === headSha && r.status === 'completed')
    .sort((a, b) => (b.completedAt ?? '').localeCompare(a.completedAt ?? ''))[0];
}

