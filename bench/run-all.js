#!/usr/bin/env node
// Runs every benchmark in its own process (so peak memory figures are not shared) and prints them.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
let failed = 0;
for (const script of ['validate-handoffs.js', 'parallel-steps.js', 'containment.js', 'large-diff.js', 'diff-scan.js', 'large-change.js', 'validate-vs-ajv-cli.js', 'baseline-cache.js', 'rerun-one-step.js', 'baseline-evidence.js', 'test-ledger.js', 'base-tests.js', 'action.js', 'app.js', 'llm.js', 'evidence.js', 'redos.js']) {
  const run = spawnSync(process.execPath, [join(here, script)], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
