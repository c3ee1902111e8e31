/**
 * The review for a result, as the configuration asks: the rules review, or the two-tier LLM review
 * with providers from the environment (falling back to the rules review, with a note, when a key is
 * missing or a provider fails).
 */
import type { GateConfig } from '../core/config/config-schema.js';
import { escapeMarkdown } from '../core/report/escape.js';
import type { GateResult } from '../core/result.js';
import type { Material } from '../core/review/llm/untrusted-material.js';
import { twoTierReview, type LlmReviewOutcome } from '../core/review/llm/two-tier-review.js';
import { chatPortFromEnv } from './chat-port.js';

export async function reviewFor(result: GateResult, materials: readonly Material[], config: GateConfig, env: NodeJS.ProcessEnv): Promise<LlmReviewOutcome> {
  const { port, missing } = await chatPortFromEnv(config, env);
  const outcome = await twoTierReview(result, materials, config, port);
  if (missing && outcome.fallback) {
    const why = `${missing} is not set`;
    return { ...outcome, fallback: why, review: { ...outcome.review, note: `the LLM review is unavailable (${escapeMarkdown(why)}); this is the rules review.` } };
  }
  return outcome;
}
