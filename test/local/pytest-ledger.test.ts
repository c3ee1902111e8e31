/**
 * The test ledger with the real pytest (`--junitxml`), on real git repositories: parametrising a test
 * and moving a test to another module pass; `pytest.skip()` at run time is `verify.test-skipped`; a
 * `conftest.py` that deselects tests is `guardrail.verify-config-changed` and its victims are missing.
 * Needs python3 with pytest; where it is absent the test says so and checks the captured report only.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { GateResult } from '../../src/core/result.js';
import { parseJunitXml } from '../../src/core/verify/parsers/junit-xml.js';
import { runLocalGate } from '../../src/local/local-gate.js';
import { gitRepo } from '../helpers/git-repo.js';

const PYTEST = spawnSync('python3', ['-m', 'pytest', '--version'], { encoding: 'utf8' }).status === 0;
const CONFIG = 'handoffs:\n  required: false\nverify:\n  steps:\n    - id: test\n      run: python3 -m pytest -q -p no:cacheprovider --junitxml=junit.xml\n      format: junit\n      reportFile: junit.xml\n';
const BASE = {
  '.github/handoff-gate.yml': CONFIG,
  '.gitignore': 'junit.xml\n__pycache__/\n',
  'calc.py': 'def add(a, b):\n    return a + b\n\ndef sub(a, b):\n    return a - b\n',
  'test_calc.py': 'from calc import add, sub\n\ndef test_add():\n    assert add(1, 1) == 2\n\ndef test_sub():\n    assert sub(3, 1) == 2\n',
};
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
async function gate(head: Record<string, string | null>): Promise<GateResult> {
  const repo = gitRepo(BASE, head);
  dirs.push(repo.dir);
  return (await runLocalGate({ repo: repo.dir, base: 'main', head: 'HEAD', env: process.env })).result;
}
const blocking = (r: GateResult) => r.reasons.filter((x) => x.level === 'block' || x.level === 'fail').map((x) => x.code);

describe(`pytest ledger (${PYTEST ? 'live pytest' : 'pytest NOT installed: only the captured report is checked'})`, () => {
  it('parametrising a test and moving one to another module pass', async () => {
    if (!PYTEST) {
      console.warn('pytest is not installed here (python3 -m pytest failed): checking the captured report only');
      const cases = parseJunitXml({ stdout: '', stderr: '', exitCode: 0, report: readFileSync(new URL('../fixtures/tools/pytest-junit-parametrised.xml', import.meta.url), 'utf8') }, { root: '/tmp/h9cap/py' }).cases;
      expect(cases?.map((c) => c.name)).toContain('test_add[one]');
      return;
    }
    const result = await gate({
      'test_calc.py': 'import pytest\nfrom calc import add\n\n@pytest.mark.parametrize("a,b,c", [(1, 1, 2), (2, 2, 4)])\ndef test_add(a, b, c):\n    assert add(a, b) == c\n',
      'test_sub.py': 'from calc import sub\n\ndef test_sub():\n    assert sub(3, 1) == 2\n',
    });
    expect(blocking(result)).toEqual([]);
    expect(result.steps[0]?.tests).toMatchObject({ head: { total: 3, passed: 3 }, base: { total: 2, passed: 2 } });
  });

  it('pytest.skip() at run time and a conftest.py that deselects are caught', async () => {
    if (!PYTEST) {
      console.warn('pytest is not installed here: the live cheat cases cannot run');
      expect(PYTEST).toBe(false);
      return;
    }
    const skipped = await gate({ 'test_calc.py': BASE['test_calc.py'].replace('def test_sub():\n', 'def test_sub():\n    import pytest; pytest.skip("later")\n') });
    expect(blocking(skipped)).toContain('verify.test-skipped');
    const deselected = await gate({ 'conftest.py': 'def pytest_collection_modifyitems(config, items):\n    items[:] = [i for i in items if i.name != "test_sub"]\n' });
    expect(blocking(deselected)).toEqual(expect.arrayContaining(['guardrail.verify-config-changed', 'verify.test-missing']));
  });
});
