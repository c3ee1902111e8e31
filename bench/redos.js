#!/usr/bin/env node
// ReDoS: each regular expression rewritten to be linear, old pattern vs new code on the same hostile
// input (the attack string eslint-plugin-regexp names: a long run with a rejecting suffix). The old
// patterns are quadratic or worse, so they run on 20,000 characters (100,000 took 7 s to over 15 s
// each); the new code runs on the same input and on 1,000,000 characters. Run after `npm run build`.
import { cutFound } from '../lib/core/excerpt.js';
import { findExcuse } from '../lib/core/guardrails/excuse-marker.js';
import { countTestCases } from '../lib/core/guardrails/tests-deleted.js';
import { changedToolSections } from '../lib/core/guardrails/verify-config.js';
import { trimLineEndings } from '../lib/core/report/trailer.js';
import { labelledLevel, labelValue, riskId } from '../lib/core/review/report-risks.js';
import { suiteHeader } from '../lib/core/verify/parsers/jest-suite-errors.js';
import { findSourceRef } from '../lib/core/verify/parsers/source-ref.js';
import { parametrisedBase, titleKey } from '../lib/core/verify/test-ledger.js';

const SMALL = 20_000;
/** Patterns worse than quadratic: on 20,000 characters the old ones run for minutes. */
const TINY = 2_000;
const LARGE = 1_000_000;
const CASES = [
  ['cutFound (spaces)', SMALL, (n) => `a${' '.repeat(n)}b`, (t) => t.replace(/\s*[\r\n]+\s*/g, ' '), cutFound],
  ['excuse marker (spaces, U+2028)', TINY, (n) => `handoff-gate-allow: r -- x${' '.repeat(n)}\u2028x`, (t) => /handoff-gate-allow:\s*([\w.-]+)\s+--\s+(\S.*?)\s*(?:\*\/|-->)?\s*$/.exec(t), (t) => findExcuse('r', 1, new Map([[1, t]]))],
  ['test-case count (newlines)', SMALL, (n) => `x${'\n'.repeat(n)}y`, (t) => t.match(/(?:^|[^\w.])(?:it|test|specify)(?:\.\w+)*\s*\(|^\s*(?:async\s+)?def\s+test_\w*\s*\(|^\s*func\s+Test\w*\s*\(/gm), countTestCases],
  ['pyproject header (spaces)', SMALL, (n) => `[x${' '.repeat(n)}]x`, (t) => /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/.exec(t), (t) => changedToolSections(t, '')],
  ['trailer line endings (LF)', SMALL, (n) => `a${'\n'.repeat(n)}x`, (t) => t.replace(/(?:\r\n|\r|\n)+$/, ''), trimLineEndings],
  ['labelled level (*)', TINY, (n) => `risk:${'*'.repeat(n)}x`, (t) => /\b(risk\s*level|risk)\b[\s*_]*[:=][\s*_]*(?:[^\w\s]{1,4}\s*)?[*_]*(high|low)\b/i.exec(t), labelledLevel],
  ['risk id (spaces)', SMALL, (n) => `${' '.repeat(n)}x`, (t) => /^\s*[*_]*\s*((?:R|RISK)-?\d{1,4})\b/i.exec(t), riskId],
  ['open label (spaces)', SMALL, (n) => `pending${' '.repeat(n)}x`, (t) => /^\s*[*_]*\s*(pending)\s*[*_]*\s*:[*_]*\s*(.+)$/is.exec(t), (t) => labelValue(t, 'pending')],
  ['jest header timing (spaces)', SMALL, (n) => `FAIL x${' '.repeat(n)}x`, (t) => /\s+\([^()]*\)$/.exec(t), suiteHeader],
  ['source ref (a/a/…)', SMALL, (n) => `${'a/'.repeat(n / 2)}x`, (t) => /(\/?(?:[\w.@-]+\/)*[\w.@-]+\.(?:ts|js)):(\d+)/.exec(t), (t) => findSourceRef(t, 'ts|js')],
  ['test title separator (spaces)', SMALL, (n) => `a${' '.repeat(n)}x`, (t) => t.replace(/\s*(?:›|>|::)\s*/g, ' › '), titleKey],
  ['parametrised id ([…)', SMALL, (n) => `${'['.repeat(n)}x]]`, (t) => /^(.*?)\[[^\]]*\]$/.exec(t), parametrisedBase],
];

const time = (f) => {
  const start = performance.now();
  f();
  return performance.now() - start;
};
console.log(`ReDoS (machine under load): old pattern vs new code, ms; old and new on the same input (20,000 chars; 2,000 for those worse than quadratic), new also on ${LARGE.toLocaleString('en')}`);
for (const [name, size, input, old, current] of CASES) {
  const small = input(size);
  const large = input(LARGE);
  const before = time(() => old(small));
  const after = time(() => current(small));
  const afterLarge = time(() => current(large));
  console.log(`  ${name.padEnd(32)} ${String(size).padStart(6)} chars: old ${before.toFixed(0).padStart(6)}  new ${after.toFixed(2).padStart(7)}  (×${(before / Math.max(after, 0.01)).toFixed(0)})  new on 1 MB ${afterLarge.toFixed(1).padStart(6)}`);
}
