/** The contract every findings parser implements. */
import type { RawFinding } from '../finding.js';
import type { TestCase } from '../test-ledger.js';

/** What a verify step produced. Texts are UTF-8 decoded; `report` is the `reportFile` content when configured. */
export interface StepOutput {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  report?: string;
}

/** Where the step ran, to turn absolute paths into repository-relative ones. */
export interface ParseContext {
  /** Absolute path of the checkout the step ran in (no trailing slash). */
  root: string;
}

/** A parser's result: the findings, or `error` when the output is not what the tool writes (fail closed). */
export interface ParseOutcome {
  findings: (RawFinding & { identity?: string })[];
  error?: string;
  /** The test cases the report lists (test-report formats only): the step's test ledger. */
  cases?: TestCase[];
}

export type FindingsParser = (output: StepOutput, context: ParseContext) => ParseOutcome;

/** Makes `file` repository-relative with `/` separators; leaves relative paths as they are. */
export function relativePath(file: string, root: string): string {
  const normalised = file.replace(/\\/g, '/');
  const prefix = `${root.replace(/\\/g, '/').replace(/\/$/, '')}/`;
  return normalised.startsWith(prefix) ? normalised.slice(prefix.length) : normalised.replace(/^\.\//, '');
}
