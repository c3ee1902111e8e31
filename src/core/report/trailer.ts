/**
 * Reading the machine-readable trailer (`ACCEPTANCE: yes|no`, `Decision: …`) back from a review
 * comment or a text report, the way an agent loop should: only the last two lines count, and
 * lines are split on every CommonMark line ending (LF, CR, CR LF), so a trailer-like line inside
 * untrusted text can never be mistaken for the gate's.
 */
import type { Decision } from '../verdict/verdict.js';

/** A line that an agent loop could take for a trailer line (any position, any case, any spacing). */
export const TRAILER_LIKE_LINE = /^\s*(?:ACCEPTANCE\s*:\s*(?:yes|no)|Decision\s*:\s*(?:accepted|in_progress|blocked|rejected))\b/i;

const DECISIONS: readonly Decision[] = ['accepted', 'in_progress', 'blocked', 'rejected'];

/**
 * The trailer of `body` (trailing line endings ignored); `undefined` when its last two lines are not
 * exactly `ACCEPTANCE: yes|no` and `Decision: <decision>`.
 */
export function parseTrailer(body: string): { acceptance: boolean; decision: Decision } | undefined {
  const lines = trimLineEndings(body).split(/\r\n|\r|\n/);
  const [acceptance, decision] = lines.slice(-2);
  const a = /^ACCEPTANCE: (yes|no)$/.exec(acceptance ?? '');
  const d = /^Decision: ([a-z_]+)$/.exec(decision ?? '');
  if (!a || !d || !DECISIONS.includes(d[1] as Decision)) return undefined;
  return { acceptance: a[1] === 'yes', decision: d[1] as Decision };
}

/**
 * `text` without its trailing CR and LF characters. A loop from the end: `/(?:\r\n|\r|\n)+$/` is tried
 * from every position of a line-ending run and re-scans the rest of it (65,536 newlines in a comment
 * body took seconds).
 */
export function trimLineEndings(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return text.slice(0, end);
}
