/**
 * The verify report: what the companion verify workflow (the Action's `mode: verify`) publishes in
 * its check run's `output.text` for the App, which never runs pull request code. It carries each
 * step's result after the baseline comparison; finding lists are cut to fit GitHub's 65,535-character
 * limit, and the counts always stay whole.
 */
import { stepCounts, type StepVerdict } from '../verdict/verify-reasons.js';

export const VERIFY_REPORT_VERSION = 1;
/** Room left in `output.text` (65,535 characters) for the report block. */
export const MAX_REPORT_CHARS = 60_000;

export interface VerifyReport {
  v: number;
  head: string;
  steps: (Omit<StepVerdict, 'preExisting' | 'fixed' | 'preExistingCount' | 'fixedCount'> & { preExistingCount: number; fixedCount: number; truncated: boolean })[];
}

const PATTERN = /<!-- handoff-gate:verify (\{[\s\S]*\}) -->/;

/** The report block for `steps` run on `head`, at most `MAX_REPORT_CHARS` long. */
export function formatVerifyReport(head: string, steps: readonly StepVerdict[]): string {
  for (const keep of [1000, 200, 50, 10, 0]) {
    const report: VerifyReport = {
      v: VERIFY_REPORT_VERSION,
      head,
      steps: steps.map((step) => {
        const { preExisting: _p, fixed: _f, newFindings, ...rest } = step;
        const counts = stepCounts(step);
        return { ...rest, newFindings: newFindings.slice(0, keep), preExistingCount: counts.preExisting, fixedCount: counts.fixed, truncated: newFindings.length > keep };
      }),
    };
    const text = `<!-- handoff-gate:verify ${JSON.stringify(report).replace(/--/g, '-\\u002d')} -->`;
    if (text.length <= MAX_REPORT_CHARS || keep === 0) return text;
  }
  throw new Error('unreachable');
}

/**
 * Reads a report back as step verdicts for `head`. Returns an error string for a missing, damaged,
 * other-version or other-commit report (the App then keeps waiting: fail closed).
 */
export function parseVerifyReport(text: string, head: string): { ok: true; steps: StepVerdict[] } | { ok: false; error: string } {
  const match = PATTERN.exec(text);
  if (!match) return { ok: false, error: 'no verify report in the check run' };
  let report: VerifyReport;
  try {
    report = JSON.parse(match[1] as string) as VerifyReport;
  } catch {
    return { ok: false, error: 'the verify report is not valid JSON' };
  }
  if (report.v !== VERIFY_REPORT_VERSION) return { ok: false, error: `verify report version ${String(report.v)} is not ${VERIFY_REPORT_VERSION}` };
  if (report.head !== head) return { ok: false, error: `the verify report is for ${String(report.head)}, not ${head}` };
  if (!Array.isArray(report.steps)) return { ok: false, error: 'the verify report has no steps' };
  return {
    ok: true,
    // Pre-existing and fixed findings stay in the verify run's own report; only new ones travel.
    steps: report.steps.map(({ preExistingCount, fixedCount, truncated: _t, ...step }) => ({
      ...step,
      newFindings: Array.isArray(step.newFindings) ? step.newFindings : [],
      preExisting: [],
      fixed: [],
      preExistingCount: Number(preExistingCount) || 0,
      fixedCount: Number(fixedCount) || 0,
      newErrors: Number(step.newErrors) || 0,
    })),
  };
}
