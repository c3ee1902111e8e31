/**
 * Compares head findings with base findings by fingerprint count, so only findings beyond the
 * baseline are new. For a fingerprint seen b times on the base and h times on the head, the first
 * min(b, h) head occurrences (in file/line order) are pre-existing, the remaining h − b are new,
 * and b − h (when positive) are fixed. O(n log n) in the number of findings.
 */
import type { Finding } from './finding.js';

export interface BaselineComparison {
  newFindings: Finding[];
  preExisting: Finding[];
  /** Base findings no longer present on the head (one entry per fixed occurrence). */
  fixed: Finding[];
}

/**
 * @param head findings observed on the head
 * @param base findings observed on the base, or `undefined` when no baseline exists (everything is new)
 */
export function compareWithBaseline(head: readonly Finding[], base: readonly Finding[] | undefined): BaselineComparison {
  if (!base) return { newFindings: [...head], preExisting: [], fixed: [] };
  const baseGroups = groupByFingerprint(base);
  const headGroups = groupByFingerprint(head);
  const newFindings: Finding[] = [];
  const preExisting: Finding[] = [];
  const fixed: Finding[] = [];
  for (const [fingerprint, occurrences] of headGroups) {
    const baseCount = baseGroups.get(fingerprint)?.length ?? 0;
    occurrences.sort(byPosition);
    preExisting.push(...occurrences.slice(0, baseCount));
    newFindings.push(...occurrences.slice(baseCount));
  }
  for (const [fingerprint, occurrences] of baseGroups) {
    const headCount = headGroups.get(fingerprint)?.length ?? 0;
    if (occurrences.length > headCount) fixed.push(...occurrences.sort(byPosition).slice(headCount));
  }
  return { newFindings: newFindings.sort(byPosition), preExisting: preExisting.sort(byPosition), fixed: fixed.sort(byPosition) };
}

function groupByFingerprint(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.fingerprint);
    if (group) group.push(finding);
    else groups.set(finding.fingerprint, [finding]);
  }
  return groups;
}

function byPosition(a: Finding, b: Finding): number {
  return (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}
