/**
 * The pull request's change as plain data: which files changed and which lines were added.
 * Built from `git diff` output (`parseUnifiedDiff`) locally, or from GitHub's pull request files API.
 */
import parseDiff from 'parse-diff';

export type ChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed';

/** An added line; `line` is its 1-based number in the head file. */
export interface AddedLine {
  line: number;
  text: string;
}

/** One changed file. `path` is the head path (the base path for a deleted file). */
export interface ChangedFile {
  path: string;
  previousPath?: string;
  status: ChangeStatus;
  added: AddedLine[];
  /** Number of removed lines. */
  deletions: number;
  /**
   * Texts of the removed lines (without the leading `-`), when the source of the change gives them;
   * the net-added rule (`net-added.ts`) matches added lines against them so moved lines do not count.
   */
  removed?: string[];
  binary: boolean;
}

/**
 * Parses `git diff` unified output (any context size; `-M` renames understood) with parse-diff.
 * Never throws: unparseable fragments are skipped by the library.
 */
export function parseUnifiedDiff(text: string): ChangedFile[] {
  return parseDiff(text).map((file) => {
    const from = clean(file.from);
    const to = clean(file.to);
    const status: ChangeStatus = file.new ? 'added' : file.deleted ? 'deleted' : from && to && from !== to ? 'renamed' : 'modified';
    const path = (status === 'deleted' ? from : to) ?? from ?? '';
    const added: AddedLine[] = [];
    const removed: string[] = [];
    for (const chunk of file.chunks) {
      for (const change of chunk.changes) {
        if (change.type === 'add') added.push({ line: change.ln, text: change.content.slice(1) });
        else if (change.type === 'del') removed.push(change.content.slice(1));
      }
    }
    const binary = file.chunks.length === 0 && (file.index ?? []).some((l) => /Binary files/.test(l));
    return { path, ...(status === 'renamed' && from ? { previousPath: from } : {}), status, added, deletions: file.deletions, removed, binary };
  });
}

function clean(path: string | undefined): string | undefined {
  if (!path || path === '/dev/null') return undefined;
  return path;
}
