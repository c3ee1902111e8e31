import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from '../../src/core/diff/changed-file.js';
import { DEFAULT_FORBIDDEN_PATTERNS } from '../../src/core/guardrails/default-patterns.js';
import { scanForbiddenPatterns } from '../../src/core/guardrails/forbidden-patterns.js';
import { checkBranch, checkPaths } from '../../src/core/guardrails/path-rules.js';
import { checkTestsDeleted, countTestCases } from '../../src/core/guardrails/tests-deleted.js';
import { added, config } from '../helpers/gate-input.js';
import { FOCUSED, SKIPPED_SUITE, focusedTest, skippedTest } from '../fixtures/forbidden-lines.js';

/** One added line per built-in pattern that must fire, and a near miss that must not. */
const SAMPLES: Record<string, { path: string; hit: string; miss: string }> = {
  'focused-test': { path: 'a.test.ts', hit: focusedTest(), miss: "it('only this', () => {});" },
  'skipped-test': { path: 'a.test.ts', hit: `${SKIPPED_SUITE}('x', () => {});`, miss: "it('skips nothing', () => {});" },
  'skipped-test-python': { path: 'test_a.py', hit: '@pytest.mark.skip(reason="later")', miss: '@pytest.mark.parametrize("a", [1])' },
  'ts-suppression': { path: 'a.ts', hit: '// @ts-expect-error legacy', miss: '// ts is fine here' },
  'eslint-disable': { path: 'a.js', hit: '/* eslint-disable no-console */', miss: '// enable everything' },
  debugger: { path: 'a.ts', hit: '  debugger;', miss: 'const debuggerEnabled = false;' },
  'python-type-ignore': { path: 'a.py', hit: 'x = f()  # type: ignore', miss: 'x = f()  # typed' },
  'python-noqa': { path: 'a.py', hit: 'import os  # noqa: F401', miss: 'import os' },
  'github-token': { path: 'config.txt', hit: `token = "ghp_${'a1B2'.repeat(9)}"`, miss: 'token = process.env.GITHUB_TOKEN' },
  'aws-access-key': { path: 'x.env.example', hit: 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE', miss: 'AWS_ACCESS_KEY_ID=' },
  'private-key': { path: 'k.pem', hit: '-----BEGIN RSA PRIVATE KEY-----', miss: '-----BEGIN PUBLIC KEY-----' },
  'slack-token': { path: 'a.yml', hit: 'hook: xoxb-1234567890-abcdef', miss: 'hook: none' },
  'destructive-sql': { path: 'm.sql', hit: 'DROP TABLE users;', miss: 'SELECT * FROM users;' },
  'skipped-test-go': { path: 'pkg/a_test.go', hit: '\tt.Skip("flaky")', miss: '\tt.Run("x", f)' },
  'eslint-inline-config': { path: 'a.ts', hit: '/* eslint no-console: "off" */', miss: '/* eslint is our linter */' },
  'coverage-ignore': { path: 'a.ts', hit: '/* c8 ignore next */', miss: '// ignore the next value' },
  'bidi-control': { path: 'a.ts', hit: `const isAdmin = false; /*${String.fromCodePoint(0x202e)} } ${String.fromCodePoint(0x2066)}*/`, miss: 'const isAdmin = false;' },
  'invisible-char': { path: 'a.py', hit: `admin${String.fromCodePoint(0x200b)} = True`, miss: 'admin = True' },
  'stripe-key': { path: 'pay.ts', hit: `const key = "${'sk_'}live_${'4eC39HqLyjWD'.repeat(2)}";`, miss: 'const key = process.env.STRIPE_KEY;' },
};

describe('forbidden patterns', () => {
  it('has a sample for every built-in pattern', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(DEFAULT_FORBIDDEN_PATTERNS.map((p) => p.id).sort());
  });

  it.each(Object.entries(SAMPLES))('%s fires on its sample and not on the near miss', (id, { path, hit, miss }) => {
    const hits = scanForbiddenPatterns([added(path, `ok\n${hit}\n${miss}`)], config());
    expect(hits.map((h) => [h.rule, h.line])).toEqual([[id, 2]]);
    const pattern = DEFAULT_FORBIDDEN_PATTERNS.find((p) => p.id === id);
    expect(hits[0]?.code).toBe(pattern?.secret ? 'guardrail.secret' : 'guardrail.forbidden-pattern');
    expect(hits[0]?.level).toBe(pattern?.level);
    if (pattern?.secret) expect(hits[0]?.message).not.toContain(hit.slice(-10));
  });

  it('only looks at added lines, and skips ignored paths', () => {
    const diff = parseUnifiedDiff(['diff --git a/a.test.ts b/a.test.ts', '--- a/a.test.ts', '+++ b/a.test.ts', '@@ -1,1 +1,1 @@', `-${skippedTest('old')}`, "+it('old', () => {});", ''].join('\n'));
    expect(scanForbiddenPatterns(diff, config())).toEqual([]);
    expect(scanForbiddenPatterns([added('fixtures/a.test.ts', `${FOCUSED}(1)`)], config('guardrails:\n  ignorePaths: ["fixtures/**"]\n'))).toEqual([]);
  });

  it('honours disabledPatterns, patternLevels and configured patterns', () => {
    const c = config('guardrails:\n  disabledPatterns: [debugger]\n  patternLevels: { focused-test: warn }\n  forbiddenPatterns:\n    - id: todo\n      pattern: "TODO\\\\(agent\\\\)"\n      message: agent TODO\n      level: fail\n');
    const hits = scanForbiddenPatterns([added('a.ts', `debugger;\n${FOCUSED}(1)\n// TODO(agent) later`)], c);
    expect(hits.map((h) => [h.rule, h.level])).toEqual([['focused-test', 'warn'], ['todo', 'fail']]);
  });

  it('accepts an inline excuse with a reason (same line or the line above) and turns the hit into guardrail.excused', () => {
    const text = [`${skippedTest('flaky upstream')} // handoff-gate-allow: skipped-test -- upstream outage INC-42`, '// handoff-gate-allow: focused-test -- bisecting', focusedTest(), `${skippedTest('y')} // handoff-gate-allow: skipped-test --`].join('\n');
    const hits = scanForbiddenPatterns([added('a.test.ts', text)], config());
    expect(hits.map((h) => [h.code, h.rule, h.line, h.level])).toEqual([
      ['guardrail.excused', 'skipped-test', 1, 'warn'],
      ['guardrail.excused', 'focused-test', 3, 'warn'],
      ['guardrail.forbidden-pattern', 'skipped-test', 4, 'block'],
    ]);
    expect(hits[0]?.message).toContain('upstream outage INC-42');
  });

  it('does not stall on a very long line', () => {
    const started = performance.now();
    scanForbiddenPatterns([added('min.js', 'a'.repeat(2_000_000))], config());
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('path rules', () => {
  it('flags the gate\'s own files before protected paths, and renames on either side', () => {
    const files = [added('.github/handoff-gate.yml', 'x: 1'), added('.github/workflows/ci.yml', 'on: push'), added('src/a.ts', 'x'), { ...added('db/migrations/1.sql', ''), status: 'renamed' as const, path: 'db/old/1.sql', previousPath: 'db/migrations/1.sql' }];
    expect(checkPaths(files, config()).map((r) => [r.code, r.file])).toEqual([
      ['guardrail.gate-config-changed', '.github/handoff-gate.yml'],
      ['guardrail.protected-path', '.github/workflows/ci.yml'],
      ['guardrail.protected-path', 'db/old/1.sql'],
    ]);
  });

  it('applies the branch policy only when one is configured', () => {
    const c = config('guardrails:\n  branches:\n    allow: ["agent/**"]\n');
    expect(checkBranch('agent/wbs-1', c)).toEqual([]);
    expect(checkBranch('main', c)[0]).toMatchObject({ code: 'guardrail.branch-policy', level: 'block' });
    expect(checkBranch('anything', config())).toEqual([]);
  });
});

describe('tests deleted', () => {
  it('counts test cases in JS, Python and Go', () => {
    expect(countTestCases("it('a', () => {});\ntest.each([1])('b', () => {});\nit.skip('c');\nconst split = 1;")).toBe(3);
    expect(countTestCases('def test_a():\n    pass\nasync def test_b():\n    pass\ndef helper():\n')).toBe(2);
    expect(countTestCases('func TestA(t *testing.T) {}\nfunc helper() {}')).toBe(1);
  });

  it('flags a deleted test file and a test file that lost cases, not one that gained them', async () => {
    const base: Record<string, string> = { 'a.test.ts': "it('1');\nit('2');", 'b.test.ts': "it('1');\nit('2');", 'c.test.ts': "it('1');" };
    const head: Record<string, string> = { 'b.test.ts': "it('1');", 'c.test.ts': "it('1');\nit('2');" };
    const read = (files: Record<string, string>) => async (p: string) => files[p];
    const files = [
      { path: 'a.test.ts', status: 'deleted' as const, added: [], deletions: 2, binary: false },
      { path: 'b.test.ts', status: 'modified' as const, added: [], deletions: 1, binary: false },
      { path: 'c.test.ts', status: 'modified' as const, added: [{ line: 2, text: "it('2');" }], deletions: 0, binary: false },
    ];
    const reasons = await checkTestsDeleted(files, config(), read(base), read(head));
    expect(reasons.map((r) => [r.file, r.message])).toEqual([
      ['a.test.ts', 'test file deleted'],
      ['b.test.ts', '1 test case(s) removed (2 on the base, 1 on the head)'],
    ]);
  });
});
