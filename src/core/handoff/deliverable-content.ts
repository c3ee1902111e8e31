/**
 * A required deliverable must have content: a 0-byte (or whitespace-only) file at its `path` is
 * `handoff.deliverable-empty` (fail). A missing path is `checkDeliverables`' job.
 */
import type { Reason } from '../reasons.js';
import type { ReadBytes } from './tree-checks.js';
import type { ValidHandoff } from './validate-handoff.js';

/** One reason per required deliverable whose head file exists and is empty or whitespace only. */
export async function checkEmptyDeliverables(handoffs: readonly ValidHandoff[], readHead: ReadBytes): Promise<Reason[]> {
  const reasons: Reason[] = [];
  for (const h of handoffs) {
    for (const [i, d] of (h.handoff.deliverables ?? []).entries()) {
      if (!d.required || d.path === undefined) continue;
      const bytes = await readHead(d.path);
      if (bytes === undefined || !isBlank(bytes)) continue;
      reasons.push({ code: 'handoff.deliverable-empty', level: 'fail', file: h.file, ...h.locate(`/deliverables/${i}/path`), message: `required deliverable "${d.id}" (${d.description}) is empty: ${d.path} has ${bytes.length === 0 ? 'no bytes' : 'only whitespace'}` });
    }
  }
  return reasons;
}

function isBlank(bytes: Uint8Array): boolean {
  // Only ASCII whitespace counts as blank; any other byte is content.
  return bytes.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d);
}
