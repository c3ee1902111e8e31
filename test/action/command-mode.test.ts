/** The Action in `mode: command` on GitHub's example `issue_comment.created` payload. */
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/action/main.js';
import { parseRecords } from '../../src/core/timeline/records.js';
import { examplePayload, runnerEnv, withRunner } from '../helpers/action-env.js';
import { mockGitHub } from '../helpers/github-mock.js';

const R = '/repos/Codertocat/Hello-World';
const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
const BASE = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';
const CONFIG = 'gates:\n  - id: release\n    when: { always: true }\n    approvers: { users: [lead, Codertocat] }\n';

function commentPayload(body: string, login = 'lead') {
  const payload = examplePayload('issue_comment', 'created');
  payload.issue.pull_request = { url: `https://api.github.com${R}/pulls/1` };
  payload.comment.body = body;
  payload.comment.user.login = login;
  payload.comment.id = 1;
  return payload;
}

function pullRequest(author = 'Codertocat') {
  return { number: 1, user: { login: author }, head: { sha: HEAD, ref: 'agent/x', repo: { full_name: 'Codertocat/Hello-World' } }, base: { sha: BASE, ref: 'main', repo: { full_name: 'Codertocat/Hello-World' } } };
}

function common(gh: ReturnType<typeof mockGitHub>, author = 'Codertocat') {
  gh.scope
    .get(`${R}/pulls/1`).reply(200, pullRequest(author))
    .get(`${R}/contents/.github%2Fhandoff-gate.yml`).query({ ref: BASE }).reply(200, CONFIG)
    .post(`${R}/issues/comments/1/reactions`, { content: 'eyes' }).reply(201, {});
}

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

async function runCommand(body: string, login = 'lead') {
  const runner = runnerEnv('issue_comment', commentPayload(body, login), process.cwd(), { mode: 'command' });
  return withRunner(runner.env, () => run(process.env));
}

describe('Action, mode command', () => {
  it('an authorised /gate approve records an approval bound to the head SHA, re-runs the gate and reacts 👍', async () => {
    const gh = mockGitHub();
    common(gh);
    gh.scope
      .get(`${R}/collaborators/lead/permission`).reply(200, { permission: 'write', role_name: 'write', user: { login: 'lead' } })
      .get(`${R}/actions/runs`).query({ head_sha: HEAD, event: 'pull_request', per_page: 100 }).reply(200, { total_count: 1, workflow_runs: [{ id: 77, name: 'handoff-gate', status: 'completed', created_at: '2026-01-01T00:00:00Z' }] })
      .post(`${R}/actions/runs/77/rerun`).reply(201, {})
      .post(`${R}/issues/1/comments`).reply(201, { id: 9 })
      .post(`${R}/issues/comments/1/reactions`, { content: '+1' }).reply(201, {});
    const { exitCode } = await runCommand('Reviewed the migration.\n/gate approve release');
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    const reply = gh.requests.find((r) => r.path === `${R}/issues/1/comments`)?.body as { body: string };
    expect(parseRecords(reply.body)).toEqual([{ type: 'approve', gate: 'release', user: 'lead', sha: HEAD }]);
    expect(gh.requests.filter((r) => r.path === `${R}/issues/1/comments`)).toHaveLength(1);
    expect(exitCode).toBeUndefined();
  });

  it('refuses /gate approve from someone outside the gate, names who may, and reacts 😕', async () => {
    const gh = mockGitHub();
    common(gh);
    gh.scope
      .get(`${R}/collaborators/mallory/permission`).reply(200, { permission: 'admin', role_name: 'admin', user: { login: 'mallory' } })
      .post(`${R}/issues/1/comments`).reply(201, { id: 9 })
      .post(`${R}/issues/comments/1/reactions`, { content: 'confused' }).reply(201, {});
    await runCommand('/gate approve release', 'mallory');
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    const reply = gh.requests.find((r) => r.path === `${R}/issues/1/comments`)?.body as { body: string };
    expect(reply.body).toContain('gate `release` may be approved by user lead, user Codertocat, never the pull request author');
    expect(parseRecords(reply.body)).toEqual([]);
  });

  it('refuses the pull request author approving their own gate', async () => {
    const gh = mockGitHub();
    common(gh);
    gh.scope
      .get(`${R}/collaborators/Codertocat/permission`).reply(200, { permission: 'admin', role_name: 'admin', user: { login: 'Codertocat' } })
      .post(`${R}/issues/1/comments`).reply(201, { id: 9 })
      .post(`${R}/issues/comments/1/reactions`, { content: 'confused' }).reply(201, {});
    await runCommand('/gate approve release', 'Codertocat');
    expect(gh.done()).toEqual([]);
    const reply = gh.requests.find((r) => r.path === `${R}/issues/1/comments`)?.body as { body: string };
    expect(reply.body).toContain('the pull request author may not approve gate `release`');
  });

  it('/gate hold from a writer is recorded and re-runs the gate; /gate help answers with the registry', async () => {
    const gh = mockGitHub();
    common(gh);
    gh.scope
      .get(`${R}/collaborators/lead/permission`).reply(200, { permission: 'write', role_name: 'maintain', user: { login: 'lead' } })
      .get(`${R}/actions/runs`).query(true).reply(200, { total_count: 1, workflow_runs: [{ id: 78, name: 'handoff-gate', status: 'in_progress', created_at: '2026-01-01T00:00:00Z' }] })
      .post(`${R}/issues/1/comments`).times(2).reply(201, { id: 9 })
      .post(`${R}/issues/comments/1/reactions`, { content: '+1' }).reply(201, {});
    await runCommand('/gate hold\n/gate help');
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    const [reply, note] = gh.requests.filter((r) => r.path === `${R}/issues/1/comments`).map((r) => (r.body as { body: string }).body);
    expect(parseRecords(reply ?? '')).toEqual([{ type: 'hold', user: 'lead' }]);
    expect(reply).toContain('| `/gate approve [gate]` |');
    expect(note).toContain('@lead the gate is running on `ec26c3e` right now');
  });

  it('does nothing for comments without a command, and never acts on a bot', async () => {
    const gh = mockGitHub();
    gh.scope.get(`${R}/pulls/1`).reply(200, pullRequest()).get(`${R}/contents/.github%2Fhandoff-gate.yml`).query(true).reply(200, CONFIG);
    const { log } = await runCommand('LGTM, thanks!');
    expect(log).toContain('no command');
    const bot = commentPayload('/gate approve release', 'ci-helper[bot]');
    bot.comment.user.type = 'Bot';
    const runner = runnerEnv('issue_comment', bot, process.cwd(), { mode: 'command' });
    const second = await withRunner(runner.env, () => run(process.env));
    expect(second.log).toContain('comment by a bot');
    expect(gh.calls()).toEqual([`GET ${R}/pulls/1`, `GET ${R}/contents/.github%2Fhandoff-gate.yml`]);
  });
});
