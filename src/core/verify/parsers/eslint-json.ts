/**
 * ESLint's `json` formatter (`eslint --format json`): an array of
 * `{ filePath, messages: [{ ruleId, severity: 1|2, message, line, column, fatal? }] }`.
 * Source: https://eslint.org/docs/latest/use/formatters/#json
 */
import type { FindingsParser } from './parser.js';
import { relativePath } from './parser.js';

interface EslintMessage {
  ruleId?: string | null;
  severity?: number;
  message?: string;
  line?: number;
  column?: number;
  fatal?: boolean;
}

export const parseEslintJson: FindingsParser = (output, { root }) => {
  const text = (output.report ?? output.stdout).trim();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { findings: [], error: `expected ESLint JSON output, got ${text === '' ? 'nothing' : `"${text.slice(0, 60)}…"`}` };
  }
  if (!Array.isArray(data)) return { findings: [], error: 'expected an array of ESLint file results' };
  const findings = [];
  for (const result of data as { filePath?: string; messages?: EslintMessage[] }[]) {
    const file = relativePath(String(result.filePath ?? ''), root);
    for (const m of result.messages ?? []) {
      findings.push({
        rule: m.fatal ? 'parse-error' : (m.ruleId ?? 'eslint'),
        message: String(m.message ?? ''),
        severity: m.severity === 2 || m.fatal ? ('error' as const) : ('warning' as const),
        file,
        ...(m.line ? { line: m.line } : {}),
        ...(m.column ? { column: m.column } : {}),
      });
    }
  }
  return { findings };
};
