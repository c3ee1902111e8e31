/**
 * The PR comment: the orchestrator review in the format of `reference/orchestrator-review-example.md`,
 * the verification details, a hidden versioned state block and the two trailer lines
 * `ACCEPTANCE: yes|no` and `Decision: …` as the last lines.
 *
 * Size: GitHub rejects comment bodies over 65,536 characters; finding lists are shortened until the
 * body fits (`MAX_COMMENT_CHARS`), and the comment says where the full list is.
 */
import { baselineNote } from './baseline-note.js';
import type { Review } from '../review/review-model.js';
import type { GateResult } from '../result.js';
import type { Finding } from '../verify/finding.js';
import { describeTestCounts, type StepTests } from '../verify/test-ledger.js';
import { describeRerun, stepCounts, type StepVerdict } from '../verdict/verify-reasons.js';
import { cellCodeSpan, codeSpan, escapeMarkdown as esc } from './escape.js';
import { hiddenJson } from './hidden-json.js';
import { trimLineEndings } from './trailer.js';

/** GitHub's limit for an issue comment body is 65,536 characters; we keep a margin. */
export const MAX_COMMENT_CHARS = 65_000;

/** The hidden marker that finds our one comment among all of a pull request's comments. */
export const COMMENT_MARKER = '<!-- handoff-gate:review -->';

/** Version of the hidden state block's JSON. */
export const STATE_VERSION = 1;

/**
 * Renders the comment body. Always ends with the two trailer lines, always ≤ `MAX_COMMENT_CHARS`.
 *
 * @param options.detailsUrl link to the full report (check run or workflow run), shown when lists are cut
 */
export function renderMarkdown(result: GateResult, review: Review, options: { detailsUrl?: string } = {}): string {
  for (const limit of [50, 20, 5, 0]) {
    const body = render(result, review, limit, options.detailsUrl);
    if (body.length <= MAX_COMMENT_CHARS) return body;
  }
  const trailer = trailerOf(result);
  const head = render(result, review, 0, options.detailsUrl);
  const note = '\n\n_The review was cut to fit GitHub\'s comment size limit; the JSON report has everything._\n\n';
  return head.slice(0, MAX_COMMENT_CHARS - trailer.length - note.length) + note + trailer;
}

