/**
 * The Action in `mode: gate` on GitHub's example `pull_request` payloads, against a real git
 * repository, with GitHub behind nock and every request checked against GitHub's REST description.
 */
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/action/main.js';
import { formatRecordReply } from '../../src/core/timeline/records.js';
import { COMMENT_MARKER } from '../../src/core/report/markdown.js';
import { examplePayload, runnerEnv, withRunner } from '../helpers/action-env.js';
import { gitRepo, type TestRepo } from '../helpers/git-repo.js';
import { mockGitHub } from '../helpers/github-mock.js';
import { VALID_HANDOFF } from '../helpers/gate-input.js';
import { focusedTest } from '../fixtures/forbidden-lines.js';

const R = '/repos/Codertocat/Hello-World';
const CONFIG = 'verify:\n  steps:\n    - id: check\n      run: "true"\n';
const handoff = JSON.stringify({ ...VALID_HANDOFF, claims: [{ check: 'check', result: 'pass' }] });

function prPayload(repo: TestRepo, action = 'synchronize') {
  const payload = examplePayload('pull_request', action);
  payload.pull_request.head.sha = repo.headSha;
  payload.pull_request.head.ref = 'agent/x';
  payload.pull_request.base.sha = repo.baseSha;
  return payload;
}

const botComment = (id: number, body: string) => ({ id, body, user: { login: 'github-actions[bot]', type: 'Bot' }, created_at: `2026-01-01T00:00:${String(id % 60).padStart(2, '0')}Z` });
const humanComment = (id: number) => ({ id, body: `comment ${id}`, user: { login: `user${id}`, type: 'User' }, created_at: '2026-01-01T00:00:00Z' });

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('Action, mode gate', () => {
  it('pull_request.synchronize with 10 annotations and an existing comment: 5 requests, all documented', async () => {
    const lines = Array.from({ length: 10 }, (_, i) => focusedTest(`case ${i}`)).join('\n');
    const repo = gitRepo({ '.github/handoff-gate.yml': CONFIG }, { '.handoff/h.json': handoff, 'src/a.test.ts': lines });
    const gh = mockGitHub();
    gh.scope
      .get(`${R}/commits/${repo.headSha}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] })
      .post(`${R}/check-runs`).reply(201, { id: 7 })
      .get(`${R}/issues/2/comments`).query(true).reply(200, [humanComment(1), botComment(2, `${COMMENT_MARKER}\nold review`)])
      .patch(`${R}/check-runs/7`).reply(200, { id: 7 })
      .patch(`${R}/issues/comments/2`).reply(200, { id: 2 });
    const runner = runnerEnv('pull_request', prPayload(repo), repo.dir);
    const { exitCode } = await withRunner(runner.env, () => run(process.env));
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    expect(gh.calls()).toEqual([`GET ${R}/commits/${repo.headSha}/check-runs`, `POST ${R}/check-runs`, `GET ${R}/issues/2/comments`, `PATCH ${R}/check-runs/7`, `PATCH ${R}/issues/comments/2`]);
    const created = gh.requests[1]?.body as Record<string, any>;
    expect(created).toMatchObject({ name: 'handoff-gate', head_sha: repo.headSha, external_id: `handoff-gate:${repo.headSha}`, status: 'in_progress', details_url: 'https://github.com/Codertocat/Hello-World/actions/runs/4242' });
    const completed = gh.requests[3]?.body as Record<string, any>;
    expect(completed).toMatchObject({ status: 'completed', conclusion: 'action_required' });
    expect(completed.output.annotations).toHaveLength(10);
    expect(completed.output.text).toContain('# Orchestrator Review');
    expect((gh.requests[4]?.body as { body: string }).body.split('\n').slice(-2)).toEqual(['ACCEPTANCE: no', 'Decision: blocked']);
    expect(runner.outputs()).toMatchObject({ verdict: 'BLOCKED', decision: 'blocked', acceptance: 'no' });
    expect(runner.summary()).toContain('# Orchestrator Review');
    expect(exitCode).toBe(1); // fail-on: fail
  });

  it('sends every annotation, at most 50 per request', async () => {
    const lines = Array.from({ length: 120 }, (_, i) => focusedTest(`case ${i}`)).join('\n');
    const repo = gitRepo({ '.github/handoff-gate.yml': CONFIG }, { '.handoff/h.json': handoff, 'src/a.test.ts': lines });
    const gh = mockGitHub();
    gh.scope
      .get(`${R}/commits/${repo.headSha}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] })
      .post(`${R}/check-runs`).reply(201, { id: 9 })
      .get(`${R}/issues/2/comments`).query(true).reply(200, [])
      .patch(`${R}/check-runs/9`).times(3).reply(200, { id: 9 })
      .post(`${R}/issues/2/comments`).reply(201, { id: 100 });
    const runner = runnerEnv('pull_request', prPayload(repo), repo.dir, { 'fail-on': 'never' });
    const { exitCode } = await withRunner(runner.env, () => run(process.env));
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    const patches = gh.requests.filter((r) => r.method === 'PATCH').map((r) => (r.body as { output: { annotations?: unknown[] } }).output.annotations?.length);
    expect(patches).toEqual([50, 50, 20]);
    expect(exitCode).toBeUndefined();
  });

  it('finds its comment on page 2 of 100+ comments and updates it, and a re-run updates the same check run', async () => {
    const repo = gitRepo({ '.github/handoff-gate.yml': CONFIG }, { '.handoff/h.json': handoff, 'src/a.ts': 'export const a = 1;\n' });
    const gh = mockGitHub();
    const page1 = Array.from({ length: 100 }, (_, i) => humanComment(i + 1));
    gh.scope
      .get(`${R}/commits/${repo.headSha}/check-runs`).query(true).reply(200, { total_count: 2, check_runs: [{ id: 3, name: 'handoff-gate', external_id: 'other', head_sha: repo.headSha, output: { text: null } }, { id: 5, name: 'handoff-gate', external_id: `handoff-gate:${repo.headSha}`, head_sha: repo.headSha, output: { text: null } }] })
      .patch(`${R}/check-runs/5`).reply(200, { id: 5 })
      .get(`${R}/issues/2/comments`).query((q) => q['page'] === undefined).reply(200, page1, { link: `<https://api.github.com${R}/issues/2/comments?per_page=100&page=2>; rel="next", <https://api.github.com${R}/issues/2/comments?per_page=100&page=2>; rel="last"` })
      .get(`${R}/issues/2/comments`).query((q) => q['page'] === '2').reply(200, [botComment(200, `${COMMENT_MARKER}\nold`)])
      .patch(`${R}/check-runs/5`).reply(200, { id: 5 })
      .patch(`${R}/issues/comments/200`).reply(200, { id: 200 });
    const runner = runnerEnv('pull_request', prPayload(repo), repo.dir);
    const { exitCode } = await withRunner(runner.env, () => run(process.env));
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    expect(gh.calls().filter((c) => c.startsWith('POST'))).toEqual([]);
    expect(runner.outputs()['verdict']).toBe('PASS');
    expect(exitCode).toBeUndefined();
  });

  it('with a read-only fork token (403 on check creation) says so once, falls back to annotations and the summary, and still comments', async () => {
    const repo = gitRepo({ '.github/handoff-gate.yml': CONFIG }, { '.handoff/h.json': handoff, 'src/a.test.ts': `${focusedTest('x')}\n${focusedTest('y')}` });
    const gh = mockGitHub();
    gh.scope
      .get(`${R}/commits/${repo.headSha}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] })
      .post(`${R}/check-runs`).reply(403, { message: 'Resource not accessible by integration' })
      .get(`${R}/issues/2/comments`).query(true).reply(200, [])
      .post(`${R}/issues/2/comments`).reply(403, { message: 'Resource not accessible by integration' });
    const runner = runnerEnv('pull_request', prPayload(repo), repo.dir, { 'fail-on': 'blocked' });
    const { log, exitCode } = await withRunner(runner.env, () => run(process.env));
    expect(gh.done()).toEqual([]);
    expect(log.match(/cannot create check runs/g)).toHaveLength(1);
    expect(log).toContain('::error title=handoff-gate%3A guardrail.forbidden-pattern (focused-test),file=src/a.test.ts,line=1,endLine=1::focused test');
    expect(log).toContain('the review comment could not be posted');
    expect(runner.summary()).toContain('Decision: blocked');
    expect(exitCode).toBe(1); // BLOCKED fails the step with fail-on: blocked; not the missing permission
  });

  it('retries a 5xx and a secondary rate limit', async () => {
    const repo = gitRepo({ '.github/handoff-gate.yml': CONFIG }, { '.handoff/h.json': handoff });
    const gh = mockGitHub();
    gh.scope
      .get(`${R}/commits/${repo.headSha}/check-runs`).query(true).reply(502, 'Bad Gateway')
      .get(`${R}/commits/${repo.headSha}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] })
      .post(`${R}/check-runs`).reply(403, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, { 'retry-after': '1' })
      .post(`${R}/check-runs`).reply(201, { id: 11 })
      .get(`${R}/issues/2/comments`).query(true).reply(200, [])
      .patch(`${R}/check-runs/11`).reply(200, { id: 11 })
      .post(`${R}/issues/2/comments`).reply(201, { id: 1 });
    const runner = runnerEnv('pull_request', prPayload(repo), repo.dir);
    const { log, exitCode } = await withRunner(runner.env, () => run(process.env, { retryAfterBaseValue: 10 }));
    expect(gh.done()).toEqual([]);
    expect(log).toContain('secondary rate limit on POST');
    expect(runner.outputs()['verdict']).toBe('PASS');
    expect(exitCode).toBeUndefined();
  });

  it('an approval recorded for an earlier head is dismissed after a push; one for the head counts', async () => {
    const gated = `${CONFIG}gates:\n  - id: release\n    when: { always: true }\n`;
    const repo = gitRepo({ '.github/handoff-gate.yml': gated }, { '.handoff/h.json': handoff });
    const approval = (sha: string) => botComment(1, formatRecordReply(['Approval recorded'], [{ type: 'approve', gate: 'release', user: 'lead', sha }]));
    for (const [sha, verdict] of [['0000000000000000000000000000000000000000', 'BLOCKED'], [repo.headSha, 'PASS']] as const) {
      const gh = mockGitHub();
      gh.scope
        .get(`${R}/commits/${repo.headSha}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] })
        .post(`${R}/check-runs`).reply(201, { id: 1 })
        .get(`${R}/issues/2/comments`).query(true).reply(200, [approval(sha)])
        .patch(`${R}/check-runs/1`).reply(200, { id: 1 })
        .post(`${R}/issues/2/comments`).reply(201, { id: 2 });
      const runner = runnerEnv('pull_request', prPayload(repo), repo.dir, { 'fail-on': 'never' });
      await withRunner(runner.env, () => run(process.env));
      expect(gh.done()).toEqual([]);
      expect(runner.outputs()['verdict']).toBe(verdict);
    }
  });

  it('ignores pull_request actions that do not change the code, and edits that keep the base', async () => {
    const repo = gitRepo({}, {});
    const gh = mockGitHub();
    const edited = { ...examplePayload('pull_request', 'opened'), action: 'edited', changes: { title: { from: 'old title' } } };
    for (const payload of [examplePayload('pull_request', 'labeled'), edited]) {
      const runner = runnerEnv('pull_request', payload, repo.dir);
      const { log } = await withRunner(runner.env, () => run(process.env));
      expect(log).toMatch(/nothing to do on pull_request\.labeled|its base did not change/);
    }
    expect(gh.requests).toEqual([]);
  });

  it('an invalid configuration on the base leaves the check run action_required with the reason and fails the step', async () => {
    const repo = gitRepo({ '.github/handoff-gate.yml': 'verify: [1, 2]\n' }, { '.handoff/h.json': handoff });
    const gh = mockGitHub();
    gh.scope
      .get(`${R}/commits/${repo.headSha}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] })
      .post(`${R}/check-runs`).reply(201, { id: 4 })
      .get(`${R}/issues/2/comments`).query(true).reply(200, [])
      .patch(`${R}/check-runs/4`).reply(200, { id: 4 });
    const runner = runnerEnv('pull_request', prPayload(repo), repo.dir);
    const { log, exitCode } = await withRunner(runner.env, () => run(process.env));
    expect(gh.done()).toEqual([]);
    const finished = gh.requests[3]?.body as { conclusion: string; output: { summary: string } };
    expect(finished.conclusion).toBe('action_required');
    expect(finished.output.summary).toContain('.github/handoff-gate.yml:1:9');
    expect(log).toContain('::error::');
    expect(exitCode).toBe(1);
  });
});
