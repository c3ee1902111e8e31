/**
 * Pacing per installation with the App's shipped Octokit (throttling on) against the stand-in:
 * writes are paced one at a time per installation (comments, which notify, 3 s apart: the plugin's
 * defaults) — so a busy installation does not hold another one's writes back — and GraphQL queries
 * (reads) are not queued behind writes.
 * Asserts the order requests finish in, never their timing.
 */
import { generateKeyPairSync } from 'node:crypto';
import { Probot } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appOctokit } from '../../src/app/octokit.js';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-standin.js';

let github: GitHubStandIn;
let probot: Probot;
beforeAll(async () => {
  github = await startGitHubStandIn();
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  probot = new Probot({ appId: 1, privateKey, baseUrl: github.url, logLevel: 'fatal', Octokit: appOctokit() });
});
afterAll(() => github.close());

describe('pacing per installation', () => {
  it("one installation's queued writes do not hold back another installation's write or a GraphQL query", async () => {
    const busy = await probot.auth(301);
    const quiet = await probot.auth(302);
    // Tokens first (their requests have a limiter of their own).
    await Promise.all([busy, quiet].map((o) => o.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { owner: 'o', repo: 'r', pull_number: 1 })));
    const done: string[] = [];
    const comment = (octokit: typeof busy, label: string) => octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: 'o', repo: 'r', issue_number: 1, body: label }).then(() => done.push(label));
    const busyWrites = [1, 2, 3, 4].map((i) => comment(busy, `busy write ${i}`));
    // Issued after the busy installation's four writes are queued.
    await new Promise((r) => setTimeout(r, 50));
    const quietWrite = comment(quiet, 'quiet write');
    const query = busy.graphql('query($owner: String!, $repo: String!) { repository(owner: $owner, name: $repo) { id } }', { owner: 'o', repo: 'r' }).then(() => done.push('busy query'));
    await Promise.all([...busyWrites, quietWrite, query]);
    // Probot 14.3 keys the limiters by installation too; octokit.ts keeps that explicit.
    expect(done.indexOf('quiet write')).toBeLessThan(done.indexOf('busy write 2'));
    // plugin-throttling alone would queue the query behind the busy installation's writes.
    expect(done.indexOf('busy query')).toBeLessThan(done.indexOf('busy write 2'));
    // The busy installation's writes stayed in order, one at a time.
    expect(done.filter((d) => d.startsWith('busy write'))).toEqual(['busy write 1', 'busy write 2', 'busy write 3', 'busy write 4']);
  }, 30_000);
});
