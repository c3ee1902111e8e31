/**
 * The steps the base branch's handoffs describe, for `dependsOn`: a step may depend on a step an
 * earlier pull request handed off. Listing the base tree is an optional port (`BaseLister`): the
 * local reader lists with `git ls-tree`, the App's with the git trees API. A reader without it can
 * only offer the base versions of the handoff files this change touched, and the reason says so.
 * Read only when some `dependsOn` is not satisfied by the change itself, so most runs list nothing.
 */
import type { GateConfig } from '../config/config-schema.js';
import { validateHandoffFile, type ValidHandoff } from './validate-handoff.js';

/** Optional port of a tree reader: the base tree's file paths matching `globs` (picomatch). */
export interface BaseLister {
  listBase(globs: readonly string[]): Promise<string[]>;
}

/** Handoff files read from the base at most (the rest are left out and the count says so). */
export const MAX_BASE_HANDOFFS = 2000;

export interface BaseSteps {
  /** Step ids described by a valid handoff on the base (any workflow run). */
  stepIds: Set<string>;
  /** `listed` when the whole base was listed; otherwise why only some files were read. */
  coverage: 'listed' | string;
}

/**
 * The step ids of the base's handoffs. `changedHandoffPaths` are read at the base when the tree
 * cannot list (or listing fails). Never throws: unreadable or invalid files are skipped.
 */
export async function baseStepIds(tree: { readBase(path: string): Promise<Uint8Array | undefined> } & Partial<BaseLister>, config: GateConfig, changedHandoffPaths: readonly string[]): Promise<BaseSteps> {
  let paths: string[] = [...changedHandoffPaths];
  let coverage: BaseSteps['coverage'] = 'the tree reader cannot list the base, so only the base versions of the changed handoff files were read';
  if (tree.listBase) {
    try {
      paths = await tree.listBase(config.handoffs.paths);
      coverage = paths.length > MAX_BASE_HANDOFFS ? `only the first ${MAX_BASE_HANDOFFS} of ${paths.length} base handoff files were read` : 'listed';
    } catch (error) {
      coverage = `listing the base failed (${(error as Error).message.slice(0, 120)}), so only the base versions of the changed handoff files were read`;
    }
  }
  const stepIds = new Set<string>();
  const decoder = new TextDecoder();
  const wanted = paths.slice(0, MAX_BASE_HANDOFFS);
  for (let i = 0; i < wanted.length; i += 16) {
    const texts = await Promise.all(wanted.slice(i, i + 16).map(async (path) => ({ path, bytes: await tree.readBase(path).catch(() => undefined) })));
    for (const { path, bytes } of texts) {
      if (!bytes || bytes.length > config.handoffs.maxBytes) continue;
      const valid: ValidHandoff[] = validateHandoffFile(path, decoder.decode(bytes), { maxBytes: config.handoffs.maxBytes, maxDepth: 64, maxAliases: 100, maxDocuments: 100 }).valid;
      for (const h of valid) stepIds.add(h.handoff.stepId);
    }
  }
  return { stepIds, coverage };
}
