/**
 * The GitHub App (Probot 14): the gate across events. A thin adapter: each handler rebuilds the
 * pull request's state from GitHub (no database) and calls the shared gate; outputs are idempotent
 * (one check run per head SHA by `external_id`, one review comment by marker), so a redelivered
 * webhook changes nothing that was already right. Evaluations of one pull request run one at a time,
 * latest wins (single-flight.ts; across instances through the Redis lock when `REDIS_URL` is set).
 * Start it with `npm start` (server.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApplicationFunctionOptions, Context, Probot } from 'probot';
import { findOurCheckRun, upsertCheckRun } from '../github/check-runs.js';
import { statusOf, type GitHubClient, type RepoRef } from '../github/client.js';
import { handleCommandComment, type CommandHost } from '../github/handle-commands.js';
import { getPullRequest, pullRequestFactsOf, type PullRequestFacts, type PullRequestPayload } from '../github/pull-requests.js';
import { RERUN_FAILED } from '../core/commands/rerun-request.js';
import { pullRequestsOfDispatchRun } from '../github/partial-evidence.js';
import { latestStepOutcomes, rerunVerification } from '../github/rerun-verification.js';
import { pullRequestsOfRun } from '../github/verify-evidence.js';
import { verifyRunOf, type VerifyRunFacts } from '../github/workflow-runs.js';
import { gatePullRequest, type AppSettings } from './gate-pull-request.js';
import { createMetrics } from './metrics.js';
import { redisLock } from './redis-lock.js';
import { createSingleFlight } from './single-flight.js';

type AppClient = Parameters<typeof gatePullRequest>[0];

/** Settings from the environment: `CHECK_NAME`, `CONFIG_PATH`, `VERIFY_WORKFLOW`, `BOT_LOGIN`. */
export function appSettings(env: NodeJS.ProcessEnv) {
  return {
    checkName: env['CHECK_NAME'] || 'handoff-gate',
    configPath: env['CONFIG_PATH'] || '.github/handoff-gate.yml',
    verifyWorkflow: env['VERIFY_WORKFLOW'] || 'handoff-gate verify',
    botLogin: env['BOT_LOGIN'] || '',
  };
}

/** Evaluations of one head attempted before a server error fails the delivery. */
const EVALUATION_ATTEMPTS = 3;

const PR_EVENTS = ['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.ready_for_review', 'pull_request.edited'] as const;

