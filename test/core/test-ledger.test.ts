/**
 * The test ledger (issue 9) in the core: reading cases from captured JUnit reports of node:test, jest
 * (jest-junit), pytest and vitest; matching them across files; the verify-config guardrail; per-rule
 * approvals through `authorize`, the timeline reducer and the gate; the counts in every report format.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { authorize, type Actor } from '../../src/core/commands/authorize.js';
import { parseCommands } from '../../src/core/commands/parse-commands.js';
import { evaluateGate } from '../../src/core/evaluate-gate.js';
import { changedToolSections, scriptsInvoked } from '../../src/core/guardrails/verify-config.js';
import { toJsonReport } from '../../src/core/report/json-report.js';
import { renderMarkdown } from '../../src/core/report/markdown.js';
import { REPORT_1_0_SCHEMA } from '../../src/core/report/report-schema.js';
import { renderText } from '../../src/core/report/text.js';
import { rulesReview } from '../../src/core/review/rules-reviewer.js';
import { formatRecordReply } from '../../src/core/timeline/records.js';
import { reduceTimeline } from '../../src/core/timeline/reduce-timeline.js';
import { normaliseFailureText } from '../../src/core/verify/normalise-output.js';
import { buildEvidence, stepVerdictsFromEvidence } from '../../src/core/verify/evidence.js';
import { evidenceSchema } from '../../src/core/verify/evidence-schema.js';
import { parseJunitXml } from '../../src/core/verify/parsers/junit-xml.js';
import type { StepResult } from '../../src/core/verify/step-result.js';
import { compareLedgers, matchCases, type TestCase } from '../../src/core/verify/test-ledger.js';
import { config, gateInput } from '../helpers/gate-input.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/tools/${name}`, import.meta.url), 'utf8');
const cases = (name: string, root: string) => parseJunitXml({ stdout: '', stderr: '', exitCode: 1, report: fixture(name) }, { root }).cases ?? [];
const tc = (name: string, file?: string, outcome: TestCase['outcome'] = 'passed'): TestCase => ({ name, ...(file ? { file } : {}), outcome });

describe('test cases from real JUnit reports', () => {
  it("node --test-reporter=junit: testcases directly under <testsuites> count, with the describe path as title", () => {
    expect(cases('node-test-junit.xml', '/tmp/h9cap/node').map((c) => [c.name, c.outcome])).toEqual([
      ['top level', 'passed'],
      ['math › adds', 'passed'],
      ['math › fails on purpose', 'failed'],
      ['math › skipped at run time', 'skipped'],
      ['math › skip option', 'skipped'],
    ]);
  });

  it('jest-junit: the file attribute and the classname-prefixed title', () => {
    expect(cases('jest-junit.xml', '/tmp/h9cap/jest')).toEqual([
      { name: 'sum adds', file: 'src/sum.test.js', outcome: 'passed' },
      { name: 'sum fails on purpose', file: 'src/sum.test.js', outcome: 'failed', failureKind: 'failure: Error: expect(received).toBe(expected) // Object.is equality' },
      { name: 'sum skipped', file: 'src/sum.test.js', outcome: 'skipped' },
      { name: 'top level', file: 'src/sum.test.js', outcome: 'passed' },
    ]);
  });

  it('pytest: module as file, class in the title, parametrised ids, normalised failure kinds', () => {
    expect(cases('pytest-junit-parametrised.xml', '/tmp/h9cap/py')).toEqual([
      { name: 'TestMath › test_ok', file: 'test_p.py', outcome: 'passed' },
      { name: 'test_add[one]', file: 'test_p.py', outcome: 'passed' },
      { name: 'test_add[two]', file: 'test_p.py', outcome: 'passed' },
      { name: 'test_fail', file: 'test_p.py', outcome: 'failed', failureKind: 'failure: assert N == N' },
    ]);
    expect(cases('pytest-junit.xml', '/tmp/py').find((c) => c.name === 'test_error')?.outcome).toBe('error');
  });

  it('vitest: the file from the suite, the describe path in the name', () => {
    expect(cases('vitest-junit-failures.xml', '/tmp/bad').map((c) => [c.file, c.name, c.outcome])).toContainEqual(['src/a.test.ts', 'add > fails on purpose', 'failed']);
  });

  it('a failing test is fingerprinted with its failure kind, not its name only', () => {
    const xml = (message: string) => `<testsuites><testsuite name="s"><testcase classname="a.test.ts" name="t"><failure message="${message}" type="AssertionError"/></testcase></testsuite></testsuites>`;
    const print = (message: string) => parseJunitXml({ stdout: xml(message), stderr: '', exitCode: 1 }, { root: '/r' }).findings[0]?.identity;
    expect(print('expected 3 to be 4 at /tmp/x/a.ts:5')).toBe(print('expected 7 to be 8 at /home/y/a.ts:9'));
    expect(print('ENOENT: build/out.txt missing')).not.toBe(print('expected 3 to be 4'));
  });
});

describe('matching cases across files', () => {
  it('matches a moved case, pairs same-titled cases by count, and lets parametrised variants stand for the old case', () => {
    const base = [tc('a', 'x.test.ts'), tc('dup', 'x.test.ts'), tc('dup', 'y.test.ts'), tc('test_add', 't.py')];
    const head = [tc('a', 'z.test.ts'), tc('dup', 'w.test.ts'), tc('test_add[1-1-2]', 't.py'), tc('test_add[2-2-4]', 't.py')];
    const matched = matchCases(base, head).map((m) => m.map((c) => `${c.file}:${c.name}`));
    expect(matched).toEqual([['z.test.ts:a'], ['w.test.ts:dup'], [], ['t.py:test_add[1-1-2]', 't.py:test_add[2-2-4]']]);
    expect(compareLedgers(base, head).missing).toEqual([tc('dup', 'y.test.ts')]);
  });

  it('a case skipped on the head, or one variant of it, is skipped; a case that failed on the base is not required', () => {
    const base = [tc('a'), tc('b'), tc('c', undefined, 'failed')];
    const head = [tc('a', undefined, 'skipped'), tc('b[1]'), tc('b[2]', undefined, 'skipped')];
    expect(compareLedgers(base, head)).toEqual({ missing: [], skipped: [tc('a'), tc('b')] });
  });

  it('normalises paths, numbers and timings out of failure text', () => {
    expect(normaliseFailureText('Error at /tmp/handoff-gate-abc/tree/src/a.ts:12:3 after 1.5 ms', '/tmp/handoff-gate-abc/tree')).toBe('Error at src/a.ts:N:N after N ms');
    expect(normaliseFailureText('open file:///home/u/x.js failed in /var/tmp/q')).toBe('open <path> failed in <path>');
  });
});

describe('verify configuration as gate files', () => {
  it('finds the package.json scripts a step runs', () => {
    expect(scriptsInvoked('npm test --silent')).toEqual(['test']);
    expect(scriptsInvoked('npm run lint -- --max-warnings 0 && npm run typecheck')).toEqual(['lint', 'typecheck']);
    expect(scriptsInvoked('yarn test:unit && pnpm run build && npx vitest && npm ci')).toEqual(['test:unit', 'build']);
  });

  it("compares pyproject.toml's [tool.*] tables only", () => {
    const base = '[project]\nname = "x"\n[tool.pytest.ini_options]\naddopts = "-q"\n';
    expect(changedToolSections(base, base.replace('name = "x"', 'name = "y"'))).toEqual([]);
    expect(changedToolSections(base, base.replace('-q', '-q --deselect tests/test_a.py::test_b'))).toEqual(['tool.pytest.ini_options']);
  });

  it('flags an ESLint ignore, a tsconfig loosened, a conftest.py, a script a step calls through another script', async () => {
    const cfg = config('handoffs:\n  required: false\nverify:\n  steps:\n    - id: test\n      run: npm run check\n');
    const pkg = (test: string) => JSON.stringify({ scripts: { check: 'npm run unit', unit: test } });
    const modified = (path: string) => ({ path, status: 'modified' as const, added: [{ line: 1, text: 'x' }], deletions: 1, binary: false });
    const result = await evaluateGate(
      gateInput(
        { config: cfg, files: [modified('eslint.config.js'), modified('tsconfig.build.json'), modified('tests/conftest.py'), modified('package.json'), modified('src/a.ts')] },
        { base: { 'package.json': pkg('vitest run') }, head: { 'package.json': pkg('vitest run || true') } },
      ),
    );
    const hits = result.reasons.filter((r) => r.code === 'guardrail.verify-config-changed');
    expect(hits.map((r) => r.file)).toEqual(['eslint.config.js', 'package.json', 'tests/conftest.py', 'tsconfig.build.json']);
    expect(hits.find((r) => r.file === 'package.json')?.message).toContain('"unit"');
    expect(result.verdict).toBe('BLOCKED');
  });
});

describe('approvals per rule', () => {
  const actor = (login: string, fields: Partial<Actor> = {}): Actor => ({ login, isBot: false, permission: 'read', teams: new Set(), ...fields });
  const cmd = (text: string) => parseCommands(text, '/gate').commands[0] as NonNullable<ReturnType<typeof parseCommands>['commands'][0]>;
  const ctx = { config: config(), prAuthor: 'agent' };

  it('by default anyone with write permission may approve a rule, never the author or a bot, and only when named', () => {
    expect(authorize(cmd('/gate approve guardrail.protected-path'), actor('w', { permission: 'write' }), ctx)).toEqual({ allowed: true, gates: ['guardrail.protected-path'] });
    expect(authorize(cmd('/gate approve guardrail.protected-path'), actor('r'), ctx).allowed).toBe(false);
    expect(authorize(cmd('/gate approve guardrail.protected-path'), actor('agent', { permission: 'admin' }), ctx).allowed).toBe(false);
    expect(authorize(cmd('/gate approve guardrail.protected-path'), actor('ci[bot]', { permission: 'admin', isBot: true }), ctx).allowed).toBe(false);
    expect(authorize(cmd('/gate approve guardrail.secret'), actor('w', { permission: 'write' }), ctx).allowed).toBe(false);
    const bare = authorize(cmd('/gate approve'), actor('w', { permission: 'write' }), ctx);
    expect(bare.allowed && bare.gates).not.toContain('guardrail.protected-path');
  });

  it('a configured gate with the rule id names its approvers', () => {
    const cfg = config('roles:\n  leads:\n    users: [lea]\ngates:\n  - id: guardrail.protected-path\n    approvers: { roles: [leads] }\n');
    expect(authorize(cmd('/gate approve guardrail.protected-path'), actor('w', { permission: 'write' }), { config: cfg, prAuthor: 'agent' }).allowed).toBe(false);
    expect(authorize(cmd('/gate approve guardrail.protected-path'), actor('lea'), { config: cfg, prAuthor: 'agent' }).allowed).toBe(true);
  });

  it('an approval recorded for this head clears the block; one from before the push does not', async () => {
    const lockfile = { path: 'package-lock.json', status: 'modified' as const, added: [{ line: 2, text: '"x": 1' }], deletions: 1, binary: false };
    const bot = 'handoff-gate[bot]';
    const state = (sha: string) => reduceTimeline({ comments: [{ author: bot, authorIsBot: true, createdAt: '2026-01-01T00:00:00Z', body: formatRecordReply(['@maint approved `guardrail.protected-path`.'], [{ type: 'approve', gate: 'guardrail.protected-path', user: 'maint', sha }]) }], reviews: [], headSha: 'head2', botLogin: bot, prAuthor: 'agent', config: config() });
    const stale = await evaluateGate(gateInput({ files: [...gateInput().files, lockfile], reviewState: state('head1') }));
    expect(stale.verdict).toBe('BLOCKED');
    expect(stale.gates.find((g) => g.id === 'guardrail.protected-path')).toMatchObject({ status: 'pending' });
    const current = await evaluateGate(gateInput({ files: [...gateInput().files, lockfile], reviewState: state('head2') }));
    expect(current.verdict).toBe('PASS');
    expect(current.reasons.find((r) => r.code === 'guardrail.protected-path')).toMatchObject({ level: 'info' });
  });
});

describe('test counts in every report format', () => {
  it('markdown, text and the JSON report (valid against its schema) show ran and passed per step', async () => {
    const step: StepResult = { id: 'test', required: true, status: 'passed', durationMs: 5, exitCode: 0, findings: [], tests: [tc('a', 'x.test.ts'), tc('b', 'x.test.ts', 'skipped')] };
    const result = await evaluateGate(gateInput({ config: config('verify:\n  steps:\n    - id: test\n      run: npm test\n      format: junit\n'), steps: [step], ledgers: { baseTests: new Map([['test', [tc('a', 'x.test.ts'), tc('b', 'x.test.ts')]]]) } }));
    const review = rulesReview(result);
    expect(renderMarkdown(result, review)).toContain('2 ran, 1 passed, 1 skipped (base: 2 ran, 2 passed); 1 newly skipped');
    expect(renderText(result)).toContain('tests: 2 ran, 1 passed, 1 skipped');
    const report = JSON.parse(JSON.stringify(toJsonReport(result, review))) as { steps: { tests: unknown }[] };
    expect(report.steps[0]?.tests).toMatchObject({ head: { total: 2, passed: 1 }, skippedCount: 1, skipped: [{ name: 'b', file: 'x.test.ts' }] });
    const validate = new Ajv2020({ strict: false }).compile(REPORT_1_0_SCHEMA);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe('the ledger in the evidence the trusted side reads', () => {
  it('travels whole through the evidence step shape, and a malformed ledger fails its validation', async () => {
    const step: StepResult = { id: 'test', required: true, status: 'passed', durationMs: 5, exitCode: 0, findings: [], tests: [tc('a', 'x.test.ts')] };
    const result = await evaluateGate(gateInput({ config: config('verify:\n  steps:\n    - id: test\n      run: npm test\n      format: junit\n'), steps: [step], ledgers: { baseTests: new Map([['test', [tc('a', 'x.test.ts'), tc('b', 'x.test.ts')]]]) } }));
    const evidence = buildEvidence({ repository: 'o/r', pullRequest: 1, headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40), workflowRunId: 1, workflowRunAttempt: 1, configText: '' }, result.steps);
    const back = evidenceSchema.parse(JSON.parse(JSON.stringify(evidence)));
    expect(stepVerdictsFromEvidence(back, [{ id: 'test', required: true }], '').steps[0]?.tests).toEqual(result.steps[0]?.tests);
    const tampered = JSON.parse(JSON.stringify(evidence).replace('"missingCount":1', '"missingCount":"0"'));
    expect(evidenceSchema.safeParse(tampered).success).toBe(false);
  });
});
