/**
 * Checks across a pull request's handoffs that need no file access: reported status,
 * idempotency key reuse, and delegation against the configured ACL.
 */
import type { GateConfig } from '../config/config-schema.js';
import type { Reason } from '../reasons.js';
import type { ValidHandoff } from './validate-handoff.js';

/** `handoff.status-blocked` / `handoff.status-incomplete` for handoffs that did not complete. */
export function checkStatus(handoffs: readonly ValidHandoff[]): Reason[] {
  return handoffs.flatMap((h): Reason[] => {
    const { status, stepId } = h.handoff;
    if (status === 'completed') return [];
    const pos = h.locate('/status');
    return status === 'blocked'
      ? [{ code: 'handoff.status-blocked', level: 'block', file: h.file, ...pos, message: `step "${stepId}" reports status blocked` }]
      : [{ code: 'handoff.status-incomplete', level: 'fail', file: h.file, ...pos, message: `step "${stepId}" reports status ${status}` }];
  });
}

/**
 * `handoff.idempotency-reuse` when two handoffs that differ in content share one key.
 * The same document committed twice (identical content) is not a reuse.
 */
export function checkIdempotencyKeys(handoffs: readonly ValidHandoff[]): Reason[] {
  const seen = new Map<string, { first: ValidHandoff; content: string }>();
  const reasons: Reason[] = [];
  for (const h of handoffs) {
    const content = JSON.stringify(h.handoff);
    const prior = seen.get(h.handoff.idempotencyKey);
    if (!prior) {
      seen.set(h.handoff.idempotencyKey, { first: h, content });
    } else if (prior.content !== content) {
      reasons.push({
        code: 'handoff.idempotency-reuse',
        level: 'fail',
        file: h.file,
        ...h.locate('/idempotencyKey'),
        message: `idempotencyKey "${h.handoff.idempotencyKey}" is also used by a different handoff in ${prior.first.file}`,
      });
    }
  }
  return reasons;
}

/** `handoff.delegation` when `delegation.enforce` is on and `delegateTo.agent` is not allowed for the agent. */
export function checkDelegation(handoffs: readonly ValidHandoff[], config: GateConfig): Reason[] {
  if (!config.delegation.enforce) return [];
  return handoffs.flatMap((h): Reason[] => {
    const target = h.handoff.delegateTo?.agent;
    if (target === undefined) return [];
    const allowed = config.delegation.allow[h.handoff.agent] ?? [];
    if (allowed.includes(target)) return [];
    return [
      {
        code: 'handoff.delegation',
        level: 'block',
        file: h.file,
        ...h.locate('/delegateTo/agent'),
        message: `agent "${h.handoff.agent}" may not delegate to "${target}" (allowed: ${allowed.length > 0 ? allowed.join(', ') : 'none'})`,
      },
    ];
  });
}
