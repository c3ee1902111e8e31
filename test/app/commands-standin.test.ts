/**
 * Comment commands through the real server and the stand-in's per-user permissions: a writer's
 * `/gate hold` is recorded and blocks the check run; a reader is refused with a reply; a bot's command
 * is ignored — no reaction, no reply, no record (answering bots invites loops; see the README).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { examplePayload } from '../helpers/action-env.js';
import { BOT_LOGIN, deliver, handoffText, pullRequestPayload, REPO, settled, startApp, type AppUnderTest } from '../helpers/app-harness.js';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-standin.js';

const HEAD = 'd'.repeat(40);
const BASE = 'b'.repeat(40);
let github: GitHubStandIn;
let app: AppUnderTest;

function commentPayload(body: string, login: string, type: 'User' | 'Bot') {
  const payload = examplePayload('issue_comment', 'created');
  payload.installation = { id: 1 };
  payload.issue = { ...payload.issue, number: 5, pull_request: { url: 'x' } };
  const stored = github.addComment(REPO, 5, body, login, type);
  payload.comment = { ...payload.comment, id: stored.id, body, user: { ...payload.comment.user, login, type } };
  return JSON.stringify(payload);
}

beforeEach(async () => {
  github = await startGitHubStandIn();
  github.setConfig(REPO, '');
  github.setPullRequest(REPO, { number: 5, headSha: HEAD, baseSha: BASE, files: { '.handoff/s.json': handoffText('s1') } });
  github.setPermission(REPO, 'lead', 'write');
  github.setPermission(REPO, 'visitor', 'read');
  app = await startApp(github);
  await deliver(app, 'pull_request', pullRequestPayload(5, HEAD, BASE, 1), 'open');
  await settled(app);
});
afterEach(async () => {
  await app.close();
  await github.close();
});

describe('commands against the stand-in', () => {
  it("a writer's /gate hold blocks the check run; a reader's is refused with a reply", async () => {
    expect(github.checkRuns[0]?.conclusion).toBe('success');
    expect(await deliver(app, 'issue_comment', commentPayload('/gate hold', 'visitor', 'User'), 'c1')).toBe(200);
    const refusal = github.comments.find((c) => c.user.login === BOT_LOGIN && c.body.startsWith('@visitor'));
    expect(refusal?.body).toContain('was not run');
    expect(github.checkRuns[0]?.conclusion).toBe('success');
    expect(await deliver(app, 'issue_comment', commentPayload('/gate hold', 'lead', 'User'), 'c2')).toBe(200);
    await settled(app);
    expect(github.checkRuns).toHaveLength(1);
    expect(github.checkRuns[0]?.conclusion).toBe('action_required');
  });

  it("a bot's command is ignored: no reaction, no reply, no re-evaluation", async () => {
    const before = { comments: github.comments.length, requests: github.total() };
    expect(await deliver(app, 'issue_comment', commentPayload('/gate approve', 'dependabot[bot]', 'Bot'), 'c3')).toBe(200);
    expect(github.comments).toHaveLength(before.comments + 1); // only the bot's own comment
    expect(github.counts.get('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions')).toBeUndefined();
    expect(github.total()).toBe(before.requests);
  });
});
