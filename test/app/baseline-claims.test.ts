/**
 * The App's half of the published-baseline check: on `workflow_run.completed` of the verify workflow
 * (GitHub's example payload, a fork's run), evidence that calls the agent's own failure
 * "pre-existing" is checked against the baseline the default branch published for the merge base
 * (GitHub behind nock: compare, the push-run listing, the artifact through the download redirect).
 */
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLAIMING_PRE_EXISTING, HEAD_FAILURE, evidenceBytes, evidenceZip, publishedBaseline, serveArtifact, serveBaselineCheck, serveEmptyBase, VERIFY_RUN_ID, verifyRunPayload } from '../helpers/evidence-stand-in.js';
import { VALID_HANDOFF } from '../helpers/gate-input.js';
import { mockGitHub } from '../helpers/github-mock.js';
import { newProbot, withInstallation } from '../helpers/probot-app.js';

const R = '/repos/Codertocat/Hello-World';
const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
const BASE = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';
const PUSH_RUN = 31337;
const CONFIG = 'verify:\n  steps:\n    - id: test\n      run: npm test\n';
const handoff = JSON.stringify(VALID_HANDOFF);

function deliver() {
  const payload = withInstallation(verifyRunPayload(HEAD));
  payload.repository = { ...payload.repository, name: 'Hello-World', full_name: 'Codertocat/Hello-World', owner: { ...payload.repository.owner, login: 'Codertocat' } };
  return { name: 'workflow_run' as const, id: 'wr-baseline', payload: payload as never };
}

function gitHub(baseline: Uint8Array) {
  const gh = mockGitHub();
  gh.scope
    .post('/app/installations/99/access_tokens').reply(201, { token: 'ghs_i', expires_at: '2099-01-01T00:00:00Z', permissions: {} })
    .get(`${R}/pulls`).query({ head: 'agent-fork:agent/x', state: 'open', per_page: '100' }).reply(200, [{ number: 2, head: { sha: HEAD } }])
    .get(`${R}/pulls/2`).reply(200, { number: 2, user: { login: 'agent' }, head: { sha: HEAD, ref: 'agent/x', repo: { full_name: 'agent-fork/Hello-World' } }, base: { sha: BASE, ref: 'main', repo: { full_name: 'Codertocat/Hello-World' } } })
    .get(`${R}/commits/${HEAD}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] })
    .get(`${R}/contents/.github%2Fhandoff-gate.yml`).query({ ref: BASE }).reply(200, CONFIG)
    .get(`${R}/pulls/2/files`).query(true).reply(200, [{ sha: 'a', filename: '.handoff/h.json', status: 'added', additions: 1, deletions: 0, changes: 1, patch: `@@ -0,0 +1 @@\n+${handoff}` }])
    .post('/graphql').reply(200, { data: { repository: { f0: { text: handoff, isBinary: false } } } })
    .get(`${R}/issues/2/comments`).query(true).reply(200, [])
    .post(`${R}/check-runs`).reply(201, { id: 1 })
    .post(`${R}/issues/2/comments`).reply(201, { id: 2 });
  serveEmptyBase(gh, R, BASE);
  serveArtifact(gh, R, VERIFY_RUN_ID, evidenceZip(evidenceBytes({ headSha: HEAD, baseSha: BASE, configText: CONFIG }, [CLAIMING_PRE_EXISTING])));
  serveBaselineCheck(gh, R, BASE, HEAD, PUSH_RUN, baseline);
  return gh;
}

const checkRun = (gh: ReturnType<typeof mockGitHub>) => gh.requests.find((r) => r.method === 'POST' && r.path === `${R}/check-runs`)?.body as Record<string, any>;

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('App: pre-existing claims against the default branch\'s published baseline', () => {
  it('ATTACK: a head failure the evidence calls pre-existing, absent from the trusted baseline → failure, never success', async () => {
    const gh = gitHub(publishedBaseline(BASE, PUSH_RUN, CONFIG, []));
    await (await newProbot()).receive(deliver());
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    expect(checkRun(gh)).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });

  it('the same claim backed by the trusted baseline → success', async () => {
    const gh = gitHub(publishedBaseline(BASE, PUSH_RUN, CONFIG, HEAD_FAILURE));
    await (await newProbot()).receive(deliver());
    expect(gh.done()).toEqual([]);
    expect(checkRun(gh)).toMatchObject({ status: 'completed', conclusion: 'success' });
  });
});