function render(result: GateResult, review: Review, findingLimit: number, detailsUrl: string | undefined): string {
  const out: string[] = [COMMENT_MARKER, '# Orchestrator Review', ''];
  out.push(`- Source: **${review.source}**`, `- Input size: **${review.inputChars} chars**`);
  if (review.models) for (const m of review.models) out.push(`- ${m.tier}: **${esc(m.label)}** (${m.latencyMs} ms, ${m.inputTokens} input / ${m.outputTokens} output tokens)`);
  else out.push(`- Reviewer: **${esc(review.reviewer)}**`);
  if (review.note) out.push(`- Note: ${review.note}`);
  out.push(`- Verdict: **${result.verdict}** (check run conclusion ${codeSpan(result.conclusion)})`);
  if (result.context.head) out.push(`- Head: ${codeSpan(result.context.head.slice(0, 12))}${result.context.base ? ` · base ${codeSpan(result.context.base.slice(0, 12))}` : ''}`);
  out.push('');

  if (result.handoffs.length > 0 || result.handoffProblems.length > 0) {
    out.push('## Handoffs', '', '| step | agent | attempt | status | file |', '| --- | --- | --- | --- | --- |');
    for (const h of result.handoffs) out.push(`| ${esc(h.stepId, 80)} | ${esc(h.agent, 80)} | ${h.attempt} | ${esc(h.status)} | ${esc(h.file, 120)} |`);
    for (const p of result.handoffProblems.slice(0, 50)) out.push(`| — | — | — | invalid | ${esc(`${p.file}:${p.line}:${p.column}`, 140)} |`);
    out.push('');
    if (review.stepGraph) out.push('```mermaid', review.stepGraph, '```', '');
    out.push(...traceTable(result.handoffs));
  }

  out.push('## Risk Log', '');
  if (review.riskLog.length === 0) out.push('No risks found.', '');
  review.riskLog.forEach((risk, i) => {
    out.push(`${i + 1}. **${risk.title}**`);
    for (const d of risk.details) out.push(`   - ${d}`);
    out.push(`   - Risk Level: ${risk.level}`);
  });
  out.push('');

  out.push('## Missing Deliverables', '');
  if (review.missingDeliverables.length === 0) out.push('None.');
  review.missingDeliverables.forEach((d, i) => {
    out.push(`${i + 1}. ${d.title}`);
    for (const detail of d.details) out.push(`   - ${detail}`);
  });
  out.push('');

  out.push(...renderVerification(result.steps, findingLimit, detailsUrl));

  out.push('## Recommended Follow-Ups', '');
  if (review.followUps.length === 0) out.push('None.');
  review.followUps.forEach((f, i) => {
    out.push(`${i + 1}. **${f.title}**`);
    for (const step of f.steps) out.push(`   - ${step}`);
  });
  out.push('');

  const d = review.decision;
  out.push('## Final Orchestrator Decision', '', 'Overall state and risks summary:', `- State: ${d.state}`, '- Key risks:');
  out.push(...(d.keyRisks.length > 0 ? d.keyRisks.map((r) => `  - ${r}`) : ['  - none']));
  out.push(`- Readiness: ${d.readiness}`, '', 'Decision:', `- ${d.statement}`, '');
  if (d.nextActions.length > 0) {
    out.push('Prioritized next actions, owners and acceptance criteria:', '');
    d.nextActions.forEach((a, i) => {
      out.push(`${i + 1}) ${a.title}${i === 0 ? ' (Highest priority)' : ''}`, `- Owner: ${a.owner}`, '- Actions:');
      out.push(...a.actions.map((x) => `  - ${x}`), '- Acceptance criteria:', ...a.acceptanceCriteria.map((x) => `  - ${x}`), '');
    });
  }
  if (result.gates.length > 0) {
    out.push('Approval gates:', '');
    for (const g of result.gates) out.push(`- ${codeSpan(g.id)}: ${g.status} (${g.approvedBy.length}/${g.required}${g.approvedBy.length > 0 ? `, by ${esc(g.approvedBy.join(', '))}` : ''}) — ${esc(g.trigger)}`);
    out.push('');
  }
  out.push(stateBlock(result), trailerOf(result));
  return out.join('\n');
}

/**
 * The steps' trace (the Auditor's trace-first logging): one row per handoff that reports metrics or a
 * quality score. Numbers are the agent's own (untrusted) and are shown as numbers only.
 */
function traceTable(handoffs: GateResult['handoffs']): string[] {
  const traced = handoffs.filter((h) => h.metrics || h.resultQualityScore !== undefined);
  if (traced.length === 0) return [];
  const num = (v: number | undefined, digits = 0) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '—');
  const out = ['### Trace (as reported by the agents)', '', '| step | attempt | latency | input tokens | output tokens | cost | quality |', '| --- | --- | --- | --- | --- | --- | --- |'];
  for (const h of traced) {
    const m = h.metrics ?? {};
    out.push(`| ${esc(h.stepId, 80)} | ${h.attempt} | ${m.latencyMs !== undefined ? `${num(m.latencyMs)} ms` : '—'} | ${num(m.inputTokens)} | ${num(m.outputTokens)} | ${m.costUsd !== undefined ? `$${num(m.costUsd, 4)}` : '—'} | ${num(h.resultQualityScore, 2)} |`);
  }
  out.push('');
  return out;
}

