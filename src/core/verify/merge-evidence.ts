/**
 * Partial evidence (schema 1.1 `rerun`, from `/gate rerun <step…>`) merged into the head's latest
 * complete evidence. Pure: the GitHub side downloads, validates (`parseEvidence`, which already binds
 * each document to the head SHA, its own run, the repository and the pull request) and passes the
 * documents with GitHub's facts about their runs; this decides which result each step keeps.
 *
 * Rules (each from the adversary's side: a re-run may replace a result, never widen what counts):
 * - evidence is merged only for one head SHA, one merge base and one configuration: a partial
 *   document for another head, base or configuration hash is refused (and said), never merged;
 * - a partial document replaces only the steps its `rerun.steps` names; a named step it has no result
 *   for becomes an error (fail closed), and a step it carries but did not name is ignored;
 * - per step, the result of the run that *started* last wins (GitHub's `run_started_at`, not the
 *   evidence's word), so a full re-run after a partial one supersedes it, and of two re-runs of the
 *   same step the newer one counts.
 */
import type { Evidence, EvidenceStep } from './evidence-schema.js';

/** One validated evidence document and GitHub's facts about the run that uploaded it. */
export interface EvidenceFromRun {
  evidence: Evidence;
  runId: number;
  /** ISO 8601 start of the run's latest attempt (GitHub's `run_started_at`). */
  startedAt: string;
}

/** Where a re-run step's result came from. */
export interface RerunProvenance {
  runId: number;
  startedAt: string;
}

export interface MergedEvidence {
  /** The complete evidence with the re-run steps' results in place (`rerun` removed). */
  evidence: Evidence;
  /** Step id → the partial run its result now comes from (steps still from the complete run are absent). */
  reruns: Map<string, RerunProvenance>;
  /** Partial documents that were not merged, and why (for the review; they change nothing). */
  refused: { runId: number; message: string }[];
}

/**
 * Merges `partials` (any order) into `complete`. Returns `complete`'s steps unchanged when there is
 * nothing to merge. `complete` must be complete evidence (no `rerun`); a partial document without
 * `rerun` is refused.
 */
export function mergeEvidence(complete: EvidenceFromRun, partials: readonly EvidenceFromRun[]): MergedEvidence {
  const refused: MergedEvidence['refused'] = [];
  const steps = new Map<string, { step: EvidenceStep; startedAt: string; runId?: number }>(complete.evidence.steps.map((s) => [s.id, { step: s, startedAt: complete.startedAt }]));
  const ordered = [...partials].sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.runId - b.runId);
  for (const partial of ordered) {
    const problem = mismatch(complete.evidence, partial.evidence);
    if (problem) {
      refused.push({ runId: partial.runId, message: `re-run evidence of workflow run ${partial.runId} was not merged: ${problem}` });
      continue;
    }
    const byId = new Map(partial.evidence.steps.map((s) => [s.id, s]));
    for (const id of new Set(partial.evidence.rerun?.steps ?? [])) {
      const current = steps.get(id);
      if (current && current.startedAt.localeCompare(partial.startedAt) > 0) continue; // a newer run already has this step
      const step = byId.get(id) ?? missingStep(id, partial.runId);
      steps.set(id, { step, startedAt: partial.startedAt, runId: partial.runId });
    }
  }
  const reruns = new Map<string, RerunProvenance>();
  for (const [id, entry] of steps) if (entry.runId !== undefined) reruns.set(id, { runId: entry.runId, startedAt: entry.startedAt });
  const { rerun: _rerun, ...rest } = complete.evidence;
  return { evidence: { ...rest, steps: [...steps.values()].map((e) => e.step) }, reruns, refused };
}

/** Why `partial` cannot be merged into `complete`, or `undefined` when it can. */
function mismatch(complete: Evidence, partial: Evidence): string | undefined {
  if (!partial.rerun) return 'it does not name the steps it re-ran (not partial evidence)';
  if (partial.headSha !== complete.headSha) return `it is for commit ${partial.headSha.slice(0, 12)}, not the head ${complete.headSha.slice(0, 12)}`;
  if (partial.baseSha !== complete.baseSha) return `it was compared with merge base ${partial.baseSha.slice(0, 12)}, not ${complete.baseSha.slice(0, 12)}`;
  if (partial.configSha256 !== complete.configSha256) return 'it ran with another configuration than the complete evidence';
  if (partial.pullRequest !== complete.pullRequest || partial.repository.toLowerCase() !== complete.repository.toLowerCase()) return 'it is for another pull request';
  return undefined;
}

/** A step the re-run named but reported nothing for: an error, never a pass. */
function missingStep(id: string, runId: number): EvidenceStep {
  return { id, status: 'error', exitCode: null, durationMs: 0, baselined: false, newErrors: 0, newFindings: [], newFindingsTotal: 0, preExistingCount: 0, fixedCount: 0, truncated: false, error: `re-run workflow run ${runId} named this step but reported no result for it` };
}
