/**
 * The App's Octokit: Probot's, with rate limits retried a bounded number of times. Probot's own
 * `onSecondaryRateLimit` only logs and gives up, so a burst of pull requests would fail deliveries;
 * here both limits are retried up to `RATE_LIMIT_RETRIES` times. Redis-backed throttling
 * (`REDIS_URL`) and Probot's retry plugin (5xx) stay as Probot configures them.
 */
import { ProbotOctokit } from 'probot';

export const RATE_LIMIT_RETRIES = 2;

type Limited = (retryAfter: number, options: { method: string; url: string }, octokit: { log: { warn: (m: string) => void } }, retryCount: number) => boolean;

const retryBounded: Limited = (retryAfter, options, octokit, retryCount) => {
  octokit.log.warn(`rate limit on ${options.method} ${options.url}: ${retryCount < RATE_LIMIT_RETRIES ? `retry ${retryCount + 1} in ${retryAfter} s` : 'giving up'}`);
  return retryCount < RATE_LIMIT_RETRIES;
};

/** `base` (ProbotOctokit by default) with the bounded rate-limit retries above; other options kept. */
export function appOctokit(base: typeof ProbotOctokit = ProbotOctokit): typeof ProbotOctokit {
  return base.defaults((options: { throttle?: Record<string, unknown> }) => ({
    ...options,
    throttle: { ...options.throttle, onRateLimit: retryBounded, onSecondaryRateLimit: retryBounded },
  })) as typeof ProbotOctokit;
}
