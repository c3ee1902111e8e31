/**
 * Annotation records (file, line, level, message) for check runs and workflow commands, from the
 * reasons that point at a file and from every new finding. Levels are GitHub's check-run
 * `annotation_level` values; titles are cut to GitHub's 255-character limit and messages to 64 KiB.
 *
 * Check-run annotations are plain text, not Markdown, but their strings are untrusted (file names,
 * rule ids, tool messages): titles are one line, messages keep their line breaks (as `\n`) and lose
 * control and invisible characters, and a path that is not a clean repository-relative path (absolute,
 * `..`, control characters) is not annotated at all — GitHub would refuse the whole request — its
 * finding still appears in the review and the report.
 */
import type { GateResult } from '../result.js';
import type { ReasonLevel } from '../reasons.js';
import { hasControlCharacters, oneLine } from './escape.js';

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
    if (!annotatablePath(r.file)) continue;
    out.push({ path: r.file, startLine: line, endLine: line, level: LEVEL[r.level], title: cut(oneLine(`handoff-gate: ${r.code}${r.rule ? ` (${r.rule})` : ''}`), 255), message: cut(plainText(r.message), 65_535) });
  }
  for (const s of result.steps) {
    for (const f of s.newFindings) {
      if (!f.file || !annotatablePath(f.file)) continue;
      const line = f.line ?? 1;
      out.push({ path: f.file, startLine: line, endLine: line, level: f.severity === 'error' ? (s.required ? 'failure' : 'warning') : f.severity === 'warning' ? 'warning' : 'notice', title: cut(oneLine(`${s.id}: ${f.rule} (new)`), 255), message: cut(plainText(f.message), 65_535) });
    }
  }
  const rank = { failure: 0, warning: 1, notice: 2 };
  return out.sort((a, b) => rank[a.level] - rank[b.level]);
}

/** A repository-relative path GitHub can annotate: no leading `/`, no `.`/`..` segment, no control characters, ≤ 1024 characters. */
export function annotatablePath(path: string): boolean {
  return path.length > 0 && path.length <= 1024 && !path.startsWith('/') && !hasControlCharacters(path) && path.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

/** Multi-line plain text: line endings become `\n`, other control and invisible characters go. */
function plainText(text: string): string {
  return text.split(/\r\n|[\r\n\u2028\u2029\u0085]/).map(oneLine).join('\n');
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
