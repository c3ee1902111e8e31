/**
 * Single flight per pull request, latest wins. At most one evaluation per key (one pull request)
 * runs at a time in this process; work that arrives while one runs replaces the pending work, so a
 * storm of N events on one pull request costs at most two evaluations (the running one and one
 * re-evaluation of whatever arrived last), and the queue holds at most one pending job per key.
 * Across processes the running job also holds a `CrossInstanceLock` (Redis, see redis-lock.ts) so
 * two App instances never evaluate the same pull request at once.
 */

/** A lock shared between App instances; `withLock` runs `work` while holding `key` (with a lease). */
export interface CrossInstanceLock {
  withLock<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/** What `run` did with the job: ran it now, or left it pending behind the running one. */
export type FlightOutcome<T> = { ran: true; value: T } | { ran: false; coalesced: true };

export interface SingleFlight {
  /**
   * Runs `job` for `key` now if nothing runs for it, awaiting it (errors propagate to this caller).
   * Otherwise `job` becomes the key's one pending job (replacing an older pending one, which is then
   * dropped) and this returns `{ ran: false }` at once; the pending job runs when the current one ends
   * and its errors go to `onError`. `job` is called with `coalesced` true when it runs as the pending
   * job (it should then read the newest state, e.g. the pull request's current head).
   */
  run<T>(key: string, job: (coalesced: boolean) => Promise<T>): Promise<FlightOutcome<T>>;
  /** Keys with a running evaluation, and pending jobs (at most one per key). */
  readonly size: { running: number; pending: number };
  /** Resolves when nothing runs or waits (tests, shutdown). */
  idle(): Promise<void>;
}

export interface SingleFlightOptions {
  lock?: CrossInstanceLock;
  /** Called with the error of a pending (coalesced) job, which has no caller to throw to. */
  onError?: (key: string, error: unknown) => void;
}

export function createSingleFlight(options: SingleFlightOptions = {}): SingleFlight {
  const running = new Map<string, Promise<void>>();
  const pending = new Map<string, (coalesced: boolean) => Promise<unknown>>();
  let idleWaiters: (() => void)[] = [];
  const guarded = <T>(key: string, job: (coalesced: boolean) => Promise<T>, coalesced: boolean) => (options.lock ? options.lock.withLock(key, () => job(coalesced)) : job(coalesced));

  const settleIdle = () => {
    if (running.size > 0 || pending.size > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  /** After the running job of `key`: start the pending one (if any), else release the key. */
  const next = (key: string) => {
    const job = pending.get(key);
    if (!job) {
      running.delete(key);
      settleIdle();
      return;
    }
    pending.delete(key);
    const done = guarded(key, job, true).then(
      () => undefined,
      (error: unknown) => options.onError?.(key, error),
    );
    running.set(key, done);
    void done.finally(() => next(key));
  };

  return {
    async run<T>(key: string, job: (coalesced: boolean) => Promise<T>): Promise<FlightOutcome<T>> {
      if (running.has(key)) {
        pending.set(key, job);
        return { ran: false, coalesced: true };
      }
      const result = guarded(key, job, false);
      const done = result.then(
        () => undefined,
        () => undefined,
      );
      running.set(key, done);
      void done.finally(() => next(key));
      return { ran: true, value: await result };
    },
    get size() {
      return { running: running.size, pending: pending.size };
    },
    idle() {
      if (running.size === 0 && pending.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
