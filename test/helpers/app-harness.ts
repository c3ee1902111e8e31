/**
 * The shipped App server (src/app/http-server.ts, the App's Octokit from src/app/octokit.ts with
 * pacing on) on loopback against the GitHub stand-in, driven with signed real payloads from
 * `@octokit/webhooks-examples`. Only the waits of Octokit's retry and rate-limit plugins are scaled
 * down (`retryAfterBaseValue`, 1 s → 10 ms) so the tests do not sleep; pacing between writes is real.
 */
import { createHmac, generateKeyPairSync } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Probot, ProbotOctokit } from 'probot';
import { parseStateBlock } from '../../src/core/report/markdown.js';
import { createAppServer } from '../../src/app/http-server.js';
import { appOctokit } from '../../src/app/octokit.js';
import type { RequestLimits } from '../../src/app/body-limit.js';
import { examplePayload } from './action-env.js';
import type { GitHubStandIn } from './github-standin.js';

export const SECRET = 'standin-webhook-secret';
export const REPO = 'Codertocat/Hello-World';
export const BOT_LOGIN = 'handoff-gate[bot]';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });

export interface AppUnderTest {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Starts the App server with the shipped Octokit against `github`.
 * @param requestTimeoutMs the App's time limit per request to GitHub (default: the shipped one)
 */
export async function startApp(github: GitHubStandIn, limits: RequestLimits = {}, requestTimeoutMs?: number): Promise<AppUnderTest> {
  process.env['BOT_LOGIN'] = BOT_LOGIN;
  const fast = ProbotOctokit.defaults((o: { retry?: object; throttle?: object }) => ({ ...o, retry: { ...o.retry, retryAfterBaseValue: 10 }, throttle: { ...o.throttle, retryAfterBaseValue: 10 } }));
  const probot = new Probot({ appId: 1, privateKey, secret: SECRET, baseUrl: github.url, logLevel: 'fatal', Octokit: appOctokit(fast as typeof ProbotOctokit, ...(requestTimeoutMs !== undefined ? [requestTimeoutMs] : [])) });
  const server = await createAppServer(probot, limits);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** GitHub's example `pull_request.<action>` for PR `number` at `headSha`, from `installation`. */
export function pullRequestPayload(number: number, headSha: string, baseSha: string, installation: number, action = 'opened'): string {
  const payload = examplePayload('pull_request', action === 'synchronize' ? 'synchronize' : 'opened');
  payload.action = action;
  payload.installation = { id: installation };
  payload.number = number;
  Object.assign(payload.pull_request, { number, body: null });
  Object.assign(payload.pull_request.head, { sha: headSha });
  Object.assign(payload.pull_request.base, { sha: baseSha });
  return JSON.stringify(payload);
}

/** Posts a signed delivery to the App; resolves with the HTTP status. */
export async function deliver(app: AppUnderTest, event: string, body: string, delivery: string): Promise<number> {
  const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
  const res = await fetch(`${app.url}/api/github/webhooks`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': delivery, 'x-hub-signature-256': signature } });
  await res.arrayBuffer();
  return res.status;
}

/** Waits (bounded) until the App has no running or pending evaluation, per its `/healthz`. */
export async function settled(app: AppUnderTest, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = (await (await fetch(`${app.url}/healthz`)).json()) as { evaluations: { running: number; pending: number } };
    if (health.evaluations.running === 0 && health.evaluations.pending === 0) return;
    if (Date.now() > deadline) throw new Error(`evaluations still running after ${timeoutMs} ms: ${JSON.stringify(health)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A valid handoff document's text. */
export const handoffText = (step: string) => JSON.stringify({ schemaVersion: '1.0', workflowRunId: 'run-1', stepId: step, attempt: 1, agent: 'agent', idempotencyKey: `k-${step}`, status: 'completed', summary: 'done' });

/** Problems with the final state of PR `number` at `headSha` on `github` (empty: exactly one completed check run and one review comment for that head). */
export function finalStateProblems(github: GitHubStandIn, number: number, headSha: string, conclusion = 'success'): string[] {
  const problems: string[] = [];
  const runs = github.checkRuns.filter((r) => r.repo === REPO && r.head_sha === headSha && r.name === 'handoff-gate');
  const live = runs.filter((r) => !(r.conclusion === 'neutral' && (r.output.title ?? '').startsWith('Duplicate')));
  if (live.length !== 1) problems.push(`#${number}: ${live.length} check runs for ${headSha.slice(0, 7)}`);
  for (const r of live) {
    if (r.status !== 'completed') problems.push(`#${number}: check run ${r.id} ${r.status}`);
    else if (r.conclusion !== conclusion) problems.push(`#${number}: check run ${r.id} ${r.conclusion}`);
  }
  const reviews = github.comments.filter((c) => c.repo === REPO && c.issue === number && c.user.login === BOT_LOGIN && parseStateBlock(c.body) !== undefined);
  if (reviews.length !== 1) problems.push(`#${number}: ${reviews.length} review comments`);
  else if (parseStateBlock((reviews[0] as { body: string }).body)?.head !== headSha) problems.push(`#${number}: review comment for ${parseStateBlock((reviews[0] as { body: string }).body)?.head}`);
  return problems;
}
