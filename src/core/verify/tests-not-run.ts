/**
 * `verify.tests-not-run` (issue 12): test files the change adds that no configured verify step ran. A
 * real agent pull request added two jest suites that did not compile and were matched by no step, and
 * the gate passed. A file "ran" when some step's test ledger names it (a case's file, or jest-junit's
 * suite error for it). Which files are tests: `guardrails.testsDeleted.paths`, the globs the other test
 * rules use. Decided only when every step with a test report says which files its cases came from;
 * when none produced a report, or one reports cases without files (node's own JUnit reporter, without
 * `runner: node-test`), the gate says it cannot tell (level `info`) and does not guess.
 */
import picomatch from 'picomatch';
import type { ChangedFile } from '../diff/changed-file.js';
import type { Reason } from '../reasons.js';
import type { StepVerdict } from '../verdict/verify-reasons.js';

/** How many file names a message lists before "… N more". */
const LISTED = 10;

/**
 * @param files the change (only `added` files are looked at)
 * @param testPaths picomatch globs of test files (`guardrails.testsDeleted.paths`)
 * @param steps the verify steps after the baseline comparison (their `tests.ranFiles`)
 * @returns at most one reason: `fail` naming the files no step ran, or `info` when that cannot be known
 */
export function testsNotRunReasons(files: readonly ChangedFile[], testPaths: readonly string[], steps: readonly StepVerdict[]): Reason[] {
  if (steps.length === 0 || testPaths.length === 0) return [];
  const isTest = picomatch([...testPaths], { dot: true });
  const added = files.filter((f) => f.status === 'added' && isTest(f.path)).map((f) => f.path);
  if (added.length === 0) return [];
  const ledgers = steps.filter((s) => s.tests !== undefined);
  if (ledgers.length === 0) {
    return [{ code: 'verify.tests-not-run', level: 'info', message: `cannot tell whether the ${added.length} test file(s) the change adds ran: no verify step produced a test report (format: junit or runner:): ${list(added)}` }];
  }
  const ran = new Set<string>();
  for (const s of ledgers) for (const f of s.tests?.ranFiles ?? []) ran.add(f);
  const stem = (p: string) => p.replace(/\.[^./]+$/, '');
  const notRun = added.filter((p) => !ran.has(p) && !ran.has(stem(p)) && !goPackageRan(p, ran));
  if (notRun.length === 0) return [];
  const unknown = ledgers.filter((s) => s.tests?.ranFiles === undefined || (s.tests.unattributedCases ?? 0) > 0).map((s) => s.id);
  if (unknown.length > 0) {
    return [{ code: 'verify.tests-not-run', level: 'info', file: notRun[0] as string, message: `cannot tell whether ${notRun.length} added test file(s) ran: the test report of ${unknown.join(', ')} does not name the file of every case: ${list(notRun)}` }];
  }
  return [{ code: 'verify.tests-not-run', level: 'fail', file: notRun[0] as string, message: `${notRun.length} test file(s) added by the change did not run in any verify step (${ledgers.map((s) => s.id).join(', ')}): ${list(notRun)}` }];
}

/**
 * Go's JUnit producers name a case's package import path (`example.com/mod/calc`), not its file: a
 * `calc/x_test.go` ran when a package path ends with `/calc`. A file at the module root is in the
 * package whose path is the module's, which the report does not say: any package path counts there.
 */
function goPackageRan(path: string, ran: ReadonlySet<string>): boolean {
  if (!path.endsWith('_test.go')) return false;
  const slash = path.lastIndexOf('/');
  const packages = [...ran].filter((r) => !/\.[^./]+$/.test(r));
  return slash < 0 ? packages.length > 0 : packages.some((r) => r.endsWith(`/${path.slice(0, slash)}`) || r === path.slice(0, slash));
}

function list(paths: readonly string[]): string {
  return `${paths.slice(0, LISTED).join(', ')}${paths.length > LISTED ? `, … ${paths.length - LISTED} more` : ''}`;
}
