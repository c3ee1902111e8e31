/** Every other event the App subscribes to, on GitHub's example payloads. */
import nock from 'nock';
import { ProbotOctokit } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appOctokit } from '../../src/app/octokit.js';
import { parseRecords } from '../../src/core/timeline/records.js';
import { examplePayload } from '../helpers/action-env.js';
import { mockGitHub } from '../helpers/github-mock.js';
import { commentEvent, newProbot, withInstallation } from '../helpers/probot-app.js';
import { VALID_HANDOFF } from '../helpers/gate-input.js';

const R = '/repos/Codertocat/Hello-World';
const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
const BASE = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';
const handoff = JSON.stringify(VALID_HANDOFF);

const pullRequest = { number: 2, user: { login: 'Codertocat' }, head: { sha: HEAD, ref: 'agent/x', repo: { full_name: 'Codertocat/Hello-World' } }, base: { sha: BASE, ref: 'main', repo: { full_name: 'Codertocat/Hello-World' } } };

/** The requests one evaluation of PR #2 makes, answered; `config` is the base configuration. */
function evaluation(gh: ReturnType<typeof mockGitHub>, config = '', conclusion?: (body: Record<string, any>) => void) {
  gh.scope
    .get(`${R}/commits/${HEAD}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] })
    .get(`${R}/contents/.github%2Fhandoff-gate.yml`).query({ ref: BASE }).reply(200, config)
    .get(`${R}/pulls/2/files`).query(true).reply(200, [{ sha: 'a', filename: '.handoff/h.json', status: 'added', additions: 1, deletions: 0, changes: 1, patch: `@@ -0,0 +1 @@\n+${handoff}` }])
    .post('/graphql').reply(200, { data: { repository: { f0: { text: handoff, isBinary: false } } } })
    .get(`${R}/issues/2/comments`).query(true).reply(200, [])
    .post(`${R}/check-runs`, (body: Record<string, any>) => {
      conclusion?.(body);
      return true;
    })
    .reply(201, { id: 1 });
}

const token = (gh: ReturnType<typeof mockGitHub>) => gh.scope.post('/app/installations/99/access_tokens').reply(201, { token: 'ghs_i', expires_at: '2099-01-01T00:00:00Z', permissions: {} });

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('App events', () => {
  it.each(['reopened', 'ready_for_review'])('pull_request.%s evaluates the head', async (action) => {
    const gh = mockGitHub();
    token(gh);
    evaluation(gh);
    gh.scope.post(`${R}/issues/2/comments`).reply(201, { id: 5 });
    await (await newProbot()).receive({ name: 'pull_request', id: action, payload: withInstallation(examplePayload('pull_request', action)) as never });
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
  });

  it.each(['submitted', 'dismissed'])('pull_request_review.%s re-evaluates (native approvals count where a gate allows them)', async (action) => {
    const gh = mockGitHub();
    token(gh);
    let body: Record<string, any> = {};
    evaluation(gh, 'gates:\n  - id: review\n    when: { always: true }\n    nativeReviews: true\n    approvers: { users: [reviewer1] }\n', (b) => (body = b));
    gh.scope.get(`${R}/pulls/2/reviews`).query(true).reply(200, [{ id: 1, user: { login: 'reviewer1', type: 'User' }, state: action === 'submitted' ? 'APPROVED' : 'DISMISSED', commit_id: HEAD, submitted_at: '2026-01-01T00:00:00Z' }]);
    gh.scope.post(`${R}/issues/2/comments`).reply(201, { id: 5 });
    await (await newProbot()).receive({ name: 'pull_request_review', id: action, payload: withInstallation(examplePayload('pull_request_review', action)) as never });
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    expect(body['conclusion']).toBe(action === 'submitted' ? 'success' : 'action_required');
  });

  it('check_suite.rerequested re-evaluates each pull request of the suite', async () => {
    const gh = mockGitHub();
    token(gh);
    gh.scope.get(`${R}/pulls/2`).reply(200, pullRequest);
    evaluation(gh);
    gh.scope.post(`${R}/issues/2/comments`).reply(201, { id: 5 });
    await (await newProbot()).receive({ name: 'check_suite', id: 's', payload: withInstallation(examplePayload('check_suite', 'rerequested')) as never });
    expect(gh.done()).toEqual([]);
  });

  it('check_run.rerequested with no pull request (a fork branch) does nothing', async () => {
    const gh = mockGitHub();
    await (await newProbot()).receive({ name: 'check_run', id: 'r', payload: withInstallation(examplePayload('check_run', 'rerequested')) as never });
    expect(gh.requests.filter((r) => !r.path.includes('access_tokens'))).toEqual([]);
  });

  function buttonPayload(identifier: string, login: string) {
    const payload = withInstallation({ ...examplePayload('check_run', 'requested_action'), repository: examplePayload('pull_request', 'opened').repository });
    payload.check_run.name = 'handoff-gate';
    payload.check_run.pull_requests = [{ number: 2 }];
    payload.requested_action = { identifier };
    payload.sender = { ...payload.sender, login, type: 'User' };
    return payload;
  }

  const RELEASE_GATE = 'gates:\n  - id: release\n    when: { always: true }\n    approvers: { users: [lead] }\n';

  /** GitHub answering a button click by `login` (with `permission`) up to the first reply, which is captured. */
  function buttonClick(login: string, permission: string) {
    const gh = mockGitHub();
    token(gh);
    let reply = '';
    gh.scope
      .get(`${R}/pulls/2`).reply(200, pullRequest)
      .get(`${R}/contents/.github%2Fhandoff-gate.yml`).query(true).reply(200, RELEASE_GATE)
      .get(`${R}/collaborators/${login}/permission`).reply(200, { permission, role_name: permission, user: { login } })
      .post(`${R}/issues/2/comments`, (b: { body: string }) => {
        reply = b.body;
        return true;
      })
      .reply(201, { id: 7 });
    return { gh, reply: () => reply };
  }

  it('check_run.requested_action "approve" from an approver is recorded like the command and re-evaluates', async () => {
    const { gh, reply } = buttonClick('lead', 'write');
    evaluation(gh, RELEASE_GATE);
    gh.scope.post(`${R}/issues/2/comments`).reply(201, { id: 8 });
    await (await newProbot()).receive({ name: 'check_run', id: 'b1', payload: buttonPayload('approve', 'lead') as never });
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    expect(reply()).toContain('lead clicked `approve` on the check run.');
    // No gate named: every gate the clicker may approve (the implicit guardrail-excuse needs write permission).
    expect(parseRecords(reply())).toEqual([{ type: 'approve', gate: 'release', user: 'lead', sha: HEAD }, { type: 'approve', gate: 'guardrail-excuse', user: 'lead', sha: HEAD }]);
  });

  it('check_run.requested_action from someone outside the gate is refused with a reply, no record', async () => {
    const { gh, reply } = buttonClick('eve', 'read');
    await (await newProbot()).receive({ name: 'check_run', id: 'b2', payload: buttonPayload('approve', 'eve') as never });
    expect(gh.done()).toEqual([]);
    expect(reply()).toContain('@eve `/gate approve` was not run');
    expect(parseRecords(reply())).toEqual([]);
  });

  it('the App\'s Octokit retries a secondary rate limit, a bounded number of times', async () => {
    const Octokit = appOctokit(ProbotOctokit.defaults((o: object) => ({ ...o, retry: { enabled: false } })));
    const limited = { message: 'You have exceeded a secondary rate limit.' };
    const client = new Octokit({ auth: { token: 'x' }, throttle: { retryAfterBaseValue: 5 } } as never);
    nock('https://api.github.com').get(`${R}/pulls/2`).reply(403, limited, { 'retry-after': '1' }).get(`${R}/pulls/2`).reply(200, pullRequest);
    expect((await client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner: 'Codertocat', repo: 'Hello-World', pull_number: 2 })).status).toBe(200);
    nock('https://api.github.com').get(`${R}/pulls/3`).times(3).reply(403, limited, { 'retry-after': '1' });
    await expect(client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner: 'Codertocat', repo: 'Hello-World', pull_number: 3 })).rejects.toMatchObject({ status: 403 });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('issue_comment by a bot is never a command: no request at all', async () => {
    const gh = mockGitHub();
    await (await newProbot()).receive(commentEvent('/gate approve release', 'helper[bot]', 'Bot'));
    expect(gh.requests).toEqual([]);
  });

  it('issue_comment /gate approve by the pull request author is refused (allowAuthor off)', async () => {
    const gh = mockGitHub();
    token(gh);
    let reply = '';
    gh.scope
      .get(`${R}/pulls/2`).reply(200, pullRequest)
      .get(`${R}/contents/.github%2Fhandoff-gate.yml`).query(true).reply(200, 'gates:\n  - id: release\n    when: { always: true }\n    approvers: { users: [Codertocat] }\n')
      .post(`${R}/issues/comments/1/reactions`, { content: 'eyes' }).reply(201, {})
      .get(`${R}/collaborators/Codertocat/permission`).reply(200, { permission: 'admin', role_name: 'admin', user: { login: 'Codertocat' } })
      .post(`${R}/issues/2/comments`, (b: { body: string }) => {
        reply = b.body;
        return true;
      })
      .reply(201, { id: 7 })
      .post(`${R}/issues/comments/1/reactions`, { content: 'confused' }).reply(201, {});
    await (await newProbot()).receive(commentEvent('/gate approve release', 'Codertocat'));
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    expect(reply).toContain('the pull request author may not approve gate `release`');
    expect(parseRecords(reply)).toEqual([]);
  });
});
