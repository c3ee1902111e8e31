/**
 * GitHub failing as it does in production, against the real App server and the stateful stand-in:
 * 20% of requests fail (500 before applying, applied then 502, connection reset before or after
 * applying, 403 secondary rate limit). Writes with an unknown outcome are resolved by listing again,
 * never by a blind retry, so every pull request ends with exactly one completed check run and one
 * review comment. Also: re-evaluating a completed run does not append its annotations again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { deliver, finalStateProblems, handoffText, pullRequestPayload, REPO, settled, startApp, type AppUnderTest } from '../helpers/app-harness.js';
import { startGitHubStandIn, type Fault, type GitHubStandIn } from '../helpers/github-standin.js';
import { focusedTest } from '../fixtures/forbidden-lines.js';

const BASE = 'b'.repeat(40);
const headOf = (n: number) => n.toString(16).padStart(40, '0');

/** Deterministic PRNG (mulberry32) so a failure reproduces. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let github: GitHubStandIn | undefined;
let app: AppUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  await github?.close();
});

describe('faults', () => {
  it('20% faults including "applied, then 502" over 50 pull requests: 50/50 correct, none in_progress, no duplicates', async () => {
    const next = random(11);
    const kinds: Fault[] = ['error-before', 'applied-then-502', 'reset-before', 'reset-after', 'secondary-limit'];
    let faulting = false;
    github = await startGitHubStandIn({ fault: () => (faulting && next() < 0.2 ? kinds[Math.floor(next() * kinds.length)] : undefined) });
    github.setConfig(REPO, 'handoffs:\n  required: true\n');
    for (let n = 1; n <= 50; n++) github.setPullRequest(REPO, { number: n, headSha: headOf(n), baseSha: BASE, files: { '.handoff/step.json': handoffText(`s${n}`) } });
    const server = (app = await startApp(github));
    const standIn = github;
    faulting = true;
    // 25 installations with 2 pull requests each (pacing is per installation).
    await Promise.all(Array.from({ length: 50 }, (_, i) => deliver(server, 'pull_request', pullRequestPayload(i + 1, headOf(i + 1), BASE, 100 + (i % 25)), `d-${i}`)));
    await settled(app);
    faulting = false;
    const problems = Array.from({ length: 50 }, (_, i) => finalStateProblems(standIn, i + 1, headOf(i + 1))).flat();
    expect(problems).toEqual([]);
    expect(github.checkRuns.filter((r) => r.status !== 'completed')).toEqual([]);
    // The faults did happen, the lost-response kind included, and on the creates too.
    expect(github.faults.get('applied-then-502') ?? 0).toBeGreaterThan(5);
    expect(github.checkRuns).toHaveLength(50);
    expect(github.comments).toHaveLength(50);
  }, 120_000);

  it('GitHub accepting requests and never answering them (a read and the check-run create): each is given up after the time limit, and the pull request still ends with one check run and one comment', async () => {
    const hung = new Set<string>();
    const hangOnce = (route: string) => !hung.has(route) && (hung.add(route), true);
    github = await startGitHubStandIn({ fault: (r) => ((r.route === 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files' || r.route === 'POST /repos/{owner}/{repo}/check-runs') && hangOnce(r.route) ? 'hang' : undefined) });
    github.setConfig(REPO, '');
    github.setPullRequest(REPO, { number: 3, headSha: headOf(3), baseSha: BASE, files: { '.handoff/step.json': handoffText('s1') } });
    // 1 s: long enough that answered requests never hit it on a loaded machine, short enough to wait for.
    app = await startApp(github, {}, 1000);
    // Two hung requests can outlast @octokit/webhooks' answer timeout: it then says 202 "still processing" and the work goes on.
    expect([200, 202]).toContain(await deliver(app, 'pull_request', pullRequestPayload(3, headOf(3), BASE, 1), 'd-1'));
    await settled(app);
    expect(github.faults.get('hang')).toBe(2);
    expect(finalStateProblems(github, 3, headOf(3))).toEqual([]);
    expect(github.checkRuns).toHaveLength(1);
    expect(github.comments).toHaveLength(1);
  });

  it('a create whose response is lost is adopted, not repeated', async () => {
    let lost = 0;
    github = await startGitHubStandIn({ fault: (r) => (r.method === 'POST' && r.route !== 'POST /graphql' && lost++ < 2 ? 'applied-then-502' : undefined) });
    github.setConfig(REPO, '');
    github.setPullRequest(REPO, { number: 1, headSha: headOf(1), baseSha: BASE, files: { '.handoff/step.json': handoffText('s1') } });
    app = await startApp(github);
    expect(await deliver(app, 'pull_request', pullRequestPayload(1, headOf(1), BASE, 1), 'd-1')).toBe(200);
    await settled(app);
    expect(finalStateProblems(github, 1, headOf(1))).toEqual([]);
    expect(github.counts.get('POST /repos/{owner}/{repo}/check-runs')).toBe(1);
    expect(github.counts.get('POST /repos/{owner}/{repo}/issues/{issue_number}/comments')).toBe(1);
  });

  it('a write still rate-limited after Octokit gave up: the evaluation is run again, not failed', async () => {
    let limited = 0;
    // Three 403s in a row on the check-run create: more than the throttling plugin's bounded retries.
    github = await startGitHubStandIn({ fault: (r) => (r.route === 'POST /repos/{owner}/{repo}/check-runs' && limited++ < 3 ? 'secondary-limit' : undefined) });
    github.setConfig(REPO, '');
    github.setPullRequest(REPO, { number: 2, headSha: headOf(2), baseSha: BASE, files: { '.handoff/step.json': handoffText('s1') } });
    app = await startApp(github);
    expect(await deliver(app, 'pull_request', pullRequestPayload(2, headOf(2), BASE, 1), 'd-1')).toBe(200);
    await settled(app);
    expect(github.faults.get('secondary-limit')).toBe(3);
    expect(finalStateProblems(github, 2, headOf(2))).toEqual([]);
  });

  it('re-evaluating a completed run keeps the annotations of its first completion (GitHub appends on update)', async () => {
    github = await startGitHubStandIn();
    github.setConfig(REPO, '');
    const focused = Array.from({ length: 60 }, (_, i) => focusedTest(`case ${i}`)).join('\n');
    github.setPullRequest(REPO, { number: 3, headSha: headOf(3), baseSha: BASE, files: { '.handoff/step.json': handoffText('s1'), 'test/a.test.ts': focused } });
    app = await startApp(github);
    await deliver(app, 'pull_request', pullRequestPayload(3, headOf(3), BASE, 1), 'd-1');
    await settled(app);
    const run = github.checkRuns[0];
    if (!run) throw new Error('no check run was created');
    expect(run.status).toBe('completed');
    const first = run.output.annotations_count;
    expect(first).toBeGreaterThan(50); // more than one request's worth
    await deliver(app, 'pull_request', pullRequestPayload(3, headOf(3), BASE, 1, 'reopened'), 'd-2');
    await settled(app);
    expect(github.checkRuns).toHaveLength(1);
    expect(run.output.annotations_count).toBe(first);
  });
});
