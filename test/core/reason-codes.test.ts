/**
 * Every stable reason code, driven through `evaluateGate`: each case builds the smallest input that
 * must produce the code and asserts its level and the verdict it leads to.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { evaluateGate, type GateInput } from '../../src/core/evaluate-gate.js';
import { REASON_CODES, type ReasonCode, type ReasonLevel } from '../../src/core/reasons.js';
import type { GateResult } from '../../src/core/result.js';
import { judgeSuspicions } from '../../src/core/review/llm/suspicions.js';
import { withFingerprints } from '../../src/core/verify/finding.js';
import type { StepResult } from '../../src/core/verify/step-result.js';
import type { TestCase } from '../../src/core/verify/test-ledger.js';
import { VALID_HANDOFF, added, config, gateInput } from '../helpers/gate-input.js';
import { memoryTree } from '../helpers/memory-tree.js';
import { FOCUSED, SKIPPED, focusedTest } from '../fixtures/forbidden-lines.js';

const handoff = (fields: Record<string, unknown>, path = '.handoff/h.json') => ({ path, text: JSON.stringify({ ...VALID_HANDOFF, ...fields }, null, 2) });
const withHandoffs = (...files: { path: string; text: string }[]): Partial<GateInput> => ({ handoffFiles: files, files: files.map((f) => added(f.path, f.text)), tree: memoryTree(Object.fromEntries(files.map((f) => [f.path, f.text]))) });
const lintStep = (findings: { file: string; message: string }[], extra: Partial<StepResult> = {}): StepResult => ({
  id: 'lint',
  required: true,
  status: findings.length > 0 ? 'failed' : 'passed',
  durationMs: 10,
  exitCode: findings.length > 0 ? 1 : 0,
  findings: withFingerprints('lint', findings.map((f) => ({ rule: 'no-unused-vars', severity: 'error' as const, line: 1, ...f }))),
  ...extra,
});
const testStep = (cases: TestCase[]): StepResult => ({ id: 'test', required: true, status: 'passed', durationMs: 10, exitCode: 0, findings: [], tests: cases });
const testConfig = () => config('verify:\n  steps:\n    - id: test\n      run: npm test\n      format: junit\n');
const passed = (name: string, file = 'a.test.ts'): TestCase => ({ name, file, outcome: 'passed' });
const lintConfig = config('verify:\n  steps:\n    - id: lint\n      run: eslint .\n      format: eslint-json\n');

const CASES: Record<ReasonCode, { level: ReasonLevel; input: () => Partial<GateInput>; after?: (r: GateResult) => GateResult }> = {
  'config.invalid': { level: 'block', input: () => ({ configProblems: [{ file: '.github/handoff-gate.yml', path: 'verify', line: 1, column: 1, expected: 'object', found: 'string', message: 'verify: invalid' }] }) },
  'handoff.missing': { level: 'fail', input: () => ({ handoffFiles: [], files: [added('src/a.ts', 'x')] }) },
  'handoff.parse': { level: 'fail', input: () => withHandoffs({ path: '.handoff/bad.json', text: '{ nope' }) },
  'handoff.unknown-version': { level: 'fail', input: () => withHandoffs(handoff({ schemaVersion: '3.0' })) },
  'handoff.schema': { level: 'fail', input: () => withHandoffs(handoff({ attempt: 0 })) },
  'handoff.checksum': { level: 'fail', input: () => ({ ...withHandoffs(handoff({ artifacts: [{ path: 'out.txt', sha256: 'a'.repeat(64) }] })), tree: memoryTree({ 'out.txt': 'hello' }) }) },
  'handoff.artifact-missing': { level: 'fail', input: () => withHandoffs(handoff({ artifacts: [{ path: 'out.txt', sha256: 'a'.repeat(64) }] })) },
  'handoff.deliverable-missing': { level: 'fail', input: () => withHandoffs(handoff({ deliverables: [{ id: 'docs', description: 'docs', path: 'docs/x.md', required: true }] })) },
  'handoff.cycle': { level: 'fail', input: () => withHandoffs(handoff({ stepId: 'a', idempotencyKey: 'k-a', dependsOn: ['b'] }, '.handoff/a.json'), handoff({ stepId: 'b', idempotencyKey: 'k-b', dependsOn: ['a'] }, '.handoff/b.json')) },
  'handoff.dependency-unknown': { level: 'fail', input: () => withHandoffs(handoff({ dependsOn: ['ghost'] })) },
  'handoff.delegation': { level: 'block', input: () => ({ ...withHandoffs(handoff({ delegateTo: { agent: 'deployer', reason: 'ship' } })), config: config('delegation:\n  enforce: true\n  allow:\n    builder: [tester]\n') }) },
  'handoff.idempotency-reuse': { level: 'fail', input: () => withHandoffs(handoff({ stepId: 'a' }, '.handoff/a.json'), handoff({ stepId: 'b' }, '.handoff/b.json')) },
  'handoff.status-blocked': { level: 'block', input: () => withHandoffs(handoff({ status: 'blocked' })) },
  'handoff.status-incomplete': { level: 'fail', input: () => withHandoffs(handoff({ status: 'partial' })) },
  'handoff.claim-mismatch': { level: 'fail', input: () => ({ ...withHandoffs(handoff({ claims: [{ check: 'lint', result: 'pass' }] })), config: lintConfig, steps: [lintStep([{ file: 'a.ts', message: 'x unused' }])] }) },
  'handoff.claim-unverified': { level: 'fail', input: () => withHandoffs(handoff({ claims: [{ check: 'e2e', result: 'pass' }] })) },
  'handoff.empty': { level: 'fail', input: () => withHandoffs({ path: '.handoff/h.yml', text: '# only a comment\n' }) },
  'handoff.identity-reuse': { level: 'fail', input: () => withHandoffs(handoff({ idempotencyKey: 'k-a' }, '.handoff/a.json'), handoff({ idempotencyKey: 'k-b' }, '.handoff/b.json')) },
  'handoff.deliverable-empty': { level: 'fail', input: () => ({ ...withHandoffs(handoff({ deliverables: [{ id: 'docs', description: 'docs', path: 'docs/x.md', required: true }] })), tree: memoryTree({ 'docs/x.md': '' }) }) },
  'handoff.history-unavailable': { level: 'warn', input: () => ({ ...withHandoffs(handoff({})), tree: { ...memoryTree({}), listBase: () => Promise.reject(new Error('listing failed')) } }) },
  'handoff.stub-deliverable': {
    level: 'fail',
    input: () => {
      const h = handoff({ deliverables: [{ id: 'parser', description: 'the parser', path: 'src/parse.ts', required: true }] });
      const stub = "export function parse(s: string): number {\n  throw new Error('not implemented');\n}\n";
      return { ...withHandoffs(h), files: [added(h.path, h.text), added('src/parse.ts', stub)], tree: memoryTree({ [h.path]: h.text, 'src/parse.ts': stub }) };
    },
  },
  'handoff.append-only': { level: 'block', input: () => ({ files: [...gateInput().files, { path: 'ops/events.jsonl', status: 'modified', added: [{ line: 1, text: '{"e":0}' }], deletions: 1, binary: false }], tree: { ...memoryTree({ ...Object.fromEntries(gateInput().handoffFiles.map((f) => [f.path, f.text])), 'ops/events.jsonl': '{"e":0}\n{"e":2}\n' }, { 'ops/events.jsonl': '{"e":1}\n' }) } }) },
  'gate.approval-pending': { level: 'block', input: () => withHandoffs(handoff({ requiresApproval: 'release-managers' })) },
  'gate.hold': { level: 'block', input: () => ({ reviewState: { approvals: [], hold: { by: 'octocat' } } }) },
  'gate.rejected': { level: 'block', input: () => ({ reviewState: { approvals: [], rejection: { by: 'octocat', reason: 'wrong approach' } } }) },
  'guardrail.forbidden-pattern': { level: 'block', input: () => ({ files: [...gateInput().files, added('src/a.test.ts', focusedTest())] }) },
  'guardrail.secret': { level: 'block', input: () => ({ files: [...gateInput().files, added('src/keys.ts', '-----BEGIN PRIVATE KEY-----')] }) },
  'guardrail.protected-path': { level: 'block', input: () => ({ files: [...gateInput().files, added('package-lock.json', '{}')] }) },
  'guardrail.gate-config-changed': { level: 'block', input: () => ({ files: [...gateInput().files, added('.github/handoff-gate.yml', 'verify: {}')] }) },
  'guardrail.tests-deleted': { level: 'block', input: () => ({ files: [...gateInput().files, { path: 'src/a.test.ts', status: 'deleted', added: [], deletions: 3, binary: false }] }) },
  'guardrail.branch-policy': { level: 'block', input: () => ({ branch: 'main', config: config('guardrails:\n  branches:\n    allow: ["agent/**"]\n') }) },
  'guardrail.branch-unknown': { level: 'block', input: () => ({ config: config('guardrails:\n  branches:\n    allow: ["agent/**"]\n') }) },
  'guardrail.harness-tampering': { level: 'block', input: () => ({ files: [...gateInput().files, added('src/clock.ts', 'Date.now = () => 0;')], tree: memoryTree({ ...Object.fromEntries(gateInput().handoffFiles.map((f) => [f.path, f.text])), 'src/clock.ts': 'Date.now = () => 0;' }) }) },
  'guardrail.excused': { level: 'warn', input: () => ({ files: [...gateInput().files, added('src/a.test.ts', `${SKIPPED}('x'); // handoff-gate-allow: skipped-test -- flaky upstream`)] }) },
  'verify.new-findings': { level: 'fail', input: () => ({ config: lintConfig, steps: [lintStep([{ file: 'a.ts', message: 'x unused' }])], baseline: new Map([['lint', []]]) }) },
  'verify.step-error': { level: 'block', input: () => ({ config: lintConfig, steps: [lintStep([], { status: 'error', error: 'timed out after 600 s and was killed' })] }) },
  'verify.optional-step-error': { level: 'warn', input: () => ({ config: lintConfig, steps: [lintStep([], { status: 'error', required: false, error: 'crashed' })] }) },
  'verify.skipped': { level: 'block', input: () => ({ config: lintConfig, steps: [lintStep([], { status: 'skipped', error: 'not run' })] }) },
  'verify.pre-existing': { level: 'info', input: () => ({ config: lintConfig, steps: [lintStep([{ file: 'a.ts', message: 'old' }])], baseline: new Map([['lint', lintStep([{ file: 'a.ts', message: 'old' }]).findings]]) }) },
  'verify.containment-weak': { level: 'warn', input: () => ({ config: lintConfig, steps: [lintStep([], { containment: { level: 'session', via: 'process-group', reason: 'no unshare' } })] }) },
  'verify.test-missing': { level: 'block', input: () => ({ config: testConfig(), steps: [testStep([passed('adds')])], ledgers: { baseTests: new Map([['test', [passed('adds'), passed('subtracts')]]]) } }) },
  'verify.test-skipped': { level: 'block', input: () => ({ config: testConfig(), steps: [testStep([passed('adds'), { name: 'subtracts', file: 'a.test.ts', outcome: 'skipped' }])], ledgers: { baseTests: new Map([['test', [passed('adds'), passed('subtracts')]]]) } }) },
  'verify.tests-not-run': { level: 'fail', input: () => ({ config: testConfig(), files: [...gateInput().files, added('src/b.test.ts', "it('b', () => {});\n")], steps: [testStep([passed('adds')])] }) },
  'verify.base-tests-fail': {
    level: 'block',
    input: () => ({ config: testConfig(), steps: [testStep([passed('adds')])], ledgers: { baseTests: new Map([['test', [passed('adds')]]]), baseTestsRuns: new Map([['test', { files: ['a.test.ts'], cases: [{ name: 'adds', file: 'a.test.ts', outcome: 'failed' as const }] }]]) } }),
  },
  'guardrail.verify-config-changed': { level: 'block', input: () => ({ files: [...gateInput().files, { path: 'eslint.config.js', status: 'modified', added: [{ line: 3, text: "  { ignores: ['src/**'] }," }], deletions: 0, binary: false }] }) },
  'verify.baseline-unavailable': { level: 'warn', input: () => ({ config: lintConfig, steps: [lintStep([])], baselineError: 'worktree failed' }) },
  'verify.nothing-verified': { level: 'info', input: () => ({}) },
  'verify.evidence-missing': { level: 'block', input: () => ({ config: lintConfig, steps: [], stepVerdicts: [], evidenceProblem: { code: 'verify.evidence-missing', message: 'no artifact handoff-gate-evidence' } }) },
  'verify.evidence-run-failed': { level: 'block', input: () => ({ evidenceProblem: { code: 'verify.evidence-run-failed', message: 'the verify run was cancelled' } }) },
  'verify.evidence-stale': { level: 'block', input: () => ({ evidenceProblem: { code: 'verify.evidence-stale', message: 'the evidence is for another commit' } }) },
  'verify.rerun-ignored': { level: 'warn', input: () => ({ verificationNotes: [{ code: 'verify.rerun-ignored', message: 're-run workflow run 7 concluded failure; the earlier results stand' }] }) },
  'verify.rerun-pending': { level: 'warn', input: () => ({ verificationNotes: [{ code: 'verify.rerun-pending', message: 're-run of lint (workflow run 8) is in_progress' }] }) },
  'verify.evidence-invalid': { level: 'block', input: () => ({ evidenceProblem: { code: 'verify.evidence-invalid', message: 'not JSON' } }) },
  'verify.evidence-too-large': { level: 'block', input: () => ({ evidenceProblem: { code: 'verify.evidence-too-large', message: '100 MB' } }) },
  // Not from the rules: judgeSuspicions adds it after the LLM second reader (test/llm/suspicions.test.ts drives the model path).
  'review.suspected-cheat': { level: 'warn', input: () => ({}), after: (r) => judgeSuspicions(r, [{ family: 'test-special-casing', file: 'src/sum.ts', line: 3, evidence: 'if (a === 2 && b === 2) return 5', confidence: 0.9 }], 0.8).result },
  'report.missing-deliverable': { level: 'fail', input: () => ({ runReports: [{ path: 'docs/runs/r.md', text: '# Run\n- [x] done\n- [ ] docs\n' }] }) },
  'report.unreadable': { level: 'fail', input: () => ({ runReports: [{ path: 'docs/runs/r.md', text: { length: 1, slice: () => { throw new RangeError('boom'); } } as unknown as string }] }) },
  'report.risk-open': { level: 'fail', input: () => ({ runReports: [{ path: 'docs/runs/r.md', text: '# Run\n## Risks\n- **R-1 – Data loss on retry (Owner: Ana) – Status: Red**\n' }] }) },
};

const VERDICT_OF: Record<ReasonLevel, string> = { block: 'BLOCKED', fail: 'FAIL', warn: 'PASS', info: 'PASS' };

describe('reason codes', () => {
  it('has a case for every code', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(REASON_CODES).sort());
  });

  it('a clean input passes and is accepted', async () => {
    const result = await evaluateGate(gateInput());
    expect(result.reasons.filter((r) => r.level !== 'info')).toEqual([]);
    expect(result).toMatchObject({ verdict: 'PASS', decision: 'accepted', acceptance: true, conclusion: 'success', safeToMerge: true, regressionDetected: false });
  });

  it.each(Object.entries(CASES))('%s', async (code, { level, input, after }) => {
    const evaluated = await evaluateGate(gateInput(input()));
    const result = after ? after(evaluated) : evaluated;
    const reason = result.reasons.find((r) => r.code === code);
    expect(reason, `no ${code} in ${JSON.stringify(result.reasons.map((r) => r.code))}`).toBeDefined();
    expect(reason?.level).toBe(level);
    // Each case is minimal: the code's own level decides the verdict (warn/info ones need no other reason).
    if (level === 'block' || level === 'fail') expect(result.verdict).toBe(VERDICT_OF[level]);
    else expect(result.reasons.filter((r) => r.code === code).every((r) => r.level === level)).toBe(true);
  });
});

describe('evaluateGate details', () => {
  it('BLOCKED outranks FAIL and every fired reason is listed', async () => {
    const result = await evaluateGate(gateInput({ ...withHandoffs(handoff({ attempt: 0 })), files: [added('.handoff/h.json', '{}'), added('src/a.test.ts', `${FOCUSED}('x');`)] }));
    expect(result.verdict).toBe('BLOCKED');
    expect(result.decision).toBe('blocked');
    expect(result.conclusion).toBe('action_required');
    expect(result.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['guardrail.forbidden-pattern', 'handoff.schema']));
  });

  it('FAIL gives in_progress and a failure conclusion; a rejection gives rejected', async () => {
    const failed = await evaluateGate(gateInput(withHandoffs(handoff({ status: 'failed' }))));
    expect([failed.verdict, failed.decision, failed.conclusion, failed.acceptance]).toEqual(['FAIL', 'in_progress', 'failure', false]);
    const rejected = await evaluateGate(gateInput({ reviewState: { approvals: [], rejection: { by: 'a', reason: 'no' } } }));
    expect([rejected.decision, rejected.conclusion]).toEqual(['rejected', 'failure']);
  });

  it('an approval clears the gate it names, and only that one', async () => {
    const input = withHandoffs(handoff({ requiresApproval: 'release-managers' }));
    const pending = await evaluateGate(gateInput(input));
    expect(pending.gates).toEqual([expect.objectContaining({ id: 'role-release-managers', status: 'pending' })]);
    const approved = await evaluateGate(gateInput({ ...input, reviewState: { approvals: [{ gate: 'role-release-managers', user: 'alice' }, { gate: 'other', user: 'bob' }] } }));
    expect(approved.gates[0]).toMatchObject({ status: 'approved', approvedBy: ['alice'] });
    expect(approved.verdict).toBe('PASS');
  });

  it('an excused hit needs the guardrail-excuse gate, and passes once approved', async () => {
    const files = [...gateInput().files, added('src/a.test.ts', `${SKIPPED}('x'); // handoff-gate-allow: skipped-test -- flaky upstream`)];
    expect((await evaluateGate(gateInput({ files }))).reasons.find((r) => r.code === 'gate.approval-pending')?.rule).toBe('guardrail-excuse');
    const approved = await evaluateGate(gateInput({ files, reviewState: { approvals: [{ gate: 'guardrail-excuse', user: 'lead' }] } }));
    expect(approved.verdict).toBe('PASS');
  });

  it('accepts a matching artifact checksum', async () => {
    const sha = createHash('sha256').update('hello').digest('hex');
    const result = await evaluateGate(gateInput({ ...withHandoffs(handoff({ artifacts: [{ path: 'out.txt', sha256: sha.toUpperCase() }] })), tree: memoryTree({ 'out.txt': 'hello' }) }));
    expect(result.reasons.filter((r) => r.code.startsWith('handoff.'))).toEqual([]);
  });

  it('one bad handoff file does not hide the others', async () => {
    const result = await evaluateGate(gateInput(withHandoffs({ path: '.handoff/bad.yaml', text: 'a: [' }, handoff({ stepId: 'ok' }, '.handoff/ok.json'))));
    expect(result.handoffs.map((h) => h.stepId)).toEqual(['ok']);
    expect(result.handoffProblems.map((p) => p.file)).toEqual(['.handoff/bad.yaml']);
  });

  it('the same handoff committed twice is not an idempotency reuse', async () => {
    const h = handoff({});
    const result = await evaluateGate(gateInput(withHandoffs(h, { ...h, path: '.handoff/copy.json' })));
    expect(result.reasons.some((r) => r.code === 'handoff.idempotency-reuse')).toBe(false);
  });

  it('appending to an append-only log is allowed', async () => {
    const base = { 'ops/events.jsonl': '{"e":1}\n' };
    const head = { ...Object.fromEntries(gateInput().handoffFiles.map((f) => [f.path, f.text])), 'ops/events.jsonl': '{"e":1}\n{"e":2}\n' };
    const result = await evaluateGate(gateInput({ files: [...gateInput().files, { path: 'ops/events.jsonl', status: 'modified', added: [{ line: 2, text: '{"e":2}' }], deletions: 0, binary: false }], tree: memoryTree(head, base) }));
    expect(result.reasons.some((r) => r.code === 'handoff.append-only')).toBe(false);
  });

  it('marks regressions and hashes its inputs', async () => {
    const result = await evaluateGate(gateInput(CASES['verify.new-findings'].input()));
    expect(result.regressionDetected).toBe(true);
    expect(result.safeToMerge).toBe(false);
    expect(result.inputs.findings).toMatch(/^[0-9a-f]{64}$/);
    const again = await evaluateGate(gateInput(CASES['verify.new-findings'].input()));
    expect(again.inputs).toEqual(result.inputs);
  });
});
