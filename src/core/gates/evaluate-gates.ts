/**
 * Approval gates: which gates apply to this pull request, and whether each has its approvals.
 * Who *may* approve is decided where commands are authorised (App/Action); this module only
 * counts the approvals the timeline reducer recorded for each gate.
 */
import picomatch from 'picomatch';
import type { GateConfig, GateRule } from '../config/config-schema.js';
import type { Reason } from '../reasons.js';
import { EXCUSE_GATE_ID } from '../guardrails/excuse-marker.js';

/** One recorded approval: `user` approved `gate` (bound to the head SHA by the reducer). */
export interface Approval {
  gate: string;
  user: string;
}

/** The people-driven state rebuilt from the pull request timeline. Empty for a local run. */
export interface ReviewState {
  approvals: Approval[];
  hold?: { by: string };
  rejection?: { by: string; reason: string };
  /** `/gate rerun` requests recorded for the head commit, oldest first (`steps` empty: everything). */
  reruns?: { by: string; steps: string[]; at: string }[];
}

export const EMPTY_REVIEW_STATE: ReviewState = { approvals: [] };

/** One applicable gate and how far it is. */
export interface GateStatus {
  id: string;
  description: string;
  required: number;
  approvedBy: string[];
  status: 'approved' | 'pending';
  /** Why it applies (which path, role or excused hit). */
  trigger: string;
  approvers: GateRule['approvers'];
}

export interface GateFacts {
  changedPaths: readonly string[];
  /** Roles named by handoffs' `requiresApproval`. */
  requestedRoles: readonly string[];
  /** Number of guardrail hits excused inline. */
  excusedHits: number;
}

/**
 * The gates that apply, configured ones first, then implicit ones: one per role a handoff asks for
 * (`role-<name>`) and `guardrail-excuse` when a hit was excused, unless a configured gate covers them.
 * Returns the gate statuses and a `gate.approval-pending` (block) reason per pending gate, plus
 * `gate.hold` / `gate.rejected` from the review state.
 */
export function evaluateGates(config: GateConfig, facts: GateFacts, state: ReviewState): { gates: GateStatus[]; reasons: Reason[] } {
  const applicable: { rule: GateRule; trigger: string }[] = [];
  for (const rule of config.gates) {
    const trigger = triggerOf(rule, facts);
    if (trigger) applicable.push({ rule, trigger });
  }
  for (const role of new Set(facts.requestedRoles)) {
    if (config.gates.some((g) => g.when.requiresApprovalRole === role)) continue;
    applicable.push({ rule: implicitGate(`role-${role}`, `a handoff requires approval by role "${role}"`, [role]), trigger: `handoff requires role ${role}` });
  }
  if (facts.excusedHits > 0 && !config.gates.some((g) => g.id === EXCUSE_GATE_ID)) {
    applicable.push({ rule: implicitGate(EXCUSE_GATE_ID, 'guardrail hits excused inline need approval', ['maintainers']), trigger: `${facts.excusedHits} excused guardrail hit(s)` });
  }
  const gates = applicable.map(({ rule, trigger }): GateStatus => {
    const approvedBy = [...new Set(state.approvals.filter((a) => a.gate === rule.id).map((a) => a.user))].sort();
    return { id: rule.id, description: rule.description, required: rule.count, approvedBy, status: approvedBy.length >= rule.count ? 'approved' : 'pending', trigger, approvers: rule.approvers };
  });
  const reasons: Reason[] = gates
    .filter((g) => g.status === 'pending')
    .map((g) => ({ code: 'gate.approval-pending', level: 'block', rule: g.id, message: `approval gate "${g.id}" needs ${g.required - g.approvedBy.length} more approval(s) from ${describeApprovers(g.approvers)} (${g.trigger})` }));
  if (state.hold) reasons.push({ code: 'gate.hold', level: 'block', message: `on hold by ${state.hold.by}` });
  if (state.rejection) reasons.push({ code: 'gate.rejected', level: 'block', message: `rejected by ${state.rejection.by}: ${state.rejection.reason}` });
  return { gates, reasons };
}

/** "role maintainers, user alice, team org/leads" — for messages and the help text. */
export function describeApprovers(a: GateRule['approvers']): string {
  const parts = [...a.roles.map((r) => `role ${r}`), ...a.users.map((u) => `user ${u}`), ...a.teams.map((t) => `team ${t}`)];
  return parts.length > 0 ? parts.join(', ') : 'anyone with write permission';
}

function triggerOf(rule: GateRule, facts: GateFacts): string | undefined {
  if (rule.when.always) return 'always';
  if (rule.when.requiresApprovalRole && facts.requestedRoles.includes(rule.when.requiresApprovalRole)) return `handoff requires role ${rule.when.requiresApprovalRole}`;
  if (rule.when.paths.length > 0) {
    const match = picomatch(rule.when.paths, { dot: true });
    const hit = facts.changedPaths.find((p) => match(p));
    if (hit) return `touches ${hit}`;
  }
  if (rule.id === EXCUSE_GATE_ID && facts.excusedHits > 0) return `${facts.excusedHits} excused guardrail hit(s)`;
  return undefined;
}

export function implicitGate(id: string, description: string, roles: string[]): GateRule {
  return { id, description, when: { always: false, paths: [] }, approvers: { roles, users: [], teams: [] }, count: 1, allowAuthor: false, dismissOnPush: true, nativeReviews: false };
}
