/**
 * Reads an agent's run report (free-text Markdown, e.g. `docs/runs/2025-…md`): its title,
 * size, and the checklist items it left unchecked (`- [ ] …`), which count as missing deliverables.
 */
import type { GateConfig } from '../config/config-schema.js';
import type { Reason } from '../reasons.js';

export interface RunReport {
  path: string;
  chars: number;
  title: string;
  checked: number;
  unchecked: { line: number; text: string }[];
}

const ITEM = /^\s*[-*+]\s+\[([ xX])\]\s+(.+?)\s*$/;

/** Parses one run report. Never throws. */
export function readRunReport(path: string, text: string): RunReport {
  const lines = text.split(/\r?\n/);
  const title = (lines.find((l) => /^#\s+\S/.test(l)) ?? path).replace(/^#\s+/, '').trim();
  const unchecked: RunReport['unchecked'] = [];
  let checked = 0;
  let inFence = false;
  lines.forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const item = inFence ? null : ITEM.exec(line);
    if (!item) return;
    if (item[1] === ' ') unchecked.push({ line: i + 1, text: item[2] as string });
    else checked++;
  });
  return { path, chars: text.length, title, checked, unchecked };
}

/** One `report.missing-deliverable` reason per unchecked item, at `reports.uncheckedItems` level. */
export function runReportReasons(reports: readonly RunReport[], config: GateConfig): Reason[] {
  return reports.flatMap((r) =>
    r.unchecked.map((item): Reason => ({ code: 'report.missing-deliverable', level: config.reports.uncheckedItems, file: r.path, line: item.line, message: `unchecked in the run report: ${item.text}` })),
  );
}
