/**
 * The run report's own structure, read with a CommonMark + GFM parser (`mdast-util-from-markdown`
 * with `mdast-util-gfm`): its task-list items and the risks it states, wherever it states them —
 *
 * - risk registers: list items or table rows with an id like `R-1` / `RISK-2` (owner, status,
 *   mitigation read from the item), and tables with a risk column and a level/status column;
 * - items under a risk heading (`## Risk Log`, `## Risk Assessment`), under a severity heading
 *   (`### 🔴 Critical (must fix)`, `### Major`) or under a blocked/pending heading (`### What Blocks Scaling?`);
 * - labelled items that name an open dependency (`Blockers: …`, `Expected Failures: …`);
 * - a stand-alone `Risk Level: Low` line (the report's overall risk).
 *
 * Levels come from the item's own words (`Risk Level: Medium`, `Impact: HIGH`, `Status: Yellow`,
 * Red/Amber/Yellow/Green), else from the heading, else Medium ("level not stated"). Fenced and
 * indented code blocks are never read as structure. Never throws.
 */
import type { List, ListItem, Nodes, Root, RootContent, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { toString } from 'mdast-util-to-string';
import { gfm } from 'micromark-extension-gfm';

export type ReportRiskLevel = 'Critical' | 'High' | 'Medium' | 'Low';

/** One risk a run report states. `line` is 1-based in the report. */
export interface ReportRisk {
  /** The report's own id (`R-1`), when it gives one. */
  id?: string;
  title: string;
  level: ReportRiskLevel;
  /** The words the level was read from (`Status: Yellow`, `heading "Critical (must fix)"`, `level not stated`). */
  levelSource: string;
  /** Open unless the item says closed / resolved / mitigated / done. */
  open: boolean;
  owner?: string;
  mitigation?: string;
  /** Where it was found: a register entry, a risk/severity section, a blocked/pending item, or the overall line. */
  kind: 'register' | 'section' | 'blocked' | 'pending' | 'overall';
  line: number;
}

/** Task-list items of the report (GFM `- [ ]` / `- [x]`). */
export interface TaskItems {
  checked: number;
  unchecked: { line: number; text: string }[];
}

/**
 * Longest report text parsed (characters; ten times the largest real report we were given); the rest
 * is not read, and the run report says so (`truncated`). micromark needs about 0.3 ms per list item
 * on this machine under load, so this bounds one report to a few seconds at worst.
 */
export const MAX_REPORT_CHARS = 128 * 1024;
const MAX_TITLE = 200;

const LEVEL_WORDS: [RegExp, ReportRiskLevel][] = [
  [/^(?:critical|blocker|severe|sev-?0|p0)$/i, 'Critical'],
  [/^(?:high|red|major|sev-?1|p1)$/i, 'High'],
  [/^(?:medium|moderate|amber|yellow|orange|sev-?2|p2)$/i, 'Medium'],
  [/^(?:low|minor|green|sev-?3|p3)$/i, 'Low'],
];
const EMOJI_LEVELS: [string, ReportRiskLevel][] = [
  ['🔴', 'High'],
  ['🟥', 'High'],
  ['🟠', 'Medium'],
  ['🟡', 'Medium'],
  ['🟢', 'Low'],
];
const LEVEL_TOKEN = String.raw`critical|blocker|severe|high|red|major|medium|moderate|amber|yellow|orange|low|minor|green`;
/** `Risk Level: Medium`, `**Impact**: HIGH`, `Status: Yellow → trending Green`, `Severity = high`. */
// The gap between the `:` and the level is matched whole (`[\W_]*`, a level starts with a letter) and
// tested by `isLevelGap`: the pattern it stands for, `[\s*_]*(?:[^\w\s]{1,4}\s*)?[*_]*`, backtracks
// polynomially on a long run of `*` (100,000 took over 15 s).
const LABELLED_LEVEL = new RegExp(String.raw`\b(risk\s*level|risk|severity|impact|level|status|rating|priority|rag)\b[\s*_]*[:=]([\W_]*)(${LEVEL_TOKEN})\b`, 'gi');
const BARE_COLOUR = /\b(red|amber|yellow|green)\b/i;
/** Read from trimmed text (`riskId`): leading blanks on both sides of `[*_]*` backtracked quadratically. */
const RISK_ID = /^[*_]*\s*((?:R|RISK)-?\d{1,4})\b/i;
const CLOSED = /\b(?:closed|resolved|retired|mitigated|done)\b/i;
const RISK_HEADING = /\brisks?\b/i;
const SEVERITY_HEADING = new RegExp(String.raw`^[^\w]*(${LEVEL_TOKEN})\b`, 'i');
const BLOCKED_HEADING = /\b(?:blocked|blockers?|blocks)\b/i;
const PENDING_HEADING = /\b(?:pending|open (?:issues|questions|items)|known issues)\b/i;
const OPEN_LABELS = String.raw`blockers?(?:\s*\/\s*dependencies)?|dependencies|expected failures?|known (?:issues|failures)|open issues|pending`;
const NOTHING = /^(?:none|n\/?a|nothing|-|—|no(?:ne)? (?:blockers?|issues))\b/i;
const OVERALL = new RegExp(String.raw`^[\s*_]*(?:overall\s+)?risk\s*level[\s*_]*:([\W_]*)(${LEVEL_TOKEN})\b`, 'i');

/** Container markers (`>`, list bullets, ordered markers) kept at the start of one line. */
export const MAX_LINE_NESTING = 32;
/** Leading indentation kept on one line (columns). */
const MAX_INDENT = 128;
const CONTAINER_MARKER = /[ \t]{0,3}(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]?/y;

/**
 * Caps how deeply one line can nest containers (block quotes, lists), and its indentation, before
 * parsing: micromark's cost grows with the square of the depth and mdast walkers recurse, so a
 * hostile `> > > …` or `- - - …` line would cost seconds or overflow the stack. No real report nests
 * this deep.
 */
export function capNesting(text: string): string {
  return text.replace(/^[^\n]*/gm, (line) => {
    let end = 0;
    let depth = 0;
    CONTAINER_MARKER.lastIndex = 0;
    while (depth <= MAX_LINE_NESTING && CONTAINER_MARKER.exec(line)) {
      depth++;
      if (depth <= MAX_LINE_NESTING) end = CONTAINER_MARKER.lastIndex;
    }
    const capped = depth > MAX_LINE_NESTING ? line.slice(0, end) + line.slice(end).replace(/^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]?)+/, '') : line;
    const indent = /^[ \t]*/.exec(capped)?.[0].length ?? 0;
    return indent > MAX_INDENT ? capped.slice(indent - MAX_INDENT) : capped;
  });
}

