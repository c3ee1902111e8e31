/**
 * Every guardrail block has a way forward (issue 9 item 6): a blocking reason of an approvable rule
 * (protected path, gate file, verify configuration, deleted tests, forbidden pattern, the test ledger)
 * is cleared by approvals from that rule's approvers, bound to the head SHA like every approval
 * (`/gate approve <reason code>`, e.g. `/gate approve guardrail.protected-path`).
 *
 * The rule's approvers are an approval gate whose id is the reason code: a gate configured under
 * `gates` with that id (its `approvers`, `count`, `allowAuthor`; its `when` is not needed), or else an
 * implicit one: anyone with write permission, never the pull request author, never a bot
 * (`authorize`), one approval, dismissed on push. A bare `/gate approve` never approves a rule gate:
 * the rule must be named.
 */
import type { GateConfig, GateRule } from '../config/config-schema.js';
import type { Reason, ReasonCode } from '../reasons.js';
import type { GateStatus, ReviewState } from './evaluate-gates.js';
import { implicitGate } from './evaluate-gates.js';

/** The reason codes whose blocks an approval can clear. Secrets are not: they must be rotated and removed. */
export const APPROVABLE_RULES: readonly ReasonCode[] = [
  'guardrail.protected-path',
  'guardrail.gate-config-changed',
  'guardrail.verify-config-changed',
  'guardrail.tests-deleted',
  'guardrail.forbidden-pattern',
  'verify.test-missing',
  'verify.test-skipped',
  'verify.base-tests-fail',
];

/** Whether `id` names an approvable rule (a reason code of `APPROVABLE_RULES`). */
export function isRuleGateId(id: string): boolean {
  return (APPROVABLE_RULES as readonly string[]).includes(id);
}

/** The gate rule of an approvable rule: the configured gate with that id, or the implicit default. */
export function ruleGateFor(code: string, config: GateConfig): GateRule | undefined {
  if (!isRuleGateId(code)) return undefined;
  return config.gates.find((g) => g.id === code) ?? implicitGate(code, `approve the blocks of rule ${code}`, []);
}

/**
 * Applies the approvals of rule gates to `reasons`: when a rule's gate has its approvals, its
 * blocking reasons become `info` (marked approved, still listed); otherwise they stay and the rule's
 * gate is listed as pending so the way forward shows in every report. Returns new arrays.
 */
export function applyRuleApprovals(reasons: readonly Reason[], config: GateConfig, state: ReviewState): { reasons: Reason[]; gates: GateStatus[] } {
  const gates: GateStatus[] = [];
  const approvedRules = new Map<string, string[]>();
  for (const code of APPROVABLE_RULES) {
    const hits = reasons.filter((r) => r.code === code && r.level === 'block');
    if (hits.length === 0) continue;
    const rule = ruleGateFor(code, config) as GateRule;
    const approvedBy = [...new Set(state.approvals.filter((a) => a.gate === code).map((a) => a.user))].sort();
    const approved = approvedBy.length >= rule.count;
    if (approved) approvedRules.set(code, approvedBy);
    gates.push({ id: code, description: rule.description || `approve the blocks of rule ${code}`, required: rule.count, approvedBy, status: approved ? 'approved' : 'pending', trigger: `${hits.length} blocking ${code} hit(s); \`/gate approve ${code}\``, approvers: rule.approvers });
  }
  const out = reasons.map((r) => {
    const by = r.level === 'block' ? approvedRules.get(r.code) : undefined;
    return by ? { ...r, level: 'info' as const, message: `${r.message} (approved for this head by ${by.join(', ')})` } : r;
  });
  return { reasons: out, gates };
}
