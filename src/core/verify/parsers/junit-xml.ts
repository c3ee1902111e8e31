/**
 * JUnit XML, as written by vitest (`--reporter=junit`), jest-junit, pytest (`--junitxml`), node's
 * test runner (`--test-reporter=junit`, whose `<testcase>` elements may sit directly under
 * `<testsuites>`), mocha-junit-reporter (the file on `<testsuite file>`, the full title as `name`)
 * and go-junit-report: `<testsuites><testsuite><testcase name classname file?>` with
 * `<failure>`, `<error>` or `<skipped>` children. Failures and errors are `error` findings; skipped
 * tests are `notice` findings (reported, never counted as passed or failed). Every `<testcase>` also
 * becomes a `TestCase` of the step's test ledger. Messages lose their ANSI codes (terminal-text.ts).
 * jest suites that failed to run give one finding each, from the XML or from jest's stderr
 * (jest-suite-errors.ts).
 * Parsed with fast-xml-parser; documents that declare entities are refused (entity expansion bombs).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { normaliseFailureText } from '../normalise-output.js';
import type { TestCase } from '../test-ledger.js';
import { goPackageFailures, goTestDetail } from './go-test-output.js';
import { readableSerialisedError, SUITE_ERROR, suiteErrorReason, suiteErrorResult, suiteErrorsInStderr } from './jest-suite-errors.js';
import type { FindingsParser, ParseOutcome } from './parser.js';
import { relativePath } from './parser.js';
import { findSourceRef } from './source-ref.js';
import { stripAnsi } from './terminal-text.js';

type XmlNode = Record<string, unknown>;

const SOURCE_EXTENSIONS = 'py|ts|tsx|js|jsx|mjs|cjs|mts|cts|go|rb|java|kt|rs|cs|php';
const ABSOLUTE_PATH = /^(?:\/|[A-Za-z]:[\\/])/;
/** Class names runners use when they have none (node's test runner writes `test`). */
const GENERIC_CLASSNAMES = new Set(['', 'test']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  processEntities: true,
  htmlEntities: true, // decodes numeric references such as pytest's &#10; in attributes
  isArray: (name) => ['testsuite', 'testcase', 'failure', 'error', 'skipped'].includes(name),
});

export const parseJunitXml: FindingsParser = (output, { root }) => {
  const text = (output.report ?? output.stdout).trim();
  const start = text.indexOf('<');
  if (start < 0) return { findings: [], error: `expected JUnit XML, got ${text === '' ? 'nothing' : `"${text.slice(0, 60)}…"`}` };
  const xml = text.slice(start);
  if (/<!ENTITY/i.test(xml)) return { findings: [], error: 'JUnit XML declares entities; refused' };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { findings: [], error: `invalid JUnit XML at line ${valid.err.line}: ${valid.err.msg}` };
  const doc = parser.parse(xml) as XmlNode;
  if (!('testsuites' in doc) && !('testsuite' in doc)) return { findings: [], error: 'no <testsuites> or <testsuite> element' };
  const findings: ParseOutcome['findings'] = [];
  const cases: TestCase[] = [];
  const top = asNodes(doc['testsuites'])[0] ?? doc;
  // Suites with the names of their enclosing suites; testcases directly under <testsuites> (node) too.
  const queue: { suite: XmlNode; path: string[] }[] = [{ suite: top, path: [] }];
  for (let i = 0; i < queue.length; i++) {
    const { suite, path } = queue[i] as { suite: XmlNode; path: string[] };
    for (const child of asNodes(suite['testsuite'])) queue.push({ suite: child, path: i === 0 ? [] : [...path, String(suite['@_name'] ?? '')] });
    const suiteName = i === 0 ? '' : String(suite['@_name'] ?? '');
    const suiteFile = typeof suite['@_file'] === 'string' ? suite['@_file'] : undefined;
    const read = withoutRepeatedSuiteErrors(asNodes(suite['testcase'])).map((testcase) => readTestcase(testcase, [...path, suiteName].filter((p) => p !== ''), suiteName, suiteFile, root));
    const failing = read.filter((r) => r.testCase.outcome === 'failed').map((r) => r.name);
    for (const { testCase, failures, name, failedBySubtests } of read) {
      cases.push(testCase);
      // Go: a parent test with no output of its own failed because a subtest did; the subtest is the finding.
      if (failedBySubtests && failing.some((other) => other.startsWith(`${name}/`))) continue;
      findings.push(...failures);
    }
  }
  // Errors the report counts that no test case carries: gotestsum's Go packages that did not build.
  const uncounted = Number(top['@_errors'] ?? 0) - cases.filter((c) => c.outcome === 'error').length;
  if (Number.isSafeInteger(uncounted) && uncounted > 0) {
    const packages = goPackageFailures(stripAnsi(`${output.stdout}\n${output.stderr}`));
    for (const p of packages) {
      findings.push({ rule: 'test-error', message: `${p.package}: the package failed to ${p.stage === 'build' ? 'build' : 'set up'}; its tests did not run`, identity: `${p.package} › ${p.stage} failed`, severity: 'error', file: p.package });
      cases.push({ name: `(${p.stage})`, file: p.package, outcome: 'error', failureKind: `error: ${p.stage} failed` });
    }
    if (packages.length === 0) findings.push({ rule: 'test-error', message: `the report counts ${uncounted} error(s) that no test case carries (see the step's output)`, identity: 'errors outside test cases', severity: 'error' });
  }
  // Suites jest could not run and jest-junit left out (no JEST_JUNIT_REPORT_TEST_SUITE_ERRORS): from stderr.
  const reported = new Set(findings.filter((f) => f.severity === 'error' && f.file !== undefined).map((f) => f.file));
  for (const { file, reason } of suiteErrorsInStderr(output.stderr)) {
    const { finding, testCase } = suiteErrorResult(file, reason, root);
    if (reported.has(finding.file)) continue;
    reported.add(finding.file);
    findings.push(finding);
    cases.push(testCase);
  }
  return { findings, cases };
};

