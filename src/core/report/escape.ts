/**
 * Escaping of untrusted text (handoff fields, run reports, file names, tool output) for GitHub
 * Markdown: no mentions, no issue cross-references, no raw HTML, no links or images, no breaking
 * out of a table, list item or `<details>` block, and a length limit.
 */

const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const MARKDOWN_SPECIAL = /[\\`*_[\]|~#!]/g;

/**
 * Escapes `text` for use inline in Markdown (one line: newlines become spaces).
 *
 * @param max characters kept before the text is cut with "…" (default 500)
 */
export function escapeMarkdown(text: string, max = 500): string {
  let t = text.replace(INVISIBLE, '').replace(/\s*\r?\n\s*/g, ' ');
  if (t.length > max) t = `${t.slice(0, max - 1)}…`;
  return t
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MARKDOWN_SPECIAL, (c) => `\\${c}`)
    .replace(/@(?=[\w-])/g, '@\u200b')
    .replace(/:\/\//g, ':\u200b//');
}

/**
 * An inline code span that shows `text` literally whatever backticks it contains
 * (CommonMark: a fence longer than any backtick run inside). Newlines become spaces.
 */
export function codeSpan(text: string, max = 200): string {
  let t = text.replace(INVISIBLE, '').replace(/\r?\n/g, ' ');
  if (t.length > max) t = `${t.slice(0, max - 1)}…`;
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') || t === '' ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** Removes terminal control sequences and invisible characters from untrusted text for terminal output. */
export function escapeTerminal(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(INVISIBLE, '');
}
