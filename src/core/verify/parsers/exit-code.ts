/** Plain exit code: 0 is clean, anything else is one finding carrying the end of stderr/stdout. */
import type { FindingsParser } from './parser.js';

const TAIL_CHARS = 500;

export const parseExitCode: FindingsParser = (output) => {
  if (output.exitCode === 0) return { findings: [] };
  const tail = (output.stderr.trim() || output.stdout.trim()).slice(-TAIL_CHARS);
  return {
    findings: [
      {
        rule: 'exit-code',
        message: `exited with code ${String(output.exitCode)}${tail ? `: ${tail}` : ''}`,
        identity: 'non-zero exit',
        severity: 'error',
      },
    ],
  };
};
