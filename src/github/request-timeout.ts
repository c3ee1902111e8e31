/**
 * A time limit on every request to GitHub. Octokit sets none: a connection GitHub (or a proxy) accepts
 * and never answers would hold an evaluation, and the App's per-pull-request lock with it, for ever.
 * The limit is applied where the request really starts (the `fetch` Octokit calls), so time spent
 * queued by the throttling plugin does not count. It covers the response body too (an artifact zip).
 * A request over the limit fails with `TimeoutError`, which Octokit turns into a 500 `RequestError`:
 * retried like any other 5xx by the retry plugin, and for creates handled as an unknown outcome.
 * Source: https://developer.mozilla.org/docs/Web/API/AbortSignal/timeout_static (Node 17.3+),
 * `AbortSignal.any` (Node 20.3+).
 */

/** Milliseconds one request to GitHub may take, headers and body. */
export const REQUEST_TIMEOUT_MS = 60_000;

/**
 * `base` (else the global `fetch` as it is at each call, so interceptors installed later still see
 * it) with a limit of `ms` milliseconds per call, combined with any signal the caller passes.
 */
export function fetchWithTimeout(ms: number = REQUEST_TIMEOUT_MS, base?: typeof fetch): typeof fetch {
  return (input, init = {}) => {
    const limit = AbortSignal.timeout(ms);
    return (base ?? globalThis.fetch)(input, { ...init, signal: init.signal ? AbortSignal.any([init.signal, limit]) : limit });
  };
}
