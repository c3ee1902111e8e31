/**
 * Partial evidence merged into complete evidence: a re-run replaces exactly the steps it names, the
 * run that started last wins, and documents for another head, merge base or configuration are refused.
 * The property: whatever partial documents arrive, no step they did not name changes, and every named
 * step's result is one some re-run reported (or an error), never a pass from nowhere.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEvidence } from '../../src/core/verify/evidence.js';
import type { Evidence } from '../../src/core/verify/evidence-schema.js';
import { mergeEvidence, type EvidenceFromRun } from '../../src/core/verify/merge-evidence.js';
import { stepWith } from '../helpers/evidence-stand-in.js';

const HEAD = 'd'.repeat(40);
const BASE = 'b'.repeat(40);
const origin = { repository: 'o/r', pullRequest: 5, headSha: HEAD, baseSha: BASE, workflowRunAttempt: 1, configText: 'verify: {}\n' };

function doc(runId: number, steps: [string, number][], fields: Partial<Parameters<typeof buildEvidence>[0]> = {}): Evidence {
  return buildEvidence({ ...origin, workflowRunId: runId, ...fields }, steps.map(([id, errors]) => stepWith(id, errors)));
}
const at = (minute: number) => `2026-11-24T12:${String(minute).padStart(2, '0')}:00Z`;
const complete: EvidenceFromRun = { evidence: doc(1, [['lint', 0], ['test', 1]]), runId: 1, startedAt: at(0) };
const errorsOf = (e: Evidence) => Object.fromEntries(e.steps.map((s) => [s.id, s.newErrors]));

describe('mergeEvidence', () => {
  it('replaces only the steps a re-run names, and says where each came from', () => {
    const partial = { evidence: doc(2, [['test', 0], ['lint', 9]], { rerunSteps: ['test'] }), runId: 2, startedAt: at(5) };
    const merged = mergeEvidence(complete, [partial]);
    expect(errorsOf(merged.evidence)).toEqual({ lint: 0, test: 0 });
    expect([...merged.reruns]).toEqual([['test', { runId: 2, startedAt: at(5) }]]);
    expect(merged.refused).toEqual([]);
    expect(merged.evidence.rerun).toBeUndefined();
  });

  it('the re-run that started last wins, whatever order the documents come in; a full run started later supersedes a re-run', () => {
    const older = { evidence: doc(2, [['test', 0]], { rerunSteps: ['test'] }), runId: 2, startedAt: at(5) };
    const newer = { evidence: doc(3, [['test', 4]], { rerunSteps: ['test'] }), runId: 3, startedAt: at(9) };
    expect(errorsOf(mergeEvidence(complete, [newer, older]).evidence)).toEqual({ lint: 0, test: 4 });
    const laterComplete = { ...complete, startedAt: at(20) };
    const merged = mergeEvidence(laterComplete, [older]);
    expect(errorsOf(merged.evidence)).toEqual({ lint: 0, test: 1 });
    expect(merged.reruns.size).toBe(0);
  });

  it('refuses re-runs for another head, merge base or configuration, and documents that are not partial', () => {
    const cases: [Partial<Parameters<typeof buildEvidence>[0]>, RegExp][] = [
      [{ headSha: 'c'.repeat(40), rerunSteps: ['test'] }, /is for commit cccccccccccc, not the head dddddddddddd/],
      [{ baseSha: 'e'.repeat(40), rerunSteps: ['test'] }, /merge base eeeeeeeeeeee/],
      [{ configText: 'verify: { steps: [] }\n', rerunSteps: ['test'] }, /another configuration/],
      [{}, /not partial evidence/],
    ];
    for (const [fields, message] of cases) {
      const merged = mergeEvidence(complete, [{ evidence: doc(2, [['test', 0]], fields), runId: 2, startedAt: at(5) }]);
      expect(errorsOf(merged.evidence)).toEqual({ lint: 0, test: 1 });
      expect(merged.refused).toHaveLength(1);
      expect(merged.refused[0]?.message).toMatch(message);
    }
  });

  it('a named step the re-run reported nothing for becomes an error, never a pass', () => {
    const merged = mergeEvidence(complete, [{ evidence: doc(2, [['lint', 0]], { rerunSteps: ['test'] }), runId: 2, startedAt: at(5) }]);
    const test = merged.evidence.steps.find((s) => s.id === 'test');
    expect(test?.status).toBe('error');
    expect(test?.error).toContain('named this step but reported no result');
  });

  it('property: steps no re-run named keep their complete result; named steps take a reported result or an error', () => {
    const ids = ['a', 'b', 'c', 'd'];
    const partialArb = fc.record({
      named: fc.subarray(ids, { minLength: 1 }),
      reported: fc.subarray(ids),
      errors: fc.integer({ min: 0, max: 3 }),
      minute: fc.integer({ min: 1, max: 59 }),
      headOk: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(partialArb, { maxLength: 6 }), (specs) => {
        const full: EvidenceFromRun = { evidence: doc(1, ids.map((id) => [id, 2])), runId: 1, startedAt: at(0) };
        const partials = specs.map((p, i) => ({ evidence: doc(10 + i, p.reported.map((id) => [id, p.errors]), { rerunSteps: p.named, ...(p.headOk ? {} : { headSha: 'c'.repeat(40) }) }), runId: 10 + i, startedAt: at(p.minute) }));
        const merged = mergeEvidence(full, partials);
        const namedByAccepted = new Set(specs.filter((p) => p.headOk).flatMap((p) => p.named));
        for (const step of merged.evidence.steps) {
          if (!namedByAccepted.has(step.id)) {
            expect(step.newErrors).toBe(2);
            expect(merged.reruns.has(step.id)).toBe(false);
          } else {
            const from = merged.reruns.get(step.id);
            expect(from).toBeDefined();
            const spec = specs[(from?.runId ?? 0) - 10];
            expect(spec?.headOk && spec.named.includes(step.id)).toBe(true);
            if (spec?.reported.includes(step.id)) expect(step.newErrors).toBe(spec.errors);
            else expect(step.status).toBe('error');
          }
        }
        expect(merged.evidence.steps.map((s) => s.id).sort()).toEqual(ids);
      }),
      { numRuns: 300 },
    );
  });
});
