/**
 * `tsc --pretty false` diagnostics: `path(line,col): error TS1234: message`, continuation lines
 * indented below, and file-less `error TS5083: message` lines. Output format of TypeScript 4–5.
 */
import type { FindingsParser, ParseOutcome } from './parser.js';
import { relativePath } from './parser.js';

const LOCATED = /^(.+?)\((\d+),(\d+)\): (error|warning|message) (TS\d+): (.*)$/;
const GLOBAL = /^(error|warning|message) (TS\d+): (.*)$/;

export const parseTsc: FindingsParser = (output, { root }) => {
  const findings: ParseOutcome['findings'] = [];
  for (const line of (output.report ?? output.stdout).split(/\r?\n/)) {
    const located = LOCATED.exec(line);
    const global = located ? null : GLOBAL.exec(line);
    if (located) {
      const [, file, l, c, category, code, message] = located as unknown as string[];
      findings.push({ rule: code as string, message: message as string, severity: severity(category as string), file: relativePath(file as string, root), line: Number(l), column: Number(c) });
    } else if (global) {
      const [, category, code, message] = global as unknown as string[];
      findings.push({ rule: code as string, message: message as string, severity: severity(category as string) });
    } else if (/^\s+\S/.test(line) && findings.length > 0) {
      const last = findings[findings.length - 1] as ParseOutcome['findings'][number];
      last.message += `\n${line.trim()}`;
    }
  }
  return { findings };
};

function severity(category: string): 'error' | 'warning' | 'notice' {
  return category === 'error' ? 'error' : category === 'warning' ? 'warning' : 'notice';
}
