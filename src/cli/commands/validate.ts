/** `handoff-gate validate FILE…`: handoff files alone, every problem with file, line and column. */
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PARSE_LIMITS } from '../../core/handoff/parse-document.js';
import { decodeProblem, handoffText } from '../../core/handoff/read-handoff-text.js';
import { validateHandoffFile, type HandoffProblem } from '../../core/handoff/validate-handoff.js';
import { escapeTerminal } from '../../core/report/escape.js';
import { readRegularFile } from '../../local/read-regular-file.js';
import { EXIT } from '../exit-codes.js';
import { UsageError, type CliIo } from '../io.js';

interface FileResult {
  file: string;
  documents: number;
  valid: number;
  problems: HandoffProblem[];
}


export async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { format: { type: 'string', default: 'text' } }, allowPositionals: true, strict: true });
  if (positionals.length === 0) throw new UsageError('validate needs at least one FILE');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, got "${values.format}"`);
  // One file at a time, read synchronously: one descriptor open at once, and none of the per-file
  // promise and file-handle overhead of fs/promises (which cost more than the validation itself).
  const results = positionals.map((arg) => validateOne(arg, io.cwd));
  const problems = results.flatMap((r) => r.problems);
  if (values.format === 'json') io.stdout(`${JSON.stringify({ valid: problems.length === 0, files: results }, null, 2)}\n`);
  else {
    const lines = [
      ...problems.map((p) => `${escapeTerminal(`${p.file}:${p.line}:${p.column}`)}: ${p.code}: ${escapeTerminal(p.message)} (expected ${escapeTerminal(p.expected)}, found ${escapeTerminal(p.found)})`),
      ...results.map((r) => `${escapeTerminal(r.file)}: ${r.valid}/${r.documents} document(s) valid`),
    ];
    io.stdout(`${lines.join('\n')}\n`);
  }
  return problems.length === 0 ? EXIT.PASS : EXIT.FAIL;
}

/** Reads (never through a symlink), decodes and validates one file; a file that cannot be read is a problem of that file only. */
function validateOne(arg: string, cwd: string): FileResult {
  const path = resolve(cwd, arg);
  const file = relative(cwd, path) || arg;
  // A symlink is never followed: a committed link to a secrets file or /proc/self/environ is not read.
  const read = readRegularFile(cwd, path, DEFAULT_PARSE_LIMITS.maxBytes);
  if (!read.ok) return { file, documents: 0, valid: 0, problems: [{ code: 'handoff.parse', file, documentIndex: 0, line: 1, column: 1, pointer: '', expected: 'a regular file', found: read.found, message: read.message }] };
  const decoded = handoffText(file, read.bytes);
  if (decoded.decodeError) return { file, documents: 0, valid: 0, problems: [decodeProblem(file, decoded.decodeError)] };
  const r = validateHandoffFile(file, decoded.text);
  return { file, documents: r.documentCount, valid: r.valid.length, problems: r.problems };
}
