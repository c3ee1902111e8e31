/**
 * The rules keep the last word: a model may keep the decision the rules reached or lower it, never
 * raise it. Order, from most to least accepting: accepted > in_progress > blocked. A model cannot
 * reject (that is a person's word): its `rejected` counts as `blocked`.
 */
import type { GateResult } from '../../result.js';
import { conclusionOf, type Decision } from '../../verdict/verdict.js';

const RANK: Record<Decision, number> = { accepted: 0, in_progress: 1, blocked: 2, rejected: 3 };

/** The final decision from the rules' and the model's. */
export function clampDecision(rules: Decision, model: Decision): Decision {
  const proposed = model === 'rejected' ? 'blocked' : model;
  return RANK[proposed] > RANK[rules] ? proposed : rules;
}

/** `result` with the clamped decision and everything derived from it. */
export function withModelDecision(result: GateResult, model: Decision): GateResult {
  const decision = clampDecision(result.decision, model);
  if (decision === result.decision) return result;
  return { ...result, decision, acceptance: decision === 'accepted', conclusion: conclusionOf(decision), safeToMerge: result.verdict === 'PASS' && decision === 'accepted' };
}
