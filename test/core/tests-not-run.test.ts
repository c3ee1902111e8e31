/** `verify.tests-not-run`: test files the change adds that no verify step's report names. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../src/core/evaluate-gate.js';
import { compareSteps } from '../../src/core/verdict/verify-reasons.js';
import { buildEvidence, formatEvidence } from '../../src/core/verify/evidence.js';
import { EVIDENCE_LIMITS } from '../../src/core/verify/evidence-schema.js';
import { parseJunitXml } from '../../src/core/verify/parsers/junit-xml.js';
import type { StepResult } from '../../src/core/verify/step-result.js';
import { MAX_RAN_FILES, type TestCase } from '../../src/core/verify/test-ledger.js';
import { added, config, gateInput } from '../helpers/gate-input.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/tools/${name}`, import.meta.url), 'utf8');
const TEST_CONFIG = config('verify:\n  steps:\n    - id: unit\n      run: npx jest\n      runner: jest\n    - id: lint\n      run: eslint .\n      format: eslint-json\n');
const testStep = (cases: TestCase[], id = 'unit'): StepResult => ({ id, required: true, status: 'passed', durationMs: 1, exitCode: 0, findings: [], tests: cases });
const lintStep: StepResult = { id: 'lint', required: true, status: 'passed', durationMs: 1, exitCode: 0, findings: [] };
const passed = (file: string | undefined, name = 'works'): TestCase => ({ name, ...(file ? { file } : {}), outcome: 'passed' });
const change = (...paths: string[]) => [...gateInput().files, ...paths.map((p) => added(p, "it('works', () => {});\n"))];
const notRun = async (steps: StepResult[], ...paths: string[]) => (await evaluateGate(gateInput({ config: TEST_CONFIG, files: change(...paths), steps }))).reasons.filter((r) => r.code === 'verify.tests-not-run');

describe('verify.tests-not-run', () => {
  it('fails naming every added test file no step ran; added files a step ran, and non-test files, are not named', async () => {
    const reasons = await notRun([testStep([passed('src/a.test.ts')]), lintStep], 'src/a.test.ts', 'src/b.test.ts', 'tests/test_c.py', 'src/util.ts');
    expect(reasons).toEqual([{ code: 'verify.tests-not-run', level: 'fail', file: 'src/b.test.ts', message: '2 test file(s) added by the change did not run in any verify step (unit): src/b.test.ts, tests/test_c.py' }]);
    expect(await notRun([testStep([passed('src/a.test.ts'), passed('src/b.test.ts'), passed('tests/test_c.py')])], 'src/a.test.ts', 'src/b.test.ts', 'tests/test_c.py')).toEqual([]);
  });

  it('the verdict is FAIL for the real case: an added jest suite that matched no step', async () => {
    const result = await evaluateGate(gateInput({ config: TEST_CONFIG, files: change('src/new.test.ts'), steps: [testStep([passed('src/old.test.ts')]), lintStep] }));
    expect(result.verdict).toBe('FAIL');
  });

  it('an added suite that ran but did not compile is in the ledger: it is a test-error finding, not tests-not-run', async () => {
    const { cases, findings } = parseJunitXml({ stdout: '', stderr: fixture('jest-compile-only.stderr.txt'), exitCode: 1, report: fixture('jest-junit-compile-only.xml') }, { root: '/tmp/capture-h12/jest' });
    const step: StepResult = { ...testStep(cases ?? []), status: 'failed', exitCode: 1, findings: findings.map((f) => ({ ...f, step: 'unit', fingerprint: 'x' })) };
    const result = await evaluateGate(gateInput({ config: TEST_CONFIG, files: change('test/types.test.ts'), steps: [step, lintStep] }));
    expect(result.reasons.filter((r) => r.code === 'verify.tests-not-run')).toEqual([]);
    expect(result.reasons.find((r) => r.code === 'verify.new-findings')?.message).toMatch(/test\/types\.test\.ts:4 test-error test\/types\.test\.ts: test suite failed to run/);
  });

  it('cannot tell (info, never a pass claimed) when no step wrote a test report', async () => {
    const reasons = await notRun([lintStep], 'src/b.test.ts');
    expect(reasons).toEqual([expect.objectContaining({ level: 'info', message: expect.stringMatching(/cannot tell whether the 1 test file\(s\) the change adds ran: no verify step produced a test report.*src\/b\.test\.ts/) })]);
  });

  it("cannot tell (info) when a report's cases carry no file (node 20's JUnit reporter) or the file list was too long to carry", async () => {
    const nodeTest = await notRun([testStep([passed(undefined, 'adds')])], 'test/b.test.mjs');
    expect(nodeTest).toEqual([expect.objectContaining({ level: 'info', message: expect.stringMatching(/the test report of unit does not name the file of every case: test\/b\.test\.mjs/) })]);
    const many = Array.from({ length: MAX_RAN_FILES + 1 }, (_, i) => passed(`t/${i}.test.ts`));
    expect((await notRun([testStep(many)], 'src/b.test.ts'))[0]?.level).toBe('info');
  });

  it('is silent when the change adds no test file or no verify step is configured', async () => {
    expect(await notRun([testStep([passed('src/a.test.ts')])], 'src/util.ts')).toEqual([]);
    const none = await evaluateGate(gateInput({ files: change('src/b.test.ts') }));
    expect(none.reasons.filter((r) => r.code === 'verify.tests-not-run')).toEqual([]);
  });

  it('evidence too large with the file lists drops them (the trusted side then cannot tell) instead of going over the limit', async () => {
    const origin = { repository: 'octo/repo', pullRequest: 7, headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40), workflowRunId: 1, workflowRunAttempt: 1, configText: '' };
    const files = Array.from({ length: MAX_RAN_FILES }, (_, i) => passed(`${'deep/'.repeat(60)}file-${i}.test.ts`));
    const verdicts = compareSteps(['a', 'b', 'c'].map((id) => testStep(files, id)), undefined, new Set());
    expect(verdicts[0]?.tests?.ranFiles).toHaveLength(MAX_RAN_FILES);
    const evidence = buildEvidence(origin, verdicts);
    expect(formatEvidence(evidence).byteLength).toBeLessThanOrEqual(EVIDENCE_LIMITS.maxBytes);
    expect(evidence.steps.every((s) => s.tests !== undefined && s.tests.ranFiles === undefined)).toBe(true);
    const small = buildEvidence(origin, compareSteps([testStep([passed('src/a.test.ts')])], undefined, new Set()));
    expect(small.steps[0]?.tests?.ranFiles).toEqual(['src/a.test.ts']);
  });

  it('Go: reports name packages, not files, so an added _test.go ran when its directory is a package that ran', async () => {
    const goStep = testStep([passed('example.com/mod/calc'), passed('example.com/mod')]);
    expect(await notRun([goStep], 'calc/more_test.go', 'root_test.go')).toEqual([]);
    expect((await notRun([goStep], 'calc/sub/more_test.go', 'other/x_test.go')).map((r) => [r.level, r.message])).toEqual([
      ['fail', '2 test file(s) added by the change did not run in any verify step (unit): calc/sub/more_test.go, other/x_test.go'],
    ]);
    // A package path only stands for Go files: a jest suite in that directory still has to be named.
    expect((await notRun([goStep], 'calc/a.test.ts')).map((r) => r.level)).toEqual(['fail']);
  });
});
