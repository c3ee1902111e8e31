#!/usr/bin/env node
// Figure: the test ledger's cost on a 5,000-case JUnit report (issue 9). Prints the time to parse the
// report into findings and cases (the shipped parser, ledger included), the time to compare a base and
// a head ledger of 5,000 cases each (500 moved to other files, 50 missing, 50 skipped), and the
// comparison's share of the parse, all measured in this run (median of 15).
import { parseJunitXml } from '../lib/core/verify/parsers/junit-xml.js';
import { stepTests } from '../lib/core/verify/test-ledger.js';

const N = Number(process.env.BENCH_CASES ?? 5000);
const RUNS = 15;

function report(side) {
  const cases = [];
  for (let i = 0; i < N; i++) {
    const moved = side === 'head' && i % 10 === 0;
    const file = `src/module${Math.floor(i / 50)}${moved ? '-split' : ''}.test.ts`;
    if (side === 'head' && i % 100 === 1) continue; // missing
    const skipped = side === 'head' && i % 100 === 2 ? '<skipped/>' : '';
    const failure = i % 250 === 3 ? `<failure message="expected ${i} to be ${i + 1}" type="AssertionError">AssertionError: expected ${i} to be ${i + 1}\n ❯ ${file}:${i % 90}:5</failure>` : '';
    cases.push(`<testcase classname="${file}" name="suite ${i % 7} &gt; case number ${i} does thing ${i % 13}" time="0.001">${skipped}${failure}</testcase>`);
  }
  return `<?xml version="1.0" encoding="UTF-8" ?>\n<testsuites name="vitest tests" tests="${cases.length}"><testsuite name="all" tests="${cases.length}">${cases.join('\n')}</testsuite></testsuites>`;
}

const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const out = [];
  let value;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    value = fn();
    out.push(performance.now() - start);
  }
  return { ms: median(out), value };
};

const baseXml = report('base');
const headXml = report('head');
const output = (xml) => ({ stdout: '', stderr: '', exitCode: 1, report: xml });
const parse = time(() => parseJunitXml(output(headXml), { root: '/repo' }));
const base = parseJunitXml(output(baseXml), { root: '/repo' }).cases;
const compare = time(() => stepTests(parse.value.cases, base));
const t = compare.value;
console.log(`test-ledger: JUnit report of ${N} cases (${(headXml.length / 1024).toFixed(0)} KiB), median of ${RUNS}`);
console.log(`  parse (findings + ledger): ${parse.ms.toFixed(1)} ms; ${parse.value.cases.length} cases`);
console.log(`  compare base/head ledgers: ${compare.ms.toFixed(1)} ms → ${((compare.ms / parse.ms) * 100).toFixed(1)}% of the parse (missing ${t.missingCount}, skipped ${t.skippedCount})`);
