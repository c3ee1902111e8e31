/** Plain terminal text: the verdict, every reason by level, the verify steps, and the trailer lines. */
import type { GateResult } from '../result.js';
import { describe } from '../review/rules-reviewer.js';
import { describeRerun, stepCounts } from '../verdict/verify-reasons.js';
import { describeTestCounts } from '../verify/test-ledger.js';
import { escapeTerminal } from './escape.js';
import { trailerOf } from './markdown.js';

const HEADINGS = { block: 'BLOCKING', fail: 'FAILING', warn: 'WARNINGS', info: 'NOTES' } as const;

/**
 * Renders `result` for a terminal. Untrusted text has control sequences removed, stays on one line
 * and never starts one (every such line begins with `- `, `+ `, `[code]` or a fixed word), so no
 * line but the trailer can read as a trailer line.
 */
export function renderText(result: GateResult): string {
  const out = [`handoff-gate: ${result.verdict} (decision ${result.decision}, conclusion ${result.conclusion})`, ''];
  if (result.handoffs.length > 0) {
    out.push('Handoffs:');
    for (const h of result.handoffs) out.push(`  - ${escapeTerminal(h.file)}  ${escapeTerminal(h.stepId)} by ${escapeTerminal(h.agent)} (attempt ${h.attempt}, ${escapeTerminal(h.status)})`);
    out.push('');
  }
  if (result.steps.length > 0) {
    out.push('Verification:');
    // Columns as wide as the longest id and status, so long step ids never break the table.
    const statusOf = (s: (typeof result.steps)[number]) => (s.status === 'error' ? 'ERROR' : s.status === 'skipped' ? 'SKIPPED' : s.newErrors > 0 ? 'FAIL' : 'PASS');
    const idWidth = Math.max(...result.steps.map((s) => escapeTerminal(s.id).length));
    for (const s of result.steps) {
      out.push(`  - ${escapeTerminal(s.id).padEnd(idWidth)}  ${statusOf(s).padEnd(7)}  new ${s.newFindings.length}, pre-existing ${stepCounts(s).preExisting}, fixed ${stepCounts(s).fixed}  ${(s.durationMs / 1000).toFixed(1)} s`);
      if (s.status === 'error' && s.error) out.push(`    error: ${escapeTerminal(s.error)}`);
      if (s.tests) out.push(`    tests: ${escapeTerminal(describeTestCounts(s.tests))}`);
      if (s.rerun) out.push(`    re-run: ${escapeTerminal(describeRerun(s.rerun))}`);
      for (const f of s.newFindings.slice(0, 20)) out.push(`    + ${escapeTerminal(`${f.file ?? ''}${f.line ? `:${f.line}` : ''} ${f.rule} ${f.message.split('\n')[0] ?? ''}`.trim())}`);
      if (s.newFindings.length > 20) out.push(`    … and ${s.newFindings.length - 20} more new findings`);
    }
    out.push('');
  }
  for (const level of ['block', 'fail', 'warn', 'info'] as const) {
    const reasons = result.reasons.filter((r) => r.level === level);
    if (reasons.length === 0) continue;
    out.push(`${HEADINGS[level]} (${reasons.length}):`);
    for (const r of reasons) out.push(`  [${r.code}] ${escapeTerminal(describe(r))}`);
    out.push('');
  }
  for (const g of result.gates) out.push(`Gate ${escapeTerminal(g.id)}: ${g.status} (${g.approvedBy.length}/${g.required})`);
  if (result.gates.length > 0) out.push('');
  out.push(trailerOf(result));
  return `${out.join('\n')}\n`;
}
