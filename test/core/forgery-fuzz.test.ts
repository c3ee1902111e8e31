/**
 * The attacking side of "records nobody else can write" (issue 8, item 4): fast-check puts hostile
 * strings — record and state blocks, trailer lines, comment markers, backtick runs, pipes, every line
 * ending, arbitrary Unicode — into every handoff field, file path, rule id and message, renders them
 * with every renderer (review comment, check-run summary and annotations, text report, record
 * replies), and reads the output back the way the gate and an agent loop do (`reduceTimeline`,
 * `parseStateBlock`, `parseTrailer`, a CommonMark parser). Nothing may come back that the gate did
 * not write itself.
 *
 * (Control characters in the regular expressions below are what the properties look for.)
 *
 * Measured before the fix (same arbitraries, 2,000 samples, seed 42): 880 review comments planted a
 * record the reducer read, 1,487 carried a foreign hidden block, 1,184 a trailer-like line, and 1,288
 * text reports a forged trailer line.
 */
/* eslint-disable no-control-regex */
import fc from 'fast-check';
import type { Html, Nodes, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { effectOf } from '../../src/core/commands/command-effects.js';
import { parseCommands } from '../../src/core/commands/parse-commands.js';
import { evaluateGate } from '../../src/core/evaluate-gate.js';
import { EMPTY_REVIEW_STATE } from '../../src/core/gates/evaluate-gates.js';
import { annotationsOf } from '../../src/core/report/annotations.js';
import { summaryOf } from '../../src/core/report/check-summary.js';
import { COMMENT_MARKER, parseStateBlock, renderMarkdown, stateBlock } from '../../src/core/report/markdown.js';
import { renderText } from '../../src/core/report/text.js';
import { parseTrailer, TRAILER_LIKE_LINE } from '../../src/core/report/trailer.js';
import type { GateResult } from '../../src/core/result.js';
import { rulesReview } from '../../src/core/review/rules-reviewer.js';
import { reduceTimeline, type TimelineComment } from '../../src/core/timeline/reduce-timeline.js';
import { formatRecordReply, parseRecords, RECORD_REPLY_MARKER, type DecisionRecord } from '../../src/core/timeline/records.js';
import { config, gateInput } from '../helpers/gate-input.js';
import { FORGED_HEAD, forgedApproval, hostileResult, hostileText } from '../helpers/hostile.js';

/** Runs per property (issue 8 asks for a few thousand). */
const RUNS = 2000;
/** Generous: the machine running the suite may be shared; no test asserts a duration. */
const FUZZ_TIMEOUT_MS = 600_000;
const BOT = 'github-actions[bot]';
const CONFIG = config('gates:\n  - id: release\n    when: { always: true }\n  - id: sticky\n    dismissOnPush: false\n    when: { always: true }\n');
/** Any hidden block of ours, however spaced or cased (what a lenient reader might accept). */
const GATE_MARKER = /<!--\s*handoff-gate\s*:/gi;
/** Every line ending any reader might split on. */
const ANY_LINE_ENDING = /\r\n|[\r\n\u2028\u2029\u0085]/;

let clock = 0;
const comment = (body: string, author = BOT): TimelineComment => ({ author, authorIsBot: author === BOT, body, createdAt: new Date(Date.UTC(2026, 0, 1) + clock++ * 1000).toISOString() });
const stateOf = (comments: TimelineComment[]) => reduceTimeline({ comments, reviews: [], headSha: FORGED_HEAD, botLogin: BOT, prAuthor: 'agent', config: CONFIG });
const trailerLikeLines = (text: string) => text.split(ANY_LINE_ENDING).filter((line) => TRAILER_LIKE_LINE.test(line));
const markersIn = (text: string) => [...text.matchAll(GATE_MARKER)].map((m) => m.index as number);

function markdownTree(text: string): Root {
  return fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

function htmlNodes(node: Nodes): Html[] {
  if (node.type === 'html') return [node];
  return 'children' in node ? (node.children as Nodes[]).flatMap(htmlNodes) : [];
}

/** The raw HTML the gate itself writes into a review: its two hidden blocks and collapsible sections. */
function foreignHtml(html: string, result: GateResult): string {
  return html
    .replace(COMMENT_MARKER, '')
    .replace(stateBlock(result), '')
    .replace(/<\/?(?:details|summary)(?: open)?>/g, '');
}

/** What the review comment must satisfy whatever the result holds. */
function expectReviewSafe(body: string, result: GateResult): void {
  // Hidden blocks: our comment marker first, our state block third from last, nothing else.
  const lines = body.split('\n');
  expect(markersIn(body)).toEqual([0, body.length - lines.slice(-3).join('\n').length]);
  expect(parseStateBlock(body)).toEqual(JSON.parse(/\{.*\}/.exec(stateBlock(result))?.[0] as string));
  // Trailer: exactly the gate's two lines, at the end.
  expect(parseTrailer(body)).toEqual({ acceptance: result.acceptance, decision: result.decision });
  expect(trailerLikeLines(body)).toEqual(lines.slice(-2));
  // Records: none, whoever reads the comment.
  expect(parseRecords(body)).toEqual([]);
  expect(stateOf([comment(body)])).toEqual(EMPTY_REVIEW_STATE);
  // Rendered as GitHub does: no raw HTML but the gate's own, Mermaid only in the gate's shape.
  const tree = markdownTree(body);
  for (const html of htmlNodes(tree)) expect(foreignHtml(html.value, result)).not.toContain('<');
  for (const code of tree.children.filter((n) => n.type === 'code' && n.lang === 'mermaid')) {
    for (const line of (code as { value: string }).value.split('\n').slice(1)) expect(line).toMatch(/^ {2}(?:s\d+\["[\p{L}\p{N} ._\-/#?]+<br\/>[\p{L}\p{N} ._\-/#?]+ · [\p{L}\p{N} ._\-/#?]+"\]:::\w+|s\d+ --> s\d+|classDef \w+ fill:#\w+,stroke:#\w+)$/u);
  }
}

describe('no renderer lets untrusted text forge what only the gate writes', () => {
  it(`review comment (rules review): no record, no state block, no trailer line, no raw HTML (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(hostileResult, (result) => {
        expectReviewSafe(renderMarkdown(result, rulesReview(result), { detailsUrl: 'https://github.com/o/r/actions/runs/1' }), result);
      }),
      { numRuns: RUNS },
    );
  }, FUZZ_TIMEOUT_MS);

  it(`check run: summary and annotations carry no hidden block, no trailer line, no control character (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(hostileResult, (result) => {
        const summary = summaryOf(result);
        expect(markersIn(summary)).toEqual([]);
        expect(trailerLikeLines(summary)).toEqual([]);
        expect(htmlNodes(markdownTree(summary))).toEqual([]);
        expect(stateOf([comment(summary)])).toEqual(EMPTY_REVIEW_STATE);
        for (const a of annotationsOf(result)) {
          expect(a.title.length).toBeLessThanOrEqual(255);
          expect(a.title).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
          expect(a.message).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
          expect(a.path).not.toMatch(/^\/|(^|\/)\.\.?(\/|$)|[\u0000-\u001f\u007f-\u009f]/);
        }
      }),
      { numRuns: RUNS },
    );
  }, FUZZ_TIMEOUT_MS);

  it(`text report: only the last two lines read as a trailer, no terminal control sequence (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(hostileResult, (result) => {
        const text = renderText(result);
        expect(parseTrailer(text)).toEqual({ acceptance: result.acceptance, decision: result.decision });
        expect(trailerLikeLines(text)).toEqual(text.trimEnd().split('\n').slice(-2));
        expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
      }),
      { numRuns: RUNS },
    );
  }, FUZZ_TIMEOUT_MS);

  it(`record replies: a command's untrusted parts round-trip as data and plant nothing (${RUNS} runs)`, () => {
    const command = fc.tuple(fc.constantFrom('approve', 'reject', 'hold', 'unhold', 'rerun', 'review', 'help'), hostileText);
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 4 }), fc.array(hostileText, { maxLength: 3 }), hostileText, (commands, gates, user) => {
        const parsed = parseCommands(commands.map(([name, args]) => `/gate ${name} ${args}`).join('\n\n'), '/gate').commands;
        const records: DecisionRecord[] = [];
        const prose: string[] = [];
        for (const c of parsed) {
          const effect = effectOf(c, gates, user, FORGED_HEAD);
          records.push(...effect.records);
          if (effect.reply) prose.push(effect.reply('/gate'));
        }
        if (records.length === 0 && prose.length === 0) return;
        const reply = formatRecordReply(prose, records);
        expect(parseRecords(reply)).toEqual(records);
        expect(markersIn(reply)).toHaveLength(1 + records.length);
        expect(trailerLikeLines(reply)).toEqual([]);
        for (const html of htmlNodes(markdownTree(reply))) expect(html.value).toMatch(/^<!-- handoff-gate:record(?:-reply -->| \{.*\} -->)$/);
        const reject = records.filter((r) => r.type === 'reject').at(-1);
        if (reject) expect(stateOf([comment(reply)]).rejection).toEqual({ by: user, reason: reject.reason });
      }),
      { numRuns: RUNS },
    );
  }, FUZZ_TIMEOUT_MS);

  it(`the whole timeline: bot renderings and human forgeries add nothing to the real record replies (${RUNS} runs)`, () => {
    const forgedReply = hostileText.map((t) => `${RECORD_REPLY_MARKER}\n${t}\n${forgedApproval(FORGED_HEAD)}`);
    fc.assert(
      fc.property(hostileResult, forgedReply, fc.boolean(), (result, forged, holdFirst) => {
        const real = [comment(formatRecordReply(['On hold'], [{ type: holdFirst ? 'hold' : 'unhold', user: 'lead' }]))];
        const noise = [comment(renderMarkdown(result, rulesReview(result))), comment(summaryOf(result)), comment(renderText(result)), comment(forged, 'mallory'), comment(forged, 'github-actions')];
        expect(stateOf([...noise, ...real])).toEqual(stateOf(real));
      }),
      { numRuns: RUNS },
    );
  }, FUZZ_TIMEOUT_MS);

  it(`through the real gate: hostile handoff fields, file paths and findings, rendered and read back (${RUNS} runs)`, async () => {
    const handoffFields = fc.record({ summary: hostileText, agent: hostileText, risk: hostileText, followUp: hostileText, deliverable: hostileText, path: hostileText, title: hostileText });
    const finding = fc.record({ rule: hostileText, file: hostileText, message: hostileText });
    await fc.assert(
      fc.asyncProperty(handoffFields, fc.array(finding, { maxLength: 3 }), hostileText, async (h, findings, fileName) => {
        const handoff = {
          schemaVersion: '1.0', workflowRunId: 'run-1', stepId: 'build', attempt: 1, agent: h.agent || 'a', idempotencyKey: 'k', status: 'completed', summary: h.summary || 's',
          task: { title: h.title }, risks: [{ id: 'r1', description: h.risk, level: 'high' }], followUps: [h.followUp], deliverables: [{ id: 'd1', description: h.deliverable, path: h.path || 'p', required: true }], requiresApproval: 'release-managers',
        };
        const path = `.handoff/${fileName.replace(/\//g, '_')}.json`;
        const result = await evaluateGate(
          gateInput({
            config: CONFIG,
            handoffFiles: [{ path, text: JSON.stringify(handoff) }],
            stepVerdicts: [{ id: 'lint', required: false, status: 'failed', durationMs: 1, exitCode: 1, baselined: false, newFindings: findings.map((f, i) => ({ step: 'lint', rule: f.rule, message: f.message, severity: 'warning' as const, file: f.file, line: i + 1, fingerprint: String(i) })), preExisting: [], fixed: [], newErrors: 0 }],
          }),
        );
        expectReviewSafe(renderMarkdown(result, rulesReview(result)), result);
        expect(trailerLikeLines(renderText(result))).toEqual(renderText(result).trimEnd().split('\n').slice(-2));
      }),
      { numRuns: RUNS },
    );
  }, FUZZ_TIMEOUT_MS);
});

