/**
 * The inline excuse marker of SPEC.md: `handoff-gate-allow: <rule> -- <reason>` on the offending
 * added line or on the added line just above it. A marker without a reason excuses nothing.
 */
/** The approval gate every excused guardrail hit needs (implicit unless configured with this id). */
export const EXCUSE_GATE_ID = 'guardrail-excuse';

/**
 * The reason is the shortest text, ending in a non-space, before optional blanks, a comment close and
 * blanks: ending it in `\S` keeps its quantifier from trading blanks with the ones after it (which
 * took quadratic time on a long run of spaces in an added line).
 */
const MARKER = /handoff-gate-allow:\s*([\w.-]+)\s+--\s+(\S(?:.*?\S)?)(?:\s*(?:\*\/|-->))?\s*$/;

/** The excuse for `rule` on `line` (1-based) of `lines` (line number → text), if any. */
export function findExcuse(rule: string, line: number, lines: ReadonlyMap<number, string>): string | undefined {
  for (const candidate of [line, line - 1]) {
    const match = MARKER.exec(lines.get(candidate) ?? '');
    if (match && match[1] === rule) return match[2];
  }
  return undefined;
}
