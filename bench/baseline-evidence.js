#!/usr/bin/env node
// Figure (issue 12, baseline once per base, the Action/App half): on the demo repository (real
// ESLint, tsc and vitest), the wall time of a pull request's verify (`mode: verify`'s
// runLocalVerification: head steps, base steps, comparison) with the base's results reused from the
// baseline the default branch published, against the same verify computing the base (as on a fresh
// CI runner: no local cache), each divided by the wall time of running the configured steps on the
// head alone (the floor). Goal ≤ 1.15 with reuse.
// The baseline is produced for real (runBaselineOnCommit on a worktree of `main`, as the push run
// does), zipped as upload-artifact would, served by a loopback stand-in of GitHub's REST API (list
// runs, list artifacts, download: GitHub's real latency is not in the figure) and found, downloaded,
// unzipped (bounded), validated and matched by the Action's own code through its Octokit client.
// The local cache is removed before every measured run (CI runners start without one).
import { execFileSync } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:http';
import { zipSync } from 'fflate';
import { createClient } from '../lib/action/octokit.js';
import { buildDemoRepo } from '../lib/demo/build-demo-repo.js';
import { loadConfig } from '../lib/core/config/load-config.js';
import { buildBaselineEvidence, formatBaselineEvidence, matchingBaseSteps } from '../lib/core/verify/baseline-evidence.js';
import { BASELINE_ARTIFACT, BASELINE_FILE, findPublishedBaseline } from '../lib/github/baseline-artifact.js';
import { cacheDir } from '../lib/local/baseline-cache.js';
import { runBaselineOnCommit } from '../lib/local/baseline-run.js';
import { treeReader } from '../lib/local/git.js';
import { runLocalVerification } from '../lib/local/local-gate.js';
import { runSteps } from '../lib/local/run-steps.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { repo, parent } = buildDemoRepo(root);
const env = { ...process.env, CI: 'true' };
const RUN_ID = 1;
const time = async (work) => {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
};
try {
  const configText = new TextDecoder().decode(await treeReader(repo, 'main')('.github/handoff-gate.yml'));
  const loaded = loadConfig('.github/handoff-gate.yml', configText);
  if (!loaded.ok) throw new Error('demo configuration is invalid');
  const { steps, parallelism } = loaded.config.verify;
  const headAlone = () => time(() => runSteps(steps.map((step) => ({ step, cwd: repo, label: 'head' })), parallelism || availableParallelism(), env));
  const cache = await cacheDir(repo);

  // The push run on the default branch: a checkout of main with the same installed dependencies.
  const pushCheckout = join(parent, 'main-checkout');
  execFileSync('git', ['-C', repo, 'worktree', 'add', '-q', '--detach', pushCheckout, 'main']);
  symlinkSync(join(root, 'node_modules'), join(pushCheckout, 'node_modules'), 'dir');
  const pushed = await time(() => runBaselineOnCommit({ repo: pushCheckout, env }));
  const run = pushed.value;
  const doc = buildBaselineEvidence({ repository: 'demo/inventory', commitSha: run.commitSha, workflowRunId: RUN_ID, workflowRunAttempt: 1, configText: run.configText }, run.steps, run.results, new Map(run.steps.map((s) => [s.id, run.fingerprint])));
  const zip = zipSync({ [BASELINE_FILE]: formatBaselineEvidence(doc) });

  // GitHub's side, as a loopback stand-in: the push run, its artifact, the zip.
  const workflowPath = '.github/workflows/handoff-gate-verify.yml';
  const listing = { total_count: 1, workflow_runs: [{ id: RUN_ID, run_attempt: 1, path: workflowPath, event: 'push', status: 'completed', conclusion: 'success', head_sha: run.commitSha, head_branch: 'main', created_at: '2026-01-01T00:00:00Z' }] };
  const artifacts = { total_count: 1, artifacts: [{ id: 56, name: BASELINE_ARTIFACT, size_in_bytes: zip.byteLength, expired: false }] };
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const json = (data) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(data));
    if (path === '/repos/demo/inventory/actions/runs') return json(listing);
    if (path === `/repos/demo/inventory/actions/runs/${RUN_ID}/artifacts`) return json(artifacts);
    if (path === '/repos/demo/inventory/actions/artifacts/56/zip') return res.writeHead(200, { 'content-type': 'application/zip' }).end(Buffer.from(zip));
    res.writeHead(404).end('{}');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = createClient('ghs_bench', () => undefined, { baseUrl: `http://127.0.0.1:${server.address().port}` });
  const repoRef = { owner: 'demo', repo: 'inventory' };

  let reusedSteps = 0;
  // What the Action's lookup does (src/action/verify-baseline.ts publishedBaselineLookup), without its log line.
  const lookup = async ({ baseSha, configText: text, steps: wanted, fingerprints }) => {
    const found = await findPublishedBaseline(client, repoRef, { commitSha: baseSha, workflowPath, branch: 'main' });
    if (!found.ok) throw new Error(found.message);
    const hits = matchingBaseSteps(found.baseline, text, wanted, fingerprints);
    reusedSteps = hits.size;
    return { hits, runId: found.runId };
  };
  const verify = (withReuse) => {
    rmSync(cache, { recursive: true, force: true });
    return time(() => runLocalVerification({ repo, base: 'main', head: 'HEAD', env, ...(withReuse ? { baselineLookup: lookup } : {}) }));
  };

  const floors = [];
  const computed = [];
  const reused = [];
  for (let i = 0; i < 2; i++) {
    floors.push((await headAlone()).ms);
    computed.push((await verify(false)).ms);
    const r = await verify(true);
    reused.push(r.ms);
    if (!r.value.steps.some((s) => s.baselineSource?.kind === 'artifact')) throw new Error('the published baseline was not reused: its key did not match');
  }
  const floor = Math.min(...floors);
  const best = (xs) => Math.min(...xs);
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `baseline evidence (demo, ${steps.length} steps, ${reusedSteps} reused): head steps alone ${s(floor)}; ` +
      `PR verify computing the base ${s(best(computed))} = ${(best(computed) / floor).toFixed(2)}x; ` +
      `PR verify reusing the published baseline ${s(best(reused))} = ${(best(reused) / floor).toFixed(2)}x the head steps alone (goal ≤ 1.15); ` +
      `publishing it (push run) ${s(pushed.ms)}, ${formatBaselineEvidence(doc).byteLength} bytes, ${zip.byteLength} zipped`,
  );
  server.close();
} finally {
  rmSync(parent, { recursive: true, force: true });
}
