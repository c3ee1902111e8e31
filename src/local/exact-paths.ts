/**
 * Puts the exact paths of `git diff --name-status -z` on the files parsed from the unified diff, which
 * C-quotes unusual paths (`"a\"b.json"`, `"tab\tname.json"`): read under their quoted form, such files
 * were reported as missing or invalid. Both listings come from the same diff machinery with the same
 * rename detection, so they list the same files in the same order.
 */
import type { ChangedFile } from '../core/diff/changed-file.js';
import type { DiffPath } from './git.js';

/**
 * @returns `files` with `path` / `previousPath` from `paths`; unchanged when the two listings do not
 * line up (a different count, or an unquoted path that differs), so a mismatch never invents paths
 */
export function withExactPaths(files: readonly ChangedFile[], paths: readonly DiffPath[]): ChangedFile[] {
  if (files.length !== paths.length) return [...files];
  // git quotes a path with '"', '\\' or control characters (core.quotePath=false keeps non-ASCII as is).
  // eslint-disable-next-line no-control-regex
  const plain = (parsed: string, exact: string) => parsed === exact || /["\\\u0000-\u001f\u007f]/.test(exact);
  const lined = files.every((f, i) => {
    const p = paths[i] as DiffPath;
    const exact = f.status === 'deleted' ? (p.previousPath ?? p.path) : p.path;
    return plain(f.path, exact);
  });
  if (!lined) return [...files];
  return files.map((f, i) => {
    const p = paths[i] as DiffPath;
    const path = f.status === 'deleted' ? (p.previousPath ?? p.path) : p.path;
    return { ...f, path, ...(f.previousPath !== undefined && p.previousPath !== undefined ? { previousPath: p.previousPath } : {}) };
  });
}
