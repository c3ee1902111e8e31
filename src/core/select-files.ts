/** Which changed files are handoffs and run reports (the same rule for the CLI, Action and App). */
import picomatch from 'picomatch';
import type { GateConfig } from './config/config-schema.js';
import type { ChangedFile } from './diff/changed-file.js';

/** Paths of handoff files added or modified by the change (deleted ones are not handoffs). */
export function selectHandoffPaths(files: readonly ChangedFile[], config: GateConfig): string[] {
  return selectPaths(files, config.handoffs.paths);
}

/** Paths of run reports added or modified by the change. */
export function selectRunReportPaths(files: readonly ChangedFile[], config: GateConfig): string[] {
  return selectPaths(files, config.reports.paths);
}

function selectPaths(files: readonly ChangedFile[], globs: readonly string[]): string[] {
  if (globs.length === 0) return [];
  const match = picomatch([...globs], { dot: true });
  return files.filter((f) => f.status !== 'deleted' && match(f.path)).map((f) => f.path).sort();
}
