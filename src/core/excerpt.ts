/**
 * The one way a problem shows an untrusted value in its `found` field: a single-line JSON excerpt of
 * at most `MAX_FOUND_CHARS` characters, so an error message never echoes more of a file than that.
 */

/** Longest `found` excerpt, in UTF-16 code units ("…" included). */
export const MAX_FOUND_CHARS = 80;

/** `value` as JSON (strings quoted), cut to `MAX_FOUND_CHARS`; `missing` for `undefined`. */
export function foundExcerpt(value: unknown): string {
  if (value === undefined) return 'missing';
  return cutFound(JSON.stringify(value) ?? String(value));
}

/** Cuts already-formatted `text` to `MAX_FOUND_CHARS` (one line). */
export function cutFound(text: string): string {
  // Whitespace runs are matched whole, once each (linear): a run holding a line break becomes one space.
  const line = text.replace(/\s+/g, (run) => (/[\r\n]/.test(run) ? ' ' : run));
  return line.length > MAX_FOUND_CHARS ? `${line.slice(0, MAX_FOUND_CHARS - 1)}…` : line;
}
