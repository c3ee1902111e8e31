/**
 * The test ledger (issue 9): the set of test cases a verify step's runner reported (JUnit XML), with
 * their outcome, on the base and on the head. Every case that passed on the base must run and pass on
 * the head; one that vanished is *missing*, one that was skipped is *skipped* (both block, approvable).
 *
 * Identity of a case: its title path (describe/class blocks and test name, separators normalised) and,
 * when the runner names it, its file. Matching goes from strict to loose so that honest moves pass:
 * 1. same file and title path; 2. same title path in any file (a case moved to another file, a file
 * split or renamed), paired by count when several files hold the same title; 3. a base case `t`
 * whose head counterpart became parametrised (`t[...]`, pytest ids; all of them count). A renamed test
 * has no counterpart: it is missing (approvable with `/gate approve verify.test-missing`).
 */

import { z } from 'zod';

/** `error`: the runner reported an error (setup failure, crash), not an assertion failure. */
export type TestOutcome = 'passed' | 'failed' | 'skipped' | 'error';

/** One test case as the runner reported it. Plain data (serialised in reports and evidence). */
export interface TestCase {
  /** Title path with ` › ` between describe/class blocks and the test name. */
  name: string;
  /** Repository-relative file (or module) when the runner reports one. */
  file?: string;
  outcome: TestOutcome;
  /** For `failed`/`error`: the normalised failure kind (type and message), to match failures across sides. */
  failureKind?: string;
}

/** How many cases ran, by outcome. `total` counts every reported case, skipped ones included. */
export interface TestCounts {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  errors: number;
}

/** A case named in a reason or report: its title path and file. */
export interface TestRef {
  name: string;
  file?: string;
}

const counts = z.strictObject({ total: z.number().int().min(0), passed: z.number().int().min(0), failed: z.number().int().min(0), skipped: z.number().int().min(0), errors: z.number().int().min(0) });
const ref = z.strictObject({ name: z.string().max(2000), file: z.string().max(2000).optional() });

/** The shape of `StepTests` for data read back from elsewhere (a verify report, evidence): never trusted blindly. */
export const stepTestsSchema = z.strictObject({
  head: counts,
  base: counts.optional(),
  missing: z.array(ref).max(1000),
  missingCount: z.number().int().min(0),
  skipped: z.array(ref).max(1000),
  skippedCount: z.number().int().min(0),
  baseTestsFailed: z.array(ref).max(1000).optional(),
  baseTestsFiles: z.array(z.string().max(2000)).max(1000).optional(),
  baseTestsDiff: z.string().max(20_000).optional(),
  ranFiles: z.array(z.string().max(2000)).max(5000).optional(),
  unattributedCases: z.number().int().min(0).optional(),
});

/** At most this many distinct files are carried in `ranFiles`; beyond it the list is left out (unknown). */
export const MAX_RAN_FILES = 5000;

/** At most this many cases are carried per list in a step's verdict (the counts stay whole). */
export const MAX_LISTED_CASES = 100;

/** The ledger part of a step's verdict. Plain data; folded into the evidence schema as-is. */
export interface StepTests {
  head: TestCounts;
  /** Counts on the base, when the base ran with a report. */
  base?: TestCounts;
  /** Cases that passed on the base and were not reported on the head (first `MAX_LISTED_CASES`). */
  missing: TestRef[];
  missingCount: number;
  /** Cases that passed on the base and were skipped on the head. */
  skipped: TestRef[];
  skippedCount: number;
  /** Cases of the base's tests that failed against the head's code (issue 9 item 2), when that run happened. */
  baseTestsFailed?: TestRef[];
  /** Test files restored to their base version for that run. */
  baseTestsFiles?: string[];
  /** The agent's change to those files (unified diff, cut), shown when base tests fail. */
  baseTestsDiff?: string;
  /**
   * The distinct files the head's cases name, sorted (`verify.tests-not-run`); absent when there are
   * more than `MAX_RAN_FILES` (then which files ran is not known).
   */
  ranFiles?: string[];
  /** Head cases that name no file (node's JUnit reporter): whether a given file ran is then not known. */
  unattributedCases?: number;
}

/** Counts of `cases` by outcome. */
export function countTests(cases: readonly TestCase[]): TestCounts {
  const counts: TestCounts = { total: cases.length, passed: 0, failed: 0, skipped: 0, errors: 0 };
  for (const c of cases) {
    if (c.outcome === 'passed') counts.passed++;
    else if (c.outcome === 'failed') counts.failed++;
    else if (c.outcome === 'skipped') counts.skipped++;
    else counts.errors++;
  }
  return counts;
}

/** The normalised title path used as a case's identity (separators and whitespace unified). */
export function titleKey(name: string): string {
  // Blanks around a separator are collapsed with all others (matching them with it re-scanned long runs).
  return name.replace(SEPARATOR, ' › ').replace(/\s+/g, ' ').trim();
}

const SEPARATOR = /›|>|::/g;
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/**
 * The title before its parameters (`t[1-a]` → `t`): the shortest single-line prefix followed by
 * `[…]` with no `]` inside that ends the title; `undefined` when there is none. Index arithmetic,
 * where `/^(.*?)\[[^\]]*\]$/` backtracked quadratically on a long run of `[`.
 */
