/**
 * Baseline once per base, the Action's half: `mode: verify` on a push to the default branch runs the
 * steps on that commit and writes the baseline evidence; on `pull_request` it finds that baseline
 * (GitHub behind nock: the push-run listing and the artifact's zip through the download redirect),
 * reuses the steps whose key matches instead of running them on the merge base, says so in the
 * evidence and the job summary, and recomputes whenever the baseline is missing, unreadable, bound to
 * another run, or keyed differently. Real git repositories and real step processes.
 */
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/action/main.js';
import { parseBaselineEvidence } from '../../src/core/verify/baseline-evidence.js';
import { parseEvidence } from '../../src/core/verify/evidence.js';
import { examplePayload, runnerEnv, withRunner } from '../helpers/action-env.js';
import { pushRunListing, serveBaseline } from '../helpers/evidence-stand-in.js';
import { gitRepo, type TestRepo } from '../helpers/git-repo.js';
import { mockGitHub } from '../helpers/github-mock.js';

const R = '/repos/Codertocat/Hello-World';
// A "type checker" printing the errors listed in errors.txt in tsc's format.
const CONFIG = 'verify:\n  steps:\n    - id: types\n      run: cat errors.txt; test ! -s errors.txt\n      format: tsc\n';
const OLD = "src/a.ts(1,1): error TS2322: Type 'string' is not assignable to type 'number'.\n";
const NEW = "src/b.ts(4,2): error TS2304: Cannot find name 'x'.\n";
const WORKFLOW_REF = 'Codertocat/Hello-World/.github/workflows/handoff-gate-verify.yml@refs/heads/main';
const PUSH_RUN = 4242; // runnerEnv's GITHUB_RUN_ID: the push run that writes the baseline
const PR_RUN = 5151;

const require = createRequire(import.meta.url);
const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as { name: string; examples: Record<string, any>[] }[];

/** GitHub's example push payload, made a push of `sha` to `ref` of a repository whose default branch is main. */
function pushPayload(sha: string, ref = 'refs/heads/main'): Record<string, any> {
  const payload = structuredClone(examples.find((e) => e.name === 'push')?.examples[0]) as Record<string, any>;
  Object.assign(payload, { ref, after: sha });
  payload.repository.default_branch = 'main';
  return payload;
}

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

/** Runs `mode: verify` on a push of the base commit (checked out, as actions/checkout does) and returns the baseline file's bytes. */
async function publishBaseline(repo: TestRepo): Promise<{ bytes: Uint8Array; summary: string }> {
  repo.git('checkout', '-q', repo.baseSha);
  try {
    const runner = runnerEnv('push', pushPayload(repo.baseSha), repo.dir, { mode: 'verify', 'evidence-path': 'out/handoff-gate-evidence.json' });
    const { exitCode } = await withRunner({ ...runner.env, GITHUB_WORKFLOW_REF: WORKFLOW_REF }, () => run(process.env));
    expect(exitCode).toBeUndefined();
    const path = runner.outputs()['evidence-path'] as string;
    expect(path).toBe(`${repo.dir}/out/handoff-gate-baseline.json`);
    return { bytes: readFileSync(path), summary: runner.summary() };
  } finally {
    repo.git('checkout', '-q', 'agent/x');
  }
}

/** Runs `mode: verify` on the pull request (head checked out) and returns the parsed evidence, the log and the summary. */
async function verifyPullRequest(repo: TestRepo, env: Record<string, string> = { GITHUB_WORKFLOW_REF: WORKFLOW_REF }) {
  const payload = examplePayload('pull_request', 'synchronize');
  payload.pull_request.head.sha = repo.headSha;
  payload.pull_request.base.sha = repo.baseSha;
  payload.pull_request.base.ref = 'main';
  const runner = runnerEnv('pull_request', payload, repo.dir, { mode: 'verify' });
  const { exitCode, log } = await withRunner({ ...runner.env, GITHUB_RUN_ID: String(PR_RUN), ...env }, () => run(process.env));
  expect(exitCode).toBeUndefined();
  const parsed = parseEvidence(readFileSync(runner.outputs()['evidence-path'] as string), { headSha: repo.headSha, runId: PR_RUN, repository: 'Codertocat/Hello-World', pullRequest: payload.pull_request.number as number });
  if (!parsed.ok) throw new Error(parsed.message);
  return { evidence: parsed.evidence, step: parsed.evidence.steps[0] as (typeof parsed.evidence.steps)[number], log, summary: runner.summary() };
}

