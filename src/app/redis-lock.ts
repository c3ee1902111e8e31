/**
 * The per-pull-request lock shared by App instances, in the Redis that `REDIS_URL` names (the same
 * one Probot's rate limiter uses). The engine is Redlock (`@sesamecare-oss/redlock`, the maintained
 * fork of `redlock` 5 for ioredis ≥ 5): `SET NX PX` with a random value, released by a compare-and-
 * delete script. The lock is a lease of `leaseMs`, extended automatically while the evaluation runs,
 * so an instance that crashes holds a pull request for at most one lease.
 * ioredis and Redlock are imported only when a Redis URL is given.
 * Source: https://redis.io/docs/latest/develop/use/patterns/distributed-locks/
 */
import type { CrossInstanceLock } from './single-flight.js';

export interface RedisLockOptions {
  /** Lease of one lock in milliseconds (extended while held). Default 30 s. */
  leaseMs?: number;
  /** How long an instance waits for another instance's evaluation of the same PR, in ms. Default 120 s. */
  maxWaitMs?: number;
  /** Prefix of the lock keys. Default `handoff-gate:pr:`. */
  prefix?: string;
}

export interface RedisLock extends CrossInstanceLock {
  /** Closes the Redis connection. */
  close(): Promise<void>;
}

const RETRY_DELAY_MS = 200;

/**
 * Connects to `url` and returns the lock. `withLock` waits up to `maxWaitMs` for the key, then throws
 * Redlock's `ExecutionError` (the delivery fails; the evaluation holding the lock reads the newest state).
 */
export async function redisLock(url: string, options: RedisLockOptions = {}): Promise<RedisLock> {
  const [{ Redis }, { Redlock }] = await Promise.all([import('ioredis'), import('@sesamecare-oss/redlock')]);
  const client = new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: false });
  const leaseMs = options.leaseMs ?? 30_000;
  const redlock = new Redlock([client], {
    retryCount: Math.ceil((options.maxWaitMs ?? 120_000) / RETRY_DELAY_MS),
    retryDelay: RETRY_DELAY_MS,
    retryJitter: 100,
    automaticExtensionThreshold: Math.min(5_000, Math.floor(leaseMs / 3)),
  });
  const prefix = options.prefix ?? 'handoff-gate:pr:';
  return {
    withLock: (key, work) => redlock.using([`${prefix}${key}`], leaseMs, () => work()),
    close: async () => {
      await client.quit();
    },
  };
}
