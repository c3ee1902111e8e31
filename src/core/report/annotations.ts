/**
 * Annotation records (file, line, level, message) for check runs and workflow commands, from the
 * reasons that point at a file and from every new finding. Levels are GitHub's check-run
 * `annotation_level` values; titles are cut to GitHub's 255-character limit and messages to 64 KiB.
 */
import type { GateResult } from '../result.js';
import type { ReasonLevel } from '../reasons.js';

export interface Annotation {
  path: string;
  startLine: number;
  endLine: number;
  level: 'notice' | 'warning' | 'failure';
  title: string;
  message: string;
}

const LEVEL: Record<ReasonLevel, Annotation['level']> = { block: 'failure', fail: 'failure', warn: 'warning', info: 'notice' };

/**
 * Every annotation for `result`, most severe first. Verify reasons are left out (their findings are
 * annotated one by one instead); reasons and findings without a file cannot be annotated.
 */
export function annotationsOf(result: GateResult): Annotation[] {
  const out: Annotation[] = [];
  for (const r of result.reasons) {
    if (!r.file || r.code.startsWith('verify.') || r.level === 'info') continue;
    const line = r.line ?? 1;
    out.push({ path: r.file, startLine: line, endLine: line, level: LEVEL[r.level], title: cut(`handoff-gate: ${r.code}${r.rule ? ` (${r.rule})` : ''}`, 255), message: cut(r.message, 65_535) });
  }
  for (const s of result.steps) {
    for (const f of s.newFindings) {
      if (!f.file) continue;
      const line = f.line ?? 1;
      out.push({ path: f.file, startLine: line, endLine: line, level: f.severity === 'error' ? (s.required ? 'failure' : 'warning') : f.severity === 'warning' ? 'warning' : 'notice', title: cut(`${s.id}: ${f.rule} (new)`, 255), message: cut(f.message, 65_535) });
    }
  }
  const rank = { failure: 0, warning: 1, notice: 2 };
  return out.sort((a, b) => rank[a.level] - rank[b.level]);
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
