/**
 * Test-runner reports captured from real runs (test/fixtures/tools/README.md says how): jest 29 +
 * jest-junit 16 with suites that fail to run, mocha 11 + mocha-junit-reporter 2, and coloured
 * messages from pytest 9, node 20's JUnit reporter and vitest 4.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyStepSchema } from '../../src/core/config/config-schema.js';
import { parseExitCode } from '../../src/core/verify/parsers/exit-code.js';
import { readableSerialisedError, suiteErrorsInStderr } from '../../src/core/verify/parsers/jest-suite-errors.js';
import { parseJunitXml } from '../../src/core/verify/parsers/junit-xml.js';
import { stripAnsi } from '../../src/core/verify/parsers/terminal-text.js';
import { interpretStep, type StepRun } from '../../src/core/verify/step-result.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/tools/${name}`, import.meta.url), 'utf8');
const JEST_ROOT = '/tmp/capture-h12/jest';
const report = (xml: string, stderr = '') => ({ stdout: '', stderr, exitCode: 1, report: xml });
const ESC = String.fromCharCode(27);
const hasAnsi = (text: string) => text.includes(ESC) || /\\u001b|#x1B|\[\d+m/i.test(text);

describe('ANSI codes are stripped from every JUnit producer', () => {
  it('stripAnsi removes raw, escaped-as-text and ESC-less colour codes and leaves other text alone', () => {
    expect(stripAnsi(`${ESC}[96mtest/a.ts${ESC}[0m:${ESC}[93m4${ESC}[0m`)).toBe('test/a.ts:4');
    expect(stripAnsi('\\u001b[96mtest/a.ts\\u001b[0m and \\x1b[1;31mred\\x1B[0m')).toBe('test/a.ts and red');
    expect(stripAnsi('AssertionError: #x1B[31mexpected 2#x1B[0m got 3')).toBe('AssertionError: expected 2 got 3');
    expect(stripAnsi('[31mexpected 2[0m got 3')).toBe('expected 2 got 3');
    expect(stripAnsi('expect(arr[0m]).toBe(1) at [1, 2] \\n ok')).toBe('expect(arr[0m]).toBe(1) at [1, 2] \\n ok');
  });

  it.each([
    ['pytest-junit-ansi.xml', '/tmp/capture-h12/py', '#x1B[31m', 'test_colour › test_coloured: AssertionError: expected 2 got 3'],
    ['node-test-junit-ansi.xml', '/tmp/capture-h12/node', `${ESC}[31m`, 'coloured: expected 2 got 3'],
    ['vitest-junit-ansi.xml', '/tmp/capture-h12/vit', '[31m', 'coloured: expected 2 got 3'],
  ])('%s: the captured report carries the codes, the finding does not', (name, root, raw, message) => {
    const xml = fixture(name);
    expect(xml).toContain(raw);
    const { findings, cases, error } = parseJunitXml(report(xml), { root });
    expect(error).toBeUndefined();
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toBe(message);
    for (const text of [findings[0]?.identity ?? '', ...(cases ?? []).map((c) => `${c.name} ${c.failureKind ?? ''}`)]) expect(hasAnsi(text), text).toBe(false);
  });

  it('the output tails quoted in exit-code findings and step errors lose them too (jest stderr with ts-jest colours)', () => {
    const stderr = fixture('jest-compile-only.stderr.txt');
    expect(stderr).toContain(`${ESC}[96m`);
    const [finding] = parseExitCode({ stdout: '', stderr, exitCode: 1 }, { root: JEST_ROOT }).findings;
    expect(finding?.message).toContain("test/types.test.ts:4:34 - error TS2345: Argument of type 'string'");
    expect(hasAnsi(finding?.message ?? '')).toBe(false);
    const step = verifyStepSchema.parse({ id: 'unit', run: 'npx jest', format: 'junit', reportFile: 'junit.xml' });
    const run: StepRun = { id: 'unit', outcome: 'completed', exitCode: 1, durationMs: 1, stdout: '', stderr: `${ESC}[31mjest crashed${ESC}[0m\n`, report: fixture('jest-junit-compile-only.xml') };
    expect(interpretStep(step, run, JEST_ROOT).error).toBe('exited with code 1 but reported no error findings: jest crashed');
  });

  it("jest-junit's serialised suite error (\\u001b[96m written out as text) reads as the TypeScript diagnostic", () => {
    const xml = fixture('jest-junit-suite-errors.xml');
    const serialised = /<failure>(\{&quot;name&quot;:&quot;TSError&quot;.*?)<\/failure>/s.exec(xml)?.[1] ?? '';
    const json = serialised.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(json).toContain('\\u001b[96m');
    expect(readableSerialisedError(json)).toBe("test/types.test.ts:4:34 - error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.");
    const { findings } = parseJunitXml(report(xml), { root: JEST_ROOT });
    for (const f of findings) expect(hasAnsi(`${f.message} ${f.identity ?? ''}`), f.message).toBe(false);
  });
});

describe('jest: one finding per failing suite', () => {
  const withSuiteErrors = parseJunitXml(report(fixture('jest-junit-suite-errors.xml')), { root: JEST_ROOT });
  const fromStderr = parseJunitXml(report(fixture('jest-junit-no-suite-errors.xml'), fixture('jest-no-suite-errors.stderr.txt')), { root: JEST_ROOT });

  it('JEST_JUNIT_REPORT_TEST_SUITE_ERRORS=true: each suite that failed to run is one test-error with its file and reason, not an error plus a failure', () => {
    const errors = withSuiteErrors.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => [f.rule, f.file]).sort()).toEqual([
      ['test-error', 'test/syntax-error.test.js'],
      ['test-error', 'test/throws-at-import.test.js'],
      ['test-error', 'test/types.test.ts'],
      ['test-failure', 'test/fail.test.js'],
      ['test-failure', 'test/hook.test.js'],
    ]);
    expect(errors.find((f) => f.file === 'test/types.test.ts')).toMatchObject({ line: 4, message: "test/types.test.ts: test suite failed to run: test/types.test.ts:4:34 - error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'." });
    expect(errors.find((f) => f.file === 'test/throws-at-import.test.js')?.message).toBe("test/throws-at-import.test.js: test suite failed to run: Cannot find module '../src/missing-config' from 'test/throws-at-import.test.js'");
    expect(errors.find((f) => f.file === 'test/syntax-error.test.js')?.message).toBe('test/syntax-error.test.js: test suite failed to run: SyntaxError: test/syntax-error.test.js: Unexpected token (7:0)');
    // The afterAll hook's failure, serialised as JSON by jest-junit, reads as its error.
    expect(errors.find((f) => f.file === 'test/hook.test.js')?.message).toMatch(/: Error: server did not close$/);
    // 8 cases, not 11: the three broken suites count once each in the ledger.
    expect(withSuiteErrors.cases).toHaveLength(8);
    expect(withSuiteErrors.cases?.filter((c) => c.outcome === 'error').map((c) => c.name).sort()).toEqual(['Test suite failed to run › test/syntax-error.test.js', 'Test suite failed to run › test/throws-at-import.test.js', 'Test suite failed to run › test/types.test.ts']);
  });

  it('without it: the suites absent from the XML come from jest\'s stderr, with the same findings and identities', () => {
    expect(fixture('jest-junit-no-suite-errors.xml')).not.toContain('types.test.ts');
    const key = (f: { file?: string; identity?: string; message: string; line?: number }) => `${f.file ?? ''}|${f.line ?? ''}|${f.identity ?? ''}|${f.message}`;
    expect(fromStderr.findings.map(key).sort()).toEqual(withSuiteErrors.findings.map(key).sort());
    expect(fromStderr.cases?.map((c) => c.name).sort()).toEqual(withSuiteErrors.cases?.map((c) => c.name).sort());
  });

  it('stderr blocks are read per suite and a suite already failing in the report is not counted again', () => {
    expect(suiteErrorsInStderr(fixture('jest-no-suite-errors.stderr.txt')).map((s) => s.file)).toEqual(['test/hook.test.js', 'test/throws-at-import.test.js', 'test/types.test.ts', 'test/syntax-error.test.js']);
    expect(fromStderr.findings.filter((f) => f.file === 'test/hook.test.js')).toHaveLength(1);
    expect(suiteErrorsInStderr('FAIL test/a.test.js\n  ● adds › works\n\n    expected 1\n')).toEqual([]);
    // jest's slow-suite timing, heap size and a project's display name around the path.
    const block = '  ● Test suite failed to run\n\n    SyntaxError: Unexpected token (3:1)\n';
    expect(suiteErrorsInStderr(`FAIL test/slow.test.js (5.123 s, 81 MB heap size)\n${block}FAIL  unit  src/b.test.ts (120 ms)\n${block}`)).toEqual([
      { file: 'test/slow.test.js', reason: 'SyntaxError: Unexpected token (3:1)' },
      { file: 'src/b.test.ts', reason: 'SyntaxError: Unexpected token (3:1)' },
    ]);
  });
});

describe('jest: jest-junit with its defaults (no file attributes, no suite errors)', () => {
  it('the hook failure found by its stack is not counted again from stderr; the suites that failed to run come from stderr with their files', () => {
    const xml = fixture('jest-junit-plain.xml');
    expect(xml).not.toContain('file=');
    const { findings } = parseJunitXml(report(xml, fixture('jest-plain.stderr.txt')), { root: JEST_ROOT });
    expect(findings.map((f) => [f.rule, f.file])).toEqual([
      ['test-failure', 'test/fail.test.js'],
      ['test-failure', 'test/hook.test.js'],
      ['test-error', 'test/types.test.ts'],
      ['test-error', 'test/throws-at-import.test.js'],
      ['test-error', 'test/syntax-error.test.js'],
    ]);
  });
});

describe('jest: a suite that does not compile, without suite errors in the report', () => {
  const step = verifyStepSchema.parse({ id: 'unit', run: 'npx jest', format: 'junit', reportFile: 'junit.xml' });
  const run = (stderr: string): StepRun => ({ id: 'unit', outcome: 'completed', exitCode: 1, durationMs: 1, stdout: '', stderr, report: fixture('jest-junit-compile-only.xml') });

  it('is a clear test-error finding (file, line, reason) from the real exit code and stderr, so the step fails', () => {
    const result = interpretStep(step, run(fixture('jest-compile-only.stderr.txt')), JEST_ROOT);
    expect(result.status).toBe('failed');
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'test-error', severity: 'error', file: 'test/types.test.ts', line: 4, message: expect.stringContaining('error TS2345') })]);
    expect(result.tests?.map((c) => [c.name, c.outcome])).toEqual([
      ['sum adds two numbers', 'passed'],
      ['Test suite failed to run › test/types.test.ts', 'error'],
    ]);
  });

  it('fails closed: the same passing report with a non-zero exit and no readable reason is a step error, never a pass', () => {
    const result = interpretStep(step, run('something went wrong\n'), JEST_ROOT);
    expect(result.status).toBe('error');
    expect(result.error).toMatch(/exited with code 1 but reported no error findings: something went wrong/);
  });
});

describe('mocha + mocha-junit-reporter', () => {
  it('reads the file from <testsuite file>, the full title as the case name, and failing hooks as failures', () => {
    const { findings, cases, error } = parseJunitXml(report(fixture('mocha-junit.xml')), { root: '/tmp/capture-h12/mocha' });
    expect(error).toBeUndefined();
    expect(findings.map((f) => [f.rule, f.file, f.line, f.message])).toEqual([
      ['test-failure', 'test/hooks.spec.js', 3, 'database "before all" hook for "reads a row": could not connect to the test database'],
      ['test-failure', 'test/hooks.spec.js', 8, 'cache "before each" hook for "evicts": cache is not initialised'],
      ['test-failure', 'test/math.spec.js', 4, 'math multiplies: Expected values to be strictly equal:'],
    ]);
    expect(cases?.map((c) => [c.file, c.name, c.outcome])).toEqual([
      ['test/hooks.spec.js', 'database "before all" hook for "reads a row"', 'failed'],
      ['test/hooks.spec.js', 'cache stores', 'passed'],
      ['test/hooks.spec.js', 'cache "before each" hook for "evicts"', 'failed'],
      ['test/math.spec.js', 'math adds', 'passed'],
      ['test/math.spec.js', 'math multiplies', 'failed'],
      ['test/math.spec.js', 'math nested subtracts', 'passed'],
    ]);
  });

  it('with includePending=true (what runner: mocha asks for) a skipped test is in the ledger as skipped', () => {
    const { findings, cases } = parseJunitXml(report(fixture('mocha-junit-pending.xml')), { root: '/tmp/capture-h12/mocha' });
    expect(cases?.find((c) => c.name === 'math divides later')).toEqual({ name: 'math divides later', file: 'test/math.spec.js', outcome: 'skipped' });
    expect(findings.filter((f) => f.severity === 'notice').map((f) => f.message)).toEqual(['math divides later']);
  });
});

describe('Go: gotestsum --junitfile (go 1.19, gotestsum 1.8)', () => {
  const GO_ROOT = '/tmp/gocap';
  const go = (name: string, stdout = '') => parseJunitXml({ stdout, stderr: '', exitCode: 2, report: fixture(name) }, { root: GO_ROOT });

  it("takes each failure's message from the test's own output, not gotestsum's \"Failed\", and the parent of a failing subtest is not a second finding", () => {
    const { findings, cases } = go('gotestsum-junit.xml');
    expect(findings.filter((f) => f.rule !== 'test-error').map((f) => [f.rule, f.message, f.identity])).toEqual([
      ['test-failure', 'TestAddWrong: calc_test.go:13: Add(2, 2) = 4, want 5', 'TestAddWrong › failure: calc_test.go:N: Add(N, N) = N, want N'],
      ['test-failure', 'TestTable/bad: calc_test.go:21: Add(1, 2) = 3, want 4', 'TestTable/bad › failure: calc_test.go:N: Add(N, N) = N, want N'],
      ['test-skipped', 'TestSkipped: calc_test.go:28: not on this platform', 'TestSkipped'],
    ]);
    // The ledger still has the parent (it did fail), so base and head counts line up.
    expect(cases?.filter((c) => c.outcome === 'failed').map((c) => c.name)).toEqual(['TestAddWrong', 'TestTable/bad', 'TestTable']);
    expect(cases?.every((c) => c.file === 'example.com/gocap/calc')).toBe(true);
  });

  it('a package that did not build (only counted in <testsuites errors>) is a test-error naming it, from the run\'s FAIL line', () => {
    const stdout = fixture('gotestsum-junit.stdout.txt');
    expect(stdout).toContain('FAIL\texample.com/gocap/broken [build failed]');
    const { findings, cases } = go('gotestsum-junit.xml', stdout);
    expect(findings.filter((f) => f.rule === 'test-error')).toEqual([
      { rule: 'test-error', message: 'example.com/gocap/broken: the package failed to build; its tests did not run', identity: 'example.com/gocap/broken › build failed', severity: 'error', file: 'example.com/gocap/broken' },
    ]);
    expect(cases).toContainEqual({ name: '(build)', file: 'example.com/gocap/broken', outcome: 'error', failureKind: 'error: build failed' });
    // Without the output that names the package, the uncounted error is still a finding: never a silent pass.
    expect(go('gotestsum-junit.xml').findings.filter((f) => f.rule === 'test-error').map((f) => f.message)).toEqual(["the report counts 1 error(s) that no test case carries (see the step's output)"]);
  });

  it('a panic is read from the output: its first line is the failure, not the goroutine dump', () => {
    expect(go('gotestsum-junit-panic.xml').findings.map((f) => f.message)).toEqual(['TestPanics: panic: assignment to entry in nil map [recovered]']);
  });

  it('the other producers are unchanged: their reports count no error outside test cases', () => {
    for (const name of ['jest-junit-suite-errors.xml', 'pytest-junit.xml', 'vitest-junit-failures.xml', 'mocha-junit.xml', 'node-test-junit.xml']) {
      expect(parseJunitXml(report(fixture(name)), { root: '/tmp' }).findings.filter((f) => f.identity === 'errors outside test cases'), name).toEqual([]);
    }
  });
});
