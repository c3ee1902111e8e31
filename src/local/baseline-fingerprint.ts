/**
 * The dependency/tool fingerprint a base run of the verify steps gets, shared by the local baseline
 * cache and the published baseline evidence so that both key a step the same way: the dependency
 * files of the base and of the checked-out commit (the base worktree uses the checkout's installed
 * dependencies when they match, see setup.ts), the runtime, and `verify.setup` when configured.
 */
import { createHash } from 'node:crypto';
import { dependencyFingerprint } from './baseline-cache.js';
import { resolveRef, treeReader } from './git.js';

/** SHA-256 (hex) fingerprint for a base run on `baseSha` in `repo` (whose checked-out commit is read too). */
export async function baseFingerprint(repo: string, baseSha: string, setup: string | undefined): Promise<string> {
  const checkedOut = await resolveRef(repo, 'HEAD').catch(() => baseSha);
  const fingerprint = await dependencyFingerprint([treeReader(repo, baseSha), treeReader(repo, checkedOut)]);
  // A changed verify.setup builds another base.
  return setup === undefined ? fingerprint : createHash('sha256').update(`${fingerprint}\0setup ${setup}`).digest('hex');
}
