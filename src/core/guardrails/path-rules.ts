/** Path guardrails: the gate's own files, protected paths, and the head branch name policy. */
import picomatch from 'picomatch';
import type { GateConfig } from '../config/config-schema.js';
import type { ChangedFile } from '../diff/changed-file.js';
import type { Reason } from '../reasons.js';

/**
 * One reason per changed file that is one of the gate's own files (`guardrail.gate-config-changed`)
 * or, failing that, under a protected path (`guardrail.protected-path`). A rename counts for both paths.
 */
export function checkPaths(files: readonly ChangedFile[], config: GateConfig): Reason[] {
  const isGateFile = picomatch(gateFilePaths(config), { dot: true });
  const isProtected = picomatch(config.guardrails.protectedPaths.paths, { dot: true });
  const reasons: Reason[] = [];
  for (const file of files) {
    const paths = [file.path, ...(file.previousPath ? [file.previousPath] : [])];
    if (paths.some((p) => isGateFile(p))) {
      reasons.push({ code: 'guardrail.gate-config-changed', level: config.guardrails.gateFiles.level, file: file.path, message: `the gate's own file was ${file.status}` });
    } else if (paths.some((p) => isProtected(p))) {
      reasons.push({ code: 'guardrail.protected-path', level: config.guardrails.protectedPaths.level, file: file.path, message: `protected path ${file.status}` });
    }
  }
  return reasons;
}

/** Where GitHub reads CODEOWNERS (https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners). */
export const CODEOWNERS_PATHS = ['CODEOWNERS', '.github/CODEOWNERS', 'docs/CODEOWNERS'];

/** The gate files: `guardrails.gateFiles.paths`, every CODEOWNERS location and the configured `baseline.file`. */
export function gateFilePaths(config: GateConfig): string[] {
  return [...new Set([...config.guardrails.gateFiles.paths, ...CODEOWNERS_PATHS, config.baseline.file])];
}

/**
 * A reason when `branch` matches none of `guardrails.branches.allow` (an empty list allows all), and
 * `guardrail.branch-unknown` when there is a policy but no branch name to check (a detached HEAD with
 * no `--branch`, `GITHUB_HEAD_REF` or event): the policy is never skipped silently.
 */
export function checkBranch(branch: string | undefined, config: GateConfig): Reason[] {
  const { allow, level } = config.guardrails.branches;
  if (allow.length === 0) return [];
  if (branch === undefined || branch === '') return [{ code: 'guardrail.branch-unknown', level, message: `the head branch name is unknown (detached HEAD: pass --branch or set GITHUB_HEAD_REF), so the branch policy (${allow.join(', ')}) cannot be checked` }];
  if (picomatch(allow)(branch)) return [];
  return [{ code: 'guardrail.branch-policy', level, message: `head branch "${branch}" is outside the policy (${allow.join(', ')})` }];
}
