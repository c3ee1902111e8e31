import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEslintJson } from '../../src/core/verify/parsers/eslint-json.js';
import { parseExitCode } from '../../src/core/verify/parsers/exit-code.js';
import { parseJunitXml } from '../../src/core/verify/parsers/junit-xml.js';
import { parseTsc } from '../../src/core/verify/parsers/tsc.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/tools/${name}`, import.meta.url), 'utf8');
const out = (stdout: string, exitCode = 1, report?: string) => ({ stdout, stderr: '', exitCode, ...(report !== undefined ? { report } : {}) });

describe('ESLint JSON (captured from eslint 9 --format json)', () => {
  it('turns messages into findings with repository-relative paths and severities', () => {
    const { findings, error } = parseEslintJson(out(fixture('eslint-errors.json')), { root: '/tmp/bad' });
    expect(error).toBeUndefined();
    expect(findings).toEqual([
      { rule: '@typescript-eslint/no-unused-vars', message: "'x' is assigned a value but never used.", severity: 'error', file: 'src/a.ts', line: 4, column: 7 },
      { rule: 'no-debugger', message: "Unexpected 'debugger' statement.", severity: 'error', file: 'src/a.ts', line: 6, column: 1 },
    ]);
  });

  it('reports a fatal parse error as an error finding', () => {
    const { findings } = parseEslintJson(out(fixture('eslint-fatal.json')), { root: '/tmp/bad' });
    expect(findings.find((f) => f.file === 'src/broken.ts')).toMatchObject({ rule: 'parse-error', severity: 'error', line: 1 });
  });

  it('fails closed on output that is not ESLint JSON', () => {
    expect(parseEslintJson(out('Oops! Something went wrong!'), { root: '/' }).error).toMatch(/expected ESLint JSON/);
    expect(parseEslintJson(out('{"a":1}'), { root: '/' }).error).toMatch(/array/);
  });
});

describe('tsc --pretty false (captured from TypeScript 5.9)', () => {
  it('parses located diagnostics', () => {
    const { findings } = parseTsc(out(fixture('tsc-type-errors.txt'), 2), { root: '/tmp/bad' });
    expect(findings).toEqual([
      { rule: 'TS2322', message: "Type 'string' is not assignable to type 'number'.", severity: 'error', file: 'src/a.ts', line: 4, column: 7 },
      { rule: 'TS2345', message: "Argument of type 'string' is not assignable to parameter of type 'number'.", severity: 'error', file: 'src/a.ts', line: 5, column: 25 },
    ]);
  });

  it('parses syntax errors, continuation lines and file-less errors', () => {
    expect(parseTsc(out(fixture('tsc-syntax-error.txt'), 2), { root: '/tmp/bad' }).findings[0]).toMatchObject({ rule: 'TS1109', file: 'src/broken.ts', line: 1, column: 19 });
    const text = "src/x.ts(1,1): error TS2322: Type '{ a: number; }' is not assignable to type 'B'.\n  Object literal may only specify known properties.\nerror TS5083: Cannot read file 'tsconfig.base.json'.\n";
    const { findings } = parseTsc(out(text, 2), { root: '/r' });
    expect(findings[0]?.message).toContain('\nObject literal may only specify known properties.');
    expect(findings[1]).toEqual({ rule: 'TS5083', message: "Cannot read file 'tsconfig.base.json'.", severity: 'error' });
  });
});

describe('JUnit XML', () => {
  it('vitest: failures and module errors are error findings, skipped tests are notices', () => {
    const { findings, error } = parseJunitXml(out(fixture('vitest-junit-failures.xml')), { root: '/tmp/bad' });
    expect(error).toBeUndefined();
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'test-failure', severity: 'error', file: 'src/a.test.ts', line: 5, message: 'add > fails on purpose: expected 3 to be 4 // Object.is equality' }),
      expect.objectContaining({ rule: 'test-skipped', severity: 'notice', file: 'src/a.test.ts', message: 'add > skipped' }),
      expect.objectContaining({ rule: 'test-failure', severity: 'error', file: 'src/crash.test.ts', line: 1 }),
    ]);
  });

  it('vitest: a passing run with one skipped test has no error findings', () => {
    const { findings } = parseJunitXml(out(fixture('vitest-junit-pass-skip.xml'), 0), { root: '/tmp/cap' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'test-skipped', severity: 'notice', file: 'src/restock.test.ts' });
  });

  it('pytest: failures, errors and skips, with the file found in the traceback', () => {
    const { findings } = parseJunitXml(out('', 1, fixture('pytest-junit.xml')), { root: '/tmp/py' });
    expect(findings.map((f) => [f.rule, f.severity, f.file, f.line])).toEqual([
      ['test-failure', 'error', 'test_calc.py', 7],
      ['test-skipped', 'notice', 'test_calc.py', 9],
      ['test-error', 'error', 'test_calc.py', 13],
    ]);
    expect(findings[0]?.message).toBe('test_calc › test_fail: assert [1, 2] == [1, 3]');
  });

  it('fails closed on non-XML, malformed XML and entity declarations', () => {
    expect(parseJunitXml(out('no xml here'), { root: '/' }).error).toMatch(/expected JUnit XML/);
    expect(parseJunitXml(out('<testsuites><testsuite></testsuites>'), { root: '/' }).error).toMatch(/invalid JUnit XML/);
    expect(parseJunitXml(out('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><testsuites/>'), { root: '/' }).error).toMatch(/entities/);
  });
});

describe('exit code', () => {
  it('is clean on 0 and one finding with the stderr tail otherwise', () => {
    expect(parseExitCode({ stdout: '', stderr: '', exitCode: 0 }, { root: '/' }).findings).toEqual([]);
    const [finding] = parseExitCode({ stdout: '', stderr: 'boom\n', exitCode: 3 }, { root: '/' }).findings;
    expect(finding).toMatchObject({ rule: 'exit-code', severity: 'error', message: 'exited with code 3: boom' });
  });
});
