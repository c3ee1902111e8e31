/**
 * The App's Octokit: Probot's, paced per installation. Octokit's throttling plugin keeps one set of
 * Bottleneck limiters per `throttle.id`; Probot leaves the id at its default, so every installation
 * shared one write lane (about one write per second for the whole process). Here each installation's
 * client gets its own id (`installation:<id>`), so one busy installation never stalls another; with
 * `REDIS_URL` the limiters live in Redis (Probot's connection), shared by all instances.
 * GraphQL *queries* are reads: the plugin paces every `/graphql` request like a write, so the write
 * limiter given here lets queries through and paces only writes (mutations, POST/PATCH/PUT/DELETE).
 * Rate limits are retried up to `RATE_LIMIT_RETRIES` times (Probot's `onSecondaryRateLimit` only logs).
 * Sources: https://github.com/octokit/plugin-throttling.js#readme,
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import Bottleneck from 'bottleneck';
import { ProbotOctokit } from 'probot';
import { fetchWithTimeout, REQUEST_TIMEOUT_MS } from '../github/request-timeout.js';

export const RATE_LIMIT_RETRIES = 2;

type Limited = (retryAfter: number, options: { method: string; url: string }, octokit: { log: { warn: (m: string) => void } }, retryCount: number) => boolean;

const retryBounded: Limited = (retryAfter, options, octokit, retryCount) => {
  octokit.log.warn(`rate limit on ${options.method} ${options.url}: ${retryCount < RATE_LIMIT_RETRIES ? `retry ${retryCount + 1} in ${retryAfter} s` : 'giving up'}`);
  return retryCount < RATE_LIMIT_RETRIES;
};

/** Set while a GraphQL query (not a mutation) is being requested. */
const graphqlQuery = new AsyncLocalStorage<boolean>();

interface ThrottleOptions {
  id?: string;
  connection?: unknown;
  Bottleneck?: typeof Bottleneck;
  timeout?: number;
  [key: string]: unknown;
}

/** plugin-throttling's write group (1 at a time, 1 s apart, per id), letting GraphQL queries through. */
function writeGroup(throttle: ThrottleOptions) {
  const Engine = throttle.Bottleneck ?? Bottleneck;
  const group = new Engine.Group({ id: 'octokit-write', maxConcurrent: 1, minTime: 1000, timeout: throttle.timeout ?? 120_000, ...(throttle.connection ? { connection: throttle.connection as Bottleneck.IORedisConnection } : {}) });
  return {
    key(id: string) {
      const limiter = group.key(id);
      return { schedule: <T>(options: Bottleneck.JobOptions, job: () => Promise<T>) => (graphqlQuery.getStore() ? job() : limiter.schedule(options, job)) };
    },
  };
}

const writeGroups = new WeakMap<object, ReturnType<typeof writeGroup>>();
let localWriteGroup: ReturnType<typeof writeGroup> | undefined;
const writeGroupFor = (throttle: ThrottleOptions) => {
  if (!throttle.connection) return (localWriteGroup ??= writeGroup(throttle));
  let group = writeGroups.get(throttle.connection);
  if (!group) writeGroups.set(throttle.connection, (group = writeGroup(throttle)));
  return group;
};

/** Marks GraphQL queries (not mutations) so the write limiter lets them through. */
function graphqlReads(octokit: { hook: { wrap: (name: 'request', fn: (request: (o: unknown) => Promise<unknown>, options: { url: string; query?: unknown }) => Promise<unknown>) => void } }) {
  octokit.hook.wrap('request', (request, options) => {
    const query = typeof options.query === 'string' && options.url.endsWith('/graphql') && !/^\s*mutation\b/.test(options.query);
    return query ? graphqlQuery.run(true, () => request(options)) : request(options);
  });
  return {};
}

/**
 * `base` (ProbotOctokit by default) with per-installation pacing, GraphQL queries paced as reads,
 * the bounded rate-limit retries above, and `requestTimeoutMs` per request to GitHub
 * (src/github/request-timeout.ts); other options kept.
 */
export function appOctokit(base: typeof ProbotOctokit = ProbotOctokit, requestTimeoutMs: number = REQUEST_TIMEOUT_MS): typeof ProbotOctokit {
  return (base.plugin(graphqlReads as never) as typeof ProbotOctokit).defaults((options: { throttle?: ThrottleOptions; auth?: { installationId?: number | string }; request?: { fetch?: typeof fetch } }) => {
    const throttle = options.throttle ?? {};
    const installation = options.auth?.installationId;
    return {
      ...options,
      request: { ...options.request, fetch: fetchWithTimeout(requestTimeoutMs, options.request?.fetch) },
      throttle: {
        ...throttle,
        id: installation === undefined ? 'app' : `installation:${installation}`,
        write: writeGroupFor(throttle),
        onRateLimit: retryBounded,
        onSecondaryRateLimit: retryBounded,
      },
    };
  }) as typeof ProbotOctokit;
}
