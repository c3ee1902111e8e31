/**
 * Escaping of untrusted text (handoff fields, run reports, file names, tool output) for GitHub
 * Markdown: no mentions, no issue cross-references, no raw HTML, no links or images, no breaking
 * out of a table, list item or `<details>` block, and a length limit.
 */

const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
/**
 * Every line ending: CommonMark's three (LF, CR, CR LF; spec 0.31, "line ending"), plus the Unicode
 * line and paragraph separators and NEL, which other readers of the text may split on.
 */
const LINE_BREAK = /[\r\n\u2028\u2029\u0085]/;
/**
 * A whitespace run (NEL is not `\s` in JavaScript). Runs are matched whole, once each: linear in the
 * text, where a pattern of optional blanks before a required line ending re-scans a long run of
 * spaces from every position (100,000 spaces took 10 s).
 */
const WHITESPACE_RUN = /[\s\u0085]+/g;
/** Starts and ends of HTML comments, the only place the gate's hidden markers live. */
const COMMENT_DELIMITER = /<!--|-->/g;
const MARKDOWN_SPECIAL = /[\\`*_[\]|~#!]/g;

/**
 * Escapes `text` for use inline in Markdown (one line: newlines become spaces).
 *
 * @param max characters kept before the text is cut with "…" (default 500)
 */
export function escapeMarkdown(text: string, max = 500): string {
  let t = oneLine(text);
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
 * An inline code span that shows `text` literally whatever backticks it contains (CommonMark 0.31,
 * "Code spans": the fence is one backtick longer than the longest backtick run inside, and a space
 * pads content that starts or ends with a backtick). Line endings become spaces. A code span has
 * no escapes, so the HTML comment delimiters `<!--` and `-->` get a zero-width space inside them:
 * the raw comment body then never contains a hidden block the gate did not write.
 */
export function codeSpan(text: string, max = 200): string {
  let t = oneLine(text);
  if (t.length > max) t = `${t.slice(0, max - 1)}…`;
  t = t.replace(COMMENT_DELIMITER, (d) => (d === '<!--' ? '<!\u200b--' : '-\u200b->'));
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') || t === '' ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/**
 * `text` in a GFM table cell, as a code span when it holds no `|`. A pipe splits a cell even inside
 * a code span, and a backslash before it can cancel its escape (GFM spec, "Tables"), so text with a
 * pipe is written as escaped prose instead (`escapeMarkdown`), which a cell shows literally.
 */
export function cellCodeSpan(text: string, max = 200): string {
  return text.includes('|') ? escapeMarkdown(text, max) : codeSpan(text, max);
}

/**
 * Untrusted text for one line of terminal output: control sequences (CSI, OSC) and invisible
 * characters removed, every line ending turned into a space, so it cannot forge a line of its own
 * (a trailer line, a verdict).
 */
export function escapeTerminal(text: string): string {
  return oneLine(text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g, ''));
}

/** `text` on one line: line endings and tabs become one space, invisible and control characters go. */
export function oneLine(text: string): string {
  return text.replace(WHITESPACE_RUN, (run) => (LINE_BREAK.test(run) ? ' ' : run)).replace(/\t/g, ' ').replace(INVISIBLE, '');
}

/** Whether `text` holds a control character (C0, DEL, C1) or a Unicode line/paragraph separator. */
export function hasControlCharacters(text: string): boolean {
  return /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(text);
}
