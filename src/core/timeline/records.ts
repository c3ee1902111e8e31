/**
 * Decision records: what an authorised command changed, written by the bot in a *record reply* so the
 * pull request's timeline itself carries the state (SPEC.md, "Where state lives"). Approvals and
 * rejections carry the head SHA they were given for.
 *
 * A record reply is recognisable by construction: it starts with `RECORD_REPLY_MARKER`, its prose
 * lines are escaped Markdown (no `<!--` can survive in them), and its records are whole lines at its
 * end. Records anywhere else — in the review comment, in a reply that quotes untrusted text, in the
 * middle of a line — are never read, so text the pull request controls cannot plant one.
 */

import { IDENTIFIER_PATTERN } from '../config/config-schema.js';
import { hiddenJson } from '../report/hidden-json.js';

export type DecisionRecord =
  | { type: 'approve'; gate: string; user: string; sha: string }
  | { type: 'reject'; user: string; reason: string; sha: string }
  | { type: 'hold'; user: string }
  | { type: 'unhold'; user: string }
  /** `/gate rerun`: the steps re-run on `sha` (empty: the whole verify run). */
  | { type: 'rerun'; user: string; sha: string; steps: string[] };

/** First line of every record reply, and of nothing else the gate writes. */
export const RECORD_REPLY_MARKER = '<!-- handoff-gate:record-reply -->';

const PREFIX = '<!-- handoff-gate:record ';
const RECORD_LINE = /^<!-- handoff-gate:record (\{.*\}) -->$/;
/** CommonMark line endings (LF, CR, CR LF). */
const LINE_ENDING = /\r\n|\r|\n/;

/** The hidden block for `record`: one line of ASCII JSON (see `hiddenJson`). */
export function formatRecord(record: DecisionRecord): string {
  return `${PREFIX}${hiddenJson(record)} -->`;
}

/**
 * The body of a record reply: the marker, the prose blocks (a blank line between them, so a table in
 * one cannot swallow the next), then one record per line.
 *
 * @param prose Markdown blocks for people, already escaped by their writer (`escapeMarkdown`,
 *   `codeSpan`); as a second guard, any `<!--` left in them is shown as text (`&lt;!--`)
 * @throws Error when there is nothing to record and nothing to say
 */
export function formatRecordReply(prose: readonly string[], records: readonly DecisionRecord[]): string {
  if (prose.length === 0 && records.length === 0) throw new Error('a record reply needs prose or records');
  const blocks = prose.map((p) => p.split(LINE_ENDING).map((line) => line.replace(/<!--/g, '&lt;!--')).join('\n'));
  return [RECORD_REPLY_MARKER, '', ...blocks.flatMap((b) => [b, '']), ...records.map(formatRecord)].join('\n');
}

/**
 * The records of a record reply, in order; `[]` for any other comment body (one that does not start
 * with `RECORD_REPLY_MARKER`). Only the unbroken run of record lines at the end of the body counts;
 * malformed records end the run.
 */
export function parseRecords(body: string): DecisionRecord[] {
  if (!body.startsWith(`${RECORD_REPLY_MARKER}\n`)) return [];
  const lines = body.split(LINE_ENDING);
  const out: DecisionRecord[] = [];
  for (let i = lines.length - 1; i > 0; i--) {
    const record = parseRecordLine(lines[i] as string);
    if (!record) break;
    out.unshift(record);
  }
  return out;
}

function parseRecordLine(line: string): DecisionRecord | undefined {
  const match = RECORD_LINE.exec(line);
  if (!match) return undefined;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(match[1] as string) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const str = (key: string) => (typeof value[key] === 'string' ? (value[key] as string) : undefined);
  const [type, user, sha] = [str('type'), str('user'), str('sha')];
  if (user === undefined) return undefined;
  if (type === 'approve' && str('gate') !== undefined && sha !== undefined) return { type, gate: str('gate') as string, user, sha };
  if (type === 'reject' && sha !== undefined) return { type, user, reason: str('reason') ?? '', sha };
  if (type === 'hold' || type === 'unhold') return { type, user };
  if (type === 'rerun' && sha !== undefined && Array.isArray(value['steps']) && value['steps'].length <= 100 && value['steps'].every((s) => typeof s === 'string' && IDENTIFIER_PATTERN.test(s))) return { type, user, sha, steps: value['steps'] as string[] };
  return undefined;
}