describe('Action, mode verify on a push to the default branch', () => {
  it('runs the steps on the pushed commit alone and writes the baseline evidence, bound to the commit and the run, with every finding', async () => {
    const repo = gitRepo({ '.github/handoff-gate.yml': CONFIG, 'errors.txt': OLD }, { 'errors.txt': OLD + NEW });
    const gh = mockGitHub();
    const { bytes, summary } = await publishBaseline(repo);
    expect(gh.requests).toEqual([]); // publishing needs no API call
    const parsed = parseBaselineEvidence(bytes, { commitSha: repo.baseSha, runId: PUSH_RUN, runAttempt: 1, repository: 'Codertocat/Hello-World' });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.baseline).toMatchObject({ kind: 'baseline', commitSha: repo.baseSha });
    expect(parsed.baseline.steps.map((s) => [s.id, s.status, s.findings.map((f) => [f.file, f.rule])])).toEqual([['types', 'failed', [['src/a.ts', 'TS2322']]]]);
    expect(parsed.baseline.steps[0]?.toolFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(parseBaselineEvidence(bytes, { commitSha: repo.headSha, runId: PUSH_RUN, runAttempt: 1, repository: 'Codertocat/Hello-World' }).ok).toBe(false);
    expect(summary).toContain('| `types` | failed | 1 |');
  });

  it('publishes nothing for a push to another branch or a tag', async () => {
    const repo = gitRepo({ '.github/handoff-gate.yml': CONFIG, 'errors.txt': OLD }, {});
    const runner = runnerEnv('push', pushPayload(repo.headSha, 'refs/tags/simple-tag'), repo.dir, { mode: 'verify' });
    const { exitCode, log } = await withRunner(runner.env, () => run(process.env));
    expect(exitCode).toBeUndefined();
    expect(log).toContain('a baseline is published only for pushes to the default branch; this push is to refs/tags/simple-tag');
    expect(runner.outputs()['evidence-path']).toBeUndefined();
    expect(existsSync(`${repo.dir}/handoff-gate-baseline.json`)).toBe(false);
  });
});

