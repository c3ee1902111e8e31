#!/usr/bin/env node
// Figure (issue: re-run named verify steps): on the demo repository (real ESLint, tsc and vitest), the
// wall time of the verify job's work for `/gate rerun <one step>` (the Action's `mode: verify` on
// workflow_dispatch: that step on the head and on the merge base) against a full re-run (every step,
// head and base), each with an empty baseline cache as on a fresh runner. Shipped configuration
// otherwise (parallel steps, containment on). Runner start-up, checkout and `npm ci` are the same for
// both and are not measured here.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../lib/core/config/load-config.js';
import { buildDemoRepo } from '../lib/demo/build-demo-repo.js';
import { treeReader } from '../lib/local/git.js';
import { runLocalVerification } from '../lib/local/local-gate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { repo, parent } = buildDemoRepo(root);
const env = { ...process.env, CI: 'true' };
const freshRunner = () => rmSync(join(repo, '.git', 'handoff-gate'), { recursive: true, force: true });
const time = async (onlySteps) => {
  freshRunner();
  const started = performance.now();
  await runLocalVerification({ repo, base: 'main', head: 'HEAD', env, ...(onlySteps ? { onlySteps } : {}) });
  return performance.now() - started;
};
try {
  const configText = new TextDecoder().decode(await treeReader(repo, 'main')('.github/handoff-gate.yml'));
  const loaded = loadConfig('.github/handoff-gate.yml', configText);
  if (!loaded.ok) throw new Error('demo configuration is invalid');
  const ids = loaded.config.verify.steps.map((s) => s.id);
  const full = Math.min(await time(), await time());
  const parts = [];
  for (const id of ids) {
    const one = Math.min(await time([id]), await time([id]));
    parts.push(`${id} ${(one / 1000).toFixed(2)} s (${(one / full).toFixed(2)}x)`);
  }
  console.log(`rerun one step (demo, ${ids.length} steps, fresh runner): full re-run ${(full / 1000).toFixed(2)} s; /gate rerun <step>: ${parts.join(', ')}`);
} finally {
  rmSync(parent, { recursive: true, force: true });
}