export function parametrisedBase(title: string): string | undefined {
  if (!title.endsWith(']')) return undefined;
  const open = title.indexOf('[', title.lastIndexOf(']', title.length - 2) + 1);
  if (open < 0 || open > title.length - 2) return undefined;
  const base = title.slice(0, open);
  return LINE_TERMINATOR.test(base) ? undefined : base;
}

/** For each base case, the head cases that stand for it (empty: missing). O(n) with hash maps. */
export function matchCases(base: readonly TestCase[], head: readonly TestCase[]): TestCase[][] {
  const byFileAndTitle = new Map<string, TestCase[]>();
  const byTitle = new Map<string, TestCase[]>();
  const byParametrisedTitle = new Map<string, TestCase[]>();
  const used = new Set<TestCase>();
  for (const h of head) {
    const title = titleKey(h.name);
    push(byFileAndTitle, `${h.file ?? ''}\0${title}`, h);
    push(byTitle, title, h);
    const parametrised = parametrisedBase(title);
    if (parametrised !== undefined) push(byParametrisedTitle, parametrised.trim(), h);
  }
  const cursors = new Map<TestCase[], number>(); // each list is consumed front to back: O(1) amortised
  const take = (list: TestCase[] | undefined): TestCase | undefined => {
    if (!list) return undefined;
    for (let i = cursors.get(list) ?? 0; i < list.length; i++) {
      const found = list[i] as TestCase;
      if (used.has(found)) continue;
      used.add(found);
      cursors.set(list, i + 1);
      return found;
    }
    cursors.set(list, list.length);
    return undefined;
  };
  const titles = base.map((b) => titleKey(b.name));
  const result: TestCase[][] = base.map(() => []);
  const unmatched: number[] = [];
  base.forEach((b, i) => {
    const same = take(byFileAndTitle.get(`${b.file ?? ''}\0${titles[i] as string}`));
    if (same) result[i] = [same];
    else unmatched.push(i);
  });
  for (const i of unmatched) {
    const title = titles[i] as string;
    const moved = take(byTitle.get(title));
    if (moved) {
      result[i] = [moved];
      continue;
    }
    const variants = (byParametrisedTitle.get(title) ?? []).filter((c) => !used.has(c));
    variants.forEach((v) => used.add(v));
    result[i] = variants;
  }
  return result;
}

/**
 * Compares the base's ledger with the head's: cases that passed on the base and are missing or
 * skipped on the head. A parametrised counterpart counts as skipped when any of its variants is
 * skipped. Failures are not listed here: they are findings, compared with the baseline.
 */
export function compareLedgers(base: readonly TestCase[], head: readonly TestCase[]): { missing: TestCase[]; skipped: TestCase[] } {
  const matches = matchCases(base, head);
  const missing: TestCase[] = [];
  const skipped: TestCase[] = [];
  base.forEach((b, i) => {
    if (b.outcome !== 'passed') return;
    const counterparts = matches[i] as TestCase[];
    if (counterparts.length === 0) missing.push(b);
    else if (counterparts.some((c) => c.outcome === 'skipped')) skipped.push(b);
  });
  return { missing, skipped };
}

/** The ledger part of a verdict from the two sides' cases (`base` undefined: no baseline ran). */
export function stepTests(head: readonly TestCase[], base: readonly TestCase[] | undefined): StepTests {
  const compared = base ? compareLedgers(base, head) : { missing: [], skipped: [] };
  return {
    head: countTests(head),
    ...(base ? { base: countTests(base) } : {}),
    missing: compared.missing.slice(0, MAX_LISTED_CASES).map(refOf),
    missingCount: compared.missing.length,
    skipped: compared.skipped.slice(0, MAX_LISTED_CASES).map(refOf),
    skippedCount: compared.skipped.length,
    ...ranFilesOf(head),
  };
}

/** `ranFiles` and `unattributedCases` of a step's head cases. */
function ranFilesOf(head: readonly TestCase[]): Pick<StepTests, 'ranFiles' | 'unattributedCases'> {
  const files = new Set<string>();
  let unattributed = 0;
  for (const c of head) {
    if (c.file) files.add(c.file);
    else unattributed++;
  }
  return { ...(files.size <= MAX_RAN_FILES ? { ranFiles: [...files].sort() } : {}), ...(unattributed > 0 ? { unattributedCases: unattributed } : {}) };
}

/** "12 ran, 11 passed, 1 skipped (base: 12 ran, 12 passed)" — the counts every report shows. */
export function describeTestCounts(t: StepTests): string {
  const side = (c: TestCounts) => `${c.total} ran, ${c.passed} passed${c.failed ? `, ${c.failed} failed` : ''}${c.errors ? `, ${c.errors} errors` : ''}${c.skipped ? `, ${c.skipped} skipped` : ''}`;
  const extra = [t.missingCount ? `${t.missingCount} missing` : '', t.skippedCount ? `${t.skippedCount} newly skipped` : '', t.baseTestsFailed?.length ? `${t.baseTestsFailed.length} base test(s) fail on the head's code` : ''].filter(Boolean);
  return `${side(t.head)}${t.base ? ` (base: ${side(t.base)})` : ''}${extra.length ? `; ${extra.join(', ')}` : ''}`;
}

/** `file › title`, for messages. */
export function describeCase(c: TestRef): string {
  return c.file && !c.name.startsWith(c.file) ? `${c.file} › ${c.name}` : c.name;
}

function refOf(c: TestCase): TestRef {
  return { name: c.name, ...(c.file ? { file: c.file } : {}) };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
