/**
 * The gate end to end on the demo repository, with the real ESLint, tsc and vitest: what the README's
 * `npm run demo` shows, asserted.
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { GateResult } from '../../src/core/result.js';
import { buildDemoRepo, type DemoRepo } from '../../src/demo/build-demo-repo.js';
import { runLocalGate } from '../../src/local/local-gate.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let demo: DemoRepo;
let result: GateResult;

beforeAll(async () => {
  demo = buildDemoRepo(root);
  result = (await runLocalGate({ repo: demo.repo, base: 'main', head: 'HEAD', env: process.env })).result;
});
afterAll(() => rmSync(demo.parent, { recursive: true, force: true }));

describe('demo repository', () => {
  it('is BLOCKED by the skipped test and lists every other reason too', () => {
    expect(result.verdict).toBe('BLOCKED');
    expect(result.decision).toBe('blocked');
    const codes = new Set(result.reasons.map((r) => r.code));
    for (const code of ['guardrail.forbidden-pattern', 'verify.new-findings', 'handoff.claim-mismatch', 'handoff.deliverable-missing', 'report.missing-deliverable', 'verify.pre-existing']) {
      expect(codes, code).toContain(code);
    }
    expect(result.reasons.find((r) => r.code === 'guardrail.forbidden-pattern')).toMatchObject({ rule: 'skipped-test', file: 'src/restock.test.ts', line: 9 });
  });

  it('tells the pre-existing lint error from the agent\'s new ones (real ESLint on base and head)', () => {
    const lint = result.steps.find((s) => s.id === 'lint');
    expect(lint?.baselined).toBe(true);
    expect(lint?.preExisting.map((f) => [f.file, f.rule])).toEqual([['src/format.ts', '@typescript-eslint/no-unused-vars']]);
    expect(lint?.newFindings.map((f) => [f.file, f.line, f.rule])).toEqual([
      ['src/restock.ts', 13, '@typescript-eslint/no-unused-vars'],
      ['src/restock.ts', 13, '@typescript-eslint/no-explicit-any'],
    ]);
  });

  it('sees tsc and vitest pass, and confirms the true claims', () => {
    expect(result.steps.find((s) => s.id === 'typecheck')?.status).toBe('passed');
    expect(result.steps.find((s) => s.id === 'test')).toMatchObject({ status: 'passed', newErrors: 0 });
    const mismatches = result.reasons.filter((r) => r.code === 'handoff.claim-mismatch').map((r) => r.rule);
    expect(mismatches).toEqual(['lint']);
  });

  it('checks the artifact checksum, the delegation ACL and the dependency graph without complaint', () => {
    expect(result.reasons.some((r) => ['handoff.checksum', 'handoff.delegation', 'handoff.cycle', 'guardrail.branch-policy'].includes(r.code))).toBe(false);
    expect(result.handoffs.map((h) => h.stepId)).toEqual(['plan', 'build']);
  });

  it('the CLI prints the review and exits 2 (BLOCKED); --skip-verify blocks too', async () => {
    let stdout = '';
    const io = { stdout: (t: string) => (stdout += t), stderr: () => {}, env: process.env, cwd: demo.repo, isTTY: false };
    expect(await main(['check', '--base', 'main', '--format', 'markdown'], io)).toBe(2);
    expect(stdout).toContain('# Orchestrator Review');
    expect(stdout.trimEnd().split('\n').slice(-2)).toEqual(['ACCEPTANCE: no', 'Decision: blocked']);
    stdout = '';
    expect(await main(['check', '--base', 'main', '--format', 'json', '--skip-verify'], io)).toBe(2);
    const report = JSON.parse(stdout) as GateResult;
    expect(report.steps.every((s) => s.status === 'skipped')).toBe(true);
    expect(report.reasons.filter((r) => r.code === 'verify.skipped')).toHaveLength(3);
  });
});
