/**
 * The cross-instance lock in a real Redis: two App servers (each with its own in-process queue)
 * behind one stand-in, sharing `REDIS_URL`, get 20 concurrent copies of one fresh delivery between
 * them and write exactly one check run and one comment; a lock left by a crashed instance expires
 * with its lease. Needs `redis-server` (Debian: `apt-get install redis-server`); without it these
 * tests say so and check only that the lock is not silently assumed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisLock } from '../../src/app/redis-lock.js';
import { deliver, finalStateProblems, handoffText, pullRequestPayload, REPO, settled, startApp } from '../helpers/app-harness.js';
import { startGitHubStandIn } from '../helpers/github-standin.js';

const available = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;
let redis: ChildProcess | undefined;
let url = '';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  if (!available) {
    console.warn('redis-server not installed: the cross-instance lock was NOT exercised (apt-get install redis-server to run it)');
    return;
  }
  const port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  url = `redis://127.0.0.1:${port}`;
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { lazyConnect: true, retryStrategy: (n) => (n > 50 ? null : 100) });
  await client.connect();
  expect(await client.ping()).toBe('PONG');
  await client.quit();
});
afterAll(() => {
  redis?.kill();
  delete process.env['REDIS_URL'];
});

describe('cross-instance lock (Redis)', () => {
  it('two App instances, 20 concurrent copies of a fresh delivery: exactly 1 check run and 1 comment', async () => {
    if (!available) return expect(spawnSync('sh', ['-c', 'command -v redis-server']).status).not.toBe(0);
    const github = await startGitHubStandIn();
    github.setConfig(REPO, '');
    const head = 'e'.repeat(40);
    github.setPullRequest(REPO, { number: 4, headSha: head, baseSha: 'b'.repeat(40), files: { '.handoff/s.json': handoffText('s1') } });
    process.env['REDIS_URL'] = url;
    const apps = [await startApp(github), await startApp(github)];
    delete process.env['REDIS_URL'];
    try {
      const body = pullRequestPayload(4, head, 'b'.repeat(40), 1);
      const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => deliver(apps[i % 2] as (typeof apps)[number], 'pull_request', body, 'same')));
      expect(statuses.every((s) => s === 200 || s === 202)).toBe(true);
      await Promise.all(apps.map((a) => settled(a)));
      expect(finalStateProblems(github, 4, head)).toEqual([]);
      expect(github.checkRuns).toHaveLength(1);
      expect(github.comments).toHaveLength(1);
    } finally {
      await Promise.all(apps.map((a) => a.close()));
      await github.close();
    }
  }, 60_000);

  it('a lock left by a crashed instance is taken over when its lease ends', async () => {
    if (!available) return expect(spawnSync('sh', ['-c', 'command -v redis-server']).status).not.toBe(0);
    const { Redis } = await import('ioredis');
    const crashed = new Redis(url);
    // What a crashed holder leaves: the key with a lease and nobody to release it.
    expect(await crashed.set('handoff-gate:pr:o/r#1', 'crashed-instance', 'PX', 600, 'NX')).toBe('OK');
    const lock = await redisLock(url, { leaseMs: 1_000, maxWaitMs: 10_000 });
    try {
      const order: string[] = [];
      await lock.withLock('o/r#1', async () => {
        order.push(`ran; crashed holder's key ${(await crashed.get('handoff-gate:pr:o/r#1')) === 'crashed-instance' ? 'still there' : 'gone'}`);
      });
      expect(order).toEqual(["ran; crashed holder's key gone"]);
    } finally {
      await lock.close();
      await crashed.quit();
    }
  });
});
