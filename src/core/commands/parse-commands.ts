/**
 * Finds gate commands in a comment: a line that starts with the prefix (`/gate` by default) followed
 * by a command name. Text in fenced code blocks and quoted lines (`> /gate approve`) is ignored, so
 * quoting someone's command never runs it again.
 */
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

/**
 * @param body the comment body (untrusted)
 * @param prefix e.g. `/gate` (config `commands.prefix`)
 */
export function parseCommands(body: string, prefix: string): { commands: ParsedCommand[]; unknown: UnknownCommand[] } {
  const commands: ParsedCommand[] = [];
  const unknown: UnknownCommand[] = [];
  const names = new Set(COMMANDS.map((c) => c.name));
  let inFence = false;
  const lines = body.slice(0, 65_536).split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    if (/^\s*(```|~~~)/.test(raw)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    const line = raw.trimEnd();
    if (!line.startsWith(`${prefix} `) && line !== prefix) continue;
    const [word = '', ...rest] = line.slice(prefix.length).trim().split(/\s+/);
    const name = word.toLowerCase();
    if (names.has(name as CommandName)) commands.push({ name: name as CommandName, args: rest.join(' ').slice(0, 500), line: i + 1 });
    else unknown.push({ word: word.slice(0, 40), line: i + 1 });
    if (commands.length >= MAX_COMMANDS_PER_COMMENT) break;
  }
  return { commands, unknown };
}