function renderVerification(steps: readonly StepVerdict[], findingLimit: number, detailsUrl: string | undefined): string[] {
  const out = ['## Verification', ''];
  if (steps.length === 0) return [...out, 'No verify steps are configured: nothing was verified (reported as SKIPPED, never as passed).', ''];
  out.push('| step | required | result | new errors | pre-existing | fixed | duration |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const s of steps) {
    const result = s.status === 'error' ? `ERROR: ${esc(s.error ?? '', 200)}` : s.status === 'skipped' ? 'SKIPPED' : s.newErrors > 0 ? 'FAIL' : 'PASS';
    const otherNew = s.newFindings.length - s.newErrors;
    out.push(`| ${cellCodeSpan(s.id)} | ${s.required ? 'yes' : 'no'} | ${result} | ${s.newErrors}${otherNew > 0 ? ` (+${otherNew} warnings/notices)` : ''} | ${stepCounts(s).preExisting} | ${stepCounts(s).fixed}${s.baselined ? baselineNote(s) : ' (no baseline)'} | ${(s.durationMs / 1000).toFixed(1)} s |`);
  }
  out.push('');
  const rerun = steps.filter((s) => s.rerun);
  if (rerun.length > 0) {
    out.push('Re-run on this head (the other steps keep the results of the full verify run):', '');
    for (const s of rerun) out.push(`- ${codeSpan(s.id)}: ${esc(describeRerun(s.rerun as NonNullable<StepVerdict['rerun']>))}`);
    out.push('');
  }
  const withTests = steps.filter((s) => s.tests);
  if (withTests.length > 0) {
    out.push('Tests (from the runners\' reports):', '');
    for (const s of withTests) out.push(`- ${codeSpan(s.id)}: ${esc(describeTestCounts(s.tests as StepTests))}`);
    out.push('');
    for (const s of withTests) {
      const diff = s.tests?.baseTestsFailed?.length ? s.tests.baseTestsDiff : undefined;
      if (!diff) continue;
      out.push(`<details open><summary>${esc(`${s.id}: what the change did to the tests whose base version fails`)}</summary>`, '');
      for (const line of diff.split('\n').slice(0, 80)) out.push(`    ${codeSpan(line || ' ', 200)}`.replace(/^ {4}/, '- '));
      out.push('', '</details>', '');
    }
  }
  for (const s of steps) {
    out.push(...findingList(`${s.id}: new findings`, s.newFindings, findingLimit, detailsUrl, true));
    out.push(...findingList(`${s.id}: pre-existing findings (not counted)`, s.preExisting, findingLimit, detailsUrl, false));
  }
  return out;
}

function findingList(title: string, findings: readonly Finding[], limit: number, detailsUrl: string | undefined, open: boolean): string[] {
  if (findings.length === 0) return [];
  const shown = findings.slice(0, limit);
  const out = [`<details${open ? ' open' : ''}><summary>${esc(title)} (${findings.length})</summary>`, ''];
  for (const f of shown) {
    const where = f.file ? `${codeSpan(`${f.file}${f.line ? `:${f.line}` : ''}`)} ` : '';
    out.push(`- ${where}${f.severity === 'error' ? '' : `(${f.severity}) `}${codeSpan(f.rule, 80)} ${esc(f.message.split('\n')[0] ?? '', 300)}`);
  }
  if (findings.length > shown.length) out.push(`- … and ${findings.length - shown.length} more${detailsUrl ? ` ([full report](${encodeURI(detailsUrl)}))` : ' (see the JSON report)'}`);
  out.push('', '</details>', '');
  return out;
}

/**
 * The hidden, versioned state block: the last decision and the hashes of its inputs, so a decision
 * can be reproduced and a later run can tell what changed. `--` is escaped so the JSON cannot end
 * the HTML comment.
 */
export function stateBlock(result: GateResult): string {
  const state = { v: STATE_VERSION, verdict: result.verdict, decision: result.decision, head: result.context.head ?? null, inputs: result.inputs };
  return `<!-- handoff-gate:state ${hiddenJson(state)} -->`;
}

/**
 * Reads the state block back from a review comment body: only the line right before the two trailer
 * lines, where `render` puts it, counts (a block anywhere else was not written there by the gate).
 * `undefined` when absent or unreadable.
 */
export function parseStateBlock(body: string): { v: number; verdict: string; decision: string; head: string | null; inputs: GateResult['inputs'] } | undefined {
  if (!body.startsWith(COMMENT_MARKER)) return undefined;
  const lines = trimLineEndings(body).split(/\r\n|\r|\n/);
  const match = /^<!-- handoff-gate:state (\{.*\}) -->$/.exec(lines.at(-3) ?? '');
  if (!match) return undefined;
  try {
    return JSON.parse(match[1] as string);
  } catch {
    return undefined;
  }
}

/** The two machine-readable trailer lines. */
export function trailerOf(result: GateResult): string {
  return `ACCEPTANCE: ${result.acceptance ? 'yes' : 'no'}\nDecision: ${result.decision}`;
}
