/**
 * `guardrail.harness-tampering` on real git repositories: every cheat sample in JS, TS and Python is
 * reported on its added line with its construct; every honest control (configuration from the
 * environment, an injectable clock, a real __eq__, memoisation, CLIs, test helpers) is not; code that
 * was already on the base and is not touched never fires; an inline excuse turns a hit into
 * `guardrail.excused`.
 */
import { describe, expect, it } from 'vitest';
import { runLocalGate } from '../../src/local/local-gate.js';
import type { Reason } from '../../src/core/reasons.js';
import { CHEATS, CONTROLS } from '../fixtures/adversary/harness-samples.js';
import { VALID_HANDOFF } from '../helpers/gate-input.js';
import { gitRepo } from '../helpers/git-repo.js';

const HANDOFF = { '.handoff/h.json': JSON.stringify(VALID_HANDOFF, null, 2) };

async function gate(base: Record<string, string>, head: Record<string, string>) {
  const repo = gitRepo(base, { ...HANDOFF, ...head });
  const { result } = await runLocalGate({ repo: repo.dir, base: 'main', head: 'HEAD', env: {}, skipVerify: true });
  return result;
}

const constructOf = (r: Reason) => /^\[([\w-]+)\]/.exec(r.message)?.[1];

describe('guardrail.harness-tampering on a real repository', () => {
  it('reports every cheat sample (JS, TS, Python) with its construct and line, and no control', async () => {
    const samples = [...CHEATS, ...CONTROLS];
    const result = await gate({}, Object.fromEntries(samples.map((s) => [s.path, s.text])));
    const hits = result.reasons.filter((r) => r.code === 'guardrail.harness-tampering');
    for (const sample of samples) {
      const got = [...new Set(hits.filter((r) => r.file === sample.path).map(constructOf))].sort();
      expect({ path: sample.path, got }).toEqual({ path: sample.path, got: [...sample.expect].sort() });
    }
    for (const hit of hits) {
      expect(hit).toMatchObject({ level: 'block', rule: 'harness-tampering' });
      expect(hit.message).toContain(`line ${hit.line}`);
    }
    expect(hits.find((r) => r.file === 'src/sum.ts')).toMatchObject({ line: 2, message: expect.stringContaining('process.env.VITEST') });
    expect(hits.find((r) => r.file === 'pkg/atexit_hook.py')).toMatchObject({ line: 7 });
    expect(result.verdict).toBe('BLOCKED');
    expect(result.decision).not.toBe('accepted');
  });

  it('reports only constructs on lines the change added, not code already on the base', async () => {
    const old = "export function sum(a, b) {\n  if (process.env.VITEST) return 4;\n  return a + b;\n}\n";
    const result = await gate({ 'src/sum.js': old }, { 'src/sum.js': `${old}export const twice = (x) => x * 2;\nexport const sneaky = () => process.env.JEST_WORKER_ID;\n` });
    const hits = result.reasons.filter((r) => r.code === 'guardrail.harness-tampering');
    expect(hits.map((r) => [r.file, r.line])).toEqual([['src/sum.js', 6]]);
  });

  it('sees through what a line regex would miss: a construct split over lines, and ignores one in a comment or a string', async () => {
    const text = "export const f = () =>\n  process\n    .env[\n      'VITEST'\n    ];\n// process.env.VITEST in a comment\nexport const s = 'Date.now = () => 0';\n";
    const base = "export const f = () =>\n  process\n    .env[\n      'HOME'\n    ];\n";
    const result = await gate({ 'src/f.ts': base }, { 'src/f.ts': text });
    const hits = result.reasons.filter((r) => r.code === 'guardrail.harness-tampering');
    expect(hits.map((r) => [r.line, constructOf(r)])).toEqual([[4, 'test-runner-marker']]);
  });

  it('an inline excuse with a reason becomes guardrail.excused and asks for the guardrail-excuse gate', async () => {
    const text = "// handoff-gate-allow: harness-tampering -- the CLI entry must set the exit code on fatal config errors\nexport const die = () => process.exit(78);\n";
    const result = await gate({}, { 'src/die.ts': text });
    expect(result.reasons.filter((r) => r.code === 'guardrail.harness-tampering')).toEqual([]);
    expect(result.reasons.find((r) => r.code === 'guardrail.excused')).toMatchObject({ rule: 'harness-tampering', file: 'src/die.ts', line: 2 });
    expect(result.gates.map((g) => g.id)).toContain('guardrail-excuse');
  });

  it('a file that cannot be parsed is reported as a warning and the other files are still read', async () => {
    const result = await gate({}, { 'src/broken.ts': 'export const = = ;;; {{{\n', 'src/clock.ts': 'Date.now = () => 0;\n' });
    const reasons = result.reasons.filter((r) => r.rule === 'harness-tampering');
    expect(reasons.find((r) => r.file === 'src/clock.ts')).toMatchObject({ level: 'block' });
    const broken = reasons.filter((r) => r.file === 'src/broken.ts');
    expect(broken.every((r) => r.level === 'warn')).toBe(true);
  });

  it('the level is configurable and `off` turns the rule off', async () => {
    const config = "guardrails:\n  harnessTampering:\n    level: off\n";
    const result = await gate({ '.github/handoff-gate.yml': config }, { 'src/clock.ts': 'Date.now = () => 0;\n' });
    expect(result.reasons.filter((r) => r.code === 'guardrail.harness-tampering')).toEqual([]);
  });
});
