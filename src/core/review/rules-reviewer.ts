/**
 * The rules reviewer (no network): writes the orchestrator review from the gate's result alone.
 * It reads the handoffs' own risks and follow-ups, the run reports' unchecked items and stated risks
 * (registers, risk/severity/blocked/pending sections: `report-risks.ts`) and every reason, and never
 * decides anything the verdict rules did not: the decision is the result's (an open High/Red run-report
 * risk is a `report.risk-open` reason, so such a report is never accepted).
 */
import { LEVEL_RANK, REASON_CODES, type Reason, type ReasonCode } from '../reasons.js';
import type { GateResult } from '../result.js';
import { codeSpan, escapeMarkdown as esc } from '../report/escape.js';
import { REMEDIATIONS } from './remediation.js';
import { MAX_REPORT_CHARS } from './report-risks.js';
import { isOpenHighRisk } from './run-report.js';
import type { NextAction, Review, RiskEntry, RiskLevel } from './review-model.js';
import { stepGraph } from './step-graph.js';

/** Name and version written in the review header. */
export const RULES_REVIEWER = 'rules (handoff-gate, no model)';

const MAX_DETAILS = 8;

const CRITICAL: ReadonlySet<ReasonCode> = new Set(['guardrail.secret', 'guardrail.gate-config-changed', 'handoff.append-only', 'handoff.delegation', 'gate.rejected']);

/** Builds the review for `result`. Pure; the same result always gives the same review. */
export function rulesReview(result: GateResult): Review {
  const grouped = groupByCode(result.reasons.filter((r) => r.level !== 'info'));
  // Report risks are listed one by one below, so their reasons are not grouped into one gate entry too.
  const gateGrouped = grouped.filter(([code]) => code !== 'report.risk-open');
  const gateRisks: RiskEntry[] = gateGrouped.map(([code, reasons]) => ({
    title: `${REASON_CODES[code].replace(/\.$/, '')} (${reasons.length}× \`${code}\`)`,
    level: riskLevel(code, reasons[0]?.level ?? 'warn'),
    details: capped(reasons.map((r) => esc(describe(r)))),
    source: 'gate',
  }));
  const handoffRisks: RiskEntry[] = result.handoffs.flatMap((h) =>
    h.risks.map((r) => ({
      title: esc(`${r.id}: ${r.description}`),
      level: (r.level.charAt(0).toUpperCase() + r.level.slice(1)) as RiskLevel,
      details: [esc(`declared by ${h.agent} in ${h.file}`), ...(r.mitigation ? [esc(`mitigation: ${r.mitigation}`)] : ['no mitigation given'])],
      source: 'handoff' as const,
    })),
  );
  const reportRiskEntries = reportRiskLog(result);
  const riskLog = [...gateRisks, ...handoffRisks, ...reportRiskEntries].sort((a, b) => RISK_RANK[a.level] - RISK_RANK[b.level]);

  const missingDeliverables = [
    ...result.reasons.filter((r) => r.code === 'handoff.deliverable-missing').map((r) => ({ title: esc(r.message.replace(/^required deliverable /, '')), details: [esc(`declared in ${r.file ?? 'a handoff'}`)] })),
    ...result.runReports.flatMap((report) => report.unchecked.map((item) => ({ title: esc(item.text), details: [esc(`unchecked in ${report.path}:${item.line}`)] }))),
    ...result.steps.filter((s) => s.required && (s.status === 'error' || s.status === 'skipped')).map((s) => ({ title: `Verification evidence for ${codeSpan(s.id)}`, details: [s.status === 'skipped' ? 'the step was SKIPPED' : esc(`the step could not run: ${s.error ?? 'unknown error'}`)] })),
  ];

  const actionable = grouped.filter(([, reasons]) => reasons.some((r) => r.level === 'block' || r.level === 'fail'));
  const followUps = [
    ...openHighReportRisks(result),
    ...actionable.map(([code, reasons]) => ({ title: REMEDIATIONS[code].title, steps: [REMEDIATIONS[code].action, ...capped(reasons.map((r) => esc(describe(r))), 4)] })),
    ...result.handoffs.flatMap((h) => h.followUps.map((f) => ({ title: esc(f), steps: [esc(`proposed by ${h.agent} in ${h.file}`)] }))),
  ];

  const nextActions: NextAction[] = actionable.map(([code, reasons]) => ({
    title: REMEDIATIONS[code].title,
    owner: REMEDIATIONS[code].owner === 'agent' ? `agent (${esc(agentsOf(result))})` : 'maintainer',
    actions: [REMEDIATIONS[code].action, ...capped(reasons.map((r) => esc(describe(r))), 4)],
    acceptanceCriteria: [REMEDIATIONS[code].criterion],
  }));

  const counts = countLevels(result.reasons);
  const stepSummary = result.steps.length === 0 ? 'no verify steps configured' : result.steps.map((s) => `${s.id} ${stepWord(s.status, s.newErrors)}`).join(', ');
  const sources = result.runReports.length > 0 ? result.runReports.map((r) => r.path) : result.handoffs.map((h) => h.file);
  const inputChars = result.runReports.reduce((n, r) => n + r.chars, 0) + result.handoffs.reduce((n, h) => n + h.summary.length, 0);
  return {
    source: sources.length > 0 ? esc([...new Set(sources)].join(', ')) : '(no handoff or run report)',
    inputChars,
    reviewer: RULES_REVIEWER,
    riskLog,
    missingDeliverables,
    followUps,
    decision: {
      state: `Verdict ${result.verdict}: ${counts.block} blocking and ${counts.fail} failing reason(s), ${counts.warn} warning(s). ${result.handoffs.length} handoff(s) from ${esc(agentsOf(result))}; verification: ${esc(stepSummary)}.`,
      keyRisks: riskLog.slice(0, 4).map((r) => `${r.level}: ${r.title}`),
      readiness: result.acceptance ? 'Ready for acceptance: every check the gate ran passed and no gate is pending.' : `Not ready for acceptance: ${readinessGap(result)}.`,
      statement: statementOf(result),
      nextActions,
    },
    ...(result.handoffs.length > 1 ? { stepGraph: stepGraph(result) } : {}),
  };
}

