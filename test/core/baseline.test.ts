import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareWithBaseline } from '../../src/core/verify/compare-baseline.js';
import { fingerprintOf, withFingerprints, type Finding } from '../../src/core/verify/finding.js';
import { formatBaselineFile, parseBaselineFile } from '../../src/core/verify/baseline-file.js';

const finding = (file: string, line: number, message: string, rule = 'no-unused-vars'): Finding => withFingerprints('lint', [{ rule, message, severity: 'error', file, line }])[0] as Finding;

describe('fingerprintOf', () => {
  it('ignores line numbers and whitespace but not the rule, file or message', () => {
    const a = fingerprintOf('lint', { rule: 'r', message: "'x' unused", severity: 'error', file: 'a.ts', line: 3 });
    expect(fingerprintOf('lint', { rule: 'r', message: "'x'   unused", severity: 'error', file: 'a.ts', line: 90 })).toBe(a);
    expect(fingerprintOf('lint', { rule: 'r', message: "'y' unused", severity: 'error', file: 'a.ts' })).not.toBe(a);
    expect(fingerprintOf('lint', { rule: 'q', message: "'x' unused", severity: 'error', file: 'a.ts' })).not.toBe(a);
    expect(fingerprintOf('lint', { rule: 'r', message: "'x' unused", severity: 'error', file: 'b.ts' })).not.toBe(a);
    expect(fingerprintOf('test', { rule: 'r', message: "'x' unused", severity: 'error', file: 'a.ts' })).not.toBe(a);
  });
});

describe('compareWithBaseline', () => {
  it('counts only findings beyond the baseline as new, even when code moved', () => {
    const base = [finding('a.ts', 3, "'x' unused"), finding('b.ts', 1, "'y' unused")];
    const head = [finding('a.ts', 10, "'x' unused"), finding('a.ts', 20, "'x' unused"), finding('c.ts', 2, "'z' unused")];
    const result = compareWithBaseline(head, base);
    expect(result.preExisting.map((f) => [f.file, f.line])).toEqual([['a.ts', 10]]);
    expect(result.newFindings.map((f) => [f.file, f.line])).toEqual([['a.ts', 20], ['c.ts', 2]]);
    expect(result.fixed.map((f) => f.file)).toEqual(['b.ts']);
  });

  it('treats everything as new without a baseline', () => {
    const head = [finding('a.ts', 1, 'm')];
    expect(compareWithBaseline(head, undefined)).toEqual({ newFindings: head, preExisting: [], fixed: [] });
  });

  it('partitions the head findings and balances the counts (property)', () => {
    const arb = fc.array(fc.record({ file: fc.constantFrom('a.ts', 'b.ts'), line: fc.nat(50), message: fc.constantFrom('m1', 'm2', 'm3') }), { maxLength: 40 });
    fc.assert(
      fc.property(arb, arb, (headRaw, baseRaw) => {
        const head = headRaw.map((f) => finding(f.file, f.line, f.message));
        const base = baseRaw.map((f) => finding(f.file, f.line, f.message));
        const r = compareWithBaseline(head, base);
        expect(r.newFindings.length + r.preExisting.length).toBe(head.length);
        expect(r.preExisting.length + r.fixed.length).toBe(base.length);
      }),
    );
  });
});

describe('baseline file', () => {
  it('round-trips and rejects malformed files', () => {
    const findings = [finding('a.ts', 1, 'm')];
    const parsed = parseBaselineFile(formatBaselineFile(findings));
    expect(parsed.ok && parsed.byStep.get('lint')).toEqual(findings);
    expect(parseBaselineFile('{').ok).toBe(false);
    expect(parseBaselineFile('{"version":2,"findings":[]}').ok).toBe(false);
    expect(parseBaselineFile('{"version":1,"findings":[{"rule":"x"}]}').ok).toBe(false);
  });
});
