/**
 * The base's tests against the head's code (issue 9 item 2, as SWE-bench's harness evaluates a patch
 * with the original tests): when a change modifies or deletes existing test files or test
 * infrastructure, the test steps run once more on the head's code with those files restored to their
 * base version. A case that passed on the base and does not pass there means the change to the tests
 * hid a behaviour change (an emptied assertion, an edited expected value).
 */
import picomatch from 'picomatch';
import type { ChangedFile } from '../diff/changed-file.js';
import { matchCases, MAX_LISTED_CASES, type StepTests, type TestCase } from './test-ledger.js';

/** The outcome of that run for one step: its cases (undefined when it could not run) and the files restored. */
export interface BaseTestsRun {
  cases?: readonly TestCase[];
  /** Why the run gave no cases (the step failed to run or wrote no report). */
  error?: string;
  files: readonly string[];
  /** `git diff` base..head of the restored files (what the agent changed in them), cut to `MAX_DIFF_CHARS`. */
  diff?: string;
}

/** Characters of the test diff carried in a verdict. */
export const MAX_DIFF_CHARS = 4000;

/**
 * Existing test or test-infrastructure files the change modified, deleted or renamed away (their base
 * paths): what is restored. Added files are not restored (they have no base version).
 *
 * @param testPaths globs of test files (`guardrails.testsDeleted.paths`)
 * @param infraPaths globs of test infrastructure (`verify.testInfraPaths`, `guardrails.verifyConfig.paths`)
 */
export function protectedTestFiles(files: readonly ChangedFile[], testPaths: readonly string[], infraPaths: readonly string[]): string[] {
  const matches = picomatch([...testPaths, ...infraPaths], { dot: true });
  const out = new Set<string>();
  for (const f of files) {
    if (f.status === 'added') continue;
    const basePath = f.previousPath ?? f.path;
    if (matches(basePath)) out.add(basePath);
  }
  return [...out].sort();
}

/**
 * Cases of the base that passed there and did not pass in the base-tests run (missing ones included:
 * the base's test file was restored, so its cases must run). A run that could not run at all names
 * itself as the failure (fail closed).
 */
export function baseTestsFailures(run: BaseTestsRun, baseCases: readonly TestCase[] | undefined): Pick<StepTests, 'baseTestsFailed' | 'baseTestsFiles' | 'baseTestsDiff'> {
  const files = [...run.files];
  const diff = run.diff ? { baseTestsDiff: run.diff.length > MAX_DIFF_CHARS ? `${run.diff.slice(0, MAX_DIFF_CHARS)}\n… (cut)` : run.diff } : {};
  if (!run.cases) return { baseTestsFailed: [{ name: `(the base tests could not run: ${run.error ?? 'no report'})` }], baseTestsFiles: files, ...diff };
  const passedOnBase = (baseCases ?? []).filter((c) => c.outcome === 'passed');
  const matches = matchCases(passedOnBase, run.cases);
  const failed = passedOnBase.filter((_, i) => {
    const counterparts = matches[i] as TestCase[];
    return counterparts.length === 0 || counterparts.some((c) => c.outcome !== 'passed');
  });
  return { baseTestsFailed: failed.slice(0, MAX_LISTED_CASES).map((c) => ({ name: c.name, ...(c.file ? { file: c.file } : {}) })), baseTestsFiles: files, ...(failed.length > 0 ? diff : {}) };
}
