/**
 * Reads `.github/handoff-gate.yml` text into a validated `GateConfig`.
 * Errors name the path inside the file, its line and column, what was expected and what was found.
 */
import type { z } from 'zod';
import { parseDocuments, type ParsedDocument } from '../handoff/parse-document.js';
import { cutFound, foundExcerpt } from '../excerpt.js';
import { configSchema, defaultConfig, type GateConfig } from './config-schema.js';

/** One configuration problem. `path` is dotted (`verify.steps.0.run`); line/column are 1-based. */
export interface ConfigProblem {
  file: string;
  path: string;
  line: number;
  column: number;
  expected: string;
  found: string;
  message: string;
}

export type ConfigResult = { ok: true; config: GateConfig } | { ok: false; problems: ConfigProblem[] };

/**
 * Parses and validates configuration text. An empty or whitespace-only text gives the defaults.
 * Never throws on bad input.
 *
 * @param file name used in problems (e.g. `.github/handoff-gate.yml`)
 */
export function loadConfig(file: string, text: string): ConfigResult {
  if (text.trim() === '') return { ok: true, config: defaultConfig() };
  const parsed = parseDocuments(text, 'yaml', { maxBytes: 256 * 1024, maxDepth: 32, maxAliases: 50, maxDocuments: 1 });
  if (parsed.problems.length > 0 || parsed.documents.length !== 1) {
    const problems = parsed.problems.map((p) => ({
      file,
      path: '',
      line: p.line,
      column: p.column,
      expected: 'one YAML document',
      found: 'unparseable input',
      message: p.message,
    }));
    return { ok: false, problems: problems.length > 0 ? problems : [{ file, path: '', line: 1, column: 1, expected: 'one YAML document', found: `${parsed.documents.length} documents`, message: 'configuration must be exactly one YAML document' }] };
  }
  const doc = parsed.documents[0] as ParsedDocument;
  const value = doc.value === null ? {} : doc.value;
  const result = configSchema.safeParse(value, { reportInput: true });
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, problems: result.error.issues.map((issue) => toProblem(file, doc, issue)) };
}

function toProblem(file: string, doc: ParsedDocument, issue: z.core.$ZodIssue): ConfigProblem {
  const segments = issue.path.map(String);
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const pointer = segments.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
  const pos = doc.locate(pointer, unknownKey);
  const path = [...segments, ...(unknownKey ? [unknownKey] : [])].join('.') || '(root)';
  const { expected, found } = describe(issue);
  return { file, path, line: pos.line, column: pos.column, expected, found, message: `${path}: ${issue.message}` };
}

function describe(issue: z.core.$ZodIssue): { expected: string; found: string } {
  switch (issue.code) {
    case 'invalid_type':
      return { expected: String(issue.expected), found: foundType(issue.input) };
    case 'invalid_value':
      return { expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`, found: short(issue.input) };
    case 'unrecognized_keys':
      return { expected: 'a known key', found: cutFound(issue.keys.map((k) => JSON.stringify(k)).join(', ')) };
    default:
      return { expected: issue.message, found: short(issue.input) };
  }
}

function foundType(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const short = foundExcerpt;
