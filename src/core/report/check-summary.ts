/** The check run's short summary: the verdict and every blocking or failing reason, one line each. */
import type { GateResult } from '../result.js';
import { codeSpan } from './escape.js';

/** At most 200 reason lines (the full list is in the review text and the JSON report). */
export function summaryOf(result: GateResult): string {
  const lines = result.reasons
    .filter((r) => r.level === 'block' || r.level === 'fail')
    .map((r) => `- **${r.level === 'block' ? 'blocking' : 'failing'}** \`${r.code}\`${r.file ? ` ${codeSpan(`${r.file}${r.line ? `:${r.line}` : ''}`)}` : ''}`);
  return [`**${result.verdict}** · decision \`${result.decision}\` · ACCEPTANCE: ${result.acceptance ? 'yes' : 'no'}`, '', ...(lines.length > 0 ? lines.slice(0, 200) : ['No blocking or failing reasons.'])].join('\n');
}
