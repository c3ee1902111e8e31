/**
 * Evidence 1.x: built from step verdicts within its bounds, read back only when it is the right
 * shape and bound to the same head SHA, verify run, repository and pull request; the published JSON
 * Schema compiles under ajv's strict mode and agrees with the zod source on every sample.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { publishedSchemas, formatSchema } from '../../src/core/published-schemas.js';
import { evaluateGate } from '../../src/core/evaluate-gate.js';
import { buildEvidence, formatEvidence, parseEvidence, stepVerdictsFromEvidence, type EvidenceOrigin } from '../../src/core/verify/evidence.js';
import { EVIDENCE_LIMITS, evidenceSchema, type EvidenceStep } from '../../src/core/verify/evidence-schema.js';
import type { StepVerdict } from '../../src/core/verdict/verify-reasons.js';
import { withFingerprints } from '../../src/core/verify/finding.js';
import { config, gateInput } from '../helpers/gate-input.js';

const HEAD = 'a'.repeat(40);
const BASE = 'b'.repeat(40);
const CONFIG_TEXT = 'verify:\n  steps:\n    - id: lint\n      run: eslint .\n      format: eslint-json\n    - id: test\n      run: npm test\n';
const origin: EvidenceOrigin = { repository: 'octo/repo', pullRequest: 7, headSha: HEAD, baseSha: BASE, workflowRunId: 1001, workflowRunAttempt: 1, configText: CONFIG_TEXT };
const expected = { headSha: HEAD, runId: 1001, runAttempt: 1, repository: 'octo/repo', pullRequest: 7 };

function step(id: string, errors: number, extra: Partial<StepVerdict> = {}): StepVerdict {
  const newFindings = withFingerprints(id, Array.from({ length: errors }, (_, i) => ({ rule: 'no-undef', message: `x${i} is not defined`, severity: 'error' as const, file: `src/f${i}.ts`, line: i + 1 })));
  return { id, required: true, status: errors > 0 ? 'failed' : 'passed', durationMs: 12.4, exitCode: errors > 0 ? 1 : 0, baselined: true, newFindings, preExisting: withFingerprints(id, [{ rule: 'old', message: 'old', severity: 'error' }]), fixed: [], newErrors: errors, ...extra };
}

const bytesOf = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const good = () => buildEvidence(origin, [step('lint', 2), step('test', 0)]);

describe('evidence 1.x', () => {
  it('round-trips: built, written, parsed and lined up with the base configuration', () => {
    const parsed = parseEvidence(formatEvidence(good()), expected);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const lined = stepVerdictsFromEvidence(parsed.evidence, config(CONFIG_TEXT).verify.steps, CONFIG_TEXT);
    expect(lined.configMismatch).toBeUndefined();
    expect(lined.steps.map((s) => [s.id, s.status, s.newErrors, s.preExistingCount, s.newFindings.map((f) => f.file)])).toEqual([
      ['lint', 'failed', 2, 1, ['src/f0.ts', 'src/f1.ts']],
      ['test', 'passed', 0, 1, []],
    ]);
  });

  it('carries each step\'s containment, so the trusted side reports a weakly contained run (verify.containment-weak)', async () => {
    const weak = { level: 'subreaper' as const, via: 'perl', reason: 'unprivileged user namespaces are disabled', noNewPrivs: true };
    const parsed = parseEvidence(formatEvidence(buildEvidence(origin, [step('lint', 0, { containment: weak }), step('test', 0, { containment: { level: 'pid-namespace', via: 'unshare' } })])), expected);
    if (!parsed.ok) throw new Error(parsed.message);
    const lined = stepVerdictsFromEvidence(parsed.evidence, config(CONFIG_TEXT).verify.steps, CONFIG_TEXT);
    expect(lined.steps.map((s) => s.containment?.level)).toEqual(['subreaper', 'pid-namespace']);
    const result = await evaluateGate(gateInput({ config: config(CONFIG_TEXT), stepVerdicts: lined.steps }));
    expect(result.reasons.filter((r) => r.code === 'verify.containment-weak').map((r) => r.rule)).toEqual(['lint']);
  });

  it('keeps within its bounds: findings cut per step with whole counts and the truncated flag', () => {
    const evidence = buildEvidence(origin, [step('lint', EVIDENCE_LIMITS.maxFindingsPerStep + 50, { error: 'e'.repeat(10_000) })]);
    const [s] = evidence.steps;
    expect(s?.newFindings).toHaveLength(EVIDENCE_LIMITS.maxFindingsPerStep);
    expect([s?.newErrors, s?.newFindingsTotal, s?.truncated, s?.error?.length]).toEqual([250, 250, true, EVIDENCE_LIMITS.maxText]);
    expect(parseEvidence(formatEvidence(evidence), expected).ok).toBe(true);
  });

  it('a document at every bound still fits the byte limit: findings are cut further, counts stay whole', () => {
    const huge = Array.from({ length: EVIDENCE_LIMITS.maxSteps }, (_, i) => ({ ...step(`s${i}`, EVIDENCE_LIMITS.maxFindingsPerStep), newFindings: step(`s${i}`, EVIDENCE_LIMITS.maxFindingsPerStep).newFindings.map((f) => ({ ...f, message: 'm'.repeat(EVIDENCE_LIMITS.maxText), file: 'f'.repeat(EVIDENCE_LIMITS.maxName) })) }));
    const bytes = formatEvidence(buildEvidence(origin, huge));
    expect(bytes.byteLength).toBeLessThanOrEqual(EVIDENCE_LIMITS.maxBytes);
    const parsed = parseEvidence(bytes, expected);
    expect(parsed.ok && parsed.evidence.steps.every((s) => s.truncated && s.newErrors === EVIDENCE_LIMITS.maxFindingsPerStep && s.newFindings.length < EVIDENCE_LIMITS.maxFindingsPerStep)).toBe(true);
  });

  it('the required flag and the list of steps come from the base configuration, never from the evidence', () => {
    const evidence = good();
    const lined = stepVerdictsFromEvidence({ ...evidence, steps: [{ ...(evidence.steps[0] as EvidenceStep), required: false }] }, [{ id: 'lint', required: true }, { id: 'test', required: true }], CONFIG_TEXT);
    expect(lined.steps.map((s) => [s.id, s.required, s.status])).toEqual([['lint', true, 'failed'], ['test', true, 'skipped']]);
  });

  it('a step that says "passed" with error findings listed still counts them', () => {
    const evidence = good();
    const lying = { ...evidence, steps: [{ ...(evidence.steps[0] as EvidenceStep), status: 'passed' as const, newErrors: 0 }] };
    expect(stepVerdictsFromEvidence(lying, [{ id: 'lint', required: true }], CONFIG_TEXT).steps[0]?.newErrors).toBe(2);
  });

  it('evidence produced with another configuration is reported as such', () => {
    expect(stepVerdictsFromEvidence(good(), [{ id: 'lint', required: true }], 'verify: {}\n').configMismatch).toContain('another configuration');
  });

  it.each([
    ['another head SHA', { headSha: 'c'.repeat(40) }, 'verify.evidence-stale', 'not the head'],
    ['another run', { runId: 999 }, 'verify.evidence-stale', 'uploaded by run 999'],
    ['an older attempt', { runAttempt: 2 }, 'verify.evidence-stale', 'attempt 1'],
    ['another repository', { repository: 'evil/repo' }, 'verify.evidence-stale', 'repository octo/repo'],
    ['another pull request', { pullRequest: 8 }, 'verify.evidence-stale', 'pull request #7'],
  ])('binds to the trusted facts: %s → stale', (_what, change, code, text) => {
    const parsed = parseEvidence(formatEvidence(good()), { ...expected, ...change });
    expect(parsed).toMatchObject({ ok: false, code });
    expect(!parsed.ok && parsed.message).toContain(text);
  });

  it.each([
    ['not JSON', bytesOf('PK\u0003\u0004 not json'), 'verify.evidence-invalid', 'not UTF-8 JSON'],
    ['not UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'verify.evidence-invalid', 'not UTF-8 JSON'],
    ['JSON null', bytesOf('null'), 'verify.evidence-invalid', 'does not match schema'],
    ['version 2.0', bytesOf({ ...good(), schemaVersion: '2.0' }), 'verify.evidence-invalid', '/schemaVersion'],
    ['a short SHA', bytesOf({ ...good(), headSha: 'abc' }), 'verify.evidence-invalid', '/headSha'],
    ['an unknown status', bytesOf({ ...good(), steps: [{ ...good().steps[0], status: 'passed-honestly' }] }), 'verify.evidence-invalid', '/steps/0/status'],
    ['too many steps', bytesOf({ ...good(), steps: Array.from({ length: EVIDENCE_LIMITS.maxSteps + 1 }, (_, i) => ({ ...good().steps[1], id: `s${i}` })) }), 'verify.evidence-invalid', '/steps'],
    ['a step twice', bytesOf({ ...good(), steps: [good().steps[0], good().steps[0]] }), 'verify.evidence-invalid', 'twice'],
    ['over the byte limit', new Uint8Array(EVIDENCE_LIMITS.maxBytes + 1).fill(0x20), 'verify.evidence-too-large', 'over the'],
  ])('rejects %s with a specific code', (_what, bytes, code, text) => {
    const parsed = parseEvidence(bytes, expected);
    expect(parsed).toMatchObject({ ok: false, code });
    expect(!parsed.ok && parsed.message).toContain(text);
  });

  it('accepts a later 1.x with additional optional properties it does not know yet', () => {
    const later = { ...good(), schemaVersion: '1.3', runner: { os: 'linux' }, steps: good().steps.map((s) => ({ ...s, sandbox: 'microvm', ledger: { passed: 3 } })) };
    expect(parseEvidence(bytesOf(later), expected).ok).toBe(true);
  });

  it('an evidence problem blocks the gate with its own code', async () => {
    const result = await evaluateGate(gateInput({ evidenceProblem: { code: 'verify.evidence-stale', message: 'the evidence is for another commit' } }));
    expect(result.verdict).toBe('BLOCKED');
    expect(result.reasons).toContainEqual(expect.objectContaining({ code: 'verify.evidence-stale', level: 'block' }));
  });
});

describe('schemas/evidence-1.0.schema.json', () => {
  const schema = publishedSchemas()['evidence-1.0.schema.json'] as object;
  const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

  it('is committed as generated', () => {
    expect(readFileSync(new URL('../../schemas/evidence-1.0.schema.json', import.meta.url), 'utf8')).toBe(formatSchema(schema));
  });

  it('agrees with the zod source on good and bad documents (ajv strict)', () => {
    const samples: unknown[] = [
      good(),
      { ...good(), schemaVersion: '1.9', extra: true },
      { ...good(), schemaVersion: '2.0' },
      { ...good(), pullRequest: 0 },
      { ...good(), steps: [{ ...good().steps[0], newFindings: [{ step: 'lint', rule: '', message: 'm', severity: 'error', fingerprint: 'abcdef0123' }] }] },
      { ...good(), steps: [{ ...good().steps[0], exitCode: 1.5 }] },
      { ...good(), configSha256: 'nope' },
      { ...good(), producedBy: { workflowRunId: 1 } },
      { ...good(), steps: [{ ...good().steps[0], error: 'x'.repeat(EVIDENCE_LIMITS.maxText + 1) }] },
    ];
    const verdicts = samples.map((s) => [validate(s), evidenceSchema.safeParse(s).success]);
    expect(verdicts.map(([a, z]) => a === z)).toEqual(samples.map(() => true));
    expect(verdicts.map(([a]) => a)).toEqual([true, true, false, false, false, false, false, false, false]);
  });
});
