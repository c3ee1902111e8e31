/**
 * Concurrent deliveries against the real App server and the stateful GitHub stand-in: copies of one
 * fresh delivery produce exactly one check run and one review comment; a storm costs two evaluations.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSingleFlight } from '../../src/app/single-flight.js';
import { deliver, finalStateProblems, handoffText, pullRequestPayload, REPO, settled, startApp, type AppUnderTest } from '../helpers/app-harness.js';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-standin.js';

const HEAD = 'a'.repeat(40);
const BASE = 'b'.repeat(40);
let github: GitHubStandIn;
let app: AppUnderTest;

beforeEach(async () => {
  github = await startGitHubStandIn();
  github.setConfig(REPO, 'handoffs:\n  required: true\n');
  github.setPullRequest(REPO, { number: 7, headSha: HEAD, baseSha: BASE, files: { '.handoff/step.json': handoffText('s1') } });
  app = await startApp(github);
});
afterEach(async () => {
  await app.close();
  await github.close();
});

describe('single flight per pull request', () => {
  for (const copies of [2, 20]) {
    it(`${copies} concurrent copies of a fresh pull_request.opened delivery: exactly 1 check run and 1 review comment`, async () => {
      const body = pullRequestPayload(7, HEAD, BASE, 1);
      const statuses = await Promise.all(Array.from({ length: copies }, () => deliver(app, 'pull_request', body, 'same-delivery')));
      expect(statuses.every((s) => s === 200 || s === 202)).toBe(true);
      await settled(app);
      expect(finalStateProblems(github, 7, HEAD)).toEqual([]);
      expect(github.checkRuns).toHaveLength(1);
      expect(github.comments).toHaveLength(1);
      // Coalescing: the running evaluation plus one re-evaluation, however many copies arrived.
      expect(github.counts.get('GET /repos/{owner}/{repo}/pulls/{pull_number}/files')).toBe(2);
    });
  }

  it('a push during an evaluation: the coalesced re-evaluation judges the newest head', async () => {
    const NEW = 'c'.repeat(40);
    const first = deliver(app, 'pull_request', pullRequestPayload(7, HEAD, BASE, 1), 'd-1');
    // The push lands on GitHub; its delivery arrives while the first evaluation runs (and an old redelivery after it).
    github.setPullRequest(REPO, { number: 7, headSha: NEW, baseSha: BASE, files: { '.handoff/step.json': handoffText('s1') } });
    const later = [deliver(app, 'pull_request', pullRequestPayload(7, NEW, BASE, 1, 'synchronize'), 'd-2'), deliver(app, 'pull_request', pullRequestPayload(7, HEAD, BASE, 1), 'd-1')];
    await Promise.all([first, ...later]);
    await settled(app);
    expect(finalStateProblems(github, 7, NEW)).toEqual([]);
  });

  it('duplicates made by another writer converge: extra comments deleted, extra check runs neutral pointing at the lowest id', async () => {
    const body = pullRequestPayload(7, HEAD, BASE, 1);
    await deliver(app, 'pull_request', body, 'd-1');
    await settled(app);
    // Another process (without the lock) wrote a second run and comment for the same head.
    const run = github.checkRuns[0];
    const comment = github.comments[0];
    if (!run || !comment) throw new Error('the first delivery wrote nothing');
    github.checkRuns.push({ ...structuredClone(run), id: 9000 });
    github.comments.push({ ...structuredClone(comment), id: 9001 });
    await deliver(app, 'pull_request', body, 'd-2');
    await settled(app);
    expect(finalStateProblems(github, 7, HEAD)).toEqual([]);
    expect(github.comments.map((c) => c.id)).toEqual([comment.id]);
    const duplicate = github.checkRuns.find((r) => r.id === 9000);
    expect(duplicate).toMatchObject({ status: 'completed', conclusion: 'neutral' });
    expect(duplicate?.output.summary).toContain(`check run ${run.id}`);
  });
});

describe('createSingleFlight', () => {
  it('runs one job per key at a time and keeps only the newest pending job', async () => {
    const flight = createSingleFlight();
    const ran: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = flight.run('pr', async () => {
      await gate;
      ran.push('first');
      return 1;
    });
    const queued = await Promise.all(['a', 'b', 'c'].map((n) => flight.run('pr', async (coalesced) => void ran.push(`${n}:${coalesced}`))));
    expect(queued.every((q) => !q.ran)).toBe(true);
    expect(flight.size).toEqual({ running: 1, pending: 1 });
    const other = await flight.run('other-pr', async () => 'independent');
    expect(other).toEqual({ ran: true, value: 'independent' });
    release();
    expect(await first).toEqual({ ran: true, value: 1 });
    await flight.idle();
    expect(ran).toEqual(['first', 'c:true']);
  });

  it('reports a failing pending job to onError and frees the key', async () => {
    const errors: unknown[] = [];
    const flight = createSingleFlight({ onError: (_k, e) => errors.push(e) });
    let release!: () => void;
    const first = flight.run('pr', () => new Promise<void>((r) => (release = r)));
    await flight.run('pr', async () => {
      throw new Error('boom');
    });
    release();
    await first;
    await flight.idle();
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom']);
    expect(flight.size).toEqual({ running: 0, pending: 0 });
  });
});
