/**
 * The attack a reused baseline invites, from the agent's side: its code runs in the verify job, so it
 * can make the evidence call a failure it introduced "pre-existing". The trusted gate (`mode: gate`
 * on workflow_run, no checkout) checks every pre-existing claim against the baseline the default
 * branch published for the pull request's merge base (GitHub behind nock: compare, the push-run
 * listing, the artifact through the download redirect). A claim the trusted baseline does not back
 * must never PASS.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/action/main.js';
import type { StepVerdict } from '../../src/core/verdict/verify-reasons.js';
import { withFingerprints, type Finding } from '../../src/core/verify/finding.js';
import { runnerEnv, withRunner } from '../helpers/action-env.js';
import { CLAIMING_PRE_EXISTING, HEAD_FAILURE, evidenceBytes, evidenceZip, publishedBaseline, serveArtifact, serveBaselineCheck, serveEmptyBase, stepWith, verifyRunPayload, VERIFY_RUN_ID } from '../helpers/evidence-stand-in.js';
import { VALID_HANDOFF } from '../helpers/gate-input.js';
import { mockGitHub } from '../helpers/github-mock.js';

const R = '/repos/Codertocat/Hello-World';
const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
const BASE = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';
const PUSH_RUN = 31337;
const CONFIG = 'verify:\n  steps:\n    - id: test\n      run: npm test\n      format: junit\n';
const handoff = JSON.stringify(VALID_HANDOFF);

const otherBaseFailure = withFingerprints('test', [{ rule: 'test-failure', message: 'subtracts: expected 1 to be 2', severity: 'error', file: 'src/b.test.ts', line: 9 }]);
const headFailure = HEAD_FAILURE;
const claimingPreExisting = CLAIMING_PRE_EXISTING;
const published = (findings: Finding[], configText = CONFIG) => publishedBaseline(BASE, PUSH_RUN, configText, findings);

/** The pull request, its evaluation, the evidence `evidence` and (when `baseline`) the published baseline. */
function gitHub(evidence: Uint8Array, baseline: Uint8Array | 'none-listed' | 'not-asked') {
  const gh = mockGitHub();
  gh.scope
    .get(`${R}/pulls`).query({ head: 'agent-fork:agent/x', state: 'open', per_page: '100' }).reply(200, [{ number: 2, head: { sha: HEAD } }])
    .get(`${R}/pulls/2`).reply(200, { number: 2, user: { login: 'agent' }, body: null, head: { sha: HEAD, ref: 'agent/x', repo: { full_name: 'agent-fork/Hello-World' } }, base: { sha: BASE, ref: 'main', repo: { full_name: 'Codertocat/Hello-World' } } })
    .get(`${R}/contents/.github%2Fhandoff-gate.yml`).query({ ref: BASE }).reply(200, CONFIG)
    .get(`${R}/pulls/2/files`).query(true).reply(200, [{ sha: 'a', filename: '.handoff/h.json', status: 'added', additions: 1, deletions: 0, changes: 1, patch: `@@ -0,0 +1 @@\n+${handoff}` }])
    .post('/graphql').reply(200, { data: { repository: { f0: { text: handoff, isBinary: false } } } })
    .get(`${R}/issues/2/comments`).query(true).reply(200, [])
    .get(`${R}/commits/${HEAD}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] })
    .post(`${R}/check-runs`).reply(201, { id: 7 })
    .post(`${R}/issues/2/comments`).reply(201, { id: 9 });
  serveEmptyBase(gh, R, BASE);
  serveArtifact(gh, R, VERIFY_RUN_ID, evidenceZip(evidence));
  // The merge base comes from GitHub (compare), never from the evidence.
  if (baseline !== 'not-asked') serveBaselineCheck(gh, R, BASE, HEAD, PUSH_RUN, baseline);
  return gh;
}

async function gate(gh: ReturnType<typeof mockGitHub>) {
  const workspace = mkdtempSync(join(tmpdir(), 'hg-no-checkout-'));
  const runner = runnerEnv('workflow_run', verifyRunPayload(HEAD), workspace, { 'fail-on': 'never' });
  await withRunner(runner.env, () => run(process.env));
  expect(gh.done()).toEqual([]);
  expect(gh.problems).toEqual([]);
  const checkRun = gh.requests.find((r) => r.method === 'POST' && r.path === `${R}/check-runs`)?.body as Record<string, any>;
  const comment = gh.requests.find((r) => r.method === 'POST' && r.path === `${R}/issues/2/comments`)?.body as { body: string } | undefined;
  return { checkRun, comment: comment?.body ?? '', outputs: runner.outputs() };
}

const evidence = (steps: StepVerdict[]) => evidenceBytes({ headSha: HEAD, baseSha: BASE, configText: CONFIG }, steps);

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('trusted gate: pre-existing claims against the default branch\'s published baseline', () => {
  it('ATTACK: evidence calls a head failure pre-existing that the trusted baseline does not have → FAIL, never PASS', async () => {
    const gh = gitHub(evidence([claimingPreExisting]), published(otherBaseFailure));
    const { checkRun, comment, outputs } = await gate(gh);
    expect(outputs['verdict']).toBe('FAIL');
    expect(checkRun).toMatchObject({ conclusion: 'failure' });
    expect(comment).toContain('pre-existing-unverified');
    expect(comment).toContain(`pre-existing checked against run ${PUSH_RUN}`);
  });

  it('ATTACK: evidence calls the failure pre-existing but leaves out its fingerprints → they all count as new', async () => {
    const doc = JSON.parse(new TextDecoder().decode(evidence([claimingPreExisting]))) as { steps: Record<string, unknown>[] };
    delete doc.steps[0]?.['preExistingErrors'];
    const gh = gitHub(new TextEncoder().encode(JSON.stringify(doc)), published(headFailure));
    const { checkRun, outputs } = await gate(gh);
    expect(outputs['verdict']).toBe('FAIL');
    expect(checkRun).toMatchObject({ conclusion: 'failure' });
  });

  it('ATTACK: evidence naming an older base whose baseline had the failure is checked against the real merge base (from compare)', async () => {
    const older = 'c'.repeat(40);
    const lying = evidenceBytes({ headSha: HEAD, baseSha: older, configText: CONFIG }, [claimingPreExisting]);
    const gh = gitHub(lying, published([]));
    const { outputs } = await gate(gh);
    expect(outputs['verdict']).toBe('FAIL');
    expect(gh.requests.some((r) => r.path.includes(older))).toBe(false);
  });

  it('ATTACK: a claim repeated more often than the baseline has it → the extra occurrence counts', async () => {
    const twice: StepVerdict = { ...claimingPreExisting, preExisting: [...headFailure, ...headFailure] };
    const gh = gitHub(evidence([twice]), published(headFailure));
    const { outputs } = await gate(gh);
    expect(outputs['verdict']).toBe('FAIL');
  });

  it('a claim the trusted baseline backs passes, and the review says where the base came from and that it was checked', async () => {
    const gh = gitHub(evidence([{ ...claimingPreExisting, baselineSource: { kind: 'artifact', runId: PUSH_RUN } }]), published([...headFailure, ...otherBaseFailure]));
    const { checkRun, comment, outputs } = await gate(gh);
    expect(outputs['verdict']).toBe('PASS');
    expect(checkRun).toMatchObject({ conclusion: 'success' });
    expect(comment).toContain(`(base reused from run ${PUSH_RUN}; pre-existing checked against run ${PUSH_RUN})`);
  });

  it('a baseline taken with another configuration checks nothing (the evidence stands, as without a baseline)', async () => {
    const gh = gitHub(evidence([claimingPreExisting]), published([], `${CONFIG}      timeout: 60\n`));
    const { outputs, comment } = await gate(gh);
    expect(outputs['verdict']).toBe('PASS');
    expect(comment).not.toContain('pre-existing checked');
  });

  it('no baseline published for the merge base: the evidence stands (documented in SECURITY.md)', async () => {
    const gh = gitHub(evidence([claimingPreExisting]), 'none-listed');
    const { outputs } = await gate(gh);
    expect(outputs['verdict']).toBe('PASS');
  });

  it('evidence that claims nothing pre-existing asks for no baseline (no compare, no run listing)', async () => {
    const gh = gitHub(evidence([stepWith('test', 1)]), 'not-asked');
    const { outputs } = await gate(gh);
    expect(outputs['verdict']).toBe('FAIL');
    expect(gh.calls().filter((c) => c.includes('/compare/') || c.endsWith('/actions/runs'))).toEqual([]);
  });
});
