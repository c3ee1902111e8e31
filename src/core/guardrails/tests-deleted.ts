/**
 * Tests deleted: a test file removed, or a changed test file with fewer test cases than on the base.
 * Test cases are counted by declaration (`it(`/`test(` and variants, `def test_`, `func Test`), which
 * is what a reader of the diff would count too.
 */
import picomatch from 'picomatch';
import type { GateConfig } from '../config/config-schema.js';
import type { ChangedFile } from '../diff/changed-file.js';
import type { Reason } from '../reasons.js';

/**
 * Indentation is blanks on the line itself (not `\s`, which also crosses line ends: every line start of
 * a long run of empty lines re-scanned the run, quadratic). The count is the same: a match that began
 * on an empty line above a declaration now begins on the declaration's line.
 */
const TEST_CASE = /(?:^|[^\w.])(?:it|test|specify)(?:\.\w+)*\s*\(|^[^\S\n\r\u2028\u2029]*(?:async\s+)?def\s+test_\w*\s*\(|^[^\S\n\r\u2028\u2029]*func\s+Test\w*\s*\(/gm;

/** Number of test case declarations in `text`. */
export function countTestCases(text: string): number {
  return text.match(TEST_CASE)?.length ?? 0;
}

/** Reads a file's text at the base or the head; `undefined` when it does not exist there. */
export type ReadText = (path: string) => Promise<string | undefined>;

/** One reason per deleted test file and per test file that lost test cases. */
export async function checkTestsDeleted(files: readonly ChangedFile[], config: GateConfig, readBase: ReadText, readHead: ReadText): Promise<Reason[]> {
  const isTest = picomatch(config.guardrails.testsDeleted.paths, { dot: true });
  const level = config.guardrails.testsDeleted.level;
  const reasons: Reason[] = [];
  for (const file of files) {
    const basePath = file.previousPath ?? file.path;
    if (!isTest(basePath) || file.status === 'added') continue;
    if (file.status === 'deleted' || (file.status === 'renamed' && !isTest(file.path))) {
      reasons.push({ code: 'guardrail.tests-deleted', level, file: basePath, message: `test file ${file.status === 'deleted' ? 'deleted' : `moved out of the test paths to ${file.path}`}` });
      continue;
    }
    if (file.deletions === 0) continue; // nothing removed, so no test case can have gone
    const [before, after] = await Promise.all([readBase(basePath), readHead(file.path)]);
    const baseCount = countTestCases(before ?? '');
    const headCount = countTestCases(after ?? '');
    if (headCount < baseCount) {
      reasons.push({ code: 'guardrail.tests-deleted', level, file: file.path, message: `${baseCount - headCount} test case(s) removed (${baseCount} on the base, ${headCount} on the head)` });
    }
  }
  return reasons;
}
