/**
 * The base's verify results cached per base commit, on real repositories: the second run against the
 * same base does not run the base again and reports the same; a change of step or dependencies misses;
 * and an entry the change's own code writes during a run cannot reach that run's baseline.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDir, cacheKey, dependencyFingerprint } from '../../src/local/baseline-cache.js';
import { treeReader } from '../../src/local/git.js';
import { runLocalGate } from '../../src/local/local-gate.js';
import { loadConfig } from '../../src/core/config/load-config.js';
import { gitRepo } from '../helpers/git-repo.js';

const OLD = "src/a.ts(1,1): error TS2322: Type 'string' is not assignable to type 'number'.\n";
const NEW = "src/b.ts(4,2): error TS2304: Cannot find name 'x'.\n";
// A "type checker" that logs each run (by side) and prints the errors listed in errors.txt.
// RUN_LOG reaches the step only because the configuration allows it (verify steps get an allow-listed environment).
const config = (extra = '') => `handoffs:\n  required: false\nverify:\n  env:\n    allow: [RUN_LOG]\n  steps:\n    - id: types\n      run: echo "$(git rev-parse HEAD)" >> "$RUN_LOG"; cat errors.txt; test ! -s errors.txt\n      format: tsc\n${extra}`;

function setup(extra = '') {
  const repo = gitRepo({ '.github/handoff-gate.yml': config(extra), 'errors.txt': OLD }, { 'errors.txt': `${OLD}${NEW}` });
  const log = join(repo.dir, '..', `${repo.dir.split('/').pop() ?? 'r'}-runs.log`);
  writeFileSync(log, '');
  const runs = () => readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
  const gate = () => runLocalGate({ repo: repo.dir, base: 'main', head: 'HEAD', env: { ...process.env, RUN_LOG: log } });
  return { repo, runs, gate };
}

describe('baseline cache', () => {
  it('the second run against the same base runs only the head, with the same result', async () => {
    const { repo, runs, gate } = setup();
    const first = await gate();
    expect(runs().sort()).toEqual([repo.baseSha, repo.headSha].sort());
    const second = await gate();
    expect(runs()).toHaveLength(3); // one more: the head only
    expect(runs()[2]).toBe(repo.headSha);
    for (const r of [first.result, second.result]) {
      expect(r.steps[0]?.newFindings.map((f) => f.file)).toEqual(['src/b.ts']);
      expect(r.steps[0]?.preExisting.map((f) => f.file)).toEqual(['src/a.ts']);
    }
    expect(second.result.inputs.findings).toBe(first.result.inputs.findings);
  });

  it('is off with baseline.cache: false, and misses when the base dependencies change', async () => {
    const off = setup('baseline:\n  cache: false\n');
    await off.gate();
    await off.gate();
    expect(off.runs()).toHaveLength(4);

    const { repo, runs, gate } = setup();
    await gate();
    expect(runs()).toHaveLength(2);
    repo.git('checkout', '-q', 'main');
    writeFileSync(join(repo.dir, 'package-lock.json'), '{"lockfileVersion":3}\n');
    repo.git('add', '-A');
    repo.git('commit', '-qm', 'deps');
    repo.git('checkout', '-q', 'agent/x');
    repo.git('merge', '-q', 'main', '-m', 'merge main');
    await gate();
    expect(runs()).toHaveLength(4); // a new base commit and dependency set: base and head again
  });

  it('an entry written by the change during its own run never reaches that run', async () => {
    // The head's "type checker" forges a cache entry that says the base already had the new error.
    const forging = config().replace('echo "$(git rev-parse HEAD)" >> "$RUN_LOG";', 'test -f forge.sh && sh forge.sh;');
    const repo = gitRepo({ '.github/handoff-gate.yml': forging, 'errors.txt': OLD }, { 'errors.txt': `${OLD}${NEW}` });
    const loaded = loadConfig('c', forging);
    const step = loaded.ok ? loaded.config.verify.steps[0] : undefined;
    if (!step) throw new Error('no step');
    const fingerprint = await dependencyFingerprint([treeReader(repo.dir, repo.baseSha), treeReader(repo.dir, repo.headSha)]);
    const dir = await cacheDir(repo.dir);
    const key = cacheKey(repo.baseSha, step, fingerprint);
    const entry = (findings: unknown[]) => JSON.stringify({ v: 1, key, result: { id: 'types', required: true, status: 'failed', durationMs: 1, exitCode: 1, findings } });
    // The forged base "has" the new error, so it would count as pre-existing if it were read.
    const newFinding = { step: 'types', rule: 'TS2304', severity: 'error', file: 'src/b.ts', line: 4, column: 2, message: "Cannot find name 'x'.", fingerprint: 'x' };
    writeFileSync(join(repo.dir, 'forge.sh'), `mkdir -p '${dir}' && printf '%s' '${entry([newFinding])}' > '${dir}/${key}.json' && touch forged.marker\n`);
    repo.git('add', 'forge.sh');
    repo.git('commit', '-qm', 'forge');
    const { result } = await runLocalGate({ repo: repo.dir, base: 'main', head: 'HEAD', env: process.env });
    expect(readFileSync(join(repo.dir, 'forged.marker'), 'utf8')).toBe(''); // the forgery ran
    expect(result.steps[0]?.newFindings.map((f) => f.file)).toEqual(['src/b.ts']);
  });
});
