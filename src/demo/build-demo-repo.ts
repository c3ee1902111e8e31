/**
 * Builds the demo repository: a real git repository in a temporary directory, from the files under
 * `examples/demo` — a base commit on `main` and an agent's head commit on `agent/wbs-014-restock`.
 * Its `node_modules` links to this package's own, so the example runs the real ESLint, tsc and vitest.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface DemoRepo {
  /** Absolute path of the repository (the head branch is checked out). */
  repo: string;
  /** The temporary directory holding it; remove it when done. */
  parent: string;
}

/**
 * @param packageRoot this package's root (holds `examples/` and `node_modules/`)
 * @throws when git is missing or a copy fails
 */
export function buildDemoRepo(packageRoot: string): DemoRepo {
  const example = join(packageRoot, 'examples', 'demo');
  const parent = mkdtempSync(join(tmpdir(), 'handoff-gate-demo-'));
  const repo = join(parent, 'inventory');
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=Demo Maintainer', '-c', 'user.email=maintainer@example.invalid', '-c', 'commit.gpgsign=false', ...args], { stdio: 'pipe' });
  cpSync(join(example, 'base'), repo, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  git('add', '-A');
  git('commit', '-q', '-m', 'Inventory module with tests');
  git('checkout', '-q', '-b', 'agent/wbs-014-restock');
  cpSync(join(example, 'head'), repo, { recursive: true });
  git('add', '-A');
  git('commit', '-q', '-m', 'WBS-014: add planRestock() (builder agent, attempt 2)');
  symlinkSync(join(packageRoot, 'node_modules'), join(repo, 'node_modules'), 'dir');
  return { repo, parent };
}
