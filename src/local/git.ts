/**
 * The git commands the local adapter needs, run with `execFile` (no shell). Every function throws
 * `GitError` with the command and git's stderr when git fails.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BlobReader } from './cat-file.js';
import picomatch from 'picomatch';

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

/**
 * Settings that override the repository's own configuration on every git command the gate runs: a
 * verify step (the pull request's code) can write `.git/config` and `.git/hooks`, and hooks or an
 * fsmonitor command would run in the gate's process tree, with the gate's environment, outside any
 * containment (`git worktree add` runs both).
 */
const GIT_OVERRIDES = ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false'];

/** Runs git in `repo` and returns its stdout as UTF-8 text. */
export async function git(repo: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await exec('git', [...GIT_OVERRIDES, '-C', repo, ...args], { maxBuffer: MAX_BUFFER, encoding: 'utf8' });
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
  return git(repo, ['-c', 'core.quotePath=false', 'diff', '--no-color', '--no-ext-diff', '--no-textconv', '-M', '--unified=0', base, head]);
}

/** One entry of `git diff --name-status -z`: the exact paths, never quoted. */
export interface DiffPath {
  /** git's status letter: A, M, D, R, C, T, … */
  status: string;
  path: string;
  previousPath?: string;
}

/**
 * The changed paths from `base` to `head`, in the same order and with the same rename detection as
 * `diff`, NUL-separated (`-z`) so that paths with quotes, tabs, newlines or non-ASCII characters come
 * back exactly as they are in the tree (a unified diff C-quotes them).
 */
export async function diffPaths(repo: string, base: string, head: string): Promise<DiffPath[]> {
  const fields = (await git(repo, ['diff', '--no-color', '--no-ext-diff', '-M', '--name-status', '-z', base, head])).split('\0');
  const out: DiffPath[] = [];
  for (let i = 0; i < fields.length - 1; ) {
    const status = fields[i++] ?? '';
    if (status.startsWith('R') || status.startsWith('C')) {
      const previousPath = fields[i++] ?? '';
      out.push({ status: status[0] ?? '', previousPath, path: fields[i++] ?? '' });
    } else out.push({ status: status[0] ?? '', path: fields[i++] ?? '' });
  }
  return out;
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
 * A reader of files at `commit`, cached per path, through one `git cat-file --batch -z` process
 * (`BlobReader`): any number of reads, one process, in order. Paths are resolved to object ids by one
 * `git ls-tree -r -z` of the commit on the first read (git's own path lookup walks a tree linearly:
 * 10,000 files in one folder took 22 s that way). Returns `undefined` for a path that does not exist
 * at that commit or is not a file. Rejects when git itself cannot run.
 */
export function treeReader(repo: string, commit: string): (path: string) => Promise<Uint8Array | undefined> {
  const cache = new Map<string, Promise<Uint8Array | undefined>>();
  const blobs = new BlobReader(repo);
  let ids: Promise<Map<string, string>> | undefined;
  return (path) => {
    let pending = cache.get(path);
    if (!pending) {
      ids ??= listBlobs(repo, commit);
      pending = ids.then((map) => {
        const id = map.get(path);
        return id === undefined ? undefined : blobs.readObject(id);
      });
      cache.set(path, pending);
    }
    return pending;
  };
}

/** Every file (blob) of `commit`: path → object id, from `git ls-tree -r -z --full-tree` (exact paths). */
export async function listBlobs(repo: string, commit: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of (await git(repo, ['ls-tree', '-r', '-z', '--full-tree', commit])).split('\0')) {
    // "<mode> SP <type> SP <object> TAB <path>"
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const [, type, id] = entry.slice(0, tab).split(' ');
    if (type === 'blob' && id) out.set(entry.slice(tab + 1), id);
  }
  return out;
}

/** Adds a detached worktree of `commit` at `dir`. */
export async function addWorktree(repo: string, dir: string, commit: string): Promise<void> {
  await git(repo, ['worktree', 'add', '--detach', '--force', dir, commit]);
}

/** Removes a worktree added by `addWorktree` (forcefully: steps may have written files). */
export async function removeWorktree(repo: string, dir: string): Promise<void> {
  await git(repo, ['worktree', 'remove', '--force', dir]).catch(() => git(repo, ['worktree', 'prune']));
}

/**
 * Paths of the files at `commit` that match picomatch `globs` (`git ls-tree -r --name-only`,
 * NUL-separated so any file name is read exactly). Throws `GitError` when git fails.
 */
export async function listFiles(repo: string, commit: string, globs: readonly string[]): Promise<string[]> {
  const isMatch = picomatch([...globs], { dot: true });
  const out = await git(repo, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', commit]);
  return out.split('\0').filter((p) => p !== '' && isMatch(p));
}

/** Restores `paths` in the worktree `dir` to their version at `commit` (`git checkout <commit> -- <paths>`). */
export async function checkoutPaths(dir: string, commit: string, paths: readonly string[]): Promise<void> {
  if (paths.length > 0) await git(dir, ['checkout', commit, '--', ...paths]);
}
