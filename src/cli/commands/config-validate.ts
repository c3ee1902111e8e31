/** `handoff-gate config validate [FILE]`: the configuration file alone. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '../../core/config/load-config.js';
import { escapeTerminal } from '../../core/report/escape.js';
import { CONFIG_PATH } from '../../local/local-gate.js';
import { EXIT } from '../exit-codes.js';
import { UsageError, type CliIo } from '../io.js';


export async function configCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, file, ...rest] = args;
  if (sub !== 'validate' || rest.length > 0) throw new UsageError(`expected "config validate [FILE]"`);
  const path = file ?? CONFIG_PATH;
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    io.stderr(`${path}: cannot read: ${(error as Error).message}\n`);
    return EXIT.CONFIG;
  }
  const result = loadConfig(path, text);
  if (result.ok) {
    io.stdout(`${path}: valid (${result.config.verify.steps.length} verify step(s), ${result.config.gates.length} gate(s))\n`);
    return EXIT.PASS;
  }
  for (const p of result.problems) io.stdout(`${escapeTerminal(`${p.file}:${p.line}:${p.column}`)}: ${escapeTerminal(p.message)} (expected ${escapeTerminal(p.expected)}, found ${escapeTerminal(p.found)})\n`);
  return EXIT.CONFIG;
}
