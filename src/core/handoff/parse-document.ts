/**
 * Parses handoff files (JSON or YAML, multi-document YAML too) into plain values,
 * with bounded size, nesting depth and alias expansion, and a lazy source locator
 * that turns a JSON pointer back into a 1-based line and column.
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { excessiveNesting } from './nesting-depth.js';

/** Limits that keep a hostile file from hanging or crashing the run. */
export interface ParseLimits {
  /** Largest file accepted, in bytes (UTF-8). */
  maxBytes: number;
  /** Deepest nesting of arrays/objects accepted. */
  maxDepth: number;
  /** Most YAML alias expansions per document (the "billion laughs" bound; `yaml`'s `maxAliasCount`). */
  maxAliases: number;
  /** Most documents in one multi-document YAML file. */
  maxDocuments: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxBytes: 1024 * 1024, maxDepth: 64, maxAliases: 100, maxDocuments: 100 };

/** 1-based position in the source text. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** One parsed document of a file. */
export interface ParsedDocument {
  /** 0-based index of the document in the file (always 0 for JSON). */
  index: number;
  value: unknown;
  /**
   * Position of the value at `pointer` (RFC 6901), or of the key `key` inside it when given.
   * Falls back to the nearest ancestor that exists, then to the document start.
   */
  locate(pointer: string, key?: string): SourcePosition;
}

/** A file-level parse problem (the file, or one document of it, yielded no value). */
export interface ParseProblem extends SourcePosition {
  message: string;
  documentIndex?: number;
}

export interface ParseResult {
  documents: ParsedDocument[];
  problems: ParseProblem[];
}

/** `json` for `.json` files, `yaml` for everything else we read (`.yml`, `.yaml`). */
export function formatOf(path: string): 'json' | 'yaml' {
  return /\.json$/i.test(path) ? 'json' : 'yaml';
}

/**
 * Parses `text` as JSON or YAML. Never throws: every problem comes back in `problems`
 * with a position, and the documents that did parse come back in `documents`.
 */
export function parseDocuments(text: string, format: 'json' | 'yaml', limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParseResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) {
    return { documents: [], problems: [{ line: 1, column: 1, message: `file is ${bytes} bytes, over the ${limits.maxBytes}-byte limit` }] };
  }
  return format === 'json' ? parseJson(text, limits) : parseYaml(text, limits);
}

function parseJson(text: string, limits: ParseLimits): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { documents: [], problems: [{ ...jsonErrorPosition(text, error), message: `invalid JSON: ${messageOf(error)}` }] };
  }
  const tooDeep = depthProblem(value, limits.maxDepth);
  if (tooDeep) return { documents: [], problems: [{ line: 1, column: 1, message: tooDeep }] };
  return { documents: [{ index: 0, value, locate: lazyLocator(text) }], problems: [] };
}

function parseYaml(text: string, limits: ParseLimits): ParseResult {
  const lineCounter = new LineCounter();
  const documents: ParsedDocument[] = [];
  const problems: ParseProblem[] = [];
  // Checked before the parser recurses: a document nested thousands deep would overflow its stack.
  const deep = excessiveNesting(text, limits.maxDepth);
  if (deep) return { documents: [], problems: [{ ...deep, message: `nesting deeper than the limit of ${limits.maxDepth} levels` }] };
  let docs;
  try {
    docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  } catch (error) {
    return { documents: [], problems: [{ line: 1, column: 1, message: `invalid YAML: ${messageOf(error)}` }] };
  }
  const list = Array.isArray(docs) ? docs : [];
  if (list.length > limits.maxDocuments) {
    return { documents: [], problems: [{ line: 1, column: 1, message: `${list.length} YAML documents, over the limit of ${limits.maxDocuments}` }] };
  }
  list.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const pos = lineCounter.linePos(error.pos[0]);
        problems.push({ line: pos.line, column: pos.col, documentIndex: index, message: `invalid YAML: ${firstLine(error.message)}` });
      }
      return;
    }
    const start = doc.contents ? lineCounter.linePos(doc.contents.range[0]) : { line: 1, col: 1 };
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: limits.maxAliases });
    } catch (error) {
      problems.push({ line: start.line, column: start.col, documentIndex: index, message: `YAML document rejected: ${messageOf(error)}` });
      return;
    }
    if (value === null && doc.contents === null) return; // empty document (e.g. trailing `---`)
    const tooDeep = depthProblem(value, limits.maxDepth);
    if (tooDeep) {
      problems.push({ line: start.line, column: start.col, documentIndex: index, message: tooDeep });
      return;
    }
    documents.push({ index, value, locate: (pointer, key) => locateInNode(doc.contents, lineCounter, pointer, key) });
  });
  return { documents, problems };
}

/**
 * Locates values of a JSON text only when a location is first asked for (the error path), with
 * jsonc-parser's syntax tree (offsets only, no YAML composition: 10× cheaper on files with errors).
 * Falls back to the nearest ancestor that exists, then to the document start.
 */
function lazyLocator(text: string): ParsedDocument['locate'] {
  let tree: { root: JsonNode | undefined; lineStarts: number[] } | undefined;
  return (pointer, key) => {
    tree ??= { root: parseTree(text), lineStarts: lineStartsOf(text) };
    let node = tree.root;
    let offset = node?.offset ?? 0;
    const tokens = pointerTokens(pointer);
    if (key !== undefined) tokens.push(key);
    for (const [i, token] of tokens.entries()) {
      const wantKey = key !== undefined && i === tokens.length - 1;
      let next: JsonNode | undefined;
      if (node?.type === 'array') next = node.children?.[Number(token)];
      else if (node?.type === 'object') {
        const property = node.children?.find((p) => p.children?.[0]?.value === token);
        next = wantKey ? property?.children?.[0] : property?.children?.[1];
      }
      if (!next) break;
      node = next;
      offset = next.offset;
    }
    return positionAt(tree.lineStarts, offset);
  };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and column of a 0-based character offset. */
function positionAt(lineStarts: readonly number[], offset: number): SourcePosition {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (lineStarts[lo] as number) + 1 };
}

/** RFC 6901 pointer → reference tokens. */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function locateInNode(root: unknown, lineCounter: LineCounter, pointer: string, key?: string): SourcePosition {
  let node: unknown = root;
  let best: unknown = root;
  const tokens = pointerTokens(pointer);
  if (key !== undefined) tokens.push(key);
  for (const [i, token] of tokens.entries()) {
    const wantKey = key !== undefined && i === tokens.length - 1;
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === token);
      next = pair && (wantKey ? pair.key : pair.value);
    } else if (isSeq(node)) {
      next = node.items[Number(token)];
    }
    if (!next) break;
    node = next;
    best = next;
  }
  const range = (best as { range?: [number, number, number] } | null)?.range;
  const pos = lineCounter.linePos(range ? range[0] : 0);
  return { line: pos.line, column: pos.col };
}

/** Node's JSON.parse messages carry "position N" (Node 20) or "line L column C" (Node 22+). */
function jsonErrorPosition(text: string, error: unknown): SourcePosition {
  const message = messageOf(error);
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const at = /position (\d+)/.exec(message);
  const offset = at ? Number(at[1]) : text.length;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Iterative depth check (no recursion, so a deep value cannot overflow the stack here). */
function depthProblem(value: unknown, maxDepth: number): string | undefined {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    if (depth > maxDepth) return `nesting deeper than the limit of ${maxDepth} levels`;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof RangeError) return 'nesting too deep to parse';
  return firstLine(error instanceof Error ? error.message : String(error));
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
