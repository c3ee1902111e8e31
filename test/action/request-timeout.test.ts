/**
 * The Action's GitHub client against the stateful stand-in when GitHub accepts a request and never
 * answers it: the request is given up after the client's time limit and retried like a 5xx, so a
 * hung connection fails the step (or recovers) instead of holding the job until its own timeout.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/action/octokit.js';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-standin.js';

let github: GitHubStandIn | undefined;
afterEach(async () => {
  await github?.close();
  github = undefined;
});

describe("the Action's client: a time limit on every request", () => {
  it('a read that hangs once is given up and retried: the answer still arrives', async () => {
    let hung = 0;
    github = await startGitHubStandIn({ fault: (r) => (r.route === 'GET /repos/{owner}/{repo}' && hung++ < 1 ? 'hang' : undefined) });
    const client = createClient('t', () => {}, { baseUrl: github.url, retryAfterBaseValue: 10, requestTimeoutMs: 1000 });
    const { data } = await client.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' });
    expect(data).toMatchObject({ full_name: 'o/r', default_branch: 'main' });
    expect(github.faults.get('hang')).toBe(1);
    expect(github.counts.get('GET /repos/{owner}/{repo}')).toBe(2);
  });

  it('a read that always hangs fails with the time limit named, after the bounded retries, never waiting for ever', async () => {
    github = await startGitHubStandIn({ fault: (r) => (r.route === 'GET /repos/{owner}/{repo}' ? 'hang' : undefined) });
    const client = createClient('t', () => {}, { baseUrl: github.url, retryAfterBaseValue: 10, requestTimeoutMs: 1000 });
    await expect(client.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' })).rejects.toMatchObject({ status: 500, message: expect.stringMatching(/timeout/i) });
    // The retry plugin's three retries of a 5xx, then the error: four requests, each given up.
    expect(github.counts.get('GET /repos/{owner}/{repo}')).toBe(4);
  });
});
