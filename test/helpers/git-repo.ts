/** Real git repositories for tests: a base commit on `main` and a head commit on `agent/x`. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestRepo {
  dir: string;
  baseSha: string;
  headSha: string;
  git: (...args: string[]) => string;
}

/**
 * Writes `baseFiles`, commits on `main`; writes `headFiles`, commits on branch `agent/x` (checked out).
 * A `null` in `headFiles` deletes that file on the head.
 */
export function gitRepo(baseFiles: Record<string, string>, headFiles: Record<string, string | null>): TestRepo {
  const dir = mkdtempSync(join(tmpdir(), 'hg-repo-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], { encoding: 'utf8', stdio: 'pipe' }).trim();
  const write = (files: Record<string, string | null>) => {
    for (const [path, text] of Object.entries(files)) {
      if (text === null) {
        rmSync(join(dir, path));
        continue;
      }
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  };
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  write({ 'README.md': 'x\n', ...baseFiles });
  git('add', '-A');
  git('commit', '-qm', 'base');
  const baseSha = git('rev-parse', 'HEAD');
  git('checkout', '-qb', 'agent/x');
  write(headFiles);
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', 'head');
  return { dir, baseSha, headSha: git('rev-parse', 'HEAD'), git };
}
