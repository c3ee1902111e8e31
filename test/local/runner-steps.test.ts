/**
 * `runner:` steps run for real: node's own test runner (always present), and a stand-in `jest` on the
 * step's PATH that records the arguments and environment it got and writes a captured jest-junit report
 * where it was told to (jest itself is not a dependency of this repository; the report's parsing is
 * tested on real output in test/core/runner-reports.test.ts).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyStepSchema } from '../../src/core/config/config-schema.js';
import { interpretStep } from '../../src/core/verify/step-result.js';
import { runStep } from '../../src/local/run-steps.js';

const dirs: string[] = [];
const project = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'hg-runner-step-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const step = (fields: Record<string, unknown>) => verifyStepSchema.parse({ id: 'unit', run: 'true', ...fields });
const fixture = (name: string) => readFileSync(new URL(`../fixtures/tools/${name}`, import.meta.url), 'utf8');
/** A stand-in jest: records argv and JEST_JUNIT_* variables, copies `report.xml` to the report path when there is one. */
const FAKE_JEST = `#!/bin/sh
printf '%s\\n' "$@" > args.txt
env | grep '^JEST_JUNIT_' | sort > env.txt
[ -f report.xml ] && cp report.xml "$JEST_JUNIT_OUTPUT_FILE"
exit 1
`;
const withFakeJest = (files: Record<string, string>) => {
  const dir = project({ 'node_modules/.bin/jest': FAKE_JEST, ...files });
  chmodSync(join(dir, 'node_modules/.bin/jest'), 0o755);
  return dir;
};

