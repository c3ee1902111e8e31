/**
 * A stateful stand-in for GitHub on loopback: a real `node:http` server that stores check runs and
 * issue comments per repository, pull request and head SHA, lists them back with GitHub's
 * pagination (`per_page`, `page`, `Link: <…>; rel="next"`), appends annotations on update as GitHub
 * does (`output.annotations_count`), answers the few endpoints the App calls (installation token,
 * `GET /app`, contents, pull request and its files, the GraphQL blob query, collaborator permission,
 * reviews, reactions, and the Actions side of verification: workflows, workflow runs listed and
 * filtered as GitHub does, re-runs, `workflow_dispatch` (creating a queued run, with
 * `return_run_details`), run artifacts and their zip download), and injects faults on demand:
 * - `error-before`: 500, nothing applied;
 * - `applied-then-502`: the write is applied, then 502 (the response is "lost");
 * - `reset-before` / `reset-after`: the connection is destroyed before / after applying;
 * - `secondary-limit`: 403 "You have exceeded a secondary rate limit" with `retry-after: 1`.
 * Shapes follow https://docs.github.com/en/rest (checks/runs, issues/comments, pulls).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** `hang`: the request is read and never answered (the connection stays open until the stand-in closes). */
export type Fault = 'error-before' | 'applied-then-502' | 'reset-before' | 'reset-after' | 'secondary-limit' | 'hang';

export interface StandInRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Route template, e.g. `POST /repos/{owner}/{repo}/check-runs`. */
  route: string;
  /** True for POST/PATCH/PUT/DELETE outside the installation-token endpoint. */
  write: boolean;
}

export interface StoredCheckRun {
  id: number;
  name: string;
  head_sha: string;
  external_id: string | null;
  status: string;
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
  details_url: string | null;
  output: { title: string | null; summary: string | null; text: string | null; annotations_count: number };
  annotations: unknown[];
  app: { slug: string };
  repo: string;
}

export interface StoredComment {
  id: number;
  body: string;
  user: { login: string; type: 'User' | 'Bot' };
  created_at: string;
  issue: number;
  repo: string;
}

export interface StandInPullRequest {
  number: number;
  headSha: string;
  baseSha: string;
  author?: string;
  /** Files changed at the head: path → text (all `added`). */
  files: Record<string, string>;
}

/** A workflow file of a repository (`GET /actions/workflows`); `dispatchable` = it has a `workflow_dispatch` trigger. */
export interface StoredWorkflow {
  id: number;
  name: string;
  path: string;
  state: 'active' | 'disabled_manually';
  dispatchable: boolean;
  repo: string;
}

/** A workflow run, as the Actions API shows it (plus the dispatch inputs and the stored artifact). */
export interface StoredWorkflowRun {
  id: number;
  name: string;
  path: string;
  event: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  head_sha: string;
  head_branch: string;
  run_attempt: number;
  created_at: string;
  run_started_at: string;
  display_title: string;
  pull_requests: { number: number }[];
  repo: string;
  /** `workflow_dispatch` inputs. */
  inputs?: Record<string, string>;
  /** The evidence artifact's zip, once uploaded. */
  artifact?: { id: number; name: string; zip: Uint8Array };
}

export interface StandInOptions {
  /** Slug of the App (`GET /app`, and `app.slug` of its check runs). Default `handoff-gate`. */
  appSlug?: string;
  /** Chooses a fault for a request (called for every request but the token endpoint), or none. */
  fault?: (request: StandInRequest) => Fault | undefined;
}

const PER_PAGE_DEFAULT = 30;
const PER_PAGE_MAX = 100;

