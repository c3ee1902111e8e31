/** The Action in `mode: verify` (the App's companion) on GitHub's example pull_request payload. */
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/action/main.js';
import { parseVerifyReport } from '../../src/core/verify/verify-report.js';
import { examplePayload, runnerEnv, withRunner } from '../helpers/action-env.js';
import { gitRepo } from '../helpers/git-repo.js';
import { mockGitHub } from '../helpers/github-mock.js';

const R = '/repos/Codertocat/Hello-World';
// A "type checker" printing the errors listed in errors.txt in tsc's format.
const CONFIG = 'verify:\n  steps:\n    - id: types\n      run: cat errors.txt; test ! -s errors.txt\n      format: tsc\n';
const OLD = "src/a.ts(1,1): error TS2322: Type 'string' is not assignable to type 'number'.\n";
const NEW = "src/b.ts(4,2): error TS2304: Cannot find name 'x'.\n";

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('Action, mode verify', () => {
  it('runs the steps on head and base and publishes the compared result for the App', async () => {
    const repo = gitRepo({ '.github/handoff-gate.yml': CONFIG, 'errors.txt': OLD }, { 'errors.txt': OLD + NEW });
    const payload = examplePayload('pull_request', 'synchronize');
    payload.pull_request.head.sha = repo.headSha;
    payload.pull_request.base.sha = repo.baseSha;
    const gh = mockGitHub();
    gh.scope
      .get(`${R}/commits/${repo.headSha}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] })
      .post(`${R}/check-runs`).reply(201, { id: 8 });
    const runner = runnerEnv('pull_request', payload, repo.dir, { mode: 'verify' });
    await withRunner(runner.env, () => run(process.env));
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    const check = gh.requests[1]?.body as { name: string; conclusion: string; output: { text: string } };
    expect(check).toMatchObject({ name: 'handoff-gate verify', conclusion: 'failure' });
    const report = parseVerifyReport(check.output.text, repo.headSha);
    expect(report.ok && report.steps.map((s) => [s.id, s.newErrors, s.newFindings.map((f) => f.file)])).toEqual([['types', 1, ['src/b.ts']]]);
    expect(parseVerifyReport(check.output.text, 'another-sha').ok).toBe(false);
    expect(runner.summary()).toContain('| `types` | FAIL | 1 | 1 | 0 |');
  });
});
