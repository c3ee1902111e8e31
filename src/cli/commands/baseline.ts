/** `handoff-gate baseline`: runs the verify steps on a commit and writes the baseline file (`baseline.mode: file`). */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatBaselineFile } from '../../core/verify/baseline-file.js';
import { topLevel } from '../../local/git.js';
import { collectBaseline } from '../../local/local-gate.js';
import { EXIT } from '../exit-codes.js';
import { UsageError, writeUserFile, type CliIo } from '../io.js';


export async function baselineCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { repo: { type: 'string' }, output: { type: 'string' } }, strict: true });
  const repo = await topLevel(resolve(io.cwd, values.repo ?? '.')).catch(() => {
    throw new UsageError(`${values.repo ?? io.cwd} is not inside a git repository`);
  });
  const { findings, errors, file } = await collectBaseline(repo, io.env);
  if (errors.length > 0) {
    for (const e of errors) io.stderr(`handoff-gate: ${e}\n`);
    return EXIT.BLOCKED;
  }
  const output = resolve(repo, values.output ?? file);
  await writeUserFile(output, formatBaselineFile(findings));
  io.stdout(`wrote ${findings.length} finding(s) to ${output}\n`);
  return EXIT.PASS;
}
