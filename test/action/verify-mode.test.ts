/**
 * The Action in `mode: verify` (the untrusted half of the split workflows) on GitHub's example
 * pull_request payload: it runs the steps on head and base and writes the evidence file for
 * actions/upload-artifact, and makes no GitHub request at all (its token is read-only).
 */
import { existsSync, readFileSync } from 'node:fs';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/action/main.js';
import { parseEvidence, stepVerdictsFromEvidence } from '../../src/core/verify/evidence.js';
import { examplePayload, runnerEnv, withRunner } from '../helpers/action-env.js';
import { gitRepo } from '../helpers/git-repo.js';
import { mockGitHub } from '../helpers/github-mock.js';

// A "type checker" printing the errors listed in errors.txt in tsc's format.
const CONFIG = 'verify:\n  steps:\n    - id: types\n      run: cat errors.txt; test ! -s errors.txt\n      format: tsc\n';
const OLD = "src/a.ts(1,1): error TS2322: Type 'string' is not assignable to type 'number'.\n";
const NEW = "src/b.ts(4,2): error TS2304: Cannot find name 'x'.\n";

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('Action, mode verify', () => {
  it('runs the steps on head and base and writes evidence bound to the head, the run and the pull request; no GitHub request', async () => {
    const repo = gitRepo({ '.github/handoff-gate.yml': CONFIG, 'errors.txt': OLD }, { 'errors.txt': OLD + NEW });
    const payload = examplePayload('pull_request', 'synchronize');
    payload.pull_request.head.sha = repo.headSha;
    payload.pull_request.base.sha = repo.baseSha;
    const gh = mockGitHub();
    const runner = runnerEnv('pull_request', payload, repo.dir, { mode: 'verify', 'evidence-path': 'out/handoff-gate-evidence.json' });
    const { exitCode } = await withRunner({ ...runner.env, GITHUB_RUN_ATTEMPT: '2' }, () => run(process.env));
    expect(exitCode).toBeUndefined();
    expect(gh.requests).toEqual([]);
    const path = runner.outputs()['evidence-path'] as string;
    expect(path).toBe(`${repo.dir}/out/handoff-gate-evidence.json`);
    const expected = { headSha: repo.headSha, runId: 4242, runAttempt: 2, repository: 'Codertocat/Hello-World', pullRequest: payload.pull_request.number as number };
    const parsed = parseEvidence(readFileSync(path), expected);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.evidence.baseSha).toBe(repo.baseSha);
    const { steps, configMismatch } = stepVerdictsFromEvidence(parsed.evidence, [{ id: 'types', required: true }], CONFIG);
    expect(configMismatch).toBeUndefined();
    expect(steps.map((s) => [s.id, s.newErrors, s.preExistingCount, s.newFindings.map((f) => f.file)])).toEqual([['types', 1, 1, ['src/b.ts']]]);
    expect(parseEvidence(readFileSync(path), { ...expected, headSha: repo.baseSha }).ok).toBe(false);
    expect(runner.summary()).toContain('| `types` | FAIL | 1 | 1 | 0 |');
  });

  it('on workflow_dispatch (/gate rerun) runs only the named steps and writes partial evidence naming them', async () => {
    const config = `${CONFIG}    - id: other\n      run: touch other-ran\n`;
    const repo = gitRepo({ '.github/handoff-gate.yml': config, 'errors.txt': OLD }, { 'errors.txt': OLD + NEW });
    const gh = mockGitHub();
    const inputs = { pull_request: '7', head_sha: repo.headSha, base_sha: repo.baseSha, steps: 'types' };
    const runner = runnerEnv('workflow_dispatch', { inputs, ref: 'refs/heads/main' }, repo.dir, { mode: 'verify', 'evidence-path': 'out/handoff-gate-evidence.json' });
    const { exitCode } = await withRunner(runner.env, () => run(process.env));
    expect(exitCode).toBeUndefined();
    expect(gh.requests).toEqual([]);
    const parsed = parseEvidence(readFileSync(runner.outputs()['evidence-path'] as string), { headSha: repo.headSha, runId: 4242, repository: 'Codertocat/Hello-World', pullRequest: 7 });
    expect(parsed.ok && parsed.evidence.rerun).toEqual({ steps: ['types'] });
    expect(parsed.ok && parsed.evidence.steps.map((s) => [s.id, s.newErrors, s.preExistingCount])).toEqual([['types', 1, 1]]);
    expect(existsSync(`${repo.dir}/other-ran`)).toBe(false);
  });

  it.each([
    ['a pull request that is not a number', { pull_request: '7; rm -rf /' }, 'input "pull_request" must be a pull request number'],
    ['a short head SHA', { head_sha: 'abc123' }, 'input "head_sha" must be a full 40-digit commit SHA'],
    ['a step id with a shell character', { steps: 'types,$(id)' }, 'input "steps" must list 1 to 100 step ids'],
    ['no steps', { steps: '' }, 'input "steps" must list 1 to 100 step ids'],
  ])('on workflow_dispatch refuses %s and verifies nothing', async (_name, bad, message) => {
    const inputs = { pull_request: '7', head_sha: 'a'.repeat(40), base_sha: 'b'.repeat(40), steps: 'types', ...bad };
    const runner = runnerEnv('workflow_dispatch', { inputs }, '/nonexistent', { mode: 'verify' });
    const { exitCode, log } = await withRunner(runner.env, () => run(process.env));
    expect(exitCode).toBe(1);
    expect(log).toContain(message);
  });

  it('refuses an evidence path the trusted gate would not find', async () => {
    const runner = runnerEnv('pull_request', examplePayload('pull_request', 'synchronize'), '/nonexistent', { mode: 'verify', 'evidence-path': 'evidence.json' });
    const { exitCode, log } = await withRunner(runner.env, () => run(process.env));
    expect(exitCode).toBe(1);
    expect(log).toContain('input "evidence-path" must name a file called handoff-gate-evidence.json');
  });
});
