/**
 * Finds gate commands in a comment with a CommonMark parser (micromark, with GitHub's GFM extensions,
 * as GitHub renders the comment): a command is a line that starts with the prefix (`/gate` by
 * default) followed by a command name, at the start of a line of a *top-level paragraph*, in its
 * plain text. Nothing inside a code block (fenced with any fence length or tildes, or indented), a
 * blockquote (lazy continuation lines included), an HTML block or comment, a list item, a table, a
 * footnote, a heading, an inline code span or inline HTML counts, so quoting someone's command, or
 * showing one as an example, never runs it.
 */
import type { Paragraph } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { COMMANDS, type CommandName } from './registry.js';

export interface ParsedCommand {
  name: CommandName;
  /** Everything after the command name on that line, trimmed. */
  args: string;
  /** 1-based line of the comment. */
  line: number;
}

export interface UnknownCommand {
  word: string;
  line: number;
}

/** At most this many commands are taken from one comment. */
export const MAX_COMMANDS_PER_COMMENT = 10;

/** Longest comment body read (GitHub's own limit for a comment body is 65,536 characters). */
const MAX_BODY_CHARS = 65_536;

/**
 * @param body the comment body (untrusted)
 * @param prefix e.g. `/gate` (config `commands.prefix`)
 * @returns commands in comment order (at most `MAX_COMMANDS_PER_COMMENT`), and lines that start
 *   with the prefix but name no command
 */
export function parseCommands(body: string, prefix: string): { commands: ParsedCommand[]; unknown: UnknownCommand[] } {
  const commands: ParsedCommand[] = [];
  const unknown: UnknownCommand[] = [];
  const names = new Set(COMMANDS.map((c) => c.name));
  const text = body.slice(0, MAX_BODY_CHARS);
  for (const { line, source } of paragraphLines(text)) {
    if (!source.startsWith(`${prefix} `) && source !== prefix) continue;
    const [word = '', ...rest] = source.slice(prefix.length).trim().split(/\s+/);
    const name = word.toLowerCase();
    if (names.has(name as CommandName)) commands.push({ name: name as CommandName, args: rest.join(' ').slice(0, 500), line });
    else unknown.push({ word: word.slice(0, 40), line });
    if (commands.length >= MAX_COMMANDS_PER_COMMENT) break;
  }
  return { commands, unknown };
}

/**
 * The source text (trimmed) of every line of every top-level paragraph whose start lies in the
 * paragraph's own plain text (a direct `text` child), with its 1-based line number.
 */
function paragraphLines(text: string): { line: number; source: string }[] {
  const tree = fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const lineStarts = [0];
  for (const match of text.matchAll(/\r\n|\r|\n/g)) lineStarts.push((match.index as number) + match[0].length);
  const out: { line: number; source: string }[] = [];
  for (const node of tree.children) {
    if (node.type !== 'paragraph' || !node.position) continue;
    for (let line = node.position.start.line; line <= node.position.end.line; line++) {
      const lineStart = line === node.position.start.line ? (node.position.start.offset as number) : (lineStarts[line - 1] as number);
      const lineEnd = line < lineStarts.length ? (lineStarts[line] as number) : text.length;
      const raw = text.slice(lineStart, lineEnd);
      const start = lineStart + (raw.length - raw.trimStart().length);
      if (!inPlainText(node, start)) continue;
      out.push({ line, source: raw.trim() });
    }
  }
  return out;
}

/** Whether `offset` falls inside a direct `text` child of `paragraph` (not code, HTML, a link, emphasis…). */
function inPlainText(paragraph: Paragraph, offset: number): boolean {
  const child = paragraph.children.find((c) => c.position && (c.position.start.offset as number) <= offset && offset < (c.position.end.offset as number));
  return child?.type === 'text';
}
