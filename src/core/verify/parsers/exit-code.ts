/**
 * Plain exit code: 0 is clean, anything else is one finding carrying the end of stderr/stdout (ANSI
 * codes stripped). Its
 * identity is the exit code and the normalised output (paths, numbers, timings stripped), so a failure
 * on the base hides a failure on the head only when it is the same failure (issue 9).
 */
import { normaliseFailureText } from '../normalise-output.js';
import type { FindingsParser } from './parser.js';
import { stripAnsi } from './terminal-text.js';

const TAIL_CHARS = 500;

export const parseExitCode: FindingsParser = (output, { root }) => {
  if (output.exitCode === 0) return { findings: [] };
  const tail = stripAnsi(output.stderr.trim() || output.stdout.trim()).slice(-TAIL_CHARS);
  return {
    findings: [
      {
        rule: 'exit-code',
        message: `exited with code ${String(output.exitCode)}${tail ? `: ${tail}` : ''}`,
        identity: `exit ${String(output.exitCode)}: ${normaliseFailureText(`${output.stdout}\n${output.stderr}`, root)}`,
        severity: 'error',
      },
    ],
  };
};
