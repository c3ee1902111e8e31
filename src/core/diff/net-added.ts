/**
 * Net-added lines: a line counts as added only when the change adds more copies of it than it
 * removes, counted over the whole change (within a file and across files, so moved code and a
 * regenerated bundle that reorders existing lines add nothing). Whitespace is normalised before
 * comparing (runs collapse to one space, ends trimmed), so re-indented code is not "new" either.
 */
import type { AddedLine, ChangedFile } from './changed-file.js';

/** The comparison key of a line: whitespace runs collapsed, trimmed. */
export function normaliseLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The added lines (by identity) that are net-added. For a text added `a` times and removed `r`
 * times in the whole change, the first `a - r` added copies in diff order count; blank lines never
 * count. A file whose removed texts are unknown (`removed` absent) removes nothing.
 */
export function netAddedLines(files: readonly ChangedFile[]): Set<AddedLine> {
  const budget = new Map<string, number>();
  for (const file of files) {
    for (const a of file.added) {
      const key = normaliseLine(a.text);
      if (key !== '') budget.set(key, (budget.get(key) ?? 0) + 1);
    }
  }
  for (const file of files) {
    for (const text of file.removed ?? []) {
      const key = normaliseLine(text);
      const left = budget.get(key);
      if (left !== undefined) budget.set(key, left - 1);
    }
  }
  const net = new Set<AddedLine>();
  for (const file of files) {
    for (const a of file.added) {
      const key = normaliseLine(a.text);
      const left = budget.get(key) ?? 0;
      if (key === '' || left <= 0) continue;
      budget.set(key, left - 1);
      net.add(a);
    }
  }
  return net;
}
