/** The findings parsers by `format` name (the `verify.steps[].format` config values). */
import { parseEslintJson } from './eslint-json.js';
import { parseExitCode } from './exit-code.js';
import { parseJunitXml } from './junit-xml.js';
import type { FindingsParser } from './parser.js';
import { parseTsc } from './tsc.js';

export const PARSERS = {
  'eslint-json': parseEslintJson,
  tsc: parseTsc,
  junit: parseJunitXml,
  'exit-code': parseExitCode,
} as const satisfies Record<string, FindingsParser>;

export type FindingsFormat = keyof typeof PARSERS;
export type { FindingsParser, ParseContext, ParseOutcome, StepOutput } from './parser.js';
