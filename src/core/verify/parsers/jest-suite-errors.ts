/**
 * jest suites that failed to run (a module that throws at import, a syntax error, a TypeScript error
 * reported by ts-jest), as jest 29 and jest-junit 16 report them (fixtures in test/fixtures/tools/):
 *
 * - with `JEST_JUNIT_REPORT_TEST_SUITE_ERRORS=true`, jest-junit writes two `<testcase>`s per such
 *   suite, both with class name `Test suite failed to run` and the file as name: an `<error>` with
 *   jest's message, then a `<failure>` holding `JSON.stringify(testExecError)`. They are one failure.
 * - without it, the suite is absent from the XML; jest prints `FAIL <file>` and
 *   `● Test suite failed to run` with the reason on stderr and exits 1.
 *
 * Either way the gate reports one finding per suite, with the file and the reason, and the same
 * identity (so a baseline taken in one mode matches the other).
 */
import { normaliseFailureText } from '../normalise-output.js';
import type { TestCase } from '../test-ledger.js';
import type { ParseOutcome } from './parser.js';
import { relativePath } from './parser.js';
import { findSourceRef } from './source-ref.js';
import { stripAnsi } from './terminal-text.js';

/** The class name (and stderr header) jest-junit and jest give a suite that failed to run. */
export const SUITE_ERROR = 'Test suite failed to run';

/** Lines that say why a suite failed, in the order jest prints them (first match wins). */
const REASON_LINE = /error TS\d+|^(?:[A-Z]\w*)?Error\b|^Cannot find module\b|^Cannot use import\b|^Unexpected token\b/;
const SOURCE_EXTENSIONS = '[cm]?[jt]sx?';
const MAX_REASON = 300;
/** Bound on the stderr scanned for suite errors (the report lines sit at the end of jest's output). */
const MAX_STDERR_SCANNED = 2 * 1024 * 1024;

/**
 * The reason in one suite-error message block (jest's text under `● Test suite failed to run`): the
 * first line that names an error (`error TS2345`, `SyntaxError: …`, `Cannot find module …`), else
 * the first non-empty line. ANSI codes stripped; at most 300 characters.
 */
export function suiteErrorReason(block: string): string {
  const lines = stripAnsi(block)
    .split('\n')
    .map((l) => l.trim().replace(/^●\s*/, ''))
    .filter((l) => l !== '' && l !== SUITE_ERROR);
  const line = lines.find((l) => REASON_LINE.test(l)) ?? lines[0] ?? 'the suite failed to run';
  return line.length > MAX_REASON ? `${line.slice(0, MAX_REASON - 3)}...` : line;
}

/**
 * A jest-junit failure text that is a serialised error (`{"message":…,"stack":…}`, or ts-jest's
 * `{"diagnosticText":…}`) as a readable one-line message; `undefined` when the text is not one.
 */
export function readableSerialisedError(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || trimmed.length > 1_000_000) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const fields = parsed as Record<string, unknown>;
  for (const key of ['message', 'diagnosticText', 'stack'] as const) {
    const value = fields[key];
    if (typeof value === 'string' && value.trim() !== '') return suiteErrorReason(value);
  }
  return undefined;
}

/** Suites that jest printed on stderr as `FAIL <file>` followed by `● Test suite failed to run`. */
export function suiteErrorsInStderr(stderr: string): { file: string; reason: string }[] {
  if (!stderr.includes(SUITE_ERROR)) return [];
  const lines = stripAnsi(stderr.length > MAX_STDERR_SCANNED ? stderr.slice(-MAX_STDERR_SCANNED) : stderr).split('\n');
  const found: { file: string; reason: string }[] = [];
  let file: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    // `FAIL test/a.test.ts`, `FAIL  unit  test/a.test.ts` (a project's display name), `… (5.1 s, 80 MB heap size)`.
    const header = suiteHeader(line);
    if (header) {
      file = header.status === 'FAIL' ? header.text.split(/\s+/).pop() : undefined;
      continue;
    }
    if (file === undefined || line.trim() !== `● ${SUITE_ERROR}`) continue;
    const block: string[] = [];
    for (i++; i < lines.length; i++) {
      const next = lines[i] as string;
      if (/^(?:FAIL|PASS)\s/.test(next) || /^\s*●\s/.test(next) || /^Test Suites:/.test(next)) {
        i--;
        break;
      }
      block.push(next);
    }
    found.push({ file, reason: suiteErrorReason(block.join('\n')) });
    file = undefined;
  }
  return found;
}

/** The finding and ledger case of one suite that failed to run. `file` as jest printed it. */
export function suiteErrorResult(file: string, reason: string, root: string): { finding: ParseOutcome['findings'][number]; testCase: TestCase } {
  const path = relativePath(file, root);
  const shown = reason.split(`${root.replace(/\/$/, '')}/`).join('');
  const name = `${SUITE_ERROR} › ${path}`;
  const failureKind = `error: ${normaliseFailureText(shown, root)}`;
  const source = findSourceRef(shown, SOURCE_EXTENSIONS);
  const line = source && relativePath(source.path, root) === path ? Number(source.line) : undefined;
  return {
    finding: { rule: 'test-error', severity: 'error', file: path, ...(line ? { line } : {}), message: `${path}: test suite failed to run: ${shown}`, identity: `${name} › ${failureKind}` },
    testCase: { name, file: path, outcome: 'error', failureKind },
  };
}

/**
 * A `FAIL …`/`PASS …` header line: its status and text, trimmed, without a trailing `(5.1 s, 80 MB heap
 * size)`; `undefined` when `line` is no header (or its text spans a line terminator). Trimming by
 * string methods: the regexes this replaced (`\s+(.*?)\s*$`, `\s+\([^()]*\)$`) re-scanned every
 * blank run, quadratic on a long line of spaces.
 */
export function suiteHeader(line: string): { status: 'FAIL' | 'PASS'; text: string } | undefined {
  const status = /^(FAIL|PASS)\s/.exec(line)?.[1] as 'FAIL' | 'PASS' | undefined;
  if (status === undefined) return undefined;
  const text = line.slice(4).trim();
  if (/[\n\r\u2028\u2029]/.test(text)) return undefined;
  // The last `(…)` holding no other parenthesis, ending the text, after a blank (one match: linear).
  const timing = /\([^()]*\)$/.exec(text);
  const before = timing ? text.slice(0, timing.index) : '';
  return { status, text: timing && before !== before.trimEnd() ? before.trimEnd() : text };
}
