/**
 * The App reads changed sources for guardrail.harness-tampering in the same GraphQL batch as the
 * handoffs (no request per file) and blocks a pull request whose library code patches the clock.
 */
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { examplePayload } from '../helpers/action-env.js';
import { mockGitHub } from '../helpers/github-mock.js';
import { newProbot } from '../helpers/probot-app.js';
import { VALID_HANDOFF } from '../helpers/gate-input.js';

const R = '/repos/Codertocat/Hello-World';
const handoff = JSON.stringify(VALID_HANDOFF);
const CHEAT = "export const a = 1;\nDate.now = () => 0;\n";

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('App: guardrail.harness-tampering', () => {
  it('prefetches the changed source with the handoff in one GraphQL query and blocks on the patched clock', async () => {
    const payload = examplePayload('pull_request', 'opened') as { pull_request: { head: { sha: string }; base: { sha: string }; number: number }; installation?: unknown };
    payload.installation = { id: 99 };
    const pr = payload.pull_request;
    const gh = mockGitHub();
    let query: { variables?: Record<string, string> } = {};
    gh.scope
      .post('/app/installations/99/access_tokens').reply(201, { token: 'ghs_installation', expires_at: '2099-01-01T00:00:00Z', permissions: {} })
      .get(`${R}/commits/${pr.head.sha}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] })
      .get(`${R}/contents/.github%2Fhandoff-gate.yml`).query({ ref: pr.base.sha }).reply(200, '')
      .get(`${R}/pulls/${pr.number}/files`).query(true).reply(200, [
        { sha: 'a', filename: '.handoff/h.json', status: 'added', additions: 1, deletions: 0, changes: 1, patch: `@@ -0,0 +1 @@\n+${handoff}` },
        { sha: 'b', filename: 'src/a.ts', status: 'added', additions: 2, deletions: 0, changes: 2, patch: '@@ -0,0 +1,2 @@\n+export const a = 1;\n+Date.now = () => 0;' },
      ])
      .post('/graphql', (body: typeof query) => ((query = body), true))
      .reply(200, () => ({ data: { repository: Object.fromEntries(Object.entries(query.variables ?? {}).filter(([k]) => /^e\d+$/.test(k)).map(([k, v]) => [`f${k.slice(1)}`, { text: v.endsWith(':src/a.ts') ? CHEAT : handoff, isBinary: false }])) } }))
      .get(`${R}/issues/${pr.number}/comments`).query(true).reply(200, [])
      .post(`${R}/check-runs`).reply(201, { id: 1 })
      .post(`${R}/issues/${pr.number}/comments`).reply(201, { id: 2 });
    await (await newProbot()).receive({ name: 'pull_request', id: 'delivery-tamper', payload: payload as never });
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    expect(gh.requests.filter((r) => r.path === '/graphql')).toHaveLength(1);
    expect(Object.values(query.variables ?? {})).toEqual(expect.arrayContaining([`${pr.head.sha}:src/a.ts`]));
    const check = gh.requests.find((r) => r.method === 'POST' && r.path === `${R}/check-runs`)?.body as { conclusion: string; output: { text?: string; summary: string } };
    expect(check.conclusion).toBe('action_required');
    const comment = gh.requests.find((r) => r.method === 'POST' && r.path === `${R}/issues/${pr.number}/comments`)?.body as { body: string };
    expect(comment.body).toContain('guardrail.harness-tampering');
    expect(comment.body.split('\n').slice(-2)).toEqual(['ACCEPTANCE: no', 'Decision: blocked']);
  });
});
