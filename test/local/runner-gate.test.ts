/**
 * `runner:` and `verify.tests-not-run` through the whole local gate, on real git repositories with the
 * real pytest (the gate adds `--junitxml` itself). Needs python3 with pytest; where it is absent the test
 * says so and checks what it can without it (the configuration is accepted).
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load-config.js';
import type { GateResult } from '../../src/core/result.js';
import { runLocalGate } from '../../src/local/local-gate.js';
import { gitRepo } from '../helpers/git-repo.js';

const PYTEST = spawnSync('python3', ['-m', 'pytest', '--version'], { encoding: 'utf8' }).status === 0;
const config = (run: string) => `handoffs:\n  required: false\nverify:\n  steps:\n    - id: test\n      run: ${run}\n      runner: pytest\n`;
const base = (run: string) => ({
  '.github/handoff-gate.yml': config(run),
  '.gitignore': '__pycache__/\n',
  'calc.py': 'def add(a, b):\n    return a + b\n',
  'test_calc.py': 'from calc import add\n\ndef test_add():\n    assert add(1, 1) == 2\n',
});
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
async function gate(run: string, head: Record<string, string | null>): Promise<GateResult> {
  const repo = gitRepo(base(run), head);
  dirs.push(repo.dir);
  return (await runLocalGate({ repo: repo.dir, base: 'main', head: 'HEAD', env: process.env })).result;
}
const ADDED_TEST = 'from calc import add\n\ndef test_add_negative():\n    assert add(-1, -1) == -2\n';

describe(`runner: pytest through the gate (${PYTEST ? 'live pytest' : 'pytest NOT installed: only the configuration is checked'})`, () => {
  it('an added test file the configured run does not collect is verify.tests-not-run (FAIL), naming the file', async () => {
    const run = 'python3 -m pytest -q -p no:cacheprovider test_calc.py';
    expect(loadConfig('c.yml', config(run)).ok).toBe(true);
    if (!PYTEST) {
      console.warn('pytest is not installed here (python3 -m pytest failed): the live run is not checked');
      return;
    }
    const result = await gate(run, { 'tests/test_extra.py': ADDED_TEST });
    const step = result.steps.find((s) => s.id === 'test');
    expect(step).toMatchObject({ status: 'passed', tests: { head: { total: 1, passed: 1 }, ranFiles: ['test_calc.py'] } });
    expect(result.reasons.filter((r) => r.code === 'verify.tests-not-run')).toEqual([
      { code: 'verify.tests-not-run', level: 'fail', file: 'tests/test_extra.py', message: '1 test file(s) added by the change did not run in any verify step (test): tests/test_extra.py' },
    ]);
    expect(result.verdict).toBe('FAIL');
  });

  it('an added test file the run collects is in the ledger, and the change passes', async () => {
    if (!PYTEST) {
      console.warn('pytest is not installed here (python3 -m pytest failed): the live run is not checked');
      expect(loadConfig('c.yml', config('python3 -m pytest')).ok).toBe(true);
      return;
    }
    const result = await gate('python3 -m pytest -q -p no:cacheprovider', { 'tests/test_extra.py': ADDED_TEST });
    expect(result.steps.find((s) => s.id === 'test')?.tests).toMatchObject({ head: { total: 2, passed: 2 }, ranFiles: ['test_calc.py', 'tests/test_extra.py'] });
    expect(result.reasons.filter((r) => r.code === 'verify.tests-not-run')).toEqual([]);
    expect(result.verdict).toBe('PASS');
  });
});
