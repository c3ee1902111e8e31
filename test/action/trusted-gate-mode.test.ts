/**
 * The Action's trusted gate (`mode: gate` on `workflow_run` and `pull_request_target`) on GitHub's
 * example payloads, with no checkout at all (the workspace is an empty folder: the gate never runs or
 * reads pull request code locally), GitHub behind nock (every REST request checked against GitHub's
 * description) serving the verify run's evidence artifact through the download redirect.
 * Good evidence → the verdict is published; missing, stale, failed-run, malformed and 100 MB evidence
 * → BLOCKED with its own reason code, never a crash.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/action/main.js';
import { examplePayload, runnerEnv, withRunner } from '../helpers/action-env.js';
import { VERIFY_RUN_ID, evidenceBytes, evidenceZip, serveArtifact, serveEmptyBase, stepWith, verifyRunPayload as verifyRunPayloadOn } from '../helpers/evidence-stand-in.js';
import { mockGitHub } from '../helpers/github-mock.js';
import { VALID_HANDOFF } from '../helpers/gate-input.js';

const R = '/repos/Codertocat/Hello-World';
const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
const BASE = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';
const CONFIG = 'verify:\n  steps:\n    - id: test\n      run: npm test\n      format: junit\n';
const handoff = JSON.stringify(VALID_HANDOFF);

const RUN_ID = VERIFY_RUN_ID;
const verifyRunPayload = (fields: Record<string, unknown> = {}) => verifyRunPayloadOn(HEAD, fields);
const evidence = (fields: Record<string, unknown> = {}, errors = 0) => evidenceBytes({ headSha: HEAD, baseSha: BASE, configText: CONFIG }, [stepWith('test', errors)], fields);

/** Everything but the evidence: the PR found by head owner:branch, its files, comments and our check run. */
function gitHub(options: { findPr?: boolean; headNow?: string } = {}) {
  const gh = mockGitHub();
  if (options.findPr !== false) {
    gh.scope
      .get(`${R}/pulls`).query({ head: 'agent-fork:agent/x', state: 'open', per_page: '100' }).reply(200, [{ number: 2, head: { sha: HEAD } }])
      .get(`${R}/pulls/2`).reply(200, { number: 2, user: { login: 'agent' }, body: null, head: { sha: options.headNow ?? HEAD, ref: 'agent/x', repo: { full_name: 'agent-fork/Hello-World' } }, base: { sha: BASE, ref: 'main', repo: { full_name: 'Codertocat/Hello-World' } } });
  }
  return gh;
}