/** Parses Markdown into mdast (CommonMark + GFM tables and task lists), after `MAX_REPORT_CHARS` and `capNesting`. */
export function parseMarkdown(text: string): Root {
  return fromMarkdown(capNesting(text.length > MAX_REPORT_CHARS ? text.slice(0, MAX_REPORT_CHARS) : text), { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** The task-list items of a parsed report, in document order (nested lists included). */
export function taskItems(root: Root): TaskItems {
  const out: TaskItems = { checked: 0, unchecked: [] };
  walk(root, (node) => {
    if (node.type !== 'listItem' || node.checked === null || node.checked === undefined) return;
    if (node.checked) out.checked++;
    else out.unchecked.push({ line: node.position?.start.line ?? 1, text: clip(firstLine(node)) });
  });
  return out;
}

/** The risks a parsed report states (see the module comment), in document order, one per source line. */
export function reportRisks(root: Root): ReportRisk[] {
  const risks: ReportRisk[] = [];
  const seen = new Set<number>();
  const add = (risk: ReportRisk) => {
    if (seen.has(risk.line)) return;
    seen.add(risk.line);
    risks.push(risk);
  };
  let heading = '';
  // Under one heading, once an ordered list has given the section's risks, later bullet lists are
  // their details (real reports break a numbered item's bullets out of it with stray lines).
  let orderedSeen = false;
  for (const node of root.children) {
    if (node.type === 'heading') {
      heading = toString(node).trim();
      orderedSeen = false;
      continue;
    }
    if (node.type === 'list' && !node.ordered && orderedSeen) continue;
    if (node.type === 'list' && node.ordered) orderedSeen = true;
    scanBlock(node, heading, add);
  }
  return risks.sort((a, b) => a.line - b.line);
}

function scanBlock(node: RootContent, heading: string, add: (r: ReportRisk) => void, depth = 0): void {
  if (depth > MAX_DEPTH) return;
  if (node.type === 'list') scanList(node, heading, add, true);
  else if (node.type === 'table') scanTable(node, heading, add);
  else if (node.type === 'paragraph') {
    const text = toString(node);
    const overallMatch = OVERALL.exec(text);
    const overall = overallMatch && isLevelGap(overallMatch[1] as string) ? (overallMatch[2] as string) : undefined;
    if (overall) add({ title: clip(heading ? `Overall risk level (${heading})` : 'Overall risk level'), ...level(overall, `Risk Level: ${overall}`), open: true, kind: 'overall', line: line(node) });
  } else if (node.type === 'blockquote') node.children.forEach((c) => scanBlock(c, heading, add, depth + 1));
}

function scanList(list: List, heading: string, add: (r: ReportRisk) => void, topLevel: boolean, depth = 0): void {
  if (depth > MAX_DEPTH) return;
  const sectionKind = RISK_HEADING.test(heading) ? 'section' : BLOCKED_HEADING.test(heading) ? 'blocked' : PENDING_HEADING.test(heading) ? 'pending' : SEVERITY_HEADING.test(heading) ? 'section' : undefined;
  for (const item of list.children) {
    const isTask = item.checked !== null && item.checked !== undefined;
    const head = firstLine(item);
    const whole = textOf(item);
    const id = riskId(head);
    const label = labelValue(head, OPEN_LABELS);
    if (!isTask && id) {
      add({ id: id.toUpperCase(), title: clip(head), ...itemLevel(item, head, heading, true), open: !CLOSED.test(statusOf(head) ?? ''), ...details(item, head), kind: 'register', line: line(item) });
    } else if (!isTask && topLevel && sectionKind) {
      const fallback = sectionKind === 'blocked' ? 'High' : 'Medium';
      const found = itemLevel(item, head, heading, false);
      add({ title: clip(head), ...(found.levelSource === 'level not stated' ? { level: fallback, levelSource: `${sectionKind} section "${clip(heading, 60)}"` } : found), open: !CLOSED.test(statusOf(whole) ?? ''), ...details(item, head), kind: sectionKind, line: line(item) });
    } else if (!isTask && label && !NOTHING.test(label.value.trim())) {
      const kind = /block/i.test(label.label) ? 'blocked' : 'pending';
      add({ title: clip(head), level: 'Medium', levelSource: `labelled "${label.label.trim()}"`, open: true, kind, line: line(item) });
    }
    for (const child of item.children) if (child.type === 'list') scanList(child, heading, add, false, depth + 1);
  }
}

function scanTable(table: Table, heading: string, add: (r: ReportRisk) => void): void {
  const [header, ...rows] = table.children;
  if (!header) return;
  const names = header.children.map((c) => toString(c).trim().toLowerCase());
  const riskCol = names.findIndex((n) => /\b(?:risk|id|issue)\b/.test(n));
  const levelCol = names.findIndex((n) => /\b(?:level|severity|status|rating|impact|rag|priority)\b/.test(n));
  const ownerCol = names.findIndex((n) => /\bowner\b/.test(n));
  const mitigationCol = names.findIndex((n) => /\bmitigation|response|action\b/.test(n));
  const inRiskSection = RISK_HEADING.test(heading) || names.some((n) => /\brisk\b/.test(n));
  if (!inRiskSection || levelCol < 0) return;
  for (const row of rows) {
    const cells = row.children.map((c) => toString(c).trim());
    const text = cells.join(' | ');
    const levelText = cells[levelCol] ?? '';
    const word = new RegExp(`\\b(${LEVEL_TOKEN})\\b`, 'i').exec(levelText)?.[1] ?? emojiLevel(levelText);
    const found = word ? level(word, `${names[levelCol]}: ${levelText}`) : { level: 'Medium' as const, levelSource: 'level not stated' };
    const id = riskId(cells[riskCol >= 0 ? riskCol : 0] ?? '') ?? riskId(cells[0] ?? '');
    add({
      ...(id ? { id: id.toUpperCase() } : {}),
      title: clip(text),
      ...found,
      open: !CLOSED.test(levelText),
      ...(ownerCol >= 0 && cells[ownerCol] ? { owner: clip(cells[ownerCol] as string, 80) } : {}),
      ...(mitigationCol >= 0 && cells[mitigationCol] ? { mitigation: clip(cells[mitigationCol] as string) } : {}),
      kind: id ? 'register' : 'section',
      line: line(row),
    });
  }
}

function itemLevel(item: ListItem, head: string, heading: string, bareColour: boolean): { level: ReportRiskLevel; levelSource: string } {
  const whole = textOf(item);
  const labelled = labelledLevel(head) ?? labelledLevel(whole);
  if (labelled) return level(labelled.level, `${labelled.label}: ${labelled.level}`);
  const colour = bareColour ? BARE_COLOUR.exec(head) : null;
  if (colour) return level(colour[1] as string, `status ${colour[1]}`);
  const fromHeading = SEVERITY_HEADING.exec(heading)?.[1] ?? emojiLevel(heading);
  if (fromHeading) return level(fromHeading, `heading "${clip(heading, 60)}"`);
  return { level: 'Medium', levelSource: 'level not stated' };
}

function level(word: string, source: string): { level: ReportRiskLevel; levelSource: string } {
  const fromEmoji = EMOJI_LEVELS.find(([e]) => e === word)?.[1];
  const found = fromEmoji ?? LEVEL_WORDS.find(([re]) => re.test(word))?.[1] ?? 'Medium';
  return { level: found, levelSource: source };
}

function emojiLevel(text: string): string | undefined {
  return EMOJI_LEVELS.find(([e]) => text.includes(e))?.[0];
}

function statusOf(text: string): string | undefined {
  return /\bstatus\b[\s*_]*:[\s*_]*([^\n–—|]+)/i.exec(text)?.[1];
}

function details(item: ListItem, head: string): { owner?: string; mitigation?: string } {
  const owner = /\bowner\s*:\s*([^)–—;,|\n]+)/i.exec(head)?.[1]?.trim();
  let mitigation: string | undefined;
  walk(item, (node) => {
    if (mitigation !== undefined || node.type !== 'listItem' || node === item) return;
    const m = labelValue(firstLine(node), 'mitigation|mitigations|response');
    if (m) mitigation = clip(m.value.trim());
  });
  return { ...(owner ? { owner: clip(owner, 80) } : {}), ...(mitigation ? { mitigation } : {}) };
}

/** The text of a list item's first block (its "title"), whitespace collapsed. */
function firstLine(item: ListItem): string {
  const first = item.children.find((c) => c.type !== 'list') ?? item.children[0];
  return first ? toString(first).replace(/\s+/g, ' ').trim() : '';
}

/** The text of a node, one line per paragraph, heading or table cell (so words of two blocks never run together). */
function textOf(node: Nodes): string {
  const parts: string[] = [];
  walk(node, (n) => {
    if (n.type === 'paragraph' || n.type === 'heading' || n.type === 'tableCell') parts.push(toString(n));
  });
  return parts.join('\n');
}

function line(node: Nodes): number {
  return node.position?.start.line ?? 1;
}

function clip(text: string, max = MAX_TITLE): string {
  // Trailing blanks and pipes dropped from the end (`/[\s|]+$/` re-scanned a long ` | | |` run from each position).
  let t = text.replace(/\s+/g, ' ');
  let end = t.length;
  while (end > 0 && /[\s|]/.test(t[end - 1] as string)) end--;
  t = t.slice(0, end).trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Nesting deeper than this is not visited (a hostile report cannot exhaust the stack). */
const MAX_DEPTH = 100;

function walk(node: Nodes, visit: (node: Nodes) => void, depth = 0): void {
  visit(node);
  if (depth < MAX_DEPTH && 'children' in node) for (const child of node.children as Nodes[]) walk(child, visit, depth + 1);
}

/** The risk id (`R-3`, `RISK12`) that `text` starts with, after blanks and emphasis marks. */
export function riskId(text: string): string | undefined {
  return RISK_ID.exec(text.trimStart())?.[1];
}

/**
 * `<label>: <value>` at the start of `text` (blanks and emphasis marks around the label allowed),
 * `labels` an alternation; as `/^\s*[*_]*\s*(labels)\s*[*_]*\s*:[*_]*\s*(.+)$/is` read it, but linear:
 * that pattern's neighbouring blank runs traded characters (quadratic on a long run of spaces).
 */
export function labelValue(text: string, labels: string): { label: string; value: string } | undefined {
  const trimmed = text.trimStart();
  const head = new RegExp(String.raw`^[*_]*\s*(${labels})(?:\s*[*_]+)?\s*:`, 'i').exec(trimmed);
  if (!head) return undefined;
  const rest = trimmed.slice(head[0].length);
  if (rest === '') return undefined;
  // `[*_]*\s*` before the value, which keeps at least one character.
  const lead = (/^[*_]*\s*/.exec(rest)?.[0] as string).length;
  return { label: head[1] as string, value: rest.slice(Math.min(lead, rest.length - 1)) };
}

/** The first `Risk Level: Medium`, `**Impact**: HIGH`, `Severity = high` in `text` (label and level as written). */
export function labelledLevel(text: string): { label: string; level: string } | undefined {
  for (const m of text.matchAll(LABELLED_LEVEL)) {
    if (isLevelGap(m[2] as string)) return { label: m[1] as string, level: m[3] as string };
  }
  return undefined;
}

const BLANK_OR_MARK = /^[\s*_]*$/;
const BLANK = /\s/;
const PUNCTUATION = /[^\w\s]/;

/**
 * Whether `gap` matches `[\s*_]*(?:[^\w\s]{1,4}\s*)?[*_]*` (blanks and emphasis marks, at most one
 * short run of other punctuation such as `→` or `-`), by trimming from the end: linear where the
 * pattern backtracks polynomially on a long run of `*`.
 */
export function isLevelGap(gap: string): boolean {
  if (BLANK_OR_MARK.test(gap)) return true;
  let end = gap.length;
  while (end > 0 && (gap[end - 1] === '*' || gap[end - 1] === '_')) end--;
  while (end > 0 && BLANK.test(gap[end - 1] as string)) end--;
  let punctuation = 0;
  while (punctuation < 4 && end > 0 && PUNCTUATION.test(gap[end - 1] as string)) {
    end--;
    punctuation++;
  }
  return punctuation > 0 && BLANK_OR_MARK.test(gap.slice(0, end));
}