/**
 * jest-junit reports a suite that failed to run twice (an `<error>` with jest's message, then a
 * `<failure>` with the serialised error): one `<testcase>` per suite is kept, the `<error>` one.
 */
function withoutRepeatedSuiteErrors(testcases: XmlNode[]): XmlNode[] {
  if (!testcases.some((t) => t['@_classname'] === SUITE_ERROR)) return testcases;
  const kept = new Map<string, XmlNode>();
  const out: XmlNode[] = [];
  for (const t of testcases) {
    if (t['@_classname'] !== SUITE_ERROR) {
      out.push(t);
      continue;
    }
    const key = String(t['@_file'] ?? t['@_name'] ?? '');
    const previous = kept.get(key);
    if (!previous) {
      kept.set(key, t);
      out.push(t);
    } else if (asNodes(previous['error']).length === 0 && asNodes(t['error']).length > 0) {
      out[out.indexOf(previous)] = t;
      kept.set(key, t);
    }
  }
  return out;
}

/**
 * One `<testcase>`: its ledger entry and its findings. The title path is the enclosing suites' names
 * when the class name says nothing (node), the class part of a dotted Python class name (pytest), or
 * the class name when it is not a file and the name does not already hold it (jest-junit starts the
 * name with it, mocha-junit-reporter ends the full title with it). The file is the case's `file`, a
 * path-like class or suite name, or the suite's `file` (mocha-junit-reporter). A jest suite that failed
 * to run is one finding (jest-suite-errors.ts).
 */
