/**
 * The inline excuse marker of SPEC.md: `handoff-gate-allow: <rule> -- <reason>` on the offending
 * added line or on the added line just above it. A marker without a reason excuses nothing.
 */
/** The approval gate every excused guardrail hit needs (implicit unless configured with this id). */
export const EXCUSE_GATE_ID = 'guardrail-excuse';

const PREFIX = 'handoff-gate-allow:';
/** Rule and separator after one `handoff-gate-allow:`, up to the reason's first character. */
const RULE = /\s*([\w.-]+)\s+--\s+(?=\S)/y;
/**
 * The reason: the shortest text ending in a non-space (both quantifiers lazy) before optional blanks, a comment close and
 * blanks (ending it in `\S` keeps its quantifier from trading blanks with the ones after it).
 */
const REASON = /^(\S(?:.*?\S)??)(?:\s*(?:\*\/|-->))?\s*$/;
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/g;

/**
 * What `/handoff-gate-allow:\s*([\w.-]+)\s+--\s+(\S.*?)\s*(?:\*\/|-->)?\s*$/` finds in `text`, in
 * linear time: that pattern took quadratic time on a long run of spaces, and from each of many
 * markers re-scanned the rest of the line. A reason cannot span a line terminator before the line's
 * trailing blanks and comment close, so markers whose reason starts before the last such terminator
 * are skipped without reading on.
 */
export function parseExcuseMarker(text: string): { rule: string; reason: string } | undefined {
  let end = text.trimEnd();
  if (end.endsWith('*/')) end = end.slice(0, -2);
  else if (end.endsWith('-->')) end = end.slice(0, -3);
  end = end.trimEnd();
  let lastBreak = -1;
  for (const m of end.matchAll(LINE_TERMINATOR)) lastBreak = m.index;
  for (let at = text.indexOf(PREFIX); at >= 0; at = text.indexOf(PREFIX, at + 1)) {
    RULE.lastIndex = at + PREFIX.length;
    const rule = RULE.exec(text);
    if (!rule || RULE.lastIndex <= lastBreak) continue;
    const reason = REASON.exec(text.slice(RULE.lastIndex));
    if (reason) return { rule: rule[1] as string, reason: reason[1] as string };
  }
  return undefined;
}

/** The excuse for `rule` on `line` (1-based) of `lines` (line number → text), if any. */
export function findExcuse(rule: string, line: number, lines: ReadonlyMap<number, string>): string | undefined {
  for (const candidate of [line, line - 1]) {
    const marker = parseExcuseMarker(lines.get(candidate) ?? '');
    if (marker && marker.rule === rule) return marker.reason;
  }
  return undefined;
}