describe('Action, mode verify on pull_request with a published baseline', () => {
  it('reuses the matching base step from the push run\'s artifact: the base step does not run, the evidence and the summary say where the base came from', async () => {
    const repo = gitRepo({ '.github/handoff-gate.yml': CONFIG, 'errors.txt': OLD }, { 'errors.txt': OLD + NEW });
    const { bytes } = await publishBaseline(repo);
    const gh = mockGitHub();
    serveBaseline(gh, R, repo.baseSha, PUSH_RUN, bytes);
    const { step, log, summary } = await verifyPullRequest(repo);
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    expect(gh.requests.every((r) => r.method === 'GET')).toBe(true); // read-only token
    expect(log).toContain('types (head): completed');
    expect(log).not.toContain('types (base)');
    expect(step).toMatchObject({ baselined: true, newErrors: 1, preExistingCount: 1, baselineSource: { kind: 'artifact', runId: PUSH_RUN } });
    expect(step.newFindings.map((f) => f.file)).toEqual(['src/b.ts']);
    expect(step.preExistingErrors).toHaveLength(1);
    expect(summary).toContain(`Base results reused from the baseline the default branch published (push run ${PUSH_RUN}) for \`types\``);
  });

  it('takes the base findings from the artifact, not from a run here (a published finding the base does not have here counts as pre-existing)', async () => {
    const repo = gitRepo({ '.github/handoff-gate.yml': CONFIG, 'errors.txt': OLD }, { 'errors.txt': OLD + NEW });
    // The default branch published its baseline from a checkout whose errors.txt also held NEW.
    const published = gitRepo({ '.github/handoff-gate.yml': CONFIG, 'errors.txt': OLD + NEW }, {});
    const { bytes } = await publishBaseline(published);
    const doc = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, any>;
    doc['commitSha'] = repo.baseSha;
    const gh = mockGitHub();
    serveBaseline(gh, R, repo.baseSha, PUSH_RUN, new TextEncoder().encode(JSON.stringify(doc)));
    const { step } = await verifyPullRequest(repo);
    expect(step).toMatchObject({ newErrors: 0, preExistingCount: 2, baselineSource: { kind: 'artifact', runId: PUSH_RUN } });
  });

  const RECOMPUTE: [string, (repo: TestRepo, bytes: Uint8Array, gh: ReturnType<typeof mockGitHub>) => void][] = [
    ['no push run published a baseline for the merge base', (repo, _bytes, gh) => serveBaseline(gh, R, repo.baseSha, PUSH_RUN, undefined, [])],
    ['the listed run is a push of another workflow file', (repo, _bytes, gh) => serveBaseline(gh, R, repo.baseSha, PUSH_RUN, undefined, [pushRunListing(PUSH_RUN, repo.baseSha, { path: '.github/workflows/other.yml' })])],
    ['the listed run is from another branch', (repo, _bytes, gh) => serveBaseline(gh, R, repo.baseSha, PUSH_RUN, undefined, [pushRunListing(PUSH_RUN, repo.baseSha, { head_branch: 'agent/x' })])],
    ['the artifact names another run than the one it was listed under', (repo, bytes, gh) => serveBaseline(gh, R, repo.baseSha, 999, bytes)],
    ['the artifact is not baseline evidence', (repo, _bytes, gh) => serveBaseline(gh, R, repo.baseSha, PUSH_RUN, new TextEncoder().encode('{"kind":"baseline","steps":"all pre-existing"}'))],
    ['the token may not list runs (no actions: read)', (_repo, _bytes, gh) => void gh.scope.get(`${R}/actions/runs`).query(true).reply(403, { message: 'Resource not accessible by integration' })],
  ];

  it.each(RECOMPUTE)('%s → the base step runs here, as without a baseline', async (_what, serve) => {
    const repo = gitRepo({ '.github/handoff-gate.yml': CONFIG, 'errors.txt': OLD }, { 'errors.txt': OLD + NEW });
    const { bytes } = await publishBaseline(repo);
    const gh = mockGitHub();
    serve(repo, bytes, gh);
    const { step, log, summary } = await verifyPullRequest(repo);
    expect(gh.done()).toEqual([]);
    expect(log).toContain('types (base): completed');
    expect(step).toMatchObject({ baselined: true, newErrors: 1, preExistingCount: 1, baselineSource: { kind: 'computed' } });
    expect(summary).not.toContain('Base results reused');
    expect(log).toContain('no published baseline reused (');
  });

  it('a pull request that changes the dependency files has another tool fingerprint: the base is computed', async () => {
    const repo = gitRepo({ '.github/handoff-gate.yml': CONFIG, 'errors.txt': OLD, 'package.json': '{"name":"a"}\n' }, { 'errors.txt': OLD + NEW, 'package.json': '{"name":"a","dependencies":{"left-pad":"1.3.0"}}\n' });
    const { bytes } = await publishBaseline(repo);
    const gh = mockGitHub();
    serveBaseline(gh, R, repo.baseSha, PUSH_RUN, bytes);
    const { step, log } = await verifyPullRequest(repo);
    expect(log).toContain('reusing 0 of 1 base step(s)');
    expect(log).toContain('types (base): completed');
    expect(step).toMatchObject({ newErrors: 1, baselineSource: { kind: 'computed' } });
  });

  it('without GITHUB_WORKFLOW_REF (it cannot name its own workflow file) it looks for nothing and computes the base', async () => {
    const repo = gitRepo({ '.github/handoff-gate.yml': CONFIG, 'errors.txt': OLD }, { 'errors.txt': OLD + NEW });
    const gh = mockGitHub();
    const { step } = await verifyPullRequest(repo, {});
    expect(gh.requests).toEqual([]);
    expect(step).toMatchObject({ newErrors: 1, baselineSource: { kind: 'computed' } });
  });
});