export interface GitHubStandIn {
  url: string;
  server: Server;
  /** Requests received, by route (faulted ones included). */
  counts: Map<string, number>;
  /** Faults injected, by kind. */
  faults: Map<Fault, number>;
  checkRuns: StoredCheckRun[];
  comments: StoredComment[];
  /** Sets a repository's configuration file (`.github/handoff-gate.yml`) text. */
  workflows: StoredWorkflow[];
  workflowRuns: StoredWorkflowRun[];
  /** The default branch's head commit (what a dispatched run's `head_sha` is). */
  defaultBranchSha: string;
  addWorkflow(repo: string, workflow: Omit<StoredWorkflow, 'id' | 'repo' | 'state'> & { state?: StoredWorkflow['state'] }): StoredWorkflow;
  /** Adds a run (a `pull_request` run of the verify workflow, typically); `run_started_at` defaults to now. */
  addWorkflowRun(repo: string, run: Partial<StoredWorkflowRun> & Pick<StoredWorkflowRun, 'name' | 'path' | 'event' | 'head_sha'>): StoredWorkflowRun;
  /** Finishes a run: `completed` with `conclusion`, and its artifact when given. */
  completeRun(run: StoredWorkflowRun, conclusion: string, artifact?: { name: string; zip: Uint8Array }): void;
  setConfig(repo: string, text: string): void;
  /** Adds or replaces a pull request (a new head SHA for an existing number is a push). */
  setPullRequest(repo: string, pr: StandInPullRequest): void;
  pullRequest(repo: string, number: number): StandInPullRequest | undefined;
  /** Sets a user's repository permission (default `none`: not a collaborator). */
  setPermission(repo: string, user: string, permission: 'admin' | 'maintain' | 'write' | 'triage' | 'read'): void;
  /** Adds a comment as if a person (or bot) wrote it. */
  addComment(repo: string, issue: number, body: string, login: string, type?: 'User' | 'Bot'): StoredComment;
  /** Total requests received. */
  total(): number;
  close(): Promise<void>;
}

