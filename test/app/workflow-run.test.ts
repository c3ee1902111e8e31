/**
 * The App takes verification from the companion verify run's evidence artifact on
 * `workflow_run.completed` (GitHub's example payload, a fork's run: no pull_requests), with GitHub
 * behind nock serving the artifact list and the zip through the download redirect. Good evidence →
 * the verdict is published; bad evidence → BLOCKED with its own reason code; a run of another
 * workflow → nothing. Evidence that calls the agent's own failure "pre-existing" is checked against the
 * baseline the default branch published for the merge base (compare, the push-run listing, the artifact).
 */
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockGitHub } from '../helpers/github-mock.js';
import { CLAIMING_PRE_EXISTING, HEAD_FAILURE, evidenceBytes, evidenceZip, publishedBaseline, serveArtifact, serveBaselineCheck, stepWith, VERIFY_RUN_ID, verifyRunPayload, serveEmptyBase } from '../helpers/evidence-stand-in.js';
import { newProbot, withInstallation } from '../helpers/probot-app.js';
import { VALID_HANDOFF } from '../helpers/gate-input.js';

const R = '/repos/Codertocat/Hello-World';
const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
const BASE = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';
const CONFIG = 'verify:\n  steps:\n    - id: test\n      run: npm test\n';
const handoff = JSON.stringify(VALID_HANDOFF);
const PUSH_RUN = 31337;

/** The event, delivered to the example repository Codertocat/Hello-World. */
function event(fields: Record<string, unknown> = {}) {
  const payload = withInstallation(verifyRunPayload(HEAD, fields));
  payload.repository = { ...payload.repository, name: 'Hello-World', full_name: 'Codertocat/Hello-World', owner: { ...payload.repository.owner, login: 'Codertocat' } };
  return { name: 'workflow_run' as const, id: `wr-${JSON.stringify(fields)}`, payload: payload as never };
}

function gitHub() {
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
  return gh;
}

const evidence = (errors: number, fields: Record<string, unknown> = {}) => evidenceZip(evidenceBytes({ headSha: HEAD, baseSha: BASE, configText: CONFIG }, [stepWith('test', errors)], fields));
const checkRun = (gh: ReturnType<typeof mockGitHub>) => gh.requests.find((r) => r.method === 'POST' && r.path === `${R}/check-runs`)?.body as Record<string, any>;

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('App: workflow_run.completed of the verify workflow', () => {
  it('reads the evidence artifact and publishes the verdict with its findings as annotations', async () => {
    const gh = gitHub();
    serveArtifact(gh, R, VERIFY_RUN_ID, evidence(1));
    await (await newProbot()).receive(event());
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    expect(checkRun(gh)).toMatchObject({ name: 'handoff-gate', head_sha: HEAD, status: 'completed', conclusion: 'failure' });
    expect(checkRun(gh)['output'].annotations).toEqual([expect.objectContaining({ path: 'src/a.test.ts', start_line: 5, annotation_level: 'failure' })]);
  });

  it('passing evidence → success', async () => {
    const gh = gitHub();
    serveArtifact(gh, R, VERIFY_RUN_ID, evidence(0));
    await (await newProbot()).receive(event());
    expect(gh.done()).toEqual([]);
    expect(checkRun(gh)).toMatchObject({ status: 'completed', conclusion: 'success' });
  });

  it.each([
    ['no artifact', 'verify.evidence-missing', {}, (gh: ReturnType<typeof mockGitHub>) => serveArtifact(gh, R, VERIFY_RUN_ID, undefined)],
    ['evidence from another SHA', 'verify.evidence-stale', {}, (gh: ReturnType<typeof mockGitHub>) => serveArtifact(gh, R, VERIFY_RUN_ID, evidence(0, { headSha: 'd'.repeat(40) }))],
    ['a timed-out verify run', 'verify.evidence-run-failed', { conclusion: 'timed_out' }, () => undefined],
    ['schema-invalid evidence', 'verify.evidence-invalid', {}, (gh: ReturnType<typeof mockGitHub>) => serveArtifact(gh, R, VERIFY_RUN_ID, evidenceZip('{"schemaVersion":"1.0","steps":"all passed"}'))],
    ['a 100 MB artifact', 'verify.evidence-too-large', {}, (gh: ReturnType<typeof mockGitHub>) => serveArtifact(gh, R, VERIFY_RUN_ID, evidenceZip('{}'), { listedSize: 100 * 1024 * 1024, download: false })],
    ['a zip bomb inflating to 100 MB', 'verify.evidence-too-large', {}, (gh: ReturnType<typeof mockGitHub>) => serveArtifact(gh, R, VERIFY_RUN_ID, new Uint8Array(readFileSync(new URL('../fixtures/evidence/bomb-100mb.zip', import.meta.url))))],
  ])('%s → BLOCKED with %s', async (_what, code, fields, serve) => {
    const gh = gitHub();
    serve(gh);
    await (await newProbot()).receive(event(fields));
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    expect(checkRun(gh)).toMatchObject({ status: 'completed', conclusion: 'action_required' });
    expect(checkRun(gh)['output'].summary).toContain(`\`${code}\``);
  });

  it('a run of another workflow is ignored without a request', async () => {
    const gh = mockGitHub();
    await (await newProbot()).receive(event({ name: 'ci' }));
    expect(gh.requests).toEqual([]);
  });
});

describe("App: pre-existing claims against the default branch's published baseline", () => {
  const claiming = (baseline: Uint8Array) => {
    const gh = gitHub();
    serveArtifact(gh, R, VERIFY_RUN_ID, evidenceZip(evidenceBytes({ headSha: HEAD, baseSha: BASE, configText: CONFIG }, [CLAIMING_PRE_EXISTING])));
    serveBaselineCheck(gh, R, BASE, HEAD, PUSH_RUN, baseline);
    return gh;
  };
  const checkRun = (gh: ReturnType<typeof mockGitHub>) => gh.requests.find((r) => r.method === 'POST' && r.path === `${R}/check-runs`)?.body as Record<string, unknown>;

  it('ATTACK: a head failure the evidence calls pre-existing, absent from the trusted baseline → failure, never success', async () => {
    const gh = claiming(publishedBaseline(BASE, PUSH_RUN, CONFIG, []));
    await (await newProbot()).receive(event());
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    expect(checkRun(gh)).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });

  it('the same claim backed by the trusted baseline → success', async () => {
    const gh = claiming(publishedBaseline(BASE, PUSH_RUN, CONFIG, HEAD_FAILURE));
    await (await newProbot()).receive(event());
    expect(gh.done()).toEqual([]);
    expect(checkRun(gh)).toMatchObject({ status: 'completed', conclusion: 'success' });
  });
});
