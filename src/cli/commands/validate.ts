/** `handoff-gate validate FILE…`: handoff files alone, every problem with file, line and column. */
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeProblem, handoffText } from '../../core/handoff/read-handoff-text.js';
import { validateHandoffFile, type HandoffProblem } from '../../core/handoff/validate-handoff.js';
import { escapeTerminal } from '../../core/report/escape.js';
import { EXIT } from '../exit-codes.js';
import { UsageError, type CliIo } from '../io.js';

export const VALIDATE_USAGE = `Usage: handoff-gate validate [--format text|json] FILE...

Validates handoff documents (JSON or YAML, multi-document YAML too) against their schema version.
Exit codes: 0 all valid, 1 a problem in any file, 64 usage error.`;

export async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { format: { type: 'string', default: 'text' } }, allowPositionals: true, strict: true });
  if (positionals.length === 0) throw new UsageError('validate needs at least one FILE');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, got "${values.format}"`);
  const results: { file: string; documents: number; valid: number; problems: HandoffProblem[] }[] = [];
  for (const arg of positionals) {
    const path = resolve(io.cwd, arg);
    const file = relative(io.cwd, path) || arg;
    let text: string;
    try {
      const decoded = handoffText(file, await readFile(path));
      if (decoded.decodeError) {
        results.push({ file, documents: 0, valid: 0, problems: [decodeProblem(file, decoded.decodeError)] });
        continue;
      }
      text = decoded.text;
    } catch (error) {
      results.push({ file, documents: 0, valid: 0, problems: [{ code: 'handoff.parse', file, documentIndex: 0, line: 1, column: 1, pointer: '', expected: 'a readable file', found: (error as NodeJS.ErrnoException).code ?? 'error', message: `cannot read file: ${(error as Error).message}` }] });
      continue;
    }
    const r = validateHandoffFile(file, text);
    results.push({ file, documents: r.documentCount, valid: r.valid.length, problems: r.problems });
  }
  const problems = results.flatMap((r) => r.problems);
  if (values.format === 'json') io.stdout(`${JSON.stringify({ valid: problems.length === 0, files: results }, null, 2)}\n`);
  else {
    for (const p of problems) io.stdout(`${escapeTerminal(`${p.file}:${p.line}:${p.column}`)}: ${p.code}: ${escapeTerminal(p.message)} (expected ${escapeTerminal(p.expected)}, found ${escapeTerminal(p.found)})\n`);
    for (const r of results) io.stdout(`${escapeTerminal(r.file)}: ${r.valid}/${r.documents} document(s) valid\n`);
  }
  return problems.length === 0 ? EXIT.PASS : EXIT.FAIL;
}
