/** `/gate rerun` arguments resolved against the configured steps and the head's latest results. */
import { describe, expect, it } from 'vitest';
import { resolveRerun, type StepOutcome } from '../../src/core/commands/rerun-request.js';
import { formatRecordReply, parseRecords } from '../../src/core/timeline/records.js';

const STEPS = ['lint', 'types', 'test'];
const latest: StepOutcome[] = [
  { id: 'lint', status: 'passed', newErrors: 0 },
  { id: 'types', status: 'error', newErrors: 0 },
  { id: 'test', status: 'failed', newErrors: 2 },
];

describe('resolveRerun', () => {
  it('no argument re-runs everything', () => {
    expect(resolveRerun('', STEPS, latest)).toEqual({ kind: 'all' });
    expect(resolveRerun('   ', STEPS)).toEqual({ kind: 'all' });
  });

  it('step ids, space- or comma-separated, in configuration order without duplicates', () => {
    expect(resolveRerun('test, lint test', STEPS)).toEqual({ kind: 'steps', steps: ['lint', 'test'], failedOnly: false });
  });

  it('failed: the failed and errored steps; nothing when none failed; everything when nothing is known', () => {
    expect(resolveRerun('failed', STEPS, latest)).toEqual({ kind: 'steps', steps: ['types', 'test'], failedOnly: true });
    expect(resolveRerun('FAILED', STEPS, [{ id: 'lint', status: 'passed', newErrors: 0 }])).toEqual({ kind: 'nothing-failed' });
    expect(resolveRerun('failed', STEPS, undefined)).toEqual({ kind: 'all' });
  });

  it('a step that is really called "failed" is that step', () => {
    expect(resolveRerun('failed', ['failed', 'lint'], latest)).toEqual({ kind: 'steps', steps: ['failed'], failedOnly: false });
  });

  it('unknown ids are named, with the configured list; nothing runs', () => {
    expect(resolveRerun('lint lnt `x`', STEPS)).toEqual({ kind: 'unknown', unknown: ['lnt', '`x`'], configured: STEPS });
  });
});

describe('rerun records', () => {
  it('round-trip through a record reply; malformed step lists are not records', () => {
    const record = { type: 'rerun' as const, user: 'lead', sha: 'd'.repeat(40), steps: ['lint'] };
    expect(parseRecords(formatRecordReply(['Re-running `lint`.'], [record]))).toEqual([record]);
    const forged = formatRecordReply(['x'], [record]).replace('"lint"', '"lint\\" ; rm"');
    expect(parseRecords(forged)).toEqual([]);
  });
});
