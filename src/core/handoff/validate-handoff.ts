/**
 * Validates the handoff documents of one file against their JSON Schema version and returns
 * every problem with its file, line, column, JSON pointer, expected and found value.
 */
import type { ErrorObject } from 'ajv';
import { DEFAULT_PARSE_LIMITS, formatOf, parseDocuments, type ParseLimits, type ParsedDocument } from './parse-document.js';
import { KNOWN_HANDOFF_VERSIONS, LATEST_HANDOFF_VERSION, handoffValidator } from './schema-registry.js';
import type { Handoff1 } from './schemas/handoff-1.0.js';
import { cutFound, foundExcerpt } from '../excerpt.js';

/** One problem in a handoff file. `line`/`column` are 1-based; `pointer` is RFC 6901 ("" for the root). */
export interface HandoffProblem {
  code: 'handoff.parse' | 'handoff.unknown-version' | 'handoff.schema';
  file: string;
  documentIndex: number;
  line: number;
  column: number;
  pointer: string;
  expected: string;
  found: string;
  message: string;
}

/** A document that passed its schema, with where it came from. */
export interface ValidHandoff {
  file: string;
  documentIndex: number;
  handoff: Handoff1;
  /** Locates a value of this document in its file (for later checks' errors). */
  locate: ParsedDocument['locate'];
}

export interface HandoffFileResult {
  valid: ValidHandoff[];
  problems: HandoffProblem[];
  /** Number of documents found in the file, valid or not. */
  documentCount: number;
}

/**
 * Parses and validates one handoff file. Never throws on bad input: parse failures, unknown
 * versions and schema violations all come back as `problems`; the valid documents of the same
 * file still come back in `valid`.
 *
 * @param file repository-relative path (used in problems, and to choose JSON vs YAML by extension)
 * @param text the file's content
 */
export function validateHandoffFile(file: string, text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): HandoffFileResult {
  const parsed = parseDocuments(text, formatOf(file), limits);
  const problems: HandoffProblem[] = parsed.problems.map((p) => ({
    code: 'handoff.parse',
    file,
    documentIndex: p.documentIndex ?? 0,
    line: p.line,
    column: p.column,
    pointer: '',
    expected: formatOf(file) === 'json' ? 'a JSON document' : 'a YAML document',
    found: 'unparseable input',
    message: p.message,
  }));
  const valid: ValidHandoff[] = [];
  for (const doc of parsed.documents) {
    const docProblems = validateDocument(file, doc);
    if (docProblems.length === 0) valid.push({ file, documentIndex: doc.index, handoff: doc.value as Handoff1, locate: doc.locate });
    problems.push(...docProblems);
  }
  return { valid, problems, documentCount: parsed.documents.length + new Set(parsed.problems.map((p) => p.documentIndex ?? 0)).size };
}

function validateDocument(file: string, doc: ParsedDocument): HandoffProblem[] {
  const value = doc.value;
  const base = { file, documentIndex: doc.index };
  const declared = isObject(value) ? value['schemaVersion'] : undefined;
  if (declared !== undefined && (typeof declared !== 'string' || !KNOWN_HANDOFF_VERSIONS.includes(declared))) {
    const pos = doc.locate('/schemaVersion');
    return [
      {
        ...base,
        code: 'handoff.unknown-version',
        ...pos,
        pointer: '/schemaVersion',
        expected: `one of ${KNOWN_HANDOFF_VERSIONS.map((v) => JSON.stringify(v)).join(', ')}`,
        found: show(declared),
        message: `unknown schemaVersion ${show(declared)}; known versions: ${KNOWN_HANDOFF_VERSIONS.join(', ')}${typeof declared === 'number' ? ` (a number: YAML reads an unquoted 1.0 as 1 — quote it, schemaVersion: "${KNOWN_HANDOFF_VERSIONS.find((v) => Number(v) === declared) ?? LATEST_HANDOFF_VERSION}")` : ''}`,
      },
    ];
  }
  const validate = handoffValidator(typeof declared === 'string' ? declared : LATEST_HANDOFF_VERSION);
  if (!validate || validate(value)) return [];
  return (validate.errors ?? []).map((error) => toProblem(base, doc, value, error));
}

function toProblem(base: { file: string; documentIndex: number }, doc: ParsedDocument, root: unknown, error: ErrorObject): HandoffProblem {
  const pointer = error.instancePath;
  const found = valueAt(root, pointer);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        ...base,
        code: 'handoff.schema',
        ...doc.locate(pointer),
        pointer,
        expected: `property "${String(params['missingProperty'])}"`,
        found: 'missing',
        message: `${where(pointer)} must have required property "${String(params['missingProperty'])}"`,
      };
    case 'additionalProperties': {
      const extra = String(params['additionalProperty']);
      return {
        ...base,
        code: 'handoff.schema',
        ...doc.locate(pointer, extra),
        pointer: `${pointer}/${extra.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        expected: 'only the properties the schema defines (handoff documents are strict)',
        found: cutFound(`property ${JSON.stringify(extra)}`),
        message: `${where(pointer)} has unknown property ${foundExcerpt(extra)}`,
      };
    }
    default: {
      const expected =
        error.keyword === 'enum'
          ? `one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
          : error.keyword === 'const'
            ? JSON.stringify(params['allowedValue'])
            : error.keyword === 'type'
              ? String(params['type'])
              : (error.message ?? error.keyword);
      return {
        ...base,
        code: 'handoff.schema',
        ...doc.locate(pointer),
        pointer,
        expected,
        found: show(found),
        message: `${where(pointer)} ${error.message ?? 'is invalid'}${error.keyword === 'enum' ? `: ${expected}` : ''}`,
      };
    }
  }
}

function where(pointer: string): string {
  return pointer === '' ? 'document' : pointer;
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const token of pointer.split('/').slice(1)) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Short, single-line rendering of an untrusted value for `found` (at most 80 characters). */
const show = foundExcerpt;
