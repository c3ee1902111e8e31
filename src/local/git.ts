/**
 * The git commands the local adapter needs, run with `execFile` (no shell). Every function throws
 * `GitError` with the command and git's stderr when git fails.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Largest output read from one git command (diffs of big pull requests), in bytes. */
const MAX_BUFFER = 512 * 1024 * 1024;

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
    options?: { cause?: unknown },
  ) {
    super(`git ${args.join(' ')} failed: ${stderr.trim().split('\n')[0] ?? ''}`, options);
    this.name = 'GitError';
  }
}

/** Runs git in `repo` and returns its stdout as UTF-8 text. */
export async function git(repo: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await exec('git', ['-C', repo, ...args], { maxBuffer: MAX_BUFFER, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    throw new GitError(args, String((error as { stderr?: string }).stderr ?? (error as Error).message), { cause: error });
  }
}

/** The full SHA of `ref` (a branch, tag, SHA or expression like `HEAD~1`). */
export async function resolveRef(repo: string, ref: string): Promise<string> {
  return (await git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => {
    throw new GitError(['rev-parse', ref], `unknown revision "${ref}"`);
  })).trim();
}

/** The merge base of two commits (what a pull request's diff is taken against). */
export async function mergeBase(repo: string, a: string, b: string): Promise<string> {
  return (await git(repo, ['merge-base', a, b])).trim();
}

/** Unified diff from `base` to `head` with renames detected, no colour, no external diff driver. */
export async function diff(repo: string, base: string, head: string): Promise<string> {
  return git(repo, ['diff', '--no-color', '--no-ext-diff', '-M', '--unified=0', base, head]);
}

/** The current branch name, or `undefined` on a detached HEAD. */
export async function currentBranch(repo: string): Promise<string | undefined> {
  const name = (await git(repo, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
  return name === 'HEAD' ? undefined : name;
}

/** The repository's top-level directory. */
export async function topLevel(dir: string): Promise<string> {
  return (await git(dir, ['rev-parse', '--show-toplevel'])).trim();
}

/**
 * A reader of files at `commit` (`git show commit:path`), cached per path. Returns `undefined` for a
 * path that does not exist at that commit. One process per file is fine for what the gate reads
 * (handoffs, run reports, artifacts, changed test and log files).
 */
export function treeReader(repo: string, commit: string): (path: string) => Promise<Uint8Array | undefined> {
  const cache = new Map<string, Promise<Uint8Array | undefined>>();
  return (path) => {
    let pending = cache.get(path);
    if (!pending) {
      pending = exec('git', ['-C', repo, 'show', `${commit}:${path}`], { maxBuffer: MAX_BUFFER, encoding: 'buffer' }).then(
        ({ stdout }) => new Uint8Array(stdout),
        () => undefined,
      );
      cache.set(path, pending);
    }
    return pending;
  };
}

/** Adds a detached worktree of `commit` at `dir`. */
export async function addWorktree(repo: string, dir: string, commit: string): Promise<void> {
  await git(repo, ['worktree', 'add', '--detach', '--force', dir, commit]);
}

/** Removes a worktree added by `addWorktree` (forcefully: steps may have written files). */
export async function removeWorktree(repo: string, dir: string): Promise<void> {
  await git(repo, ['worktree', 'remove', '--force', dir]).catch(() => git(repo, ['worktree', 'prune']));
}
