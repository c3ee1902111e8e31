#!/usr/bin/env node
// Figure: the line guardrails as shipped (net-added lines, forbidden patterns, invisible characters,
// secretlint's recommended preset) on 3,000 changed files × 12 added lines, against the pattern scan
// alone in the same run (ratio). The secret ruleset is the expensive part; this shows its price.
import { defaultConfig } from '../lib/core/config/config-schema.js';
import { parseUnifiedDiff } from '../lib/core/diff/changed-file.js';
import { scanForbiddenPatterns } from '../lib/core/guardrails/forbidden-patterns.js';
import { scanDiff } from '../lib/core/guardrails/scan-diff.js';

const FILES = 3000;
const diffText = Array.from({ length: FILES }, (_, f) => {
  const lines = Array.from({ length: 12 }, (_, l) => `+export const value${l} = compute(${f}, ${l}); // line ${l}`);
  return `diff --git a/src/m${f}.ts b/src/m${f}.ts\nindex 1111111..2222222 100644\n--- a/src/m${f}.ts\n+++ b/src/m${f}.ts\n@@ -10,1 +11,12 @@\n-old line ${f}\n${lines.join('\n')}`;
}).join('\n');
const files = parseUnifiedDiff(diffText);
const config = defaultConfig();
const lines = files.reduce((n, f) => n + f.added.length, 0);

const time = async (fn) => {
  const start = performance.now();
  await fn();
  return performance.now() - start;
};
await scanDiff(files.slice(0, 10), config, async () => undefined); // warm up the ruleset
const patternsOnly = await time(() => scanForbiddenPatterns(files, config));
const shipped = await time(() => scanDiff(files, config, async () => undefined));
console.log(`diff-scan: ${files.length} files, ${lines} added lines (machine shared, under load)`);
console.log(`  patterns + net-added only: ${patternsOnly.toFixed(0)} ms`);
console.log(`  as shipped (+ secretlint recommended preset): ${shipped.toFixed(0)} ms (${(shipped / patternsOnly).toFixed(1)}× the pattern scan; ${((shipped * 1000) / lines).toFixed(0)} µs per line)`);