/** Starts the stand-in on 127.0.0.1 (a free port). */
export async function startGitHubStandIn(options: StandInOptions = {}): Promise<GitHubStandIn> {
  const appSlug = options.appSlug ?? 'handoff-gate';
  const bot = `${appSlug}[bot]`;
  let nextId = 1000;
  const configs = new Map<string, string>();
  const pulls = new Map<string, StandInPullRequest>();
  const permissions = new Map<string, string>();
  const counts = new Map<string, number>();
  const faults = new Map<Fault, number>();
  const checkRuns: StoredCheckRun[] = [];
  const comments: StoredComment[] = [];
  const workflows: StoredWorkflow[] = [];
  const workflowRuns: StoredWorkflowRun[] = [];
  const defaultBranchSha = 'a'.repeat(40);
  let clock = Date.parse('2026-11-24T12:00:00Z');
  /** Strictly increasing ISO timestamps, one second apart, so run order never depends on the wall clock. */
  const tick = () => new Date((clock += 1000)).toISOString().replace(/\.\d{3}Z$/, 'Z');
  let url = '';

  const json = (res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-remaining': '4999', ...headers }).end(JSON.stringify(data));
  };
  const page = <T>(res: ServerResponse, query: URLSearchParams, path: string, items: T[], wrap?: (items: T[]) => unknown) => {
    const perPage = Math.min(PER_PAGE_MAX, Number(query.get('per_page') ?? PER_PAGE_DEFAULT) || PER_PAGE_DEFAULT);
    const n = Math.max(1, Number(query.get('page') ?? 1) || 1);
    const slice = items.slice((n - 1) * perPage, n * perPage);
    const headers: Record<string, string> = {};
    if (n * perPage < items.length) {
      const next = new URLSearchParams(query);
      next.set('page', String(n + 1));
      next.set('per_page', String(perPage));
      headers['link'] = `<${url}${path}?${next.toString()}>; rel="next"`;
    }
    json(res, 200, wrap ? wrap(slice) : slice, headers);
  };
  const publicRun = (r: StoredCheckRun) => {
    const { annotations: _annotations, repo: _repo, ...rest } = r;
    return { ...rest, pull_requests: [] };
  };
  const publicWorkflowRun = (r: StoredWorkflowRun) => {
    const { repo: _repo, inputs: _inputs, artifact: _artifact, ...rest } = r;
    return { ...rest, head_repository: { owner: { login: r.repo.split('/')[0] } } };
  };
  const publicComment = (c: StoredComment) => ({ id: c.id, body: c.body, user: c.user, created_at: c.created_at, updated_at: c.created_at, html_url: `https://github.com/${c.repo}/pull/${c.issue}#issuecomment-${c.id}` });

  /** Routes one request; returns a function that applies it (writes) and answers, or answers at once. */
  const route = (req: IncomingMessage, path: string, query: URLSearchParams, body: Record<string, any>): { route: string; apply: (res: ServerResponse) => void } => {
    const m = (re: RegExp) => re.exec(path);
    const method = req.method ?? 'GET';
    let g: RegExpExecArray | null;
    if (method === 'POST' && (g = m(/^\/app\/installations\/(\d+)\/access_tokens$/))) return { route: 'POST /app/installations/{id}/access_tokens', apply: (res) => json(res, 201, { token: `ghs_standin_${(g as RegExpExecArray)[1]}`, expires_at: '2099-01-01T00:00:00Z', permissions: {} }) };
    if (method === 'GET' && path === '/app') return { route: 'GET /app', apply: (res) => json(res, 200, { id: 1, slug: appSlug, name: appSlug }) };
    if (method === 'POST' && path === '/graphql')
      return {
        route: 'POST /graphql',
        apply: (res) => {
          const vars = (body['variables'] ?? {}) as Record<string, string>;
          const repo = `${vars['owner']}/${vars['repo']}`;
          const out: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(vars)) {
            if (!/^e\d+$/.test(k)) continue;
            const [sha, ...rest] = v.split(':');
            const file = [...pulls.entries()].find(([key, p]) => key.startsWith(`${repo}#`) && p.headSha === sha)?.[1].files[rest.join(':')];
            out[`f${k.slice(1)}`] = file === undefined ? null : { text: file, isBinary: false };
          }
          json(res, 200, { data: { repository: out } });
        },
      };
    if (method === 'GET' && (g = m(/^\/repos\/([^/]+)\/([^/]+)$/))) return { route: 'GET /repos/{owner}/{repo}', apply: (res) => json(res, 200, { full_name: `${(g as RegExpExecArray)[1]}/${(g as RegExpExecArray)[2]}`, default_branch: 'main' }) };
    if (!(g = m(/^\/repos\/([^/]+)\/([^/]+)(\/.*)$/))) return { route: `${method} ${path}`, apply: (res) => json(res, 404, { message: 'Not Found' }) };
    const repo = `${g[1]}/${g[2]}`;
    const rest = g[3] as string;
    let r: RegExpExecArray | null;
    if (method === 'GET' && (r = /^\/contents\/(.+)$/.exec(rest)))
      return {
        route: 'GET /repos/{owner}/{repo}/contents/{path}',
        apply: (res) => {
          const text = decodeURIComponent((r as RegExpExecArray)[1] as string) === '.github/handoff-gate.yml' ? configs.get(repo) : undefined;
          if (text === undefined) return json(res, 404, { message: 'Not Found' });
          if ((req.headers['accept'] ?? '').includes('raw')) return void res.writeHead(200, { 'content-type': 'text/plain' }).end(text);
          json(res, 200, { type: 'file', encoding: 'base64', content: Buffer.from(text).toString('base64'), sha: 'c0' });
        },
      };
    if (method === 'GET' && (r = /^\/pulls\/(\d+)$/.exec(rest)))
      return {
        route: 'GET /repos/{owner}/{repo}/pulls/{pull_number}',
        apply: (res) => {
          const pr = pulls.get(`${repo}#${(r as RegExpExecArray)[1]}`);
          if (!pr) return json(res, 404, { message: 'Not Found' });
          json(res, 200, { number: pr.number, body: null, user: { login: pr.author ?? 'agent' }, head: { sha: pr.headSha, ref: `agent/${pr.number}`, repo: { full_name: repo } }, base: { sha: pr.baseSha, ref: 'main', repo: { full_name: repo, default_branch: 'main' } } });
        },
      };
    if (method === 'GET' && (r = /^\/pulls\/(\d+)\/files$/.exec(rest)))
      return {
        route: 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files',
        apply: (res) => {
          const pr = pulls.get(`${repo}#${(r as RegExpExecArray)[1]}`);
          const files = Object.entries(pr?.files ?? {}).map(([filename, text], i) => {
            const lines = text.split('\n');
            return { sha: `f${i}`, filename, status: 'added', additions: lines.length, deletions: 0, changes: lines.length, patch: `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}` };
          });
          page(res, query, path, files);
        },
      };
    if (method === 'GET' && /^\/pulls\/\d+\/reviews$/.test(rest)) return { route: 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', apply: (res) => page(res, query, path, []) };
    if (method === 'GET' && (r = /^\/commits\/([0-9a-f]+)\/check-runs$/.exec(rest)))
      return {
        route: 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs',
        apply: (res) => {
          const name = query.get('check_name');
          const runs = checkRuns.filter((c) => c.repo === repo && c.head_sha === (r as RegExpExecArray)[1] && (!name || c.name === name)).sort((a, b) => b.id - a.id);
          page(res, query, path, runs.map(publicRun), (items) => ({ total_count: runs.length, check_runs: items }));
        },
      };
    if (method === 'POST' && rest === '/check-runs')
      return {
        route: 'POST /repos/{owner}/{repo}/check-runs',
        apply: (res) => {
          const output = (body['output'] ?? {}) as Record<string, any>;
          const annotations = (output['annotations'] as unknown[] | undefined) ?? [];
          const run: StoredCheckRun = {
            id: nextId++,
            repo,
            name: String(body['name']),
            head_sha: String(body['head_sha']),
            external_id: (body['external_id'] as string | undefined) ?? null,
            status: (body['status'] as string | undefined) ?? 'queued',
            conclusion: (body['conclusion'] as string | undefined) ?? null,
            started_at: (body['started_at'] as string | undefined) ?? null,
            completed_at: body['conclusion'] ? new Date().toISOString() : null,
            details_url: (body['details_url'] as string | undefined) ?? null,
            output: { title: output['title'] ?? null, summary: output['summary'] ?? null, text: output['text'] ?? null, annotations_count: annotations.length },
            annotations: [...annotations],
            app: { slug: appSlug },
          };
          if (run.conclusion) run.status = 'completed';
          checkRuns.push(run);
          json(res, 201, publicRun(run));
        },
      };
    if (method === 'PATCH' && (r = /^\/check-runs\/(\d+)$/.exec(rest)))
      return {
        route: 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}',
        apply: (res) => {
          const run = checkRuns.find((c) => c.repo === repo && c.id === Number((r as RegExpExecArray)[1]));
          if (!run) return json(res, 404, { message: 'Not Found' });
          for (const key of ['status', 'conclusion', 'details_url', 'external_id', 'completed_at'] as const) if (body[key] !== undefined) (run as unknown as Record<string, unknown>)[key] = body[key];
          if (body['conclusion']) run.status = 'completed';
          const output = body['output'] as Record<string, any> | undefined;
          if (output) {
            run.output.title = output['title'] ?? run.output.title;
            run.output.summary = output['summary'] ?? run.output.summary;
            if (output['text'] !== undefined) run.output.text = output['text'];
            // GitHub appends the annotations of every update.
            run.annotations.push(...((output['annotations'] as unknown[] | undefined) ?? []));
            run.output.annotations_count = run.annotations.length;
          }
          json(res, 200, publicRun(run));
        },
      };
    if (method === 'GET' && (r = /^\/issues\/(\d+)\/comments$/.exec(rest)))
      return { route: 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments', apply: (res) => page(res, query, path, comments.filter((c) => c.repo === repo && c.issue === Number((r as RegExpExecArray)[1])).sort((a, b) => a.id - b.id).map(publicComment)) };
    if (method === 'POST' && (r = /^\/issues\/(\d+)\/comments$/.exec(rest)))
      return {
        route: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
        apply: (res) => {
          const c: StoredComment = { id: nextId++, repo, issue: Number((r as RegExpExecArray)[1]), body: String(body['body']), user: { login: bot, type: 'Bot' }, created_at: tick() };
          comments.push(c);
          json(res, 201, publicComment(c));
        },
      };
    if ((method === 'PATCH' || method === 'DELETE') && (r = /^\/issues\/comments\/(\d+)$/.exec(rest)))
      return {
        route: `${method} /repos/{owner}/{repo}/issues/comments/{comment_id}`,
        apply: (res) => {
          const i = comments.findIndex((c) => c.repo === repo && c.id === Number((r as RegExpExecArray)[1]));
          if (i < 0) return json(res, 404, { message: 'Not Found' });
          if (method === 'DELETE') {
            comments.splice(i, 1);
            return void res.writeHead(204).end();
          }
          (comments[i] as StoredComment).body = String(body['body']);
          json(res, 200, publicComment(comments[i] as StoredComment));
        },
      };
    if (method === 'POST' && /^\/issues\/comments\/\d+\/reactions$/.test(rest)) return { route: 'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', apply: (res) => json(res, 201, { id: nextId++, content: body['content'] }) };
    if (method === 'GET' && rest === '/actions/workflows')
      return { route: 'GET /repos/{owner}/{repo}/actions/workflows', apply: (res) => { const list = workflows.filter((w) => w.repo === repo).map(({ repo: _r, dispatchable: _d, ...w }) => w); page(res, query, path, list, (items) => ({ total_count: list.length, workflows: items })); } };
    if (method === 'POST' && (r = /^\/actions\/workflows\/(\d+)\/dispatches$/.exec(rest)))
      return {
        route: 'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
        apply: (res) => {
          const workflow = workflows.find((w) => w.repo === repo && w.id === Number((r as RegExpExecArray)[1]));
          if (!workflow) return json(res, 404, { message: 'Not Found' });
          if (!workflow.dispatchable) return json(res, 422, { message: "Workflow does not have 'workflow_dispatch' trigger" });
          if (body['ref'] !== 'main') return json(res, 422, { message: `No ref found for: ${String(body['ref'])}` });
          const inputs = (body['inputs'] ?? {}) as Record<string, string>;
          const at = tick();
          const run: StoredWorkflowRun = { id: nextId++, name: workflow.name, path: workflow.path, event: 'workflow_dispatch', status: 'queued', conclusion: null, head_sha: defaultBranchSha, head_branch: 'main', run_attempt: 1, created_at: at, run_started_at: at, display_title: `handoff-gate verify: #${inputs['pull_request']} at ${inputs['head_sha']} [${inputs['steps']}]`, pull_requests: [], repo, inputs };
          workflowRuns.push(run);
          if (body['return_run_details']) return json(res, 200, { workflow_run_id: run.id, run_url: `${url}/repos/${repo}/actions/runs/${run.id}`, html_url: `https://github.com/${repo}/actions/runs/${run.id}` });
          res.writeHead(204).end();
        },
      };
    if (method === 'GET' && (r = /^\/actions(?:\/workflows\/([^/]+))?\/runs$/.exec(rest)))
      return {
        route: r[1] ? 'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs' : 'GET /repos/{owner}/{repo}/actions/runs',
        apply: (res) => {
          const [sha, event, branch] = [query.get('head_sha'), query.get('event'), query.get('branch')];
          // A workflow by id or by file name, as GitHub takes either.
          const id = (r as RegExpExecArray)[1];
          const workflow = id === undefined ? undefined : workflows.find((w) => w.repo === repo && (String(w.id) === id || w.path.split('/').pop() === decodeURIComponent(id)));
          if (id !== undefined && !workflow) return json(res, 404, { message: 'Not Found' });
          const list = workflowRuns.filter((w) => w.repo === repo && (!workflow || w.path === workflow.path) && (!sha || w.head_sha === sha) && (!event || w.event === event) && (!branch || w.head_branch === branch)).sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
          page(res, query, path, list.map(publicWorkflowRun), (items) => ({ total_count: list.length, workflow_runs: items }));
        },
      };
    if (method === 'POST' && (r = /^\/actions\/runs\/(\d+)\/rerun$/.exec(rest)))
      return {
        route: 'POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun',
        apply: (res) => {
          const run = workflowRuns.find((w) => w.repo === repo && w.id === Number((r as RegExpExecArray)[1]));
          if (!run) return json(res, 404, { message: 'Not Found' });
          if (run.status !== 'completed') return json(res, 403, { message: 'This workflow is already running' });
          Object.assign(run, { run_attempt: run.run_attempt + 1, status: 'queued', conclusion: null, run_started_at: tick() });
          json(res, 201, {});
        },
      };
    if (method === 'GET' && (r = /^\/actions\/runs\/(\d+)\/artifacts$/.exec(rest)))
      return {
        route: 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts',
        apply: (res) => {
          const run = workflowRuns.find((w) => w.repo === repo && w.id === Number((r as RegExpExecArray)[1]));
          const name = query.get('name');
          const list = run?.artifact && (!name || run.artifact.name === name) ? [{ id: run.artifact.id, name: run.artifact.name, size_in_bytes: run.artifact.zip.byteLength, expired: false }] : [];
          json(res, 200, { total_count: list.length, artifacts: list });
        },
      };
    if (method === 'GET' && (r = /^\/actions\/artifacts\/(\d+)\/zip$/.exec(rest)))
      return {
        route: 'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/zip',
        apply: (res) => {
          const artifact = workflowRuns.find((w) => w.repo === repo && w.artifact?.id === Number((r as RegExpExecArray)[1]))?.artifact;
          if (!artifact) return json(res, 404, { message: 'Not Found' });
          res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(artifact.zip.byteLength) }).end(Buffer.from(artifact.zip));
        },
      };
    if (method === 'GET' && (r = /^\/collaborators\/([^/]+)\/permission$/.exec(rest)))
      return {
        route: 'GET /repos/{owner}/{repo}/collaborators/{username}/permission',
        apply: (res) => {
          const role = permissions.get(`${repo}@${(r as RegExpExecArray)[1]}`);
          if (!role) return json(res, 404, { message: 'Not Found' });
          const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
          json(res, 200, { permission, role_name: role, user: { login: (r as RegExpExecArray)[1] } });
        },
      };
    return { route: `${method} ${path}`, apply: (res) => json(res, 404, { message: `stand-in has no ${method} ${path}` }) };
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const parsed = new URL(req.url ?? '/', 'http://standin');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, any> = {};
      try {
        body = text ? (JSON.parse(text) as Record<string, any>) : {};
      } catch {
        return json(res, 400, { message: 'Problems parsing JSON' });
      }
      const { route: name, apply } = route(req, parsed.pathname, parsed.searchParams, body);
      counts.set(name, (counts.get(name) ?? 0) + 1);
      const method = req.method ?? 'GET';
      const isToken = name.endsWith('/access_tokens');
      const fault = isToken ? undefined : options.fault?.({ method, path: parsed.pathname, route: name, write: method !== 'GET' && method !== 'HEAD' && name !== 'POST /graphql' });
      if (fault) faults.set(fault, (faults.get(fault) ?? 0) + 1);
      switch (fault) {
        case 'error-before':
          return json(res, 500, { message: 'Server Error' });
        case 'reset-before':
          return void req.socket.destroy();
        case 'hang':
          return;
        case 'secondary-limit':
          return json(res, 403, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits' }, { 'retry-after': '1' });
        case 'applied-then-502':
        case 'reset-after': {
          // Apply against a throwaway response, then fail the real one.
          const sink: ServerResponse = { writeHead: () => sink, end: () => sink } as unknown as ServerResponse;
          apply(sink);
          if (fault === 'reset-after') return void req.socket.destroy();
          return json(res, 502, { message: 'Bad Gateway' });
        }
        default:
          return apply(res);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    server,
    counts,
    faults,
    checkRuns,
    comments,
    workflows,
    workflowRuns,
    defaultBranchSha,
    addWorkflow(repo, workflow) {
      const stored: StoredWorkflow = { state: 'active', ...workflow, id: nextId++, repo };
      workflows.push(stored);
      return stored;
    },
    addWorkflowRun(repo, run) {
      const at = tick();
      const stored: StoredWorkflowRun = { status: 'completed', conclusion: 'success', head_branch: `agent/x`, run_attempt: 1, created_at: at, run_started_at: at, display_title: '', pull_requests: [], ...run, id: nextId++, repo };
      workflowRuns.push(stored);
      return stored;
    },
    completeRun(run, conclusion, artifact) {
      Object.assign(run, { status: 'completed', conclusion });
      if (artifact) run.artifact = { id: nextId++, ...artifact };
    },
    setConfig: (repo, text) => void configs.set(repo, text),
    setPullRequest: (repo, pr) => void pulls.set(`${repo}#${pr.number}`, pr),
    pullRequest: (repo, number) => pulls.get(`${repo}#${number}`),
    setPermission: (repo, user, permission) => void permissions.set(`${repo}@${user}`, permission),
    addComment(repo, issue, body, login, type = 'User') {
      const c: StoredComment = { id: nextId++, repo, issue, body, user: { login, type }, created_at: tick() };
      comments.push(c);
      return c;
    },
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
