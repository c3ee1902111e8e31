/**
 * JUnit XML, as written by vitest (`--reporter=junit`), jest-junit, pytest (`--junitxml`) and most
 * other runners: `<testsuites><testsuite><testcase name classname file?>` with `<failure>`,
 * `<error>` or `<skipped>` children. Failures and errors are `error` findings; skipped tests are
 * `notice` findings (reported, never counted as passed or failed).
 * Parsed with fast-xml-parser; documents that declare entities are refused (entity expansion bombs).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FindingsParser, ParseOutcome } from './parser.js';
import { relativePath } from './parser.js';

type XmlNode = Record<string, unknown>;

const SOURCE_REF = /(\/?(?:[\w.@-]+\/)*[\w.@-]+\.(?:py|ts|tsx|js|jsx|mjs|cjs|mts|cts|go|rb|java|kt|rs|cs|php)):(\d+)/;

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
  const findings: ParseOutcome['findings'] = [];
  const suites: XmlNode[] = [];
  const top = (doc['testsuites'] as XmlNode | undefined) ?? doc;
  suites.push(...asNodes(top['testsuite']));
  if (suites.length === 0 && !('testsuites' in doc)) return { findings: [], error: 'no <testsuites> or <testsuite> element' };
  for (let i = 0; i < suites.length; i++) {
    const suite = suites[i] as XmlNode;
    suites.push(...asNodes(suite['testsuite'])); // nested suites (jest-junit, Maven)
    for (const testcase of asNodes(suite['testcase'])) {
      const name = String(testcase['@_name'] ?? '(unnamed test)');
      const classname = String(testcase['@_classname'] ?? suite['@_name'] ?? '');
      const declaredFile = typeof testcase['@_file'] === 'string' ? testcase['@_file'] : isPathLike(classname) ? classname : undefined;
      for (const [kind, rule] of [['failure', 'test-failure'], ['error', 'test-error'], ['skipped', 'test-skipped']] as const) {
        for (const node of asNodes(testcase[kind])) {
          const body = `${String(node['@_message'] ?? '')}\n${String(node['#text'] ?? '')}`;
          const ref = SOURCE_REF.exec(body);
          const file = declaredFile ? relativePath(declaredFile, root) : ref ? relativePath(ref[1] as string, root) : undefined;
          const line = ref && file && relativePath(ref[1] as string, root).endsWith(file) ? Number(ref[2]) : undefined;
          const detail = firstLine(String(node['@_message'] ?? node['#text'] ?? ''));
          findings.push({
            rule,
            message: `${classname && classname !== declaredFile ? `${classname} › ` : ''}${name}${detail ? `: ${detail}` : ''}`,
            identity: `${classname} › ${name}`,
            severity: kind === 'skipped' ? 'notice' : 'error',
            ...(file ? { file } : {}),
            ...(line ? { line } : {}),
          });
        }
      }
    }
  }
  return { findings };
};

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
