/**
 * The change itself as untrusted material for the model's second reading: for each changed file its
 * status, how many lines were removed, and every added line with its head line number (`+12: text`),
 * so a suspicion can name a file and line the gate can check. Binary files are listed without content.
 * The text goes through the same machinery as every untrusted text (secrets redacted, instruction-like
 * lines defused, quoted, cut to a budget) in `prepareUntrusted`.
 */
import type { ChangedFile } from '../../diff/changed-file.js';
import type { Material } from './untrusted-material.js';

/** Material sources that carry the diff start with this (the assistant gets them on their own budget). */
export const DIFF_SOURCE = 'diff';

/** One material per changed file (`diff:<path>`), tests and non-tests alike, in the order given. */
export function diffMaterials(files: readonly ChangedFile[]): Material[] {
  return files.map((f) => ({
    source: `${DIFF_SOURCE}:${f.path}`,
    text: [
      `file ${f.path} (${f.status}${f.previousPath ? ` from ${f.previousPath}` : ''}; ${f.added.length} line(s) added, ${f.deletions} removed)`,
      ...(f.binary ? ['[binary file]'] : f.added.map((a) => `+${a.line}: ${a.text}`)),
    ].join('\n'),
  }));
}
