/**
 * `runner: gotestsum` through the whole local gate, on real git repositories with the real Go toolchain
 * and gotestsum (Debian's golang-go 1.19 and gotestsum 1.8 here): the gate sets GOTESTSUM_JUNITFILE
 * itself, the findings come from the test's own output (not gotestsum's "Failed"), a package that does
 * not build is a finding, and `verify.tests-not-run` matches Go test files by package. Where go or
 * gotestsum is missing the test says so and checks only that the configuration is accepted.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load-config.js';
import type { GateResult } from '../../src/core/result.js';
import { runLocalGate } from '../../src/local/local-gate.js';
import { gitRepo } from '../helpers/git-repo.js';

const GO = spawnSync('go', ['version']).status === 0 && spawnSync('gotestsum', ['--version']).status === 0;
const RUN = 'GOPROXY=off GOFLAGS=-mod=mod gotestsum -- ./calc/...';
const config = `handoffs:\n  required: false\nverify:\n  steps:\n    - id: test\n      run: ${RUN}\n      runner: gotestsum\n      timeout: 300\n`;
const base = {
  '.github/handoff-gate.yml': config,
  'go.mod': 'module example.com/gated\n\ngo 1.19\n',
  'calc/calc.go': 'package calc\n\nfunc Add(a, b int) int { return a + b }\n',
  'calc/calc_test.go': 'package calc\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(1, 1) != 2 {\n\t\tt.Fatal("1+1")\n\t}\n}\n',
};
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
async function gate(head: Record<string, string | null>): Promise<GateResult> {
  const repo = gitRepo(base, head);
  dirs.push(repo.dir);
  return (await runLocalGate({ repo: repo.dir, base: 'main', head: 'HEAD', env: process.env })).result;
}
const skip = () => {
  console.warn('go or gotestsum is not installed here (apt-get install golang-go gotestsum): the live run is not checked');
  expect(loadConfig('c.yml', config).ok).toBe(true);
};

describe(`runner: gotestsum through the gate (${GO ? 'live go and gotestsum' : 'go/gotestsum NOT installed: only the configuration is checked'})`, () => {
  it("a new failing subtest is one finding with the test's own message; a test file in a package the run leaves out is verify.tests-not-run", async () => {
    if (!GO) return skip();
    const result = await gate({
      'calc/table_test.go': 'package calc\n\nimport "testing"\n\nfunc TestTable(t *testing.T) {\n\tt.Run("ok", func(t *testing.T) {})\n\tt.Run("bad", func(t *testing.T) {\n\t\tif got := Add(1, 2); got != 4 {\n\t\t\tt.Errorf("Add(1, 2) = %d, want 4", got)\n\t\t}\n\t})\n}\n',
      'other/other_test.go': 'package other\n\nimport "testing"\n\nfunc TestOther(t *testing.T) {}\n',
    });
    const step = result.steps.find((s) => s.id === 'test');
    expect(step?.status).toBe('failed');
    expect(step?.newFindings.map((f) => [f.rule, f.message])).toEqual([['test-failure', 'TestTable/bad: table_test.go:9: Add(1, 2) = 3, want 4']]);
    expect(step?.tests).toMatchObject({ head: { total: 4, passed: 2, failed: 2 }, ranFiles: ['example.com/gated/calc'] });
    expect(result.reasons.filter((r) => r.code === 'verify.tests-not-run')).toEqual([
      { code: 'verify.tests-not-run', level: 'fail', file: 'other/other_test.go', message: '1 test file(s) added by the change did not run in any verify step (test): other/other_test.go' },
    ]);
    expect(result.verdict).toBe('FAIL');
  });

  it('a package the change breaks is a finding naming it, not a silent pass of the tests that did build', async () => {
    if (!GO) return skip();
    const result = await gate({
      'calc/calc.go': 'package calc\n\nfunc Add(a, b int) int { return "a" }\n',
      'calc/sub/sub_test.go': 'package sub\n\nimport "testing"\n\nfunc TestSub(t *testing.T) {}\n',
    });
    const step = result.steps.find((s) => s.id === 'test');
    expect(step?.status).toBe('failed');
    expect(step?.newFindings.map((f) => [f.rule, f.message])).toContainEqual(['test-error', 'example.com/gated/calc: the package failed to build; its tests did not run']);
    expect(result.reasons.filter((r) => r.code === 'verify.tests-not-run')).toEqual([]);
  });
});
