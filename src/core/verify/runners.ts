/**
 * Test runners the gate knows (`verify.steps[].runner`): for a step that names one, the gate adds the
 * reporter flags and environment itself, reads JUnit XML from a report file it chose (in a
 * temporary directory it owns, never a path the pull request names), and parses it as `format: junit`.
 * Pure: the caller (src/local/run-steps.ts) creates the directory and runs the command.
 *
 * Sources for the flags: jest-junit 16 README (`jest --ci --reporters=default --reporters=jest-junit`,
 * environment variables override its `package.json` and reporter options); jest 29 CLI (`--forceExit`);
 * vitest 4 `--reporter=junit --outputFile`; Node.js test runner docs (`--test-reporter` and
 * `--test-reporter-destination` pair in order; the flags must come before the test files, so they go in
 * `NODE_OPTIONS`; a reporter may be a file path); mocha-junit-reporter 2 (`mochaFile`, `includePending`); pytest `--junitxml`; gotestsum
 * (`GOTESTSUM_JUNITFILE`, the environment form of `--junitfile`).
 */

/** The runner names a step may give. */
export const RUNNERS = ['jest', 'vitest', 'node-test', 'mocha', 'pytest', 'gotestsum'] as const;
export type RunnerName = (typeof RUNNERS)[number];

/** What the gate runs for a runner step: the command with the reporter flags, and variables it sets. */
export interface RunnerInvocation {
  /** `run` with the reporter flags appended (`sh -c` text). */
  command: string;
  /** Variables set for the step, over the allow-listed environment. */
  env: Record<string, string>;
  /** Files to write before the step starts (absolute path → text), beside the report. */
  files: Record<string, string>;
}

/**
 * A node:test reporter the gate writes beside the report: node's own JUnit reporter, with each test's
 * file (`data.file` of `test:pass`/`test:fail` events, Node 20+) as its class name — node's reporter
 * names no file (nodejs/node#59422), so without it the ledger cannot say which test files ran.
 */
const NODE_TEST_REPORTER = `// Written by handoff-gate for this step: node's JUnit reporter, each test's file as its class name.
import { junit } from 'node:test/reporters';

async function* withFiles(source) {
  for await (const event of source) {
    const done = event.type === 'test:pass' || event.type === 'test:fail';
    yield done && typeof event.data.file === 'string' && event.data.classname === undefined ? { ...event, data: { ...event.data, classname: event.data.file } } : event;
  }
}

export default (source) => junit(withFiles(source));
`;

/**
 * jest-junit's naming options, pinned to its defaults so that the ledger's case names do not depend on a
 * `jest-junit` key the pull request can put in `package.json`; file attributes on, suite errors reported.
 */
const JEST_JUNIT_ENV = {
  JEST_JUNIT_REPORT_TEST_SUITE_ERRORS: 'true',
  JEST_JUNIT_ADD_FILE_ATTRIBUTE: 'true',
  JEST_JUNIT_UNIQUE_OUTPUT_NAME: 'false',
  JEST_JUNIT_CLASSNAME: '{classname} {title}',
  JEST_JUNIT_TITLE: '{classname} {title}',
  JEST_JUNIT_SUITE_NAME: '{title}',
  JEST_JUNIT_ANCESTOR_SEPARATOR: ' ',
  // jest-junit ignores an empty variable; `./` is the default's effect (it is `path.join`ed before the file).
  JEST_JUNIT_FILE_PATH_PREFIX: './',
} as const;

/**
 * The command and environment for `runner`, writing its JUnit report to `reportPath`.
 *
 * `run` must end where the runner's own arguments go (`npx jest`, `npx vitest run`, `pytest tests/`);
 * for `npm test` / `npm run <script>` without `--`, a `--` is added so npm passes the flags on.
 * node-test takes its flags through `NODE_OPTIONS` (they must precede the test files) and a reporter
 * module the caller writes from `files`.
 *
 * @param reportPath absolute path of the report file, in a directory the gate owns
 */
export function runnerInvocation(runner: RunnerName, run: string, reportPath: string): RunnerInvocation {
  const file = shellQuote(reportPath);
  const append = (flags: string) => `${npmSeparated(run)} ${flags}`;
  switch (runner) {
    case 'jest':
      return { command: append('--ci --forceExit --reporters=default --reporters=jest-junit'), env: { ...JEST_JUNIT_ENV, JEST_JUNIT_OUTPUT_FILE: reportPath }, files: {} };
    case 'vitest':
      return { command: append(`--reporter=default --reporter=junit --outputFile.junit=${file}`), env: {}, files: {} };
    case 'node-test': {
      const reporter = `${reportPath.slice(0, Math.max(reportPath.lastIndexOf('/'), reportPath.lastIndexOf('\\')) + 1)}node-test-junit-reporter.mjs`;
      const options = `--test-reporter=spec --test-reporter-destination=stdout --test-reporter=${nodeOptionQuote(reporter)} --test-reporter-destination=${nodeOptionQuote(reportPath)}`;
      return { command: run, env: { NODE_OPTIONS: options }, files: { [reporter]: NODE_TEST_REPORTER } };
    }
    case 'mocha':
      return { command: append(`--reporter mocha-junit-reporter --reporter-options ${shellQuote(`mochaFile=${reportPath},includePending=true`)}`), env: {}, files: {} };
    case 'pytest':
      return { command: append(`--junitxml=${file}`), env: {}, files: {} };
    case 'gotestsum':
      // gotestsum's own flags go before `--` (what follows goes to `go test`): the variable needs no place in `run`.
      return { command: run, env: { GOTESTSUM_JUNITFILE: reportPath }, files: {} };
  }
}

/** `npm test` and `npm run x` pass arguments to the script only after `--`. */
function npmSeparated(run: string): string {
  const trimmed = run.trimEnd();
  return /^\s*npm\s+(?:test|t|run(?:-script)?\s+\S+)\b/.test(trimmed) && !/\s--(?:\s|$)/.test(trimmed) ? `${trimmed} --` : trimmed;
}

/** POSIX single-quoting for `sh -c`. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** `NODE_OPTIONS` values are split on spaces unless double-quoted (Node.js CLI docs). */
function nodeOptionQuote(text: string): string {
  return /[\s"\\]/.test(text) ? `"${text.replace(/(["\\])/g, '\\$1')}"` : text;
}

/** The findings format a step is parsed with: `junit` for a runner step, else its `format`. */
export function stepFormat<F extends string>(step: { runner?: RunnerName | undefined; format: F }): F | 'junit' {
  return step.runner ? 'junit' : step.format;
}

/**
 * Configuration problems of a runner step (zod `superRefine` of `verify.steps[]`): the gate chooses
 * the report file, so `reportFile` is refused, and the format is JUnit, so another `format` is refused.
 */
export function runnerStepProblems(step: { runner?: RunnerName | undefined; format: string; reportFile?: string | undefined }, ctx: { addIssue(issue: { code: 'custom'; path: string[]; message: string; input?: unknown }): void }): void {
  if (!step.runner) return;
  if (step.reportFile !== undefined) ctx.addIssue({ code: 'custom', path: ['reportFile'], message: `runner: ${step.runner} writes its report to a file the gate chooses; remove reportFile`, input: step.reportFile });
  if (step.format !== 'junit' && step.format !== 'exit-code') ctx.addIssue({ code: 'custom', path: ['format'], message: `runner: ${step.runner} is parsed as format: junit; remove format: ${step.format}`, input: step.format });
}
