/**
 * Checks of handoffs against the head tree: artifact checksums and required deliverables.
 * Reads go through the `readHead` port, so the same code runs on a checkout or over the API.
 */
import { createHash } from 'node:crypto';
import type { Reason } from '../reasons.js';
import type { ValidHandoff } from './validate-handoff.js';

/** Reads a file's bytes at the head; `undefined` when it does not exist there. */
export type ReadBytes = (path: string) => Promise<Uint8Array | undefined>;

/** `handoff.checksum` / `handoff.artifact-missing` for each artifact whose file differs or is absent. */
export async function checkArtifacts(handoffs: readonly ValidHandoff[], readHead: ReadBytes): Promise<Reason[]> {
  const reasons: Reason[] = [];
  for (const h of handoffs) {
    for (const [i, artifact] of (h.handoff.artifacts ?? []).entries()) {
      const bytes = await readHead(artifact.path);
      const pos = h.locate(`/artifacts/${i}/sha256`);
      if (!bytes) {
        reasons.push({ code: 'handoff.artifact-missing', level: 'fail', file: h.file, ...pos, message: `artifact ${artifact.path} does not exist at the head` });
        continue;
      }
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== artifact.sha256.toLowerCase()) {
        reasons.push({ code: 'handoff.checksum', level: 'fail', file: h.file, ...pos, message: `artifact ${artifact.path}: sha256 is ${actual}, the handoff says ${artifact.sha256}` });
      }
    }
  }
  return reasons;
}

/** `handoff.deliverable-missing` for each required deliverable whose `path` does not exist at the head. */
export async function checkDeliverables(handoffs: readonly ValidHandoff[], exists: (path: string) => Promise<boolean>): Promise<Reason[]> {
  const reasons: Reason[] = [];
  for (const h of handoffs) {
    for (const [i, d] of (h.handoff.deliverables ?? []).entries()) {
      if (!d.required || d.path === undefined || (await exists(d.path))) continue;
      reasons.push({ code: 'handoff.deliverable-missing', level: 'fail', file: h.file, ...h.locate(`/deliverables/${i}/path`), message: `required deliverable "${d.id}" (${d.description}) is missing: ${d.path} does not exist` });
    }
  }
  return reasons;
}
