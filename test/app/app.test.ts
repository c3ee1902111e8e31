/**
 * The App through `probot.receive` with GitHub's own example payloads, GitHub behind nock, every
 * REST request checked against GitHub's published description.
 */
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRecords } from '../../src/core/timeline/records.js';
import { examplePayload } from '../helpers/action-env.js';
import { mockGitHub } from '../helpers/github-mock.js';
import { BOT, commentEvent, newProbot } from '../helpers/probot-app.js';
import { VALID_HANDOFF } from '../helpers/gate-input.js';

const R = '/repos/Codertocat/Hello-World';
const handoff = JSON.stringify(VALID_HANDOFF);
const HEAD_SHA = (examplePayload('pull_request', 'opened') as { pull_request: { head: { sha: string } } }).pull_request.head.sha;

function prEvent(action: string) {
  const payload = examplePayload('pull_request', action === 'synchronize' ? 'synchronize' : 'opened');
  payload.action = action;
  payload.installation = { id: 99 };
  return { name: 'pull_request' as const, id: `delivery-${action}`, payload: payload as never };
}

/** A check run as GitHub lists it, on the example pull request's head. */
function listedRun(fields: Record<string, unknown>) {
  return { id: 1, name: 'handoff-gate', external_id: null, head_sha: HEAD_SHA, status: 'completed', completed_at: '2026-01-01T00:00:00Z', app: { slug: 'handoff-gate' }, output: { title: 't', summary: 's', text: null }, ...fields };
}

function gitHubWith(config: string, comments: unknown[] | (() => unknown[]) = [], checkRuns: unknown[] = [], newToken = true) {
  const gh = mockGitHub();
  const pr = (prEvent('opened').payload as { pull_request: { head: { sha: string }; base: { sha: string }; number: number } }).pull_request;
  if (newToken) gh.scope.post('/app/installations/99/access_tokens').reply(201, { token: 'ghs_installation', expires_at: '2099-01-01T00:00:00Z', permissions: {} });
  gh.scope
    .get(`${R}/commits/${pr.head.sha}/check-runs`).query(true).reply(200, { total_count: checkRuns.length, check_runs: checkRuns })
    .get(`${R}/contents/.github%2Fhandoff-gate.yml`).query({ ref: pr.base.sha }).reply(200, config)
    .get(`${R}/pulls/${pr.number}/files`).query(true).reply(200, [{ sha: 'a', filename: '.handoff/h.json', status: 'added', additions: 1, deletions: 0, changes: 1, patch: `@@ -0,0 +1 @@\n+${handoff}` }, { sha: 'b', filename: 'src/a.ts', status: 'added', additions: 1, deletions: 0, changes: 1, patch: '@@ -0,0 +1 @@\n+export const a = 1;' }])
    .post('/graphql').reply(200, { data: { repository: { f0: { text: handoff, isBinary: false } } } })
    // The base's handoff history (identities and idempotency keys must be new): none on this base.
    .get(`${R}/git/trees/${pr.base.sha}`).query({ recursive: '1' }).reply(200, { sha: pr.base.sha, url: '', truncated: false, tree: [{ path: 'README.md', mode: '100644', type: 'blob', sha: 'c'.repeat(40) }] })
    .get(`${R}/issues/${pr.number}/comments`).query(true).reply(200, typeof comments === 'function' ? () => comments() : comments);
  return { gh, pr };
}

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('App: pull_request', () => {
  it('opened: reads the base config, the files and the handoffs (one GraphQL query), completes the check run and posts the review', async () => {
    const { gh, pr } = gitHubWith('handoffs:\n  required: true\n');
    gh.scope.post(`${R}/check-runs`).reply(201, { id: 1 }).post(`${R}/issues/${pr.number}/comments`).reply(201, { id: 2 });
    await (await newProbot()).receive(prEvent('opened'));
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    const check = gh.requests.find((r) => r.method === 'POST' && r.path === `${R}/check-runs`)?.body as Record<string, any>;
    expect(check).toMatchObject({ name: 'handoff-gate', head_sha: pr.head.sha, external_id: `handoff-gate:${pr.head.sha}`, status: 'completed', conclusion: 'success' });
    const comment = gh.requests.find((r) => r.path === `${R}/issues/${pr.number}/comments` && r.method === 'POST')?.body as { body: string };
    expect(comment.body.split('\n').slice(-2)).toEqual(['ACCEPTANCE: yes', 'Decision: accepted']);
  });

  it('a redelivery updates the same check run and leaves the unchanged comment alone', async () => {
    const first = gitHubWith('');
    first.gh.scope.post(`${R}/check-runs`).reply(201, { id: 1 }).post(`${R}/issues/${first.pr.number}/comments`).reply(201, { id: 2 });
    const probot = await newProbot();
    await probot.receive(prEvent('opened'));
    const posted = (first.gh.requests.find((r) => r.method === 'POST' && r.path.endsWith('/comments'))?.body as { body: string }).body;
    first.gh.done();
    const again = gitHubWith('', [{ id: 2, body: posted, user: { login: BOT, type: 'Bot' }, created_at: '2026-01-01T00:00:00Z' }], [listedRun({ id: 1, external_id: `handoff-gate:${HEAD_SHA}` })], false);
    again.gh.scope.patch(`${R}/check-runs/1`).reply(200, { id: 1 });
    await probot.receive(prEvent('opened'));
    expect(again.gh.done()).toEqual([]);
    expect(again.gh.problems).toEqual([]);
    expect(again.gh.calls().filter((c) => c.startsWith('POST') && !c.includes('access_tokens') && !c.includes('graphql'))).toEqual([]);
  });

  it('with verify steps configured and no verify run yet, waits for verification: check run in progress, no comment yet; a "verify" check run is not taken', async () => {
    // Any workflow can write a check run named "handoff-gate verify" with the Actions app: it is never verification.
    const forged = listedRun({ id: 5, name: 'handoff-gate verify', app: { slug: 'github-actions' }, conclusion: 'success', output: { title: 'Verification passed', summary: 's', text: null } });
    const { gh } = gitHubWith('verify:\n  steps:\n    - id: test\n      run: npm test\n', [], [forged]);
    gh.scope.get(`${R}/actions/runs`).query((q) => q['head_sha'] === HEAD_SHA && q['event'] === 'pull_request').reply(200, { total_count: 0, workflow_runs: [] });
    gh.scope.post(`${R}/check-runs`).reply(201, { id: 1 });
    await (await newProbot()).receive(prEvent('synchronize'));
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    const check = gh.requests.find((r) => r.method === 'POST' && r.path === `${R}/check-runs`)?.body as Record<string, any>;
    expect(check).toMatchObject({ status: 'in_progress', output: { title: 'Waiting for verification' } });
    expect(check['conclusion']).toBeUndefined();
  });

  it.each(['github-actions', 'octocoders-linter'])('check_run.completed named "handoff-gate verify" from %s is not verification: no request', async (slug) => {
    const gh = mockGitHub();
    const payload = examplePayload('check_run', 'completed');
    payload.installation = { id: 99 };
    payload.check_run.name = 'handoff-gate verify';
    payload.check_run.app.slug = slug;
    payload.check_run.pull_requests = [{ number: 2 }];
    await (await newProbot()).receive({ name: 'check_run', id: `v-${slug}`, payload: payload as never });
    expect(gh.requests).toEqual([]);
  });

  it('a 500 from GitHub mid-handler leaves the check run action_required with the reason, and the delivery fails', async () => {
    const gh = mockGitHub();
    const pr = (prEvent('opened').payload as { pull_request: { head: { sha: string }; base: { sha: string }; number: number } }).pull_request;
    gh.scope
      .post('/app/installations/99/access_tokens').reply(201, { token: 'ghs_installation', expires_at: '2099-01-01T00:00:00Z', permissions: {} })
      .get(`${R}/commits/${pr.head.sha}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] })
      .get(`${R}/contents/.github%2Fhandoff-gate.yml`).query(true).reply(200, '')
      .get(`${R}/pulls/${pr.number}/files`).query(true).reply(500, { message: 'Server Error' })
      .get(`${R}/commits/${pr.head.sha}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] })
      .post(`${R}/check-runs`).reply(201, { id: 3 });
    await expect((await newProbot()).receive(prEvent('opened'))).rejects.toThrow();
    expect(gh.done()).toEqual([]);
    const check = gh.requests.find((r) => r.method === 'POST' && r.path === `${R}/check-runs`)?.body as Record<string, any>;
    expect(check).toMatchObject({ status: 'completed', conclusion: 'action_required', output: { title: 'handoff-gate could not decide' } });
  });
});

