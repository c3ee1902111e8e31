/** `handoff-gate baseline`: runs the verify steps on a commit and writes the baseline file (`baseline.mode: file`). */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatBaselineFile } from '../../core/verify/baseline-file.js';
import { topLevel } from '../../local/git.js';
import { collectBaseline } from '../../local/local-gate.js';
import { EXIT } from '../exit-codes.js';
import { UsageError, writeUserFile, type CliIo } from '../io.js';

export const BASELINE_USAGE = `Usage: handoff-gate baseline [--repo DIR] [--output FILE]

Runs the verify steps with baseline: true on the checked-out commit, with the configuration of that
commit, and writes their findings as a baseline file (default: the configured baseline.file).
Commit it on the base branch and set baseline.mode: file. Exit codes: 0 written, 2 a step could not
run (nothing written), 64 usage error, 74 the file cannot be written, 78 configuration error.`;

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