function evaluation(gh: ReturnType<typeof mockGitHub>, comment = true) {
  gh.scope
    .get(`${R}/contents/.github%2Fhandoff-gate.yml`).query({ ref: BASE }).reply(200, CONFIG)
    .get(`${R}/pulls/2/files`).query(true).reply(200, [{ sha: 'a', filename: '.handoff/h.json', status: 'added', additions: 1, deletions: 0, changes: 1, patch: `@@ -0,0 +1 @@\n+${handoff}` }])
    .post('/graphql').reply(200, { data: { repository: { f0: { text: handoff, isBinary: false } } } })
    .get(`${R}/issues/2/comments`).query(true).reply(200, [])
    .get(`${R}/commits/${HEAD}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] })
    .post(`${R}/check-runs`).reply(201, { id: 7 });
  serveEmptyBase(gh, R, BASE);
  if (comment) gh.scope.post(`${R}/issues/2/comments`).reply(201, { id: 9 });
}

const checkRun = (gh: ReturnType<typeof mockGitHub>) => gh.requests.find((r) => r.method === 'POST' && r.path === `${R}/check-runs`)?.body as Record<string, any>;

async function runGate(eventName: string, payload: unknown) {
  const workspace = mkdtempSync(join(tmpdir(), 'hg-no-checkout-'));
  const runner = runnerEnv(eventName, payload, workspace, { 'fail-on': 'never' });
  const outcome = await withRunner(runner.env, () => run(process.env));
  return { ...outcome, runner };
}

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('Action, trusted gate on workflow_run.completed of the verify workflow', () => {
  it('good evidence: finds the fork\'s pull request by owner:branch, publishes the verdict with annotations and the comment', async () => {
    const gh = gitHub();
    evaluation(gh);
    serveArtifact(gh, R, RUN_ID, evidenceZip(evidence({}, 1)));
    const { runner, log } = await runGate('workflow_run', verifyRunPayload());
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    expect(checkRun(gh)).toMatchObject({ name: 'handoff-gate', head_sha: HEAD, status: 'completed', conclusion: 'failure', output: { title: 'FAIL: in_progress' } });
    expect(checkRun(gh)['output'].annotations).toEqual([expect.objectContaining({ path: 'src/a.test.ts', start_line: 5, annotation_level: 'failure' })]);
    expect(runner.outputs()).toMatchObject({ verdict: 'FAIL' });
    expect(log).toContain('pull request #2');
  });

  it('passing evidence → success', async () => {
    const gh = gitHub();
    evaluation(gh);
    serveArtifact(gh, R, RUN_ID, evidenceZip(evidence()));
    await runGate('workflow_run', verifyRunPayload());
    expect(gh.done()).toEqual([]);
    expect(checkRun(gh)).toMatchObject({ status: 'completed', conclusion: 'success' });
  });

  const BLOCKED_CASES: [string, string, () => { payload?: Record<string, unknown>; serve: (gh: ReturnType<typeof mockGitHub>) => void }][] = [
    ['no evidence artifact', 'verify.evidence-missing', () => ({ serve: (gh) => serveArtifact(gh, R, RUN_ID, undefined) })],
    ['evidence from another SHA', 'verify.evidence-stale', () => ({ serve: (gh) => serveArtifact(gh, R, RUN_ID, evidenceZip(evidence({ headSha: 'd'.repeat(40) }))) })],
    ['evidence naming another run', 'verify.evidence-stale', () => ({ serve: (gh) => serveArtifact(gh, R, RUN_ID, evidenceZip(evidence({ producedBy: { workflowRunId: 1, workflowRunAttempt: 1, tool: 'x' } }))) })],
    ['a run of another workflow file that took the verify workflow\'s name', 'verify.evidence-stale', () => ({ payload: { path: '.github/workflows/sneaky.yml' }, serve: () => undefined })],
    ['a failed verify run', 'verify.evidence-run-failed', () => ({ payload: { conclusion: 'failure' }, serve: () => undefined })],
    ['a cancelled verify run', 'verify.evidence-run-failed', () => ({ payload: { conclusion: 'cancelled' }, serve: () => undefined })],
    ['schema-invalid evidence', 'verify.evidence-invalid', () => ({ serve: (gh) => serveArtifact(gh, R, RUN_ID, evidenceZip(JSON.stringify({ schemaVersion: '1.0', verdict: 'PASS' }))) })],
    ['evidence that is not JSON', 'verify.evidence-invalid', () => ({ serve: (gh) => serveArtifact(gh, R, RUN_ID, evidenceZip('PASS PASS PASS')) })],
    ['a 100 MB artifact', 'verify.evidence-too-large', () => ({ serve: (gh) => serveArtifact(gh, R, RUN_ID, evidenceZip('{}'), { listedSize: 100 * 1024 * 1024, download: false }) })],
  ];

  it.each(BLOCKED_CASES)('%s → BLOCKED with %s, never a crash', async (_what, code, setUp) => {
    const { payload, serve } = setUp();
    const gh = gitHub();
    evaluation(gh);
    serve(gh);
    const { exitCode, runner } = await runGate('workflow_run', verifyRunPayload(payload));
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    expect(checkRun(gh)).toMatchObject({ status: 'completed', conclusion: 'action_required' });
    expect(checkRun(gh)['output'].summary).toContain(`\`${code}\``);
    expect(runner.outputs()).toMatchObject({ verdict: 'BLOCKED' });
    expect(exitCode).toBeUndefined(); // fail-on: never; the step itself did not crash
  });

  it('a GitHub error while reading the evidence (403: the workflow lacks actions: read) leaves the check run action_required and fails the step', async () => {
    const gh = gitHub();
    gh.scope
      .get(`${R}/contents/.github%2Fhandoff-gate.yml`).query({ ref: BASE }).reply(200, CONFIG)
      .get(`${R}/pulls/2/files`).query(true).reply(200, [])
      .get(`${R}/issues/2/comments`).query(true).reply(200, [])
      .get(`${R}/actions/runs/${RUN_ID}/artifacts`).query(true).reply(403, { message: 'Resource not accessible by integration' })
      .get(`${R}/commits/${HEAD}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] })
      .post(`${R}/check-runs`).reply(201, { id: 7 });
    const { exitCode } = await runGate('workflow_run', verifyRunPayload());
    expect(gh.done()).toEqual([]);
    expect(checkRun(gh)).toMatchObject({ status: 'completed', conclusion: 'action_required', output: { title: 'handoff-gate could not decide', summary: expect.stringContaining('Resource not accessible by integration') } });
    expect(exitCode).toBe(1);
  });

  it('takes the workflow file from the event\'s workflow.path when the run has none, and ignores an @ref suffix', async () => {
    const gh = gitHub();
    evaluation(gh);
    serveArtifact(gh, R, RUN_ID, evidenceZip(evidence()));
    const payload = verifyRunPayload({ path: undefined });
    payload['workflow'] = { ...payload['workflow'], path: '.github/workflows/handoff-gate-verify.yml@refs/heads/main' };
    await runGate('workflow_run', payload);
    expect(gh.done()).toEqual([]);
    expect(checkRun(gh)).toMatchObject({ status: 'completed', conclusion: 'success' });
  });

  it('a run of another workflow (or not on pull_request) is ignored without a request', async () => {
    const gh = mockGitHub();
    const { log } = await runGate('workflow_run', verifyRunPayload({ name: 'handoff-gate verify (forged)' }));
    expect(gh.requests).toEqual([]);
    expect(log).toContain('not "handoff-gate verify" on pull_request');
    await runGate('workflow_run', verifyRunPayload({ event: 'push' }));
    expect(gh.requests).toEqual([]);
  });

  it('a pull request that has moved on to a newer head is not published from the old run', async () => {
    const gh = gitHub({ headNow: 'e'.repeat(40) });
    const { log } = await runGate('workflow_run', verifyRunPayload());
    expect(gh.done()).toEqual([]);
    expect(gh.calls()).toEqual([`GET ${R}/pulls`, `GET ${R}/pulls/2`]);
    expect(log).toContain('superseded');
  });

  it('a same-repository run takes the pull request number from the payload, confirmed through the API', async () => {
    const gh = gitHub({ findPr: false });
    gh.scope.get(`${R}/pulls/2`).reply(200, { number: 2, user: { login: 'agent' }, head: { sha: HEAD, ref: 'agent/x', repo: { full_name: 'Codertocat/Hello-World' } }, base: { sha: BASE, ref: 'main', repo: { full_name: 'Codertocat/Hello-World' } } });
    evaluation(gh);
    serveArtifact(gh, R, RUN_ID, evidenceZip(evidence()));
    await runGate('workflow_run', verifyRunPayload({ pull_requests: [{ number: 2, id: 1, url: '', head: { ref: 'agent/x', sha: HEAD, repo: { id: 1, url: '', name: 'Hello-World' } }, base: { ref: 'main', sha: BASE, repo: { id: 1, url: '', name: 'Hello-World' } } }] }));
    expect(gh.done()).toEqual([]);
    expect(gh.calls().some((c) => c === `GET ${R}/pulls`)).toBe(false);
    expect(checkRun(gh)).toMatchObject({ conclusion: 'success' });
  });
});

describe('Action, trusted gate on pull_request_target', () => {
  function targetPayload() {
    const payload = examplePayload('pull_request', 'synchronize'); // pull_request_target has the pull_request shape
    Object.assign(payload.pull_request.head, { sha: HEAD, ref: 'agent/x' });
    payload.pull_request.base.sha = BASE;
    payload.pull_request.number = 2;
    return payload;
  }

  it('before verification has run: an in_progress "Waiting for verification" check run, no comment, no checkout', async () => {
    const gh = mockGitHub();
    evaluation(gh, false);
    gh.scope.get(`${R}/actions/runs`).query(true).reply(200, { total_count: 0, workflow_runs: [] });
    const { runner } = await runGate('pull_request_target', targetPayload());
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    expect(checkRun(gh)).toMatchObject({ status: 'in_progress', output: { title: 'Waiting for verification' } });
    expect(checkRun(gh)['conclusion']).toBeUndefined();
    expect(runner.outputs()).toEqual({});
  });

  it('when the verify run has already finished, its evidence is taken', async () => {
    const gh = mockGitHub();
    evaluation(gh);
    gh.scope.get(`${R}/actions/runs`).query(true).reply(200, { total_count: 1, workflow_runs: [{ ...verifyRunPayload().workflow_run, status: 'completed', created_at: '2026-01-01T00:00:00Z' }] });
    serveArtifact(gh, R, RUN_ID, evidenceZip(evidence()));
    await runGate('pull_request_target', targetPayload());
    expect(gh.done()).toEqual([]);
    expect(checkRun(gh)).toMatchObject({ status: 'completed', conclusion: 'success' });
  });
});