describe('runner steps', () => {
  it("node-test: node --test writes a JUnit report through NODE_OPTIONS and the gate's reporter, so the ledger's cases carry their files", async () => {
    const dir = project({
      'test/math.test.mjs': "import { test } from 'node:test';\nimport assert from 'node:assert';\ntest('adds', () => assert.equal(1 + 1, 2));\ntest('subtracts', () => assert.equal(3 - 1, 1));\n",
      'test/nested.test.mjs': "import { describe, it } from 'node:test';\ndescribe('outer', () => { describe('inner', () => { it('works', () => {}); }); });\n",
    });
    const s = step({ run: 'node --test test/', runner: 'node-test' });
    const run = await runStep({ step: s, cwd: dir, label: 'head' }, process.env);
    expect(run.outcome).toBe('completed');
    expect(run.stdout).toMatch(/subtracts/); // the spec reporter still writes the log
    const result = interpretStep(s, run, dir);
    expect(result.status).toBe('failed');
    expect(result.tests?.map((c) => [c.file, c.name, c.outcome])).toEqual([
      ['test/math.test.mjs', 'adds', 'passed'],
      ['test/math.test.mjs', 'subtracts', 'failed'],
      ['test/nested.test.mjs', 'outer › inner › works', 'passed'],
    ]);
    expect(result.findings[0]).toMatchObject({ rule: 'test-failure', file: 'test/math.test.mjs', line: 4, message: expect.stringMatching(/^subtracts: /) });
  });

  it("node-test: NODE_OPTIONS that verify.env.allow passes are kept beside the gate's reporter flags", async () => {
    const dir = project({ 'a.test.mjs': "import { test } from 'node:test';\nimport assert from 'node:assert';\ntest('sees the heap limit', () => assert.match(process.env.NODE_OPTIONS ?? '', /^--max-old-space-size=512 --test-reporter=spec /));\n" });
    const s = step({ run: 'node --test', runner: 'node-test' });
    const run = await runStep({ step: s, cwd: dir, label: 'head' }, { ...process.env, NODE_OPTIONS: '--max-old-space-size=512' }, { env: { allow: ['NODE_OPTIONS'] } });
    const result = interpretStep(s, run, dir);
    expect(result.tests).toEqual([{ name: 'sees the heap limit', file: 'a.test.mjs', outcome: 'passed' }]);
    expect(result.status).toBe('passed');
  });

  it("vitest: the repository's own vitest writes its JUnit report where the gate said, beside its default output", async () => {
    const dir = project({
      'math.test.mjs': "import { expect, test } from 'vitest';\ntest('adds', () => expect(1 + 1).toBe(2));\ntest('subtracts', () => expect(3 - 1).toBe(1));\n",
      'package.json': '{ "type": "module" }\n',
    });
    symlinkSync(new URL('../../node_modules', import.meta.url).pathname, join(dir, 'node_modules'));
    const s = step({ run: 'vitest run', runner: 'vitest', timeout: 120 });
    const run = await runStep({ step: s, cwd: dir, label: 'head' }, process.env);
    expect(run.outcome).toBe('completed');
    expect(run.stdout).toMatch(/Tests\s+1 failed \| 1 passed/);
    const result = interpretStep(s, run, dir);
    expect(result.status).toBe('failed');
    expect(result.tests?.map((c) => [c.file, c.name, c.outcome])).toEqual([
      ['math.test.mjs', 'adds', 'passed'],
      ['math.test.mjs', 'subtracts', 'failed'],
    ]);
    expect(existsSync(join(dir, 'junit.xml'))).toBe(false);
  });

  it('jest: the gate adds the reporter flags and the jest-junit variables (over any the environment allows), and the report file is its own, removed afterwards', async () => {
    const dir = withFakeJest({ 'report.xml': fixture('jest-junit-suite-errors.xml') });
    const s = step({ run: 'jest --selectProjects unit', runner: 'jest' });
    const env = { ...process.env, JEST_JUNIT_OUTPUT_FILE: join(dir, 'forged.xml'), JEST_JUNIT_REPORT_TEST_SUITE_ERRORS: 'false' };
    const run = await runStep({ step: s, cwd: dir, label: 'head' }, env, { env: { allow: ['JEST_JUNIT_*'] } });
    expect(readFileSync(join(dir, 'args.txt'), 'utf8').trim().split('\n')).toEqual(['--selectProjects', 'unit', '--ci', '--forceExit', '--reporters=default', '--reporters=jest-junit']);
    const vars = Object.fromEntries(readFileSync(join(dir, 'env.txt'), 'utf8').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(vars).toMatchObject({ JEST_JUNIT_REPORT_TEST_SUITE_ERRORS: 'true', JEST_JUNIT_ADD_FILE_ATTRIBUTE: 'true' });
    const reportPath = vars['JEST_JUNIT_OUTPUT_FILE'] as string;
    expect(reportPath.startsWith(dir)).toBe(false);
    expect(existsSync(reportPath)).toBe(false);
    expect(existsSync(join(reportPath, '..'))).toBe(false);
    const result = interpretStep(s, run, dir);
    expect(result.status).toBe('failed');
    expect(result.findings.filter((f) => f.severity === 'error').map((f) => f.file).sort()).toEqual(['test/fail.test.js', 'test/hook.test.js', 'test/syntax-error.test.js', 'test/throws-at-import.test.js', 'test/types.test.ts']);
  });

  it('a report the pull request commits where reporters usually write is never read: no report from the run is a step error', async () => {
    const forged = '<testsuites><testsuite name="all"><testcase classname="all" name="passes" file="test/a.test.js"/></testsuite></testsuites>';
    const dir = withFakeJest({ 'junit.xml': forged, 'reports/junit.xml': forged, 'test-results/junit.xml': forged });
    const s = step({ run: 'jest', runner: 'jest' });
    const run = await runStep({ step: s, cwd: dir, label: 'head' }, process.env);
    expect(run).toMatchObject({ outcome: 'report-missing', detail: expect.stringMatching(/did not write its report file \(the jest JUnit report\) \(exit code 1\)/) });
    expect(interpretStep(s, run, dir)).toMatchObject({ status: 'error', findings: [] });
  });

  it('a report file over maxOutputBytes is not read: the step is an error (output limit)', async () => {
    const dir = withFakeJest({ 'report.xml': fixture('jest-junit-suite-errors.xml') });
    const s = step({ run: 'jest', runner: 'jest', maxOutputBytes: 4096 });
    const run = await runStep({ step: s, cwd: dir, label: 'head' }, process.env);
    expect(run).toMatchObject({ outcome: 'output-limit', detail: expect.stringMatching(/report file of \d+ bytes, more than maxOutputBytes \(4096\)/) });
    expect(run.report).toBeUndefined();
    expect(interpretStep(s, run, dir).status).toBe('error');
  });
});

