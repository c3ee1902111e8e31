/**
 * Baseline evidence (schema baseline-evidence-1.x) as data: built within its bounds (a step that
 * would not fit is left out and named, never cut short), read back only when it is the 1.x shape and
 * bound to the commit, run, attempt and repository it was listed under, and reused per step only when
 * the configuration, the step and the tool fingerprint all match.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load-config.js';
import type { VerifyStepConfig } from '../../src/core/config/config-schema.js';
import { BASELINE_LIMITS, baselineEvidenceJsonSchema, buildBaselineEvidence, formatBaselineEvidence, matchingBaseSteps, parseBaselineEvidence } from '../../src/core/verify/baseline-evidence.js';
import { withFingerprints } from '../../src/core/verify/finding.js';
import type { StepResult } from '../../src/core/verify/step-result.js';

const SHA = 'a'.repeat(40);
const FP = 'f'.repeat(64);
const CONFIG = 'verify:\n  steps:\n    - id: lint\n      run: npm run lint\n      format: eslint-json\n    - id: test\n      run: npm test\n      format: junit\n';
const steps = (text = CONFIG): VerifyStepConfig[] => {
  const loaded = loadConfig('.github/handoff-gate.yml', text);
  if (!loaded.ok) throw new Error('bad config');
  return loaded.config.verify.steps;
};
const origin = { repository: 'o/r', commitSha: SHA, workflowRunId: 7, workflowRunAttempt: 2, configText: CONFIG };
const expected = { commitSha: SHA, runId: 7, runAttempt: 2, repository: 'o/r' };
const result = (id: string, findings: number, fields: Partial<StepResult> = {}): StepResult => ({
  id,
  required: true,
  status: findings > 0 ? 'failed' : 'passed',
  durationMs: 10,
  exitCode: findings > 0 ? 1 : 0,
  findings: withFingerprints(id, Array.from({ length: findings }, (_, i) => ({ rule: 'no-unused-vars', message: `'x${i}' is never used`, severity: 'error' as const, file: 'src/a.ts', line: i + 1 }))),
  ...fields,
});
const fingerprints = new Map([['lint', FP], ['test', FP]]);

describe('baseline evidence', () => {
  it('round-trips a document with findings and a test ledger, and the generated JSON Schema (ajv strict) accepts it', () => {
    const built = buildBaselineEvidence(origin, steps(), [result('lint', 2), result('test', 0, { tests: [{ name: 'adds', file: 'a.test.ts', outcome: 'passed' }] })], fingerprints);
    const bytes = formatBaselineEvidence(built);
    const parsed = parseBaselineEvidence(bytes, expected);
    expect(parsed).toEqual({ ok: true, baseline: built });
    const validate = new Ajv2020({ strict: true }).compile(baselineEvidenceJsonSchema());
    expect(validate(JSON.parse(new TextDecoder().decode(bytes)))).toBe(true);
    expect(validate({ ...built, kind: 'evidence' })).toBe(false);
  });

  it('leaves out, and names, a step that errored or has more findings than the bound: never a cut-short base', () => {
    const built = buildBaselineEvidence(origin, steps(), [result('lint', BASELINE_LIMITS.maxFindingsPerStep + 1), result('test', 0, { status: 'error', error: 'jest not found' })], fingerprints);
    expect(built.steps).toEqual([]);
    expect(built.omitted?.map((o) => o.id)).toEqual(['lint', 'test']);
    expect(built.omitted?.[1]?.reason).toContain('jest not found');
  });

  it.each([
    ['another commit', { commitSha: 'b'.repeat(40) }],
    ['another run', { runId: 8 }],
    ['another attempt', { runAttempt: 1 }],
    ['another repository', { repository: 'o/other' }],
  ])('refuses a baseline bound to %s', (_what, change) => {
    const bytes = formatBaselineEvidence(buildBaselineEvidence(origin, steps(), [result('lint', 1), result('test', 0)], fingerprints));
    expect(parseBaselineEvidence(bytes, { ...expected, ...change }).ok).toBe(false);
  });

  it.each([
    ['not JSON', new TextEncoder().encode('all pre-existing')],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0x7d])],
    ['the wrong kind', new TextEncoder().encode(JSON.stringify({ schemaVersion: '1.0', kind: 'evidence' }))],
    ['over the byte limit', new Uint8Array(BASELINE_LIMITS.maxBytes + 1)],
  ])('refuses %s with a message, never a throw', (_what, bytes) => {
    const parsed = parseBaselineEvidence(bytes, expected);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message.length).toBeGreaterThan(10);
  });

  it('refuses a step listed twice', () => {
    const built = buildBaselineEvidence(origin, steps(), [result('lint', 1), result('test', 0)], fingerprints);
    const twice = { ...built, steps: [built.steps[0], built.steps[0]] };
    expect(parseBaselineEvidence(new TextEncoder().encode(JSON.stringify(twice)), expected)).toMatchObject({ ok: false, message: expect.stringContaining('twice') });
  });

  it('reuses a step only when the configuration, the step and the tool fingerprint all match', () => {
    const built = buildBaselineEvidence(origin, steps(), [result('lint', 2), result('test', 0)], fingerprints);
    expect([...matchingBaseSteps(built, CONFIG, steps(), fingerprints).keys()]).toEqual(['lint', 'test']);
    expect(matchingBaseSteps(built, CONFIG, steps(), fingerprints).get('lint')?.findings).toHaveLength(2);
    expect([...matchingBaseSteps(built, CONFIG, steps(), new Map([['lint', FP], ['test', 'e'.repeat(64)]])).keys()]).toEqual(['lint']);
    expect(matchingBaseSteps(built, `${CONFIG}# edited\n`, steps(), fingerprints).size).toBe(0);
    // Same configuration hash claimed, but the step itself differs from the one published.
    const changed = steps().map((s) => (s.id === 'test' ? { ...s, run: 'npm test -- --bail' } : s));
    expect([...matchingBaseSteps(built, CONFIG, changed, fingerprints).keys()]).toEqual(['lint']);
  });
});
