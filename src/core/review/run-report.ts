/**
 * Reads an agent's run report (free-text Markdown, e.g. `docs/runs/2025-…md`) with a CommonMark +
 * GFM parser (`report-risks.ts`): its title, size, task-list items (unchecked ones count as missing
 * deliverables) and the risks it states (registers, risk/severity/blocked/pending sections).
 */
import type { GateConfig } from '../config/config-schema.js';
import type { Reason } from '../reasons.js';
import { toString } from 'mdast-util-to-string';
import { parseMarkdown, reportRisks, taskItems, type ReportRisk } from './report-risks.js';

export interface RunReport {
  path: string;
  chars: number;
  title: string;
  checked: number;
  unchecked: { line: number; text: string }[];
  /** The risks the report states, in document order. */
  risks: ReportRisk[];
}

/** Parses one run report. Never throws. */
export function readRunReport(path: string, text: string): RunReport {
  const root = parseMarkdown(text);
  const h1 = root.children.find((n) => n.type === 'heading' && n.depth === 1);
  const title = (h1 ? toString(h1).trim() : '') || path;
  const { checked, unchecked } = taskItems(root);
  return { path, chars: text.length, title, checked, unchecked, risks: reportRisks(root) };
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
    ...r.unchecked.map((item): Reason => ({ code: 'report.missing-deliverable', level: config.reports.uncheckedItems, file: r.path, line: item.line, message: `unchecked in the run report: ${item.text}` })),
    ...r.risks.filter(isOpenHighRisk).map((risk): Reason => ({ code: 'report.risk-open', level: config.reports.openHighRisks, file: r.path, line: risk.line, ...(risk.id ? { rule: risk.id } : {}), message: `open ${risk.level} risk in the run report (${risk.levelSource}): ${risk.title}` })),
  ]);
}
