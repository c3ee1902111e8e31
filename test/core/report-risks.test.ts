/**
 * The rules reviewer reads a run report's own structure (CommonMark + GFM): the five real reference
 * documents (test/fixtures/reference, copied from ../shared/reference) must have their risks listed
 * in the review's Risk Log with levels and sources, and an open High/Red risk keeps a report from
 * being accepted. Controls: an all-green status report, a closed Red risk, a register in a code block.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../src/core/evaluate-gate.js';
import { renderMarkdown } from '../../src/core/report/markdown.js';
import { readRunReport } from '../../src/core/review/run-report.js';
import { rulesReview } from '../../src/core/review/rules-reviewer.js';
import { gateInput } from '../helpers/gate-input.js';

const reference = (name: string) => readFileSync(new URL(`../fixtures/reference/${name}`, import.meta.url), 'utf8');

async function review(path: string, text: string) {
  const result = await evaluateGate(gateInput({ runReports: [{ path, text }] }));
  const rendered = rulesReview(result);
  return { result, review: rendered, markdown: renderMarkdown(result, rendered) };
}

const risksOf = (text: string) => readRunReport('r.md', text).risks.map((r) => [r.id ?? r.title.slice(0, 40), r.level, r.open]);

describe('run report risks: the five reference documents', () => {
  it('the AutomatosX run report: its register R-1…R-7 with owners, Yellow/Green levels and mitigations, and its blockers', async () => {
    const { result, review: r, markdown } = await review('docs/runs/automatosx.md', reference('run-report-example-automatosx.md'));
    const register = result.runReports[0]?.risks.filter((x) => x.kind === 'register') ?? [];
    expect(register.map((x) => [x.id, x.level, x.owner])).toEqual([
      ['R-1', 'Medium', 'Frank'],
      ['R-2', 'Medium', 'Bob'],
      ['R-3', 'Medium', 'Avery'],
      ['R-4', 'Low', 'Oliver'],
      ['R-7', 'Medium', 'Queenie'],
    ]);
    expect(register[0]?.mitigation).toContain('Frank + Bob pairing Monday');
    expect(result.runReports[0]?.risks.filter((x) => x.kind === 'blocked').length).toBe(14);
    expect(markdown).not.toContain('No risks found.');
    expect(markdown).toContain('R-1 – Gemini fallback coverage (Owner: Frank) – Status: Yellow');
    expect(markdown).toMatch(/stated in docs\/runs\/automatosx\.md:110 \(register; level from Status: Yellow\)/);
    expect(r.riskLog.filter((x) => x.source === 'report')).toHaveLength(19);
    // No Red risk: the register alone does not hold the report back.
    expect(result.reasons.filter((x) => x.code === 'report.risk-open')).toEqual([]);
  });

  it('the audit: its Critical and Major findings are open high risks, so it is never accepted; the first follow-up is the first Critical', async () => {
    const { result, review: r, markdown } = await review('docs/runs/audit.md', reference('auditor-review-orchestration-engine.md'));
    expect(result.runReports[0]?.risks.map((x) => x.level)).toEqual(['Critical', 'Critical', 'Critical', 'High', 'High', 'High', 'High', 'Low', 'Low', 'Low']);
    expect(result.reasons.filter((x) => x.code === 'report.risk-open')).toHaveLength(7);
    expect(result.decision).toBe('in_progress');
    expect(result.acceptance).toBe(false);
    expect(r.followUps[0]?.title).toContain('Resolve the open Critical risk from the run report: No explicit idempotency contract for retries/timeouts');
    expect(markdown.split('\n').slice(-2)).toEqual(['ACCEPTANCE: no', 'Decision: in_progress']);
  });

  it('the Ralph status assessment: "What Blocks Scaling?" items with their Impact, the overall Risk Level, and its unchecked items', async () => {
    const { result } = await review('docs/runs/ralph.md', reference('ai-orchestrator-status-ralph.md'));
    const report = result.runReports[0];
    expect(report?.risks.map((x) => [x.title, x.level, x.kind])).toEqual([
      ['Test Failures on KareMatch (32 remaining)', 'High', 'blocked'],
      ['Planning Document Staleness', 'Medium', 'blocked'],
      ['CredentialMate Validation', 'High', 'blocked'],
      ['Overall risk level (Recommendation Summary)', 'Low', 'overall'],
    ]);
    expect(report?.unchecked.length).toBeGreaterThan(50);
    expect(result.decision).toBe('in_progress');
  });

  it('the orchestrator review example: its Risk Log entries with their stated levels', async () => {
    expect(risksOf(reference('orchestrator-review-example.md'))).toEqual([
      ['Upstream Delta Risk', 'Medium', true],
      ['Runtime Warning Accumulation', 'Low', true],
      ['Incomplete Infrastructure Automation', 'Medium', true],
    ]);
  });

  it('the specification summary: its pending "Expected Failures" is listed', async () => {
    const { review: r } = await review('docs/runs/spec.md', reference('orchestration-spec-summary.md'));
    expect(r.riskLog.filter((x) => x.source === 'report').map((x) => [x.title, x.level])).toEqual([["Expected Failures: State files and tasks don't exist yet (implementation pending)", 'Medium']]);
  });
});

describe('run report risks: shapes and controls', () => {
  it('a table register: a Red row is an open High risk, a Closed Red row is not', () => {
    const text = ['# Run', '', '## Risks', '', '| ID | Risk | Owner | Status | Mitigation |', '| --- | --- | --- | --- | --- |', '| R-1 | Data loss on retry | Ana | Red | add idempotency keys |', '| R-2 | Slow CI | Bo | Red (closed) | cached |', '| R-3 | Docs lag | Cy | Green | — |', ''].join('\n');
    const risks = readRunReport('r.md', text).risks;
    expect(risks.map((r) => [r.id, r.level, r.open, r.owner, r.mitigation])).toEqual([
      ['R-1', 'High', true, 'Ana', 'add idempotency keys'],
      ['R-2', 'High', false, 'Bo', 'cached'],
      ['R-3', 'Low', true, 'Cy', '—'],
    ]);
  });

  it('control: an all-green status report is accepted, with its risks listed as Low', async () => {
    const text = ['# Week 3 status', '', '## Risk Register', '', '- **R-1 – Payment retries (Owner: Ana) – Status: Green**', '  - Mitigation: idempotency keys shipped', '- **R-2 – Search latency (Owner: Bo) – Status: Green**', '', '## Checklist', '', '- [x] ship', '- [x] docs', ''].join('\n');
    const { result, review: r, markdown } = await review('docs/runs/week3.md', text);
    expect(r.riskLog.filter((x) => x.source === 'report').map((x) => [x.title, x.level])).toEqual([
      ['R-1 – Payment retries (Owner: Ana) – Status: Green', 'Low'],
      ['R-2 – Search latency (Owner: Bo) – Status: Green', 'Low'],
    ]);
    expect(result.decision).toBe('accepted');
    expect(markdown.split('\n').slice(-2)).toEqual(['ACCEPTANCE: yes', 'Decision: accepted']);
  });

  it('control: a register or a checklist inside a fenced code block is an example, not the report', () => {
    const text = ['# How to write a run report', '', '```markdown', '## Risks', '- **R-9 – Everything is on fire – Status: Red**', '- [ ] unchecked example', '```', ''].join('\n');
    const report = readRunReport('r.md', text);
    expect(report.risks).toEqual([]);
    expect(report.unchecked).toEqual([]);
  });

  it('a hostile report (deep nesting, huge size) is read without crashing', () => {
    const deep = readRunReport('r.md', `# Deep\n${'> '.repeat(5000)}- **R-1 – x – Status: Red**\n${'  - '.repeat(2000)}y\n${'- '.repeat(3000)}[ ] z\n`);
    expect(deep.error).toBeUndefined();
    expect(deep.title).toBe('Deep');
    const huge = readRunReport('r.md', `# Big\n${'word '.repeat(40_000)}\n\n## Risks\n- **R-1 – hidden at the end – Status: Red**\n`);
    expect(huge.truncated).toBe(true);
    expect(huge.risks).toEqual([]);
  });
});
