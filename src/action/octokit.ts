/**
 * The Action's GitHub client: `@actions/github`'s Octokit with retries (5xx, network) and throttling
 * (primary and secondary rate limits, retried a bounded number of times), and a time limit on every
 * request (src/github/request-timeout.ts). `fetch` is the global one so tests can intercept it (`getOctokit`'s own undici fetch would bypass nock).
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { GitHubClient } from '../github/client.js';
import { fetchWithTimeout, REQUEST_TIMEOUT_MS } from '../github/request-timeout.js';

/** How many times a rate-limited request is retried before it fails. */
const RATE_LIMIT_RETRIES = 2;

/**
 * @param log where throttling notices go (the Action's log)
 * @param options.retryAfterBaseValue the retry and throttling plugins' wait unit in ms (tests shorten it)
 * @param options.requestTimeoutMs how long one request may take (default `REQUEST_TIMEOUT_MS`, src/github/request-timeout.ts)
 */
export function createClient(token: string, log: (message: string) => void, options: { baseUrl?: string; retryAfterBaseValue?: number; requestTimeoutMs?: number } = {}): GitHubClient {
  return getOctokit(
    token,
    {
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      request: { fetch: fetchWithTimeout(options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS) },
      retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451], ...(options.retryAfterBaseValue !== undefined ? { retryAfterBaseValue: options.retryAfterBaseValue } : {}) },
      throttle: {
        ...(options.retryAfterBaseValue !== undefined ? { retryAfterBaseValue: options.retryAfterBaseValue } : {}),
        onRateLimit: (after: number, opts: { method: string; url: string }, _o: unknown, count: number) => {
          log(`rate limit on ${opts.method} ${opts.url}: retry ${count + 1} in ${after} s`);
          return count < RATE_LIMIT_RETRIES;
        },
        onSecondaryRateLimit: (after: number, opts: { method: string; url: string }, _o: unknown, count: number) => {
          log(`secondary rate limit on ${opts.method} ${opts.url}: retry ${count + 1} in ${after} s`);
          return count < RATE_LIMIT_RETRIES;
        },
      },
    },
    retry,
    throttling,
  ) as unknown as GitHubClient;
}
