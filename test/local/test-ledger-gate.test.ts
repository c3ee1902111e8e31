/**
 * Issue 9 end to end on real git repositories with node's real test runner (`node --test
 * --test-reporter=junit`): the honest controls (a moved test, a split file, a renamed file, cases
 * registered from a table, a test added) pass; the cheats (a test skipped at run time, a test renamed
 * away, an assertion edited to match wrong behaviour, `|| true` in the test script, a missing tool on
 * both sides, a different failure of an `exit-code` step or of a test) do not.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReviewState } from '../../src/core/gates/evaluate-gates.js';
import type { GateResult } from '../../src/core/result.js';
import { renderMarkdown } from '../../src/core/report/markdown.js';
import { rulesReview } from '../../src/core/review/rules-reviewer.js';
import { runLocalGate } from '../../src/local/local-gate.js';
import { gitRepo } from '../helpers/git-repo.js';

const CONFIG = `handoffs:
  required: false
verify:
  steps:
    - id: test
      run: npm test --silent
      format: junit
      reportFile: junit.xml
`;
const PACKAGE = JSON.stringify({ name: 'ledger-demo', private: true, type: 'module', scripts: { test: 'node --test --test-reporter=junit --test-reporter-destination=junit.xml' } }, null, 2);
const MATH = 'export const add = (a, b) => a + b;\nexport const sub = (a, b) => a - b;\n';
const header = "import { describe, it } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { add, sub } from '../src/math.mjs';\n";
const BASE_TEST = `${header}describe('math', () => {\n  it('adds', () => assert.equal(add(2, 3), 5));\n  it('subtracts', () => assert.equal(sub(5, 3), 2));\n});\n`;
const BASE = { '.github/handoff-gate.yml': CONFIG, 'package.json': PACKAGE, '.gitignore': 'junit.xml\n', 'src/math.mjs': MATH, 'test/math.test.mjs': BASE_TEST };

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function gate(head: Record<string, string | null>, options: { base?: Record<string, string>; reviewState?: ReviewState } = {}): Promise<GateResult> {
  const repo = gitRepo({ ...BASE, ...options.base }, head);
  dirs.push(repo.dir);
  return (await runLocalGate({ repo: repo.dir, base: 'main', head: 'HEAD', env: process.env, ...(options.reviewState ? { reviewState: options.reviewState } : {}) })).result;
}
const codes = (r: GateResult) => r.reasons.filter((x) => x.level === 'block' || x.level === 'fail').map((x) => x.code);

describe('honest test changes pass', () => {
  it('a case moved to another file (a split) passes, and the counts say what ran', async () => {
    const result = await gate({
      'test/math.test.mjs': `${header}describe('math', () => {\n  it('adds', () => assert.equal(add(2, 3), 5));\n});\n`,
      'test/sub.test.mjs': `${header}describe('math', () => {\n  it('subtracts', () => assert.equal(sub(5, 3), 2));\n});\n`,
    });
    expect(codes(result)).toEqual([]);
    expect(result.verdict).toBe('PASS');
    expect(result.steps[0]?.tests).toMatchObject({ head: { total: 2, passed: 2 }, base: { total: 2, passed: 2 }, missingCount: 0, skippedCount: 0 });
  });

  it('a renamed test file, cases registered from a table, and an added test pass', async () => {
    const table = `${header}const cases = [['adds', () => assert.equal(add(2, 3), 5)], ['subtracts', () => assert.equal(sub(5, 3), 2)], ['adds zero', () => assert.equal(add(2, 0), 2)]];\ndescribe('math', () => {\n  for (const [name, fn] of cases) it(name, fn);\n});\n`;
    const result = await gate({ 'test/math.test.mjs': null, 'test/arith.test.mjs': table });
    expect(codes(result)).toEqual([]);
    expect(result.steps[0]?.tests?.head).toMatchObject({ total: 3, passed: 3 });
  });
});

describe('cheats are caught', () => {
  it('a test skipped at run time is verify.test-skipped (block)', async () => {
    const result = await gate({ 'test/math.test.mjs': BASE_TEST.replace("it('subtracts', () =>", "it('subtracts', { skip: true }, () =>") });
    expect(result.verdict).toBe('BLOCKED');
    expect(result.reasons.find((r) => r.code === 'verify.test-skipped')).toMatchObject({ level: 'block', rule: 'test', message: expect.stringContaining('math › subtracts') });
  });

  it('a renamed (or removed) test is verify.test-missing; an approval of that rule for this head clears it', async () => {
    const head = { 'test/math.test.mjs': BASE_TEST.replace("it('subtracts'", "it('takes away'") };
    const blocked = await gate(head);
    expect(blocked.reasons.find((r) => r.code === 'verify.test-missing')).toMatchObject({ level: 'block', message: expect.stringContaining('math › subtracts') });
    expect(blocked.gates.find((g) => g.id === 'verify.test-missing')).toMatchObject({ status: 'pending' });
    const approved = await gate(head, { reviewState: { approvals: [{ gate: 'verify.test-missing', user: 'maintainer' }] } });
    expect(approved.verdict).toBe('PASS');
    expect(approved.reasons.find((r) => r.code === 'verify.test-missing')).toMatchObject({ level: 'info', message: expect.stringContaining('approved for this head by maintainer') });
  });

  it("an expected value edited to match wrong behaviour fails the base's test against the head's code", async () => {
    const result = await gate({ 'src/math.mjs': MATH.replace('a - b', 'a - b - 1'), 'test/math.test.mjs': BASE_TEST.replace('sub(5, 3), 2', 'sub(5, 3), 1') });
    expect(result.steps[0]?.status).toBe('passed'); // the head's own tests pass…
    const reason = result.reasons.find((r) => r.code === 'verify.base-tests-fail');
    expect(reason).toMatchObject({ level: 'block', rule: 'test', message: expect.stringContaining('math › subtracts') });
    expect(reason?.message).toContain('test/math.test.mjs restored');
    expect(result.steps[0]?.tests?.baseTestsFailed).toEqual([{ name: 'math › subtracts' }]);
    expect(result.steps[0]?.tests?.baseTestsDiff).toContain("+  it('subtracts', () => assert.equal(sub(5, 3), 1));");
    expect(renderMarkdown(result, rulesReview(result))).toContain("- `+  it('subtracts', () => assert.equal(sub(5, 3), 1));`");
  });

  it("with the base's results cached, the ledger and the base-tests run still work (second run on the same repository)", async () => {
    const repo = gitRepo(BASE, { 'src/math.mjs': MATH.replace('a - b', 'a - b - 1'), 'test/math.test.mjs': BASE_TEST.replace('sub(5, 3), 2', 'sub(5, 3), 1').replace("it('adds'", "it('adds', { skip: true }") });
    dirs.push(repo.dir);
    const events: string[] = [];
    for (let i = 0; i < 2; i++) {
      events.length = 0;
      const result = (await runLocalGate({ repo: repo.dir, base: 'main', head: 'HEAD', env: process.env, onStepEvent: (e) => e.type === 'start' && events.push(e.job.label) })).result;
      expect(result.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['verify.base-tests-fail', 'verify.test-skipped']));
    }
    expect(events).not.toContain('base'); // the second run read the base from the cache
    expect(events).toContain('base tests');
  });

  it('an emptied assertion passes the head but not the base test; untouched tests do not trigger the extra run', async () => {
    const cheat = await gate({ 'src/math.mjs': MATH.replace('a + b', 'a * b'), 'test/math.test.mjs': BASE_TEST.replace('assert.equal(add(2, 3), 5)', 'assert.ok(true)') });
    expect(codes(cheat)).toContain('verify.base-tests-fail');
    const honest = await gate({ 'src/math.mjs': `${MATH}export const mul = (a, b) => a * b;\n` });
    expect(honest.steps[0]?.tests?.baseTestsFailed).toBeUndefined();
    expect(honest.verdict).toBe('PASS');
  });

  it("a shared test helper weakened to always pass is caught by the base's helper against the head's code", async () => {
    const helper = "import assert from 'node:assert/strict';\nexport const same = (actual, expected) => assert.equal(actual, expected);\n";
    const usesHelper = BASE_TEST.replace("import { add, sub } from '../src/math.mjs';", "import { add, sub } from '../src/math.mjs';\nimport { same } from './support/same.mjs';").replace('assert.equal(sub(5, 3), 2)', 'same(sub(5, 3), 2)');
    const repo = gitRepo({ ...BASE, 'test/math.test.mjs': usesHelper, 'test/support/same.mjs': helper }, { 'src/math.mjs': MATH.replace('a - b', 'a + b'), 'test/support/same.mjs': 'export const same = () => {};\n' });
    dirs.push(repo.dir);
    const result = (await runLocalGate({ repo: repo.dir, base: 'main', head: 'HEAD', env: process.env })).result;
    expect(result.steps[0]?.tests?.baseTestsFiles).toEqual(['test/support/same.mjs']);
    expect(result.reasons.find((r) => r.code === 'verify.base-tests-fail')?.message).toContain('math › subtracts');
  });

  it('`|| true` added to the test script is guardrail.verify-config-changed', async () => {
    const result = await gate({ 'package.json': PACKAGE.replace('junit.xml"', 'junit.xml || true"') });
    expect(result.reasons.find((r) => r.code === 'guardrail.verify-config-changed')).toMatchObject({ level: 'block', file: 'package.json', message: expect.stringContaining('"test"') });
  });

  it('a postinstall script added is guardrail.verify-config-changed', async () => {
    const result = await gate({ 'package.json': PACKAGE.replace('"scripts": {', '"scripts": {\n    "postinstall": "node steal.js",') });
    expect(result.reasons.find((r) => r.code === 'guardrail.verify-config-changed' && r.rule === 'lifecycle-script')).toMatchObject({ level: 'block' });
  });
});

describe('fail closed', () => {
  const exitStep = (run: string) => `handoffs:\n  required: false\nverify:\n  steps:\n    - id: check\n      run: ${JSON.stringify(run)}\n`;

  it('a tool missing on both sides (exit 127) is BLOCKED, never pre-existing', async () => {
    const result = await gate({ 'src/math.mjs': `${MATH}// touched\n` }, { base: { '.github/handoff-gate.yml': exitStep('no-such-tool-h9 --check') } });
    expect(result.verdict).toBe('BLOCKED');
    expect(result.reasons.find((r) => r.code === 'verify.step-error')?.message).toMatch(/not found \(exit code 127\)/);
    expect(result.reasons.map((r) => r.code)).not.toContain('verify.pre-existing');
  });

  it('an exit-code step failing on both sides is pre-existing only when the failure output is the same', async () => {
    const script = 'node -e "const m = require(\'fs\').readFileSync(\'src/math.mjs\', \'utf8\'); if (m.includes(\'BUG\')) { console.error(\'new bug at \' + process.cwd() + \' after \' + Date.now() + \' ms\'); process.exit(1) } console.error(\'old failure in \' + process.cwd() + \' took \' + Date.now() + \' ms\'); process.exit(1)"';
    const base = { '.github/handoff-gate.yml': exitStep(script) };
    const same = await gate({ 'src/math.mjs': `${MATH}// touched\n` }, { base });
    expect(same.reasons.find((r) => r.code === 'verify.pre-existing')).toBeDefined();
    expect(codes(same)).toEqual([]);
    const different = await gate({ 'src/math.mjs': `${MATH}// BUG\n` }, { base });
    expect(different.verdict).toBe('FAIL');
    expect(codes(different)).toContain('verify.new-findings');
  });

  it('a test failing on the base for an environmental reason does not hide a different failure of it on the head', async () => {
    // The base worktree lacks a gitignored build output the checked-out head has, so the test fails there first.
    const needsBuild = BASE_TEST.replace("import { add, sub } from '../src/math.mjs';", "import { add, sub } from '../src/math.mjs';\nimport { existsSync } from 'node:fs';").replace("it('subtracts', () => assert.equal(sub(5, 3), 2))", "it('subtracts', () => {\n    assert.ok(existsSync('build/out.txt'), 'build output missing');\n    assert.equal(sub(5, 3), 2);\n  })");
    const repo = gitRepo({ ...BASE, '.gitignore': 'junit.xml\nbuild/\n', 'test/math.test.mjs': needsBuild }, { 'src/math.mjs': MATH.replace('a - b', 'a - b - 1') });
    dirs.push(repo.dir);
    mkdirSync(join(repo.dir, 'build'));
    writeFileSync(join(repo.dir, 'build/out.txt'), 'built');
    const result = (await runLocalGate({ repo: repo.dir, base: 'main', head: 'HEAD', env: process.env })).result;
    expect(result.steps[0]?.tests?.base).toMatchObject({ failed: 1 });
    expect(result.steps[0]?.newFindings.map((f) => f.message)).toEqual([expect.stringContaining('subtracts')]);
    expect(result.verdict).toBe('FAIL');
  });

  it('with `verify.setup`, the build output is made on both sides, so the head alone decides', async () => {
    const needsBuild = BASE_TEST.replace("import { add, sub } from '../src/math.mjs';", "import { add, sub } from '../src/math.mjs';\nimport { existsSync } from 'node:fs';").replace("it('subtracts', () => assert.equal(sub(5, 3), 2))", "it('subtracts', () => assert.ok(existsSync('build/out.txt'), 'build output missing'))");
    const config = `${CONFIG}  setup:\n    run: mkdir -p build && echo built > build/out.txt\n`;
    const result = await gate({ 'src/math.mjs': `${MATH}// touched\n` }, { base: { '.github/handoff-gate.yml': config, '.gitignore': 'junit.xml\nbuild/\n', 'test/math.test.mjs': needsBuild } });
    expect(result.steps[0]?.tests).toMatchObject({ head: { passed: 2 }, base: { passed: 2 } });
    expect(result.verdict).toBe('PASS');
  });

  it('a setup that fails on the head is an error of every step (BLOCKED)', async () => {
    const result = await gate({ 'src/math.mjs': `${MATH}// touched\n` }, { base: { '.github/handoff-gate.yml': `${CONFIG}  setup:\n    run: exit 3\n` } });
    expect(result.verdict).toBe('BLOCKED');
    expect(result.reasons.find((r) => r.code === 'verify.step-error')?.message).toMatch(/setup \(exit 3\) on the head/);
  });
});