/** One Risk Log entry per risk a run report states, with its level, where the level came from and its source line. */
function reportRiskLog(result: GateResult): RiskEntry[] {
  return result.runReports.flatMap((report) => [
    ...(report.truncated ? [{ title: esc(`${report.path} was only read in part`), level: 'Medium' as const, details: [`the report is ${report.chars} characters; only the first ${MAX_REPORT_CHARS} were read for risks and checklist items`], source: 'report' as const }] : []),
    ...report.risks.map((r) => ({
      title: esc(`${r.id && !r.title.toUpperCase().startsWith(r.id) ? `${r.id}: ` : ''}${r.title}`),
      level: r.level,
      details: [
        esc(`stated in ${report.path}:${r.line} (${r.kind}; level from ${r.levelSource})`),
        r.open ? 'status: open' : 'status: closed',
        ...(r.owner ? [esc(`owner: ${r.owner}`)] : []),
        ...(r.mitigation ? [esc(`mitigation: ${r.mitigation}`)] : []),
      ],
      source: 'report' as const,
    })),
  ]);
}

/** Follow-ups for the open High/Critical risks of the run reports: these come first. */
function openHighReportRisks(result: GateResult): { title: string; steps: string[] }[] {
  return result.runReports.flatMap((report) =>
    report.risks
      .filter(isOpenHighRisk)
      .map((r) => ({ title: esc(`Resolve the open ${r.level} risk ${r.id ? `${r.id} ` : ''}from the run report: ${r.title}`), steps: [esc(`${report.path}:${r.line}`), ...(r.mitigation ? [esc(`mitigation stated: ${r.mitigation}`)] : ['no mitigation stated']), ...(r.owner ? [esc(`owner: ${r.owner}`)] : [])] })),
  );
}

const RISK_RANK: Record<RiskLevel, number> = { Critical: 0, High: 1, Medium: 2, Low: 3 };

function riskLevel(code: ReasonCode, level: Reason['level']): RiskLevel {
  if (CRITICAL.has(code)) return 'Critical';
  if (code === 'review.suspected-cheat') return 'High';
  if (level === 'block') return 'High';
  if (level === 'fail') return code === 'report.missing-deliverable' || code === 'handoff.deliverable-missing' ? 'Medium' : 'High';
  return 'Low';
}

function groupByCode(reasons: readonly Reason[]): [ReasonCode, Reason[]][] {
  const groups = new Map<ReasonCode, Reason[]>();
  for (const r of reasons) groups.set(r.code, [...(groups.get(r.code) ?? []), r]);
  return [...groups.entries()].sort(([, a], [, b]) => LEVEL_RANK[(a[0] as Reason).level] - LEVEL_RANK[(b[0] as Reason).level]);
}

/** "src/a.ts:12 — message" */
export function describe(r: Reason): string {
  const where = r.file ? `${r.file}${r.line ? `:${r.line}` : ''} — ` : '';
  return `${where}${r.message}`;
}

function capped(items: string[], max = MAX_DETAILS): string[] {
  return items.length <= max ? items : [...items.slice(0, max), `… and ${items.length - max} more`];
}

function countLevels(reasons: readonly Reason[]): Record<Reason['level'], number> {
  const counts = { block: 0, fail: 0, warn: 0, info: 0 };
  for (const r of reasons) counts[r.level]++;
  return counts;
}

function agentsOf(result: GateResult): string {
  const agents = [...new Set(result.handoffs.map((h) => h.agent))];
  return agents.length > 0 ? agents.join(', ') : 'no agent';
}

function stepWord(status: string, newErrors: number): string {
  if (status === 'failed' && newErrors === 0) return 'passed (pre-existing findings only)';
  if (status === 'failed') return `FAILED (${newErrors} new)`;
  return status === 'passed' ? 'passed' : status === 'skipped' ? 'SKIPPED' : 'ERROR';
}

function readinessGap(result: GateResult): string {
  const blocking = [...new Set(result.reasons.filter((r) => r.level === 'block' || r.level === 'fail').map((r) => REMEDIATIONS[r.code].title.toLowerCase()))];
  return blocking.length > 0 ? blocking.slice(0, 5).join('; ') : 'decision is not accepted';
}

function statementOf(result: GateResult): string {
  switch (result.decision) {
    case 'accepted':
      return 'ACCEPT. The handoff is accepted; the required check is green.';
    case 'in_progress':
      return 'Keep IN PROGRESS. The agent should fix the failing items below and push again; the gate re-runs on every push.';
    case 'blocked':
      return 'BLOCKED. A person must act before this can be accepted (see the blocking items below); retrying the agent alone will not clear it.';
    case 'rejected':
      return 'REJECTED by a reviewer. Rework is needed before a new handoff.';
  }
}
