/**
 * Reads an agent's run report (free-text Markdown, e.g. `docs/runs/2025-…md`) with a CommonMark +
 * GFM parser (`report-risks.ts`): its title, size, task-list items (unchecked ones count as missing
 * deliverables) and the risks it states (registers, risk/severity/blocked/pending sections).
 */
import type { GateConfig } from '../config/config-schema.js';
import type { Reason } from '../reasons.js';
import { toString } from 'mdast-util-to-string';
import { MAX_REPORT_CHARS, parseMarkdown, reportRisks, taskItems, type ReportRisk } from './report-risks.js';

export interface RunReport {
  path: string;
  chars: number;
  title: string;
  checked: number;
  unchecked: { line: number; text: string }[];
  /** The risks the report states, in document order. */
  risks: ReportRisk[];
  /** The report was longer than `MAX_REPORT_CHARS`; only its beginning was read. */
  truncated: boolean;
  /** Why the report could not be read at all (then nothing else was read from it). */
  error?: string;
}

/** Parses one run report. Never throws: a report the parser cannot read comes back with `error`. */
export function readRunReport(path: string, text: string): RunReport {
  const truncated = text.length > MAX_REPORT_CHARS;
  try {
    const root = parseMarkdown(text);
    const h1 = root.children.find((n) => n.type === 'heading' && n.depth === 1);
    const title = (h1 ? toString(h1).trim() : '') || path;
    const { checked, unchecked } = taskItems(root);
    return { path, chars: text.length, title, checked, unchecked, risks: reportRisks(root), truncated };
  } catch (error) {
    return { path, chars: text.length, title: path, checked: 0, unchecked: [], risks: [], truncated, error: `${(error as Error).name}: ${(error as Error).message}`.slice(0, 200) };
  }
}

/** Is this an open High or Critical risk (one that keeps a report from being accepted)? */
export function isOpenHighRisk(risk: ReportRisk): boolean {
  return risk.open && (risk.level === 'High' || risk.level === 'Critical');
}

/**
 * One `report.missing-deliverable` per unchecked item (at `reports.uncheckedItems`) and one
 * `report.risk-open` per open High/Critical risk (at `reports.openHighRisks`, `fail` by default, so
 * such a report is never accepted: the decision stays `in_progress`).
 */
export function runReportReasons(reports: readonly RunReport[], config: GateConfig): Reason[] {
  return reports.flatMap((r) => [
    ...(r.error ? [{ code: 'report.unreadable', level: 'fail', file: r.path, message: `the run report could not be read (${r.error}); its risks and checklist are unknown` } satisfies Reason] : []),
    ...r.unchecked.map((item): Reason => ({ code: 'report.missing-deliverable', level: config.reports.uncheckedItems, file: r.path, line: item.line, message: `unchecked in the run report: ${item.text}` })),
    ...r.risks.filter(isOpenHighRisk).map((risk): Reason => ({ code: 'report.risk-open', level: config.reports.openHighRisks, file: r.path, line: risk.line, ...(risk.id ? { rule: risk.id } : {}), message: `open ${risk.level} risk in the run report (${risk.levelSource}): ${risk.title}` })),
  ]);
}
