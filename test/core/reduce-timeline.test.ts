import { describe, expect, it } from 'vitest';
import { formatRecord, formatRecordReply, parseRecords, RECORD_REPLY_MARKER, type DecisionRecord } from '../../src/core/timeline/records.js';
import { reduceTimeline, type TimelineComment, type TimelineReview } from '../../src/core/timeline/reduce-timeline.js';
import { config } from '../helpers/gate-input.js';

const BOT = 'github-actions[bot]';
let clock = 0;
const record = (r: DecisionRecord, author = BOT): TimelineComment => ({ author, authorIsBot: author.endsWith('[bot]'), body: formatRecordReply(['recorded'], [r]), createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, clock++)).toISOString() });
const base = { reviews: [] as TimelineReview[], headSha: 'head2', botLogin: BOT, prAuthor: 'agent', config: config('gates:\n  - id: release\n    nativeReviews: true\n    approvers: { users: [alice, agent] }\n  - id: sticky\n    dismissOnPush: false\n') };

describe('records', () => {
  it('round-trip through a record reply, -- and --> in a reason included', () => {
    const records: DecisionRecord[] = [{ type: 'reject', user: 'a', reason: 'uses -- and --> in text', sha: 's' }, { type: 'hold', user: 'b' }];
    expect(parseRecords(formatRecordReply(['Rejected by a'], records))).toEqual(records);
  });

  it('are read only from a record reply, and only from its trailing record lines', () => {
    const approve: DecisionRecord = { type: 'approve', gate: 'release', user: 'alice', sha: 's' };
    // Not a record reply: the review comment, a reply without the marker, the marker not at the start.
    expect(parseRecords(`<!-- handoff-gate:review -->\n${formatRecord(approve)}`)).toEqual([]);
    expect(parseRecords(`recorded\n${formatRecord(approve)}`)).toEqual([]);
    expect(parseRecords(`x\n${RECORD_REPLY_MARKER}\n${formatRecord(approve)}`)).toEqual([]);
    // Inside a line, or before prose: not a record line.
    expect(parseRecords(`${RECORD_REPLY_MARKER}\nx ${formatRecord(approve)}`)).toEqual([]);
    expect(parseRecords(`${RECORD_REPLY_MARKER}\n${formatRecord(approve)}\nprose`)).toEqual([]);
    // A damaged record ends the trailing run.
    expect(parseRecords(`${RECORD_REPLY_MARKER}\n${formatRecord(approve)}\n<!-- handoff-gate:record {oops} -->`)).toEqual([]);
    expect(parseRecords(`${RECORD_REPLY_MARKER}\n<!-- handoff-gate:record {oops} -->\n${formatRecord(approve)}`)).toEqual([approve]);
  });

  it('prose that still carries a record is shown as text, never read', () => {
    const planted = formatRecord({ type: 'unhold', user: 'm' });
    const body = formatRecordReply([`Rejected: ${planted}`, planted], [{ type: 'hold', user: 'lead' }]);
    expect(parseRecords(body)).toEqual([{ type: 'hold', user: 'lead' }]);
    expect(body.split('\n').filter((l) => l.includes('<!-- handoff-gate:record '))).toHaveLength(1);
  });
});

describe('reduceTimeline', () => {
  it('counts approvals for the head SHA and dismisses earlier ones unless the gate keeps them', () => {
    const state = reduceTimeline({
      ...base,
      comments: [
        record({ type: 'approve', gate: 'release', user: 'alice', sha: 'head1' }),
        record({ type: 'approve', gate: 'sticky', user: 'bob', sha: 'head1' }),
        record({ type: 'approve', gate: 'release', user: 'carol', sha: 'head2' }),
      ],
    });
    expect(state.approvals).toEqual([{ gate: 'sticky', user: 'bob' }, { gate: 'release', user: 'carol' }]);
  });

  it('ignores records in the bot\'s review comment (untrusted text inside it)', () => {
    const review: TimelineComment = { author: BOT, authorIsBot: true, body: `<!-- handoff-gate:review -->\n# Orchestrator Review\n- \`x\`${formatRecord({ type: 'approve', gate: 'release', user: 'alice', sha: 'head2' })}\`y\``, createdAt: '2026-01-01T00:00:00Z' };
    expect(reduceTimeline({ ...base, comments: [review] }).approvals).toEqual([]);
  });

  it('ignores records not written by the bot (a forged record in a human comment)', () => {
    const state = reduceTimeline({ ...base, comments: [record({ type: 'approve', gate: 'release', user: 'alice', sha: 'head2' }, 'mallory')] });
    expect(state.approvals).toEqual([]);
  });

  it('never counts the PR author unless the gate allows it', () => {
    const state = reduceTimeline({ ...base, comments: [record({ type: 'approve', gate: 'release', user: 'agent', sha: 'head2' })] });
    expect(state.approvals).toEqual([]);
  });

  it('hold then unhold releases; a rejection lasts until the next push', () => {
    expect(reduceTimeline({ ...base, comments: [record({ type: 'hold', user: 'm' })] }).hold).toEqual({ by: 'm' });
    expect(reduceTimeline({ ...base, comments: [record({ type: 'hold', user: 'm' }), record({ type: 'unhold', user: 'm' })] }).hold).toBeUndefined();
    expect(reduceTimeline({ ...base, comments: [record({ type: 'reject', user: 'm', reason: 'no', sha: 'head2' })] }).rejection).toEqual({ by: 'm', reason: 'no' });
    expect(reduceTimeline({ ...base, comments: [record({ type: 'reject', user: 'm', reason: 'no', sha: 'head1' })] }).rejection).toBeUndefined();
  });

  it('counts native review approvals on the head from listed users only, latest review wins, bots never', () => {
    const review = (author: string, state: string, commitId: string, at: number, authorIsBot = false): TimelineReview => ({ author, authorIsBot, state, commitId, submittedAt: new Date(Date.UTC(2026, 0, 2, 0, 0, at)).toISOString() });
    const state = reduceTimeline({
      ...base,
      comments: [],
      reviews: [review('alice', 'APPROVED', 'head2', 1), review('dave', 'APPROVED', 'head2', 2), review('alice', 'COMMENTED', 'head2', 3), review('ci[bot]', 'APPROVED', 'head2', 4, true)],
    });
    expect(state.approvals).toEqual([{ gate: 'release', user: 'alice' }]);
    const dismissed = reduceTimeline({ ...base, comments: [], reviews: [review('alice', 'APPROVED', 'head2', 1), review('alice', 'DISMISSED', 'head2', 2)] });
    expect(dismissed.approvals).toEqual([]);
    const stale = reduceTimeline({ ...base, comments: [], reviews: [review('alice', 'APPROVED', 'head1', 1)] });
    expect(stale.approvals).toEqual([]);
  });

  it('does not depend on the order of its input', () => {
    const comments = [record({ type: 'hold', user: 'm' }), record({ type: 'unhold', user: 'm' }), record({ type: 'approve', gate: 'release', user: 'alice', sha: 'head2' })];
    expect(reduceTimeline({ ...base, comments: [...comments].reverse() })).toEqual(reduceTimeline({ ...base, comments }));
  });
});
