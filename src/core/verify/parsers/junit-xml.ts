/**
 * JUnit XML, as written by vitest (`--reporter=junit`), jest-junit, pytest (`--junitxml`), node's
 * test runner (`--test-reporter=junit`, whose `<testcase>` elements may sit directly under
 * `<testsuites>`) and go-junit-report: `<testsuites><testsuite><testcase name classname file?>` with
 * `<failure>`, `<error>` or `<skipped>` children. Failures and errors are `error` findings; skipped
 * tests are `notice` findings (reported, never counted as passed or failed). Every `<testcase>` also
 * becomes a `TestCase` of the step's test ledger.
 * Parsed with fast-xml-parser; documents that declare entities are refused (entity expansion bombs).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { normaliseFailureText } from '../normalise-output.js';
import type { TestCase } from '../test-ledger.js';
import type { FindingsParser, ParseOutcome } from './parser.js';
import { relativePath } from './parser.js';

type XmlNode = Record<string, unknown>;

const SOURCE_REF = /(\/?(?:[\w.@-]+\/)*[\w.@-]+\.(?:py|ts|tsx|js|jsx|mjs|cjs|mts|cts|go|rb|java|kt|rs|cs|php)):(\d+)/;
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
    for (const testcase of asNodes(suite['testcase'])) {
      const { testCase, failures } = readTestcase(testcase, [...path, suiteName].filter((p) => p !== ''), suiteName, root);
      cases.push(testCase);
      findings.push(...failures);
    }
  }
  return { findings, cases };
};

/**
 * One `<testcase>`: its ledger entry and its findings. The title path is the enclosing suites' names
 * when the class name says nothing (node), the class part of a dotted Python class name (pytest), or
 * the class name when it is not a file and the name does not already start with it (jest-junit).
 */
function readTestcase(testcase: XmlNode, suitePath: string[], suiteName: string, root: string): { testCase: TestCase; failures: ParseOutcome['findings'] } {
  const name = String(testcase['@_name'] ?? '(unnamed test)');
  const classname = String(testcase['@_classname'] ?? suiteName);
  const declaredFile = typeof testcase['@_file'] === 'string' ? testcase['@_file'] : isPathLike(classname) ? classname : isPathLike(suiteName) ? suiteName : undefined;
  const title: string[] = [];
  let file = declaredFile !== undefined ? relativePath(declaredFile, root) : undefined;
  if (GENERIC_CLASSNAMES.has(classname)) title.push(...suitePath.filter((p) => !isPathLike(p)));
  else if (!isPathLike(classname)) {
    const dotted = /^[\w.]+$/.test(classname) && classname.includes('.') ? classname.split('.') : undefined;
    if (dotted) {
      const firstClass = dotted.findIndex((part) => /^[A-Z]/.test(part));
      const module = firstClass < 0 ? dotted : dotted.slice(0, firstClass);
      if (file === undefined && module.length > 0) file = `${module.join('/')}.py`;
      if (firstClass >= 0) title.push(...dotted.slice(firstClass));
    } else if (/^test_\w+$/.test(classname) && file === undefined) file = `${classname}.py`; // pytest module at the root
    else if (!name.startsWith(classname)) title.push(classname);
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
  for (const [kind, rule, caseOutcome] of kinds) {
    for (const node of asNodes(testcase[kind])) {
      if (outcome === 'passed' || (outcome === 'skipped' && caseOutcome !== 'skipped')) outcome = caseOutcome;
      const message = String(node['@_message'] ?? '');
      const body = `${message}\n${String(node['#text'] ?? '')}`;
      const ref = SOURCE_REF.exec(body);
      const findingFile = declaredFile !== undefined ? relativePath(declaredFile, root) : ref ? relativePath(ref[1] as string, root) : undefined;
      const line = ref && findingFile && relativePath(ref[1] as string, root).endsWith(findingFile) ? Number(ref[2]) : undefined;
      const detail = firstLine(message || String(node['#text'] ?? ''));
      const failure = `${String(node['@_type'] ?? kind)}: ${normaliseFailureText(firstLine(message || String(node['#text'] ?? '')), root)}`;
      if (kind !== 'skipped') failureKind ??= failure;
      failures.push({
        rule,
        message: `${classname && classname !== declaredFile && !GENERIC_CLASSNAMES.has(classname) ? `${classname} › ` : ''}${name}${detail ? `: ${detail}` : ''}`,
        // Same test and same kind of failure: a test failing on both sides for different reasons is new.
        identity: kind === 'skipped' ? `${title.join(' › ')}` : `${title.join(' › ')} › ${failure}`,
        severity: kind === 'skipped' ? 'notice' : 'error',
        ...(findingFile ? { file: findingFile } : {}),
        ...(line ? { line } : {}),
      });
    }
  }
  const testCase: TestCase = { name: title.join(' › '), ...(file ? { file } : {}), outcome, ...(failureKind ? { failureKind } : {}) };
  return { testCase, failures };
}

function asNodes(value: unknown): XmlNode[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => (typeof v === 'object' && v !== null ? (v as XmlNode) : { '#text': v }));
}

function isPathLike(text: string): boolean {
  return /[/\\]/.test(text) || /\.(?:[cm]?[jt]sx?|py|go|rb)$/.test(text);
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
