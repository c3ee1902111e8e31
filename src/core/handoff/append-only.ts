/**
 * Append-only files (event logs, `*.jsonl` by default, and every handoff file already on the base,
 * `handoffs.paths`): the base content must be a prefix of the head content. Deleting, renaming,
 * truncating or rewriting an earlier line is a `handoff.append-only` reason; appending a new
 * document to a multi-document YAML handoff file is fine.
 */
import picomatch from 'picomatch';
import type { GateConfig } from '../config/config-schema.js';
import type { ChangedFile } from '../diff/changed-file.js';
import type { Reason } from '../reasons.js';

export type ReadText = (path: string) => Promise<string | undefined>;

/** One reason per append-only file that was changed other than by appending. */
export async function checkAppendOnly(files: readonly ChangedFile[], config: GateConfig, readBase: ReadText, readHead: ReadText): Promise<Reason[]> {
  const isAppendOnly = picomatch([...config.handoffs.appendOnly, ...config.handoffs.paths], { dot: true });
  const reasons: Reason[] = [];
  for (const file of files) {
    const basePath = file.previousPath ?? file.path;
    if (file.status === 'added' || !isAppendOnly(basePath)) continue;
    if (file.status === 'deleted' || file.status === 'renamed') {
      reasons.push({ code: 'handoff.append-only', level: 'block', file: basePath, message: `append-only file ${file.status}` });
      continue;
    }
    const [before, after] = await Promise.all([readBase(basePath), readHead(file.path)]);
    if (before !== undefined && after !== undefined && after.startsWith(before)) continue;
    reasons.push({ code: 'handoff.append-only', level: 'block', file: file.path, line: firstDifference(before ?? '', after ?? ''), message: 'append-only file was rewritten: its base content is not a prefix of the head content' });
  }
  return reasons;
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i).split('\n').length;
}
