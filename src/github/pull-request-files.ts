/**
 * The pull request's change as `ChangedFile`s, from `GET /repos/{owner}/{repo}/pulls/{pull_number}/files`
 * (all pages; GitHub lists at most 3,000 files). GitHub omits `patch` for large or binary files: those
 * are read at the base and the head and diffed here (jsdiff), so no added line escapes the guardrails.
 * Source: https://docs.github.com/en/rest/pulls/pulls#list-pull-requests-files
 */
import { structuredPatch } from 'diff';
import { parseUnifiedDiff, type ChangedFile, type ChangeStatus } from '../core/diff/changed-file.js';
import type { TreeReader } from '../core/evaluate-gate.js';
import type { GitHubClient, RepoRef } from './client.js';

const STATUS: Record<string, ChangeStatus> = { added: 'added', removed: 'deleted', modified: 'modified', renamed: 'renamed', copied: 'added', changed: 'modified', unchanged: 'modified' };
const decoder = new TextDecoder();

export async function listChangedFiles(client: GitHubClient, repo: RepoRef, number: number, tree: TreeReader): Promise<ChangedFile[]> {
  const files = await client.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { ...repo, pull_number: number, per_page: 100 });
  const out: ChangedFile[] = [];
  for (const f of files) {
    const status = STATUS[f.status] ?? 'modified';
    const base = { path: f.filename, ...(f.previous_filename ? { previousPath: f.previous_filename } : {}), status };
    if (f.patch !== undefined) {
      const parsed = parseUnifiedDiff(`diff --git a/${f.filename} b/${f.filename}\n--- a/${f.previous_filename ?? f.filename}\n+++ b/${f.filename}\n${f.patch}\n`)[0];
      out.push({ ...base, added: parsed?.added ?? [], deletions: f.deletions, removed: parsed?.removed ?? [], binary: false });
      continue;
    }
    out.push({ ...base, ...(await diffContents(tree, f.previous_filename ?? f.filename, f.filename, status)) });
  }
  return out;
}

/** Added lines of a file whose patch GitHub omitted, by diffing its base and head contents. */
async function diffContents(tree: TreeReader, basePath: string, headPath: string, status: ChangeStatus): Promise<Pick<ChangedFile, 'added' | 'deletions' | 'removed' | 'binary'>> {
  const [before, after] = await Promise.all([status === 'added' ? undefined : tree.readBase(basePath), status === 'deleted' ? undefined : tree.readHead(headPath)]);
  if ((before && before.includes(0)) || (after && after.includes(0))) return { added: [], deletions: 0, binary: true };
  const patch = structuredPatch(basePath, headPath, before ? decoder.decode(before) : '', after ? decoder.decode(after) : '', '', '', { context: 0 });
  const added: ChangedFile['added'] = [];
  const removed: string[] = [];
  for (const hunk of patch.hunks) {
    let line = hunk.newStart;
    for (const text of hunk.lines) {
      if (text.startsWith('+')) added.push({ line: line++, text: text.slice(1) });
      else if (text.startsWith('-')) removed.push(text.slice(1));
      else if (!text.startsWith('\\')) line++;
    }
  }
  return { added, deletions: removed.length, removed, binary: false };
}
