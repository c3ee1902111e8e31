/**
 * Handoffs against their history: a step's identity (`workflowRunId`, `stepId`, `attempt`) and its
 * `idempotencyKey` must be new, both against the handoffs already committed on the BASE (listed
 * with the `TreeReader`'s `listBase` over `handoffs.paths`) and among the handoffs of the change.
 * A document identical to one on the base (an earlier step's handoff kept in an appended file) is
 * history, not a new handoff.
 */
import type { GateConfig } from '../config/config-schema.js';
import type { Reason } from '../reasons.js';
import { validateHandoffFile, type ValidHandoff } from './validate-handoff.js';

/** Base handoff files read at most (the rest is reported as `handoff.history-unavailable`). */
export const MAX_BASE_HANDOFF_FILES = 500;

/** The reads `checkHandoffHistory` needs from the base tree. */
export interface BaseHistoryReader {
  /** Paths of the base tree matching `globs`; absent when the reader cannot list. */
  listBase?: (globs: readonly string[]) => Promise<string[]>;
  readBase: (path: string) => Promise<string | undefined>;
}

const identityOf = (h: ValidHandoff) => `${h.handoff.workflowRunId}\0${h.handoff.stepId}\0${h.handoff.attempt}`;
const showIdentity = (h: ValidHandoff) => `workflowRunId "${h.handoff.workflowRunId}", stepId "${h.handoff.stepId}", attempt ${h.handoff.attempt}`;

/**
 * `handoff.identity-reuse` (fail) when a new handoff repeats a step identity; `handoff.idempotency-reuse`
 * (fail) when it repeats an idempotency key of a base handoff (duplicates within the change are
 * `checkIdempotencyKeys`' job); `handoff.history-unavailable` (warn) when the base cannot be listed.
 */
export async function checkHandoffHistory(handoffs: readonly ValidHandoff[], config: GateConfig, base: BaseHistoryReader): Promise<Reason[]> {
  if (handoffs.length === 0) return [];
  const reasons: Reason[] = [];
  const history: ValidHandoff[] = [];
  if (!base.listBase) {
    reasons.push({ code: 'handoff.history-unavailable', level: 'warn', message: 'the base tree cannot be listed here, so handoff identities were not checked against earlier handoffs' });
  } else {
    try {
      const paths = await base.listBase(config.handoffs.paths);
      if (paths.length > MAX_BASE_HANDOFF_FILES) {
        reasons.push({ code: 'handoff.history-unavailable', level: 'warn', message: `the base holds ${paths.length} handoff files; only the first ${MAX_BASE_HANDOFF_FILES} were checked for reused identities` });
      }
      for (const path of paths.slice(0, MAX_BASE_HANDOFF_FILES)) {
        const text = await base.readBase(path);
        if (text !== undefined) history.push(...validateHandoffFile(path, text, { maxBytes: config.handoffs.maxBytes, maxDepth: 64, maxAliases: 100, maxDocuments: 100 }).valid);
      }
    } catch (error) {
      reasons.push({ code: 'handoff.history-unavailable', level: 'warn', message: `could not list the base handoffs (${(error as Error).message}); identities were not checked against them` });
    }
  }

  const historic = new Set(history.map((h) => JSON.stringify(h.handoff)));
  const baseIdentities = new Map(history.map((h) => [identityOf(h), h]));
  const baseKeys = new Map(history.map((h) => [h.handoff.idempotencyKey, h]));
  const seen = new Map<string, ValidHandoff>();
  for (const h of handoffs) {
    const content = JSON.stringify(h.handoff);
    if (historic.has(content)) continue;
    const onBase = baseIdentities.get(identityOf(h));
    const inChange = seen.get(identityOf(h));
    if (onBase) {
      reasons.push({ code: 'handoff.identity-reuse', level: 'fail', file: h.file, ...h.locate('/stepId'), message: `a handoff for ${showIdentity(h)} already exists on the base (${onBase.file}); a new attempt needs a new attempt number` });
    } else if (inChange && JSON.stringify(inChange.handoff) !== content) {
      reasons.push({ code: 'handoff.identity-reuse', level: 'fail', file: h.file, ...h.locate('/stepId'), message: `two different handoffs in this change describe ${showIdentity(h)} (also ${inChange.file})` });
    }
    if (!inChange) seen.set(identityOf(h), h);
    const keyOnBase = baseKeys.get(h.handoff.idempotencyKey);
    if (keyOnBase) {
      reasons.push({ code: 'handoff.idempotency-reuse', level: 'fail', file: h.file, ...h.locate('/idempotencyKey'), message: `idempotencyKey "${h.handoff.idempotencyKey}" is already used by a handoff on the base (${keyOnBase.file})` });
    }
  }
  return reasons;
}

/** `handoff.empty` (fail) for each handoff file that holds no document at all (empty, or only comments). */
export function checkEmptyHandoffFiles(files: readonly { path: string; documentCount: number }[]): Reason[] {
  return files.filter((f) => f.documentCount === 0).map((f): Reason => ({ code: 'handoff.empty', level: 'fail', file: f.path, line: 1, message: 'the handoff file holds no document (it is empty or only comments)' }));
}
