/**
 * Regex counting of test declarations (`guardrail.tests-deleted`) stays only as a fallback for test
 * files no test ledger covers (issue 9): when the base's JUnit report lists cases of a file, the
 * ledger decides (a moved, split or parametrised case passes; a vanished one is `verify.test-missing`).
 */
import type { Reason } from '../reasons.js';
import type { TestCase } from './test-ledger.js';

/**
 * `reasons` without the `guardrail.tests-deleted` ones about a base file the base's ledgers cover: a
 * case names that file (with or without its extension: pytest reports modules), or — for runners that
 * report no file (node's junit reporter) — the file's base text contains the quoted name of a case.
 *
 * @param readBase the file's text on the base (`undefined` when absent)
 */
export async function withoutLedgerCoveredDeletions(reasons: readonly Reason[], baseTests: ReadonlyMap<string, readonly TestCase[]> | undefined, readBase: (path: string) => Promise<string | undefined>): Promise<Reason[]> {
  if (!baseTests || baseTests.size === 0) return [...reasons];
  const covered = new Set<string>();
  const fileless = new Set<string>();
  for (const cases of baseTests.values()) {
    for (const c of cases) {
      if (c.file) covered.add(c.file);
      else fileless.add(c.name.split(' › ').pop() as string);
    }
  }
  const stem = (p: string) => p.replace(/\.[^./]+$/, '');
  const out: Reason[] = [];
  for (const r of reasons) {
    if (r.code !== 'guardrail.tests-deleted' || !r.file) {
      out.push(r);
      continue;
    }
    if (covered.has(r.file) || covered.has(stem(r.file))) continue;
    if (fileless.size > 0 && namesACase(await readBase(r.file), fileless)) continue;
    out.push(r);
  }
  return out;
}

function namesACase(text: string | undefined, names: ReadonlySet<string>): boolean {
  if (!text) return false;
  for (const match of text.matchAll(/(['"`])((?:(?!\1)[^\\\n]|\\.)*)\1/g)) if (names.has(match[2] as string)) return true;
  return false;
}