describe('App: issue_comment', () => {
  it('/gate hold from a writer is recorded and the gate is re-evaluated (BLOCKED by the hold)', async () => {
    const holdRecord = (body: string) => ({ id: 10, body, user: { login: BOT, type: 'Bot' }, created_at: '2026-01-01T00:00:01Z' });
    let recorded = '';
    // The re-evaluation lists the comments and must see the record the command has just written.
    const { gh, pr } = gitHubWith('', () => [holdRecord(recorded)]);
    gh.scope
      .get(`${R}/pulls/2`).reply(200, { number: 2, user: { login: 'Codertocat' }, head: { sha: pr.head.sha, ref: 'x', repo: { full_name: 'Codertocat/Hello-World' } }, base: { sha: pr.base.sha, ref: 'main', repo: { full_name: 'Codertocat/Hello-World' } } })
      .get(`${R}/contents/.github%2Fhandoff-gate.yml`).query(true).reply(200, '')
      .post(`${R}/issues/comments/1/reactions`, { content: 'eyes' }).reply(201, {})
      .get(`${R}/collaborators/lead/permission`).reply(200, { permission: 'write', role_name: 'write', user: { login: 'lead' } })
      .post(`${R}/issues/2/comments`, (body: { body: string }) => {
        recorded = body.body;
        return true;
      })
      .reply(201, { id: 10 })
      .post(`${R}/check-runs`).reply(201, { id: 1 })
      .post(`${R}/issues/2/comments`).reply(201, { id: 11 })
      .post(`${R}/issues/comments/1/reactions`, { content: '+1' }).reply(201, {});
    await (await newProbot()).receive(commentEvent('/gate hold', 'lead'));
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    expect(parseRecords(recorded)).toEqual([{ type: 'hold', user: 'lead' }]);
    const check = gh.requests.find((r) => r.method === 'POST' && r.path === `${R}/check-runs`)?.body as Record<string, any>;
    expect(check).toMatchObject({ conclusion: 'action_required' });
    expect(check['output'].summary).toContain('gate.hold');
  });
});