describe('commands hidden in containers never run, whatever they hold', () => {
  const inner = fc.array(fc.oneof(hostileText, fc.constantFrom('/gate approve release', '/gate unhold', '/gate reject x')), { minLength: 1, maxLength: 5 }).map((parts) => parts.join('\n'));

  it(`inside a fence longer than any backtick run, a blockquote, or an HTML comment (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(inner, fc.constantFrom('fence', 'tilde', 'quote', 'comment'), (text, container) => {
        const longest = (ch: string) => Math.max(2, ...[...text.matchAll(new RegExp(`${ch === '`' ? '`' : '~'}+`, 'g'))].map((m) => m[0].length));
        const lines = text.split(/\r\n|\r|\n/);
        const body =
          container === 'fence' ? `${'`'.repeat(longest('`') + 1)}\n${text}\n${'`'.repeat(longest('`') + 1)}`
          : container === 'tilde' ? `${'~'.repeat(longest('~') + 1)}\n${text}\n${'~'.repeat(longest('~') + 1)}`
          : container === 'quote' ? lines.map((l) => `> ${l}`).join('\n')
          : `<!--\n${text.replace(/-->|--!>/g, '')}\n-->`;
        expect(parseCommands(body, '/gate').commands).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  }, FUZZ_TIMEOUT_MS);
});
