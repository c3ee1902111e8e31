/**
 * One check run per head SHA and name, created or updated in place: found by `external_id` among
 * the check runs of that name on the head SHA, so a re-run or a redelivered webhook updates the same
 * run. Annotations go out at most 50 per request (GitHub's limit), and only to a completing run that
 * has none yet: GitHub appends the annotations of every update, so a re-evaluation of the same run
 * keeps the annotations of its first completion and updates only status, conclusion and text.
 * Writes whose outcome is unknown (5xx, timeout, reset: the request may have been applied) are never
 * retried blindly: the runs are listed again and ours adopted, else created. Duplicates made by
 * another process are converged: the lowest id is ours, the others are completed `neutral` with a
 * pointer to it.
 * Source: https://docs.github.com/en/rest/checks/runs
 */
import type { Annotation } from '../core/report/annotations.js';
import { statusOf, type GitHubClient, type RepoRef } from './client.js';

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
  conclusion: string | null;
  completedAt: string | null;
  /** Annotations the run already carries (`output.annotations_count`). */
  annotationsCount: number;
  title: string | null;
  /** Slug of the app that created it (`github-actions` for a workflow's GITHUB_TOKEN). */
  appSlug: string | undefined;
  text: string;
}

/** Every check run on `headSha` (all pages), or only those named `name`. */
export async function listCheckRuns(client: GitHubClient, repo: RepoRef, headSha: string, name?: string): Promise<CheckRunSummary[]> {
  const runs = await client.paginate('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { ...repo, ref: headSha, ...(name ? { check_name: name } : {}), filter: 'all', per_page: 100 });
  return runs.map((r) => ({ id: Number(r.id), name: r.name, externalId: r.external_id, headSha: r.head_sha, status: r.status, conclusion: r.conclusion, completedAt: r.completed_at, annotationsCount: r.output.annotations_count ?? 0, title: r.output.title, appSlug: r.app?.slug, text: r.output.text ?? '' }));
}

/** Our check run for (name, head SHA, external id) — the lowest id — and any duplicates of it. */
export interface OurCheckRun {
  run: CheckRunSummary;
  /** Runs with the same name, head SHA and external id and a higher id (made by a concurrent writer). */
  duplicates: CheckRunSummary[];
}

/** Our check run for (name, head SHA, external id) among `runs`, if any: the lowest id wins. */
export function ourCheckRun(runs: readonly CheckRunSummary[], name: string, headSha: string, externalId: string): OurCheckRun | undefined {
  const ours = runs.filter((r) => r.name === name && r.externalId === externalId && r.headSha === headSha).sort((a, b) => a.id - b.id);
  const [run, ...duplicates] = ours;
  return run ? { run, duplicates } : undefined;
}

/** The id of our existing check run for (name, head SHA, external id), if any. */
export async function findCheckRun(client: GitHubClient, repo: RepoRef, name: string, headSha: string, externalId: string): Promise<number | undefined> {
  return ourCheckRun(await listCheckRuns(client, repo, headSha, name), name, headSha, externalId)?.run.id;
}

/** Like `findCheckRun`, with the run's state and its duplicates. */
export async function findOurCheckRun(client: GitHubClient, repo: RepoRef, name: string, headSha: string, externalId: string): Promise<OurCheckRun | undefined> {
  return ourCheckRun(await listCheckRuns(client, repo, headSha, name), name, headSha, externalId);
}

/** Whether a failed request may have been applied: a 5xx, or no HTTP answer at all (timeout, reset). */
export function outcomeUnknown(error: unknown): boolean {
  const status = statusOf(error);
  return status === undefined || status >= 500;
}

/** Octokit request options that turn off the retry plugin for one request (its retries are blind). */
export const NO_BLIND_RETRY = { request: { retries: 0 } } as const;

/** Attempts at a create whose outcome stays unknown before giving up (each re-lists first). */
const CREATE_ATTEMPTS = 3;

/**
 * Creates the check run, or updates `existing`, then sends the remaining annotations in batches.
 * `existing` is an id (annotations are then always sent) or what `ourCheckRun` found: annotations
 * are sent only when the run is completed by this request and carries none yet, and duplicates are
 * completed `neutral` (before ours is updated, so ours stays the latest). A create with an unknown
 * outcome re-lists and adopts the run if it exists. Returns the check run id and the number of
 * requests made. Throws the Octokit `RequestError` unchanged (a 403 means the token may not write
 * checks: see the fork fallback in the Action).
 */
export async function upsertCheckRun(client: GitHubClient, repo: RepoRef, request: CheckRunRequest, existing?: number | OurCheckRun): Promise<{ id: number; requests: number }> {
  let requests = 0;
  const known = typeof existing === 'object' ? existing : undefined;
  if (known) requests += await convergeCheckRuns(client, repo, known);
  let id: number | undefined = typeof existing === 'number' ? existing : known?.run.id;
  // Annotations the run carries already (an id alone: unknown, taken as none, as before).
  let carried = known?.run.annotationsCount ?? 0;
  const output = (batch: readonly Annotation[]) => ({
    title: cut(request.output.title, 255),
    summary: cut(request.output.summary, OUTPUT_LIMIT),
    ...(request.output.text ? { text: cut(request.output.text, OUTPUT_LIMIT) } : {}),
    ...(batch.length > 0 ? { annotations: batch.map(toApi) } : {}),
  });
  const body = (batch: readonly Annotation[]) => ({
    status: request.status,
    ...(request.conclusion ? { conclusion: request.conclusion } : {}),
    ...(request.status === 'completed' ? { completed_at: new Date().toISOString() } : {}),
    ...(request.detailsUrl ? { details_url: request.detailsUrl } : {}),
    ...(request.actions ? { actions: request.actions.slice(0, 3).map((a) => ({ label: cut(a.label, 20), description: cut(a.description, 40), identifier: cut(a.identifier, 20) })) } : {}),
    output: output(batch),
  });
  const annotationsFor = () => (request.status === 'completed' && carried === 0 ? (request.annotations ?? []) : []);
  let annotations = annotationsFor();
  let created = false;
  for (let attempt = 1; id === undefined; attempt++) {
    try {
      requests++;
      const response = await client.request('POST /repos/{owner}/{repo}/check-runs', { ...repo, name: request.name, head_sha: request.headSha, external_id: request.externalId, started_at: new Date().toISOString(), ...body(annotations.slice(0, ANNOTATIONS_PER_REQUEST)), ...NO_BLIND_RETRY });
      id = Number(response.data.id);
      created = true;
    } catch (error) {
      if (!outcomeUnknown(error) || attempt >= CREATE_ATTEMPTS) throw error;
      requests++;
      const adopted = await findOurCheckRun(client, repo, request.name, request.headSha, request.externalId);
      if (adopted) {
        // The create was applied (or another writer's was): that run is ours, brought up to date below.
        id = adopted.run.id;
        carried = adopted.run.annotationsCount;
        annotations = annotationsFor();
      }
    }
  }
  const first = annotations.slice(0, ANNOTATIONS_PER_REQUEST);
  if (!created) {
    requests += await patchAnnotated(client, repo, id, body(first), first.length, carried, request);
  }
  carried += first.length;
  for (let i = ANNOTATIONS_PER_REQUEST; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
    const batch = annotations.slice(i, i + ANNOTATIONS_PER_REQUEST);
    requests += await patchAnnotated(client, repo, id, { output: output(batch) }, batch.length, carried, request);
    carried += batch.length;
  }
  return { id, requests };
}

/**
 * PATCHes check run `id` with `body` carrying `count` annotations, the run carrying `before` already.
 * Without annotations the update is idempotent and Octokit's retries stay on; with annotations it is
 * sent without blind retries, and an unknown outcome is resolved by reading the run's annotation
 * count (grown: applied; not: sent once more). Returns the number of requests made.
 */
async function patchAnnotated(client: GitHubClient, repo: RepoRef, id: number, body: Record<string, unknown>, count: number, before: number, request: CheckRunRequest): Promise<number> {
  const patch = (retry: boolean) => client.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { ...repo, check_run_id: id, external_id: request.externalId, ...body, ...(retry ? {} : NO_BLIND_RETRY) });
  if (count === 0) {
    await patch(true);
    return 1;
  }
  try {
    await patch(false);
    return 1;
  } catch (error) {
    if (!outcomeUnknown(error)) throw error;
    const after = await findOurCheckRun(client, repo, request.name, request.headSha, request.externalId);
    if (after?.run.id === id && after.run.annotationsCount > before) return 2;
    await patch(false);
    return 3;
  }
}

/**
 * Completes every duplicate of `ours` as `neutral` with a pointer to our run (id and title), unless it
 * already says so. Returns the number of requests made.
 */
export async function convergeCheckRuns(client: GitHubClient, repo: RepoRef, ours: OurCheckRun): Promise<number> {
  let requests = 0;
  for (const duplicate of ours.duplicates) {
    if (duplicate.status === 'completed' && duplicate.conclusion === 'neutral' && duplicate.title === DUPLICATE_TITLE) continue;
    await client.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      ...repo,
      check_run_id: duplicate.id,
      status: 'completed',
      conclusion: 'neutral',
      completed_at: new Date().toISOString(),
      output: { title: DUPLICATE_TITLE, summary: `This run duplicates check run ${ours.run.id} for the same commit (created by a concurrent delivery); that run carries the gate's result.` },
    });
    requests++;
  }
  return requests;
}

/** Title of a duplicate run completed by `convergeCheckRuns`. */
export const DUPLICATE_TITLE = 'Duplicate: see the other handoff-gate run on this commit';

function toApi(a: Annotation) {
  return { path: a.path, start_line: a.startLine, end_line: a.endLine, annotation_level: a.level, title: cut(a.title, 255), message: cut(a.message, 64 * 1024) };
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
