/**
 * Decision records: what an authorised command changed, written by the bot as a hidden block in its
 * reply comment, so the pull request's timeline itself carries the state (SPEC.md, "Where state
 * lives"). Approvals and rejections carry the head SHA they were given for.
 */

export type DecisionRecord =
  | { type: 'approve'; gate: string; user: string; sha: string }
  | { type: 'reject'; user: string; reason: string; sha: string }
  | { type: 'hold'; user: string }
  | { type: 'unhold'; user: string };

const PREFIX = '<!-- handoff-gate:record ';
const PATTERN = /<!-- handoff-gate:record (\{.*?\}) -->/g;

/** The hidden block for `record` (`--` escaped so the JSON cannot end the comment early). */
export function formatRecord(record: DecisionRecord): string {
  return `${PREFIX}${JSON.stringify(record).replace(/--/g, '-\\u002d')} -->`;
}

/** Every well-formed record in a comment body; malformed ones are skipped. */
export function parseRecords(body: string): DecisionRecord[] {
  const out: DecisionRecord[] = [];
  for (const match of body.matchAll(PATTERN)) {
    try {
      const value = JSON.parse(match[1] as string) as Partial<DecisionRecord> & Record<string, unknown>;
      if (value.type === 'approve' && typeof value['gate'] === 'string' && typeof value.user === 'string' && typeof value['sha'] === 'string') out.push(value as DecisionRecord);
      else if (value.type === 'reject' && typeof value.user === 'string' && typeof value['sha'] === 'string') out.push({ type: 'reject', user: value.user, reason: String(value['reason'] ?? ''), sha: value['sha'] });
      else if ((value.type === 'hold' || value.type === 'unhold') && typeof value.user === 'string') out.push({ type: value.type, user: value.user });
    } catch {
      /* not ours, or damaged: ignore */
    }
  }
  return out;
}
