/**
 * The base is built like the head (issue 9 item 5): the configured `verify.setup` command runs in each
 * checkout before its steps, and a checkout without its own `node_modules` borrows the head's only when
 * the dependency files (manifests and lockfiles) are identical on both commits — otherwise the base
 * would run with the head's dependencies and a dependency break would look pre-existing. With a
 * `setup` configured nothing is linked: each checkout installs its own (an `npm ci` through a linked
 * folder would wipe the other checkout's dependencies while its steps run).
 */
import { stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { GateConfig, VerifyStepConfig } from '../core/config/config-schema.js';
import { interpretStep } from '../core/verify/step-result.js';
import { DEPENDENCY_FILES } from './baseline-cache.js';
import { runStep } from './run-steps.js';

/** Files whose equality lets a checkout reuse another's `node_modules`: the cache's dependency files and the package managers' own settings. */
export const REUSE_DEPENDENCY_FILES = [...new Set([...DEPENDENCY_FILES, 'pnpm-workspace.yaml', 'bun.lock', '.npmrc', '.yarnrc.yml'])];

type ReadAt = (path: string) => Promise<Uint8Array | undefined>;

/** Whether every dependency file is byte-identical (or absent) in both trees. */
export async function sameDependencies(readA: ReadAt, readB: ReadAt): Promise<boolean> {
  for (const path of REUSE_DEPENDENCY_FILES) {
    const [a, b] = await Promise.all([readA(path), readB(path)]);
    if ((a === undefined) !== (b === undefined)) return false;
    if (a && b && Buffer.compare(Buffer.from(a), Buffer.from(b)) !== 0) return false;
  }
  return true;
}

/**
 * Links `from/node_modules` into `dir` when `dir` has none, `reuse` allows it and no `verify.setup`
 * is configured (the setup installs each checkout's own). Returns whether it linked.
 */
export async function linkDependencies(config: GateConfig, from: string, dir: string, reuse: boolean): Promise<boolean> {
  const modules = join(from, 'node_modules');
  if (!reuse || config.verify.setup || !(await exists(modules)) || (await exists(join(dir, 'node_modules')))) return false;
  await symlink(modules, join(dir, 'node_modules'), 'dir');
  return true;
}

/**
 * Runs `verify.setup` in `cwd`. Resolves to `undefined` on success (or when none is configured), or
 * to the error text (the setup could not run, or exited non-zero): the caller fails closed.
 */
export async function runSetup(config: GateConfig, cwd: string, env: NodeJS.ProcessEnv, label: string): Promise<string | undefined> {
  const setup = config.verify.setup;
  if (!setup) return undefined;
  const step: VerifyStepConfig = { id: 'setup', run: setup.run, format: 'exit-code', timeout: setup.timeout, required: true, baseline: false, maxOutputBytes: 32 * 1024 * 1024 };
  const run = await runStep({ step, cwd, label }, env);
  const result = interpretStep(step, run, cwd);
  if (result.status === 'passed') return undefined;
  return `setup (${setup.run}) on the ${label}: ${result.error ?? result.findings[0]?.message ?? 'failed'}`;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