function readTestcase(testcase: XmlNode, suitePath: string[], suiteName: string, suiteFile: string | undefined, root: string): ReadTestcase {
  const name = String(testcase['@_name'] ?? '(unnamed test)').trim();
  const classname = String(testcase['@_classname'] ?? suiteName).trim();
  const declaredFile = typeof testcase['@_file'] === 'string' ? testcase['@_file'] : isPathLike(classname) ? classname : isPathLike(suiteName) ? suiteName : suiteFile;
  if (classname === SUITE_ERROR && declaredFile !== undefined) {
    const problem = [...asNodes(testcase['error']), ...asNodes(testcase['failure'])][0];
    if (problem) {
      const text = String(problem['#text'] ?? problem['@_message'] ?? '');
      const { finding, testCase } = suiteErrorResult(declaredFile, readableSerialisedError(text) ?? suiteErrorReason(text), root);
      return { testCase, failures: [finding], name, failedBySubtests: false };
    }
  }
  const title: string[] = [];
  let file = declaredFile !== undefined ? relativePath(declaredFile, root) : undefined;
  // node's class name says nothing (`test`), or is the absolute path of the file (the gate's node:test
  // reporter, runners.ts): the title is the enclosing suites' names, as for node's own reporter.
  if (GENERIC_CLASSNAMES.has(classname) || (classname === declaredFile && ABSOLUTE_PATH.test(classname))) title.push(...suitePath.filter((p) => !isPathLike(p)));
  else if (!isPathLike(classname)) {
    const dotted = /^[\w.]+$/.test(classname) && classname.includes('.') ? classname.split('.') : undefined;
    if (dotted) {
      const firstClass = dotted.findIndex((part) => /^[A-Z]/.test(part));
      const module = firstClass < 0 ? dotted : dotted.slice(0, firstClass);
      if (file === undefined && module.length > 0) file = `${module.join('/')}.py`;
      if (firstClass >= 0) title.push(...dotted.slice(firstClass));
    } else if (/^test_\w+$/.test(classname) && file === undefined) file = `${classname}.py`; // pytest module at the root
    else if (!repeats(name, classname)) title.push(classname);
  }
  title.push(name);
  const kinds = [
    ['failure', 'test-failure', 'failed'],
    ['error', 'test-error', 'error'],
    ['skipped', 'test-skipped', 'skipped'],
  ] as const;
  const failures: ParseOutcome['findings'] = [];
  let outcome: TestCase['outcome'] = 'passed';
  let failureKind: string | undefined;
  let failedBySubtests = false;
  for (const [kind, rule, caseOutcome] of kinds) {
    for (const node of asNodes(testcase[kind])) {
      if (outcome === 'passed' || (outcome === 'skipped' && caseOutcome !== 'skipped')) outcome = caseOutcome;
      const rawText = stripAnsi(String(node['#text'] ?? ''));
      const message = stripAnsi(String(node['@_message'] ?? '')) || (readableSerialisedError(rawText) ?? '');
      const body = `${message}\n${rawText}`;
      const ref = findSourceRef(body, SOURCE_EXTENSIONS);
      const findingFile = declaredFile !== undefined ? relativePath(declaredFile, root) : ref ? relativePath(ref.path, root) : undefined;
      const line = ref && findingFile && relativePath(ref.path, root).endsWith(findingFile) ? Number(ref.line) : undefined;
      // Go (gotestsum, go-junit-report): the message says only "Failed"; the test's own output says what.
      const goDetail = message === '' || message === 'Failed' ? goTestDetail(rawText) : goTestDetail(message);
      if (goDetail === '' && kind === 'failure') failedBySubtests = true;
      const detail = goDetail ? firstLine(goDetail) : firstLine(message || rawText);
      const failure = `${String(node['@_type'] || kind)}: ${normaliseFailureText(detail, root)}`;
      if (kind !== 'skipped') failureKind ??= failure;
      failures.push({
        rule,
        message: `${classname && classname !== declaredFile && !GENERIC_CLASSNAMES.has(classname) && !repeatsWords(name, classname) ? `${classname} › ` : ''}${name}${detail ? `: ${detail}` : ''}`,
        // Same test and same kind of failure: a test failing on both sides for different reasons is new.
        identity: kind === 'skipped' ? `${title.join(' › ')}` : `${title.join(' › ')} › ${failure}`,
        severity: kind === 'skipped' ? 'notice' : 'error',
        ...(findingFile ? { file: findingFile } : {}),
        ...(line ? { line } : {}),
      });
    }
  }
  const testCase: TestCase = { name: title.join(' › '), ...(file ? { file } : {}), outcome, ...(failureKind ? { failureKind } : {}) };
  return { testCase, failures, name, failedBySubtests };
}

/** One `<testcase>` read: its ledger entry, its findings, its own name, and whether it is a Go parent with no output of its own. */
interface ReadTestcase {
  testCase: TestCase;
  failures: ParseOutcome['findings'];
  name: string;
  failedBySubtests: boolean;
}

function asNodes(value: unknown): XmlNode[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => (typeof v === 'object' && v !== null ? (v as XmlNode) : { '#text': v }));
}

/** Whether a test's name already holds its class name (jest-junit: `{classname} {title}`; mocha-junit-reporter: the full title ends with it). */
function repeats(name: string, classname: string): boolean {
  return name.startsWith(classname) || name.endsWith(` ${classname}`);
}

/** `repeats`, as whole words: the class name is then left out of the message. */
function repeatsWords(name: string, classname: string): boolean {
  return name === classname || name.startsWith(`${classname} `) || name.endsWith(` ${classname}`);
}

function isPathLike(text: string): boolean {
  return /[/\\]/.test(text) || /\.(?:[cm]?[jt]sx?|py|go|rb)$/.test(text);
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
