/**
 * Every regular expression rewritten so it cannot backtrack super-linearly (ReDoS) on text the pull
 * request's author controls. Each is checked twice: a fast-check property of equivalence with the
 * pattern it replaced (kept inline as the reference) on short random inputs over the characters that
 * matter, and one hostile input of 100,000+ characters that took seconds with the old pattern (a
 * regression shows as a test timeout; no timings are asserted).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutFound } from '../../src/core/excerpt.js';
import { findExcuse } from '../../src/core/guardrails/excuse-marker.js';
import { countTestCases } from '../../src/core/guardrails/tests-deleted.js';
import { changedToolSections } from '../../src/core/guardrails/verify-config.js';
import { parseTrailer, trimLineEndings } from '../../src/core/report/trailer.js';
import { isLevelGap, labelledLevel, labelValue, riskId } from '../../src/core/review/report-risks.js';
import { suiteHeader } from '../../src/core/verify/parsers/jest-suite-errors.js';
import { findSourceRef } from '../../src/core/verify/parsers/source-ref.js';
import { runnerInvocation } from '../../src/core/verify/runners.js';
import { parametrisedBase, titleKey } from '../../src/core/verify/test-ledger.js';

const HUGE = 100_000;
const textOf = (alphabet: string[], maxLength = 30) => fc.array(fc.constantFrom(...alphabet), { maxLength }).map((c) => c.join(''));
const check = <T>(arb: fc.Arbitrary<T>, property: (value: T) => void) => fc.assert(
    fc.property(arb, (value) => {
      property(value);
    }),
    { numRuns: 3000 },
  );

describe('linear regexes, equivalent to the patterns they replaced', () => {
  it('cutFound: a blank run holding a line break is one space', () => {
    const previous = (t: string) => t.replace(/\s*[\r\n]+\s*/g, ' ');
    check(textOf(['a', ' ', '\t', '\r', '\n'], 100), (t) => expect(cutFound(t)).toBe(previous(t).length > 80 ? `${previous(t).slice(0, 79)}…` : previous(t)));
    expect(cutFound(`a${' '.repeat(HUGE)}b`)).toBe(`a${' '.repeat(78)}…`);
  });

  it('findExcuse: the reason of `handoff-gate-allow: <rule> -- <reason>`', () => {
    const previous = (t: string) => /handoff-gate-allow:\s*([\w.-]+)\s+--\s+(\S.*?)\s*(?:\*\/|-->)?\s*$/.exec(t);
    const line = fc.tuple(textOf(['handoff-gate-allow:', ' ', 'r', '--', '-', '*/', '-->', 'x', '\n', '\u2028', ' */'], 12), textOf(['x', ' ', '*/', '-->', '\t', '\r', '\n', '*', '/'], 20));
    check(line, ([a, b]) => {
      const t = a + b;
      const old = previous(t);
      expect(findExcuse(old?.[1] ?? 'r', 1, new Map([[1, t]]))).toBe(old?.[2]);
    });
    const hostile = `// handoff-gate-allow: r -- why${' '.repeat(HUGE)}\u2028x`;
    expect(findExcuse('r', 1, new Map([[1, hostile]]))).toBeUndefined();
    expect(findExcuse('r', 1, new Map([[1, `// handoff-gate-allow: r -- why${' '.repeat(HUGE)}*/`]]))).toBe('why');
    // Many markers before a line terminator: each used to re-scan the rest of the line.
    const markers = 'handoff-gate-allow: r -- x '.repeat(HUGE / 20);
    expect(findExcuse('r', 1, new Map([[1, `${markers}\u2028x`]]))).toBeUndefined();
    expect(findExcuse('r', 1, new Map([[1, markers]]))).toBe(markers.slice('handoff-gate-allow: r -- '.length).trimEnd());
  });

  it('countTestCases: the same count of test declarations', () => {
    const previous = (t: string) => t.match(/(?:^|[^\w.])(?:it|test|specify)(?:\.\w+)*\s*\(|^\s*(?:async\s+)?def\s+test_\w*\s*\(|^\s*func\s+Test\w*\s*\(/gm)?.length ?? 0;
    check(textOf(['def test_a(', 'func TestA(', 'async ', 'def', ' ', '\t', '\n', '\r', '\u2028', 'it(', 'x', '.', '(']), (t) => expect(countTestCases(t)).toBe(previous(t)));
    expect(countTestCases(`x${'\n'.repeat(HUGE)}y`)).toBe(0);
    expect(countTestCases(`${'\n'.repeat(HUGE)}  def test_a():`)).toBe(1);
  });

  it('changedToolSections: `[tool.x]` / `[[tool.x]]` headers of pyproject.toml', () => {
    // Only the header pattern changed: the section reader kept as it was, with the old pattern.
    const previousSections = (text: string) => {
      const sections = new Map<string, string>();
      let current: string | undefined;
      for (const line of text.split(/\r?\n/)) {
        const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/.exec(line);
        if (header) {
          const name = (header[1] as string).replace(/\s+/g, '');
          current = name.startsWith('tool.') ? name : undefined;
          if (current) sections.set(current, `${sections.get(current) ?? ''}\n`);
          continue;
        }
        if (current && line.trim() !== '') sections.set(current, `${sections.get(current) ?? ''}${line.trim()}\n`);
      }
      return sections;
    };
    const previous = (before: string) => [...previousSections(before).keys()].sort();
    check(textOf(['[', ']', 'tool', '.', 'x', ' ', '\t', '#', '\n', 'a=1', '\r']), (t) => expect(changedToolSections(t, '')).toEqual(previous(t)));
    expect(changedToolSections(`[${' '.repeat(HUGE)}x`, '')).toEqual([]);
    expect(changedToolSections(`[tool.x${' '.repeat(HUGE)}]\na=1`, '')).toEqual(['tool.x']);
  });

  it('trimLineEndings / parseTrailer: trailing CR and LF dropped', () => {
    const previous = (t: string) => t.replace(/(?:\r\n|\r|\n)+$/, '');
    check(textOf(['a', '\r', '\n', ' ']), (t) => expect(trimLineEndings(t)).toBe(previous(t)));
    expect(parseTrailer(`ACCEPTANCE: yes\n${'\n'.repeat(HUGE)}x`)).toBeUndefined();
    expect(parseTrailer(`ACCEPTANCE: yes\nDecision: accepted${'\r\n'.repeat(HUGE)}`)).toEqual({ acceptance: true, decision: 'accepted' });
  });

  it('titleKey and parametrisedBase: test identities', () => {
    const previousKey = (t: string) => t.replace(/\s*(?:›|>|::)\s*/g, ' › ').replace(/\s+/g, ' ').trim();
    check(textOf(['a', ' ', '\n', '›', '>', '::', ':']), (t) => expect(titleKey(t)).toBe(previousKey(t)));
    const previousBase = (t: string) => (t.endsWith(']') ? /^(.*?)\[[^\]]*\]$/.exec(t)?.[1] : undefined);
    check(textOf(['a', '[', ']', '\n', '\u2028', ' ']), (t) => expect(parametrisedBase(t)).toBe(previousBase(t)));
    expect(titleKey(`a${' '.repeat(HUGE)}b`)).toBe('a b');
    expect(parametrisedBase(`${'['.repeat(HUGE)}x`)).toBeUndefined();
    expect(parametrisedBase(`${'['.repeat(HUGE)}x]]`)).toBeUndefined();
    expect(parametrisedBase(`t${'['.repeat(HUGE)}]`)).toBe('t');
  });

  it('suiteHeader: jest `FAIL <file>` lines, without the trailing timing', () => {
    const previous = (line: string) => {
      const header = /^(FAIL|PASS)\s+(.*?)\s*$/.exec(line);
      return header ? { status: header[1], text: (header[2] as string).replace(/\s+\([^()]*\)$/, '') } : undefined;
    };
    check(textOf(['FAIL', 'PASS', ' ', 'a', '(', ')', '\r', '\u2028', '\t']), (t) => expect(suiteHeader(t)).toEqual(previous(t)));
    expect(suiteHeader(`FAIL a${' '.repeat(HUGE)}x`)?.text).toBe(`a${' '.repeat(HUGE)}x`);
    expect(suiteHeader(`FAIL a.test.ts${' '.repeat(HUGE)}(5 s)`)?.text).toBe('a.test.ts');
  });

  it('findSourceRef: the first `path/file.ts:12`', () => {
    const previous = (t: string) => {
      const m = /(\/?(?:[\w.@-]+\/)*[\w.@-]+\.(?:[cm]?[jt]sx?)):(\d+)/.exec(t);
      return m ? { path: m[1], line: m[2] } : undefined;
    };
    check(textOf(['a', '/', '.', 'ts', 'mjs', ':', '1', ' ', '@', '-', 'x']), (t) => expect(findSourceRef(t, '[cm]?[jt]sx?')).toEqual(previous(t)));
    expect(findSourceRef(`${'a/'.repeat(HUGE)}x`, 'ts')).toBeUndefined();
    expect(findSourceRef(`${'a'.repeat(HUGE)}! at src/a.ts:7`, 'ts')).toEqual({ path: 'src/a.ts', line: '7' });
  });

  it('runnerInvocation: node-test reporter next to the report file', () => {
    const path = `/tmp/${'d'.repeat(HUGE)}/report.xml`;
    expect(Object.keys(runnerInvocation('node-test', 'node --test', path).files)).toEqual([`/tmp/${'d'.repeat(HUGE)}/node-test-junit-reporter.mjs`]);
  });

  it('report risks: risk ids, `<label>: <value>` and labelled levels', () => {
    const previousId = (t: string) => /^\s*[*_]*\s*((?:R|RISK)-?\d{1,4})\b/i.exec(t)?.[1];
    check(textOf(['R', '-', '1', ' ', '*', '_', '\n', 'x']), (t) => expect(riskId(t)).toBe(previousId(t)));
    const previousLabel = (t: string) => {
      const m = /^\s*[*_]*\s*(blockers?|pending)\s*[*_]*\s*:[*_]*\s*(.+)$/is.exec(t);
      return m ? { label: m[1], value: m[2] } : undefined;
    };
    check(textOf(['pending', 'blocker', 's', ' ', '*', '_', ':', '\n', 'x']), (t) => expect(labelValue(t, 'blockers?|pending')).toEqual(previousLabel(t)));
    const previousGap = (g: string) => /^[\s*_]*(?:[^\w\s]{1,4}\s*)?[*_]*$/.test(g);
    check(textOf([' ', '*', '_', '→', '-', ':', '#', '\n']), (g) => expect(isLevelGap(g)).toBe(previousGap(g)));
    const previousLevel = (t: string) => {
      const m = /\b(risk\s*level|risk|status)\b[\s*_]*[:=][\s*_]*(?:[^\w\s]{1,4}\s*)?[*_]*(high|low)\b/i.exec(t);
      return m ? { label: m[1], level: m[2] } : undefined;
    };
    check(textOf(['risk', 'level', 'status', 'high', 'low', ' ', '*', ':', '=', '#', '-', 'x']), (t) => {
      const m = labelledLevel(t);
      // labelledLevel knows more labels and levels than the reference: compare only where both speak of these.
      const old = previousLevel(t);
      if (old || (m && /^(?:risk\s*level|risk|status)$/i.test(m.label) && /^(?:high|low)$/i.test(m.level))) expect(m).toEqual(old);
    });
    expect(riskId(`${' '.repeat(HUGE)}x`)).toBeUndefined();
    expect(labelValue(`pending${' '.repeat(HUGE)}x`, 'pending')).toBeUndefined();
    expect(labelledLevel(`risk:${'*'.repeat(HUGE)}x`)).toBeUndefined();
    expect(labelledLevel(`risk:${'*'.repeat(HUGE)}high`)).toEqual({ label: 'risk', level: 'high' });
  });
});
