/**
 * Who may run which command. Decided from facts the adapter looked up (repository permission via
 * `GET /repos/{owner}/{repo}/collaborators/{username}/permission`, team memberships) and the base
 * configuration; bots never approve, and the PR author approves only where a gate allows it.
 */
import { codeSpan } from '../report/escape.js';
import type { GateConfig, GateRule } from '../config/config-schema.js';
import { EXCUSE_GATE_ID } from '../guardrails/excuse-marker.js';
import { describeApprovers, implicitGate } from '../gates/evaluate-gates.js';
import { ruleGateFor } from '../gates/rule-approvals.js';
import type { ParsedCommand } from './parse-commands.js';
import { COMMANDS, describeAudience } from './registry.js';

/** GitHub's permission levels (`role_name` of the permission endpoint) plus `none`. */
export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export interface Actor {
  login: string;
  isBot: boolean;
  permission: Permission;
  /** Teams (`org/slug`) the actor belongs to, among those the configuration names. */
  teams: ReadonlySet<string>;
}

export type Authorization = { allowed: true; gates: string[] } | { allowed: false; reason: string };

const RANK: Record<Permission, number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

/** Whether `permission` is write or higher (maintain and admin count as write). */
export function canWrite(permission: Permission): boolean {
  return RANK[permission] >= RANK.write;
}

/** The gate rule for `id`: a configured gate, or an implicit one (`guardrail-excuse`, `role-<name>`). */
export function gateRuleFor(id: string, config: GateConfig): GateRule | undefined {
  const configured = config.gates.find((g) => g.id === id);
  if (configured) return configured;
  if (id === EXCUSE_GATE_ID) return implicitGate(EXCUSE_GATE_ID, 'guardrail hits excused inline need approval', ['maintainers']);
  const ruleGate = ruleGateFor(id, config);
  if (ruleGate) return ruleGate;
  if (id.startsWith('role-') && id.length > 5) return implicitGate(id, `a handoff requires approval by role "${id.slice(5)}"`, [id.slice(5)]);
  return undefined;
}

/** Every team (`org/slug`) the configuration names, so the adapter knows which memberships to look up. */
export function teamsReferenced(config: GateConfig): string[] {
  return [...new Set([...Object.values(config.roles).flatMap((r) => r.teams), ...config.gates.flatMap((g) => g.approvers.teams)])].sort();
}

/** Whether `actor` is one of `rule`'s approvers. An approver list that names nobody means write permission. */
export function isApprover(actor: Actor, rule: GateRule, config: GateConfig): boolean {
  const { roles, users, teams } = rule.approvers;
  if (roles.length === 0 && users.length === 0 && teams.length === 0) return canWrite(actor.permission);
  const login = actor.login.toLowerCase();
  if (users.some((u) => u.toLowerCase() === login)) return true;
  if (teams.some((t) => actor.teams.has(t))) return true;
  return roles.some((role) => {
    const members = config.roles[role];
    if (!members) return role === 'maintainers' && canWrite(actor.permission);
    return members.users.some((u) => u.toLowerCase() === login) || members.teams.some((t) => actor.teams.has(t));
  });
}

/**
 * Decides whether `actor` may run `command` on a pull request by `prAuthor`. For `approve`, the
 * gates it approves (the named one, or every gate the actor may approve). A refusal says who may.
 */
export function authorize(command: ParsedCommand, actor: Actor, context: { config: GateConfig; prAuthor: string }): Authorization {
  const spec = COMMANDS.find((c) => c.name === command.name);
  if (!spec) return { allowed: false, reason: `unknown command "${command.name}"` };
  const isAuthor = actor.login.toLowerCase() === context.prAuthor.toLowerCase();
  if (spec.argRequired && command.args === '') return { allowed: false, reason: `\`${command.name}\` needs ${spec.args}` };
  const refuse = (extra = ''): Authorization => ({ allowed: false, reason: `\`${command.name}\` may be run by ${describeAudience(spec.audience)}${extra}` });
  switch (spec.audience) {
    case 'anyone':
      return { allowed: true, gates: [] };
    case 'write':
      return canWrite(actor.permission) && !actor.isBot ? { allowed: true, gates: [] } : refuse();
    case 'write-or-author':
      return (canWrite(actor.permission) || isAuthor) && !actor.isBot ? { allowed: true, gates: [] } : refuse();
    case 'gate-approvers': {
      if (actor.isBot) return refuse(' (bots never count as approvers)');
      const named = command.args.split(/\s+/)[0] ?? '';
      const candidates = named ? [named] : [...context.config.gates.map((g) => g.id), EXCUSE_GATE_ID, ...Object.keys(context.config.roles).map((r) => `role-${r}`)];
      const rules = candidates.map((id) => gateRuleFor(id, context.config));
      if (named && !rules[0]) return { allowed: false, reason: `there is no gate ${codeSpan(named, 80)} (configured: ${context.config.gates.map((g) => g.id).join(', ') || 'none'}; implicit: ${EXCUSE_GATE_ID}, role-<name>, or the reason code of a blocking rule such as guardrail.verify-config-changed)` };
      const allowed = rules.filter((r): r is GateRule => r !== undefined && isApprover(actor, r, context.config) && (!isAuthor || r.allowAuthor));
      if (allowed.length > 0) return { allowed: true, gates: [...new Set(allowed.map((r) => r.id))] };
      const rule = rules[0];
      if (named && rule && isAuthor && isApprover(actor, rule, context.config)) return { allowed: false, reason: `the pull request author may not approve gate ${codeSpan(rule.id)} (allowAuthor is off)` };
      return named && rule ? { allowed: false, reason: `gate ${codeSpan(rule.id)} may be approved by ${describeApprovers(rule.approvers)}${rule.allowAuthor ? '' : ', never the pull request author'}` } : refuse();
    }
  }
}
