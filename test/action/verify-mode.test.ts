/**
 * The Action in `mode: verify` (the untrusted half of the split workflows) on GitHub's example
 * pull_request payload: it runs the steps on head and base and writes the evidence file for
 * actions/upload-artifact, and makes no GitHub request at all (its token is read-only).
 */
import { readFileSync } from 'node:fs';
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

  it('refuses an evidence path the trusted gate would not find', async () => {
    const runner = runnerEnv('pull_request', examplePayload('pull_request', 'synchronize'), '/nonexistent', { mode: 'verify', 'evidence-path': 'evidence.json' });
    const { exitCode, log } = await withRunner(runner.env, () => run(process.env));
    expect(exitCode).toBe(1);
    expect(log).toContain('input "evidence-path" must name a file called handoff-gate-evidence.json');
  });
});