export default async function handoffGateApp(app: Probot, options: Partial<ApplicationFunctionOptions> = {}): Promise<void> {
  // Probot silently uses the secret "development" when none is set: never in production.
  if (process.env['NODE_ENV'] === 'production' && !process.env['WEBHOOK_SECRET']) throw new Error('WEBHOOK_SECRET must be set in production');
  const settings = appSettings(process.env);
  const metrics = createMetrics();
  const redisUrl = process.env['REDIS_URL'];
  const flight = createSingleFlight({
    ...(redisUrl ? { lock: await redisLock(redisUrl) } : {}),
    onError: (key, error) => {
      metrics.events.inc({ event: 'coalesced', outcome: 'error' });
      app.log.error({ err: error, pr: key }, 'coalesced re-evaluation failed');
    },
  });
  let botLogin: Promise<string> | undefined;
  const resolveBotLogin = () =>
    (botLogin ??= settings.botLogin
      ? Promise.resolve(settings.botLogin)
      : app.auth().then(async (octokit) => `${(await octokit.request('GET /app')).data?.slug ?? 'handoff-gate'}[bot]`));

  addRoutes(app, options, (req: IncomingMessage, res: ServerResponse) => {
    const url = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', evaluations: flight.size }));
      return true;
    }
    if (req.method === 'GET' && url === '/metrics') {
      void metrics.registry.metrics().then((text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text));
      return true;
    }
    return false;
  });

  /** Runs `work` with metrics, a structured log, and a check run that never stays stuck on error. */
  const handle = async (context: Context, pr: PullRequestFacts | undefined, work: (client: AppClient, repo: RepoRef) => Promise<string>) => {
    const name = `${context.name}.${(context.payload as { action?: string }).action ?? ''}`;
    const started = performance.now();
    const repo = context.repo();
    const log = context.log.child({ delivery: context.id, event: name, repository: `${repo.owner}/${repo.repo}`, ...(pr ? { pr: pr.number, headSha: pr.headSha } : {}) });
    const client = context.octokit as unknown as AppClient;
    context.octokit.hook.after('request', (response) => {
      metrics.requests.inc({ status: String(response.status) });
      const remaining = Number(response.headers['x-ratelimit-remaining']);
      if (Number.isFinite(remaining)) metrics.rateLimitRemaining.set(remaining);
    });
    try {
      const outcome = await work(client, repo);
      metrics.events.inc({ event: name, outcome });
      log.info({ outcome, durationMs: Math.round(performance.now() - started) }, 'handled');
    } catch (error) {
      metrics.events.inc({ event: name, outcome: 'error' });
      log.error({ err: error, durationMs: Math.round(performance.now() - started) }, 'handler failed');
      if (pr) await markFailed(client, repo, pr, settings.checkName, error).catch((e: unknown) => log.error({ err: e }, 'could not mark the check run failed'));
      throw error;
    } finally {
      metrics.latency.observe({ event: name }, (performance.now() - started) / 1000);
    }
  };

  /**
   * Evaluates `pr` once. An evaluation is idempotent (adopt-or-create writes), so one that fails on
   * a server error, a lost connection or a rate limit (after Octokit's own retries) is run again, up
   * to `EVALUATION_ATTEMPTS` times, before the delivery fails and the check run is marked.
   */
  const evaluateNow = async (client: AppClient, repo: RepoRef, pr: PullRequestFacts, detailsUrl?: string, verifyRun?: VerifyRunFacts) => {
    const gateSettings: AppSettings = { checkName: settings.checkName, configPath: settings.configPath, botLogin: await resolveBotLogin(), verifyWorkflow: settings.verifyWorkflow, env: process.env, ...(detailsUrl ? { detailsUrl } : {}) };
    for (let attempt = 1; ; attempt++) {
      try {
        const run = await gatePullRequest(client, repo, pr, gateSettings, verifyRun);
        return run.waitingForVerification ? 'waiting' : run.result.verdict;
      } catch (error) {
        const wait = transientWaitMs(error, attempt);
        if (attempt >= EVALUATION_ATTEMPTS || wait === undefined) throw error;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  };

  /**
   * One evaluation per pull request at a time: while one runs, this event becomes the one pending
   * re-evaluation (returning `coalesced` at once), which reads the pull request again so it judges
   * the newest head; a coalesced evaluation that fails marks its check run like a delivery would.
   * `verifyRun`: the verify workflow run an event brought (`workflow_run.completed`).
   */
  const evaluate = async (client: AppClient, repo: RepoRef, pr: PullRequestFacts, detailsUrl?: string, verifyRun?: VerifyRunFacts): Promise<string> => {
    const outcome = await flight.run(`${repo.owner}/${repo.repo}#${pr.number}`, async (coalesced) => {
      if (!coalesced) return evaluateNow(client, repo, pr, detailsUrl, verifyRun);
      const current = await getPullRequest(client, repo, pr.number);
      // The verify run counts only for its own head; otherwise the newest run of the head is looked up.
      const run = verifyRun?.headSha === current.headSha ? verifyRun : undefined;
      try {
        return await evaluateNow(client, repo, current, detailsUrl, run);
      } catch (error) {
        await markFailed(client, repo, current, settings.checkName, error).catch(() => undefined);
        throw error;
      }
    });
    return outcome.ran ? outcome.value : 'coalesced';
  };

  app.on([...PR_EVENTS], async (context) => {
    const payload = context.payload as { action: string; changes?: { base?: unknown }; pull_request: PullRequestPayload & { html_url?: string } };
    if (payload.action === 'edited' && !payload.changes?.base) return handle(context, undefined, async () => 'ignored: base unchanged');
    const pr = pullRequestFactsOf(payload.pull_request);
    await handle(context, pr, (client, repo) => evaluate(client, repo, pr, payload.pull_request.html_url));
  });

  app.on(['pull_request_review.submitted', 'pull_request_review.dismissed'], async (context) => {
    const pr = pullRequestFactsOf((context.payload as { pull_request: PullRequestPayload }).pull_request);
    await handle(context, pr, (client, repo) => evaluate(client, repo, pr));
  });

  // The companion verify workflow finished: its evidence artifact carries verification. Only a
  // `pull_request` run of the configured verify workflow counts, for pull requests whose head is still
  // the run's head SHA (forks have no pull_requests in the payload: found by head owner and branch).
  // A check run the pull request's own workflow writes is never taken as verification.
  // A `workflow_dispatch` run of it is a `/gate rerun <step…>`: its partial evidence is merged into
  // the head's complete evidence (the run names its pull request in its title; GitHub's answer decides).
  app.on('workflow_run.completed', async (context) => {
    const run = verifyRunOf(context.payload.workflow_run as Parameters<typeof verifyRunOf>[0], (context.payload as { workflow?: { path?: string } }).workflow?.path);
    if (run.name !== settings.verifyWorkflow || (run.event !== 'pull_request' && run.event !== 'workflow_dispatch')) return;
    await handle(context, undefined, async (client, repo) => {
      const prs = run.event === 'workflow_dispatch' ? await pullRequestsOfDispatchRun(client, repo, run) : await pullRequestsOfRun(client, repo, run);
      for (const pr of prs) {
        await evaluate(client, repo, pr, undefined, run).catch(async (error: unknown) => {
          await markFailed(client, repo, pr, settings.checkName, error).catch(() => undefined);
          throw error;
        });
      }
      return prs.length > 0 ? 'verified' : 'stale or no pull request';
    });
  });

  // GitHub's "Re-run" on our check run re-runs the failed and errored verify steps (as `/gate rerun
  // failed` by the person who clicked, with the same authorisation); with nothing failed, or for a
  // re-requested check suite, the gate evaluates again.
  app.on(['check_run.rerequested', 'check_suite.rerequested'], async (context) => {
    const payload = context.payload as { check_run?: { name: string; pull_requests: { number: number }[] }; check_suite?: { pull_requests: { number: number }[] }; sender: { login: string; type?: string } };
    const numbers = (payload.check_run ?? payload.check_suite)?.pull_requests.map((p) => p.number) ?? [];
    await handle(context, undefined, async (client, repo) => {
      for (const number of numbers) {
        if (payload.check_run?.name === settings.checkName) {
          const outcome = await handleCommandComment(client, repo, { body: '', button: 'rerun', buttonArgs: RERUN_FAILED, author: payload.sender.login, authorIsBot: payload.sender.type === 'Bot', prNumber: number }, await commandHost(client, repo));
          if (outcome.reevaluated) continue;
        }
        await evaluate(client, repo, await getPullRequest(client, repo, number));
      }
      return numbers.length > 0 ? 'reevaluated' : 'no pull request';
    });
  });

  // Check-run buttons: the same command, the same authorisation, recorded in the timeline.
  app.on('check_run.requested_action', async (context) => {
    const { check_run: run, requested_action: requested, sender } = context.payload;
    const button = requested?.identifier;
    if (run.name !== settings.checkName || (button !== 'approve' && button !== 'hold' && button !== 'unhold')) return;
    await handle(context, undefined, async (client, repo) => {
      const number = run.pull_requests[0]?.number;
      if (number === undefined) return 'no pull request';
      const outcome = await handleCommandComment(client, repo, { body: '', button, author: sender.login, authorIsBot: sender.type === 'Bot', prNumber: number }, await commandHost(client, repo));
      return outcome.skipped ?? outcome.handled.map((h) => `${h.command}:${h.allowed ? 'done' : 'refused'}`).join(',');
    });
  });

  const commandHost = async (client: AppClient, repo: RepoRef): Promise<CommandHost> => ({
    configPath: settings.configPath,
    botLogin: await resolveBotLogin(),
    reevaluate: async (pr, reverify, config) => {
      const outcome = await rerunVerification(client as GitHubClient, repo, pr, reverify, { workflowName: settings.verifyWorkflow, gateFiles: config.guardrails.gateFiles.paths });
      await evaluate(client, repo, pr);
      return outcome.note;
    },
    latestSteps: (pr, config, configText) => latestStepOutcomes(client as GitHubClient, repo, pr, { steps: config.verify.steps, text: configText, gateFiles: config.guardrails.gateFiles.paths }, { workflowName: settings.verifyWorkflow }),
  });

  app.on('issue_comment.created', async (context) => {
    const { comment, issue } = context.payload;
    if (!issue.pull_request) return;
    await handle(context, undefined, async (client, repo) => {
      const outcome = await handleCommandComment(
        client,
        repo,
        { commentId: comment.id, body: comment.body, author: comment.user?.login ?? '', authorIsBot: comment.user?.type === 'Bot', prNumber: issue.number },
        await commandHost(client, repo),
      );
      return outcome.skipped ?? outcome.handled.map((h) => `${h.command}:${h.allowed ? 'done' : 'refused'}`).join(',');
    });
  });
}

/** Adds the HTTP routes; a host without a server (Probot throws "No server instance") just has none. */
function addRoutes(app: Probot, options: Partial<ApplicationFunctionOptions>, handler: (req: IncomingMessage, res: ServerResponse) => boolean): void {
  try {
    options.addHandler?.(handler);
  } catch (error) {
    app.log.warn({ err: error }, 'no HTTP server: /healthz and /metrics are not served');
  }
}

/**
 * How long to wait before evaluating again after `error`, or `undefined` when it is not transient.
 * Transient: 5xx or no answer (Octokit reports those as 500), 429, and 403 "secondary rate limit"
 * (waiting its `retry-after`, at most 60 s). Source: https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
 */
function transientWaitMs(error: unknown, attempt: number): number | undefined {
  const status = statusOf(error) ?? 0;
  const limited = status === 429 || (status === 403 && /secondary rate limit/i.test(error instanceof Error ? error.message : ''));
  if (!limited) return status >= 500 ? 250 * attempt : undefined;
  const retryAfter = Number((error as { response?: { headers?: Record<string, string | undefined> } }).response?.headers?.['retry-after']);
  return Math.min(60_000, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 1000 * attempt);
}

/** Leaves the check run in a clear state after an error: `action_required` with the reason (never stuck `in_progress`, never a passing `neutral`). */
async function markFailed(client: GitHubClient, repo: RepoRef, pr: PullRequestFacts, checkName: string, error: unknown): Promise<void> {
  const externalId = `${checkName}:${pr.headSha}`;
  const existing = await findOurCheckRun(client, repo, checkName, pr.headSha, externalId).catch(() => undefined);
  const message = error instanceof Error ? error.message : String(error);
  await upsertCheckRun(client, repo, { name: checkName, headSha: pr.headSha, externalId, status: 'completed', conclusion: 'action_required', output: { title: 'handoff-gate could not decide', summary: `The gate failed while evaluating this commit, so it blocks (fail closed): ${message.slice(0, 1000)}\n\nRe-run with \`/gate rerun\`, or re-request the check.` } }, existing);
}
