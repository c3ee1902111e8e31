/** What each model must answer: JSON matching these zod schemas (invalid answers are retried once). */
import { z } from 'zod';

const text = (max: number) => z.string().min(1).max(max);

/**
 * The public families of reward-hacking cheats by coding agents the assistant looks for:
 * ImpossibleBench (arXiv 2510.20270) — test modification, special-casing test inputs, operator or
 * equality overloading, state recorded between calls — and METR's reports — harness or grader
 * tampering (monkey-patched timers, graders), environment sniffing.
 */
export const CHEAT_FAMILIES = ['test-modification', 'test-special-casing', 'operator-overloading', 'state-between-calls', 'harness-tampering', 'environment-sniffing'] as const;

/** One suspected cheat: where, what the model saw (quoted from the diff) and how sure it is (0–1). */
export const suspicionSchema = z.object({
  family: z.enum(CHEAT_FAMILIES),
  file: text(300),
  line: z.number().int().min(1).max(10_000_000).nullable(),
  evidence: text(500),
  confidence: z.number().min(0).max(1),
});

export const assistantOutputSchema = z.object({
  riskLog: z.array(z.object({ title: text(200), level: z.enum(['Critical', 'High', 'Medium', 'Low']), details: z.array(text(500)).max(10) })).max(20),
  missingDeliverables: z.array(z.object({ title: text(200), evidence: text(500) })).max(20),
  followUps: z.array(z.object({ task: text(200), rationale: text(500), owner: text(100), prerequisites: z.array(text(200)).max(10), size: z.enum(['S', 'M', 'L']) })).max(20),
  suspicions: z.array(suspicionSchema).max(30).default([]),
});

export const deciderOutputSchema = z.object({
  state: text(1500),
  keyRisks: z.array(text(300)).max(10),
  readiness: text(800),
  decision: z.enum(['accepted', 'in_progress', 'blocked', 'rejected']),
  statement: text(800),
  nextActions: z
    .array(z.object({ title: text(200), priority: z.number().int().min(1).max(20), owner: text(100), targetDate: z.string().max(40).optional(), actions: z.array(text(400)).max(10), acceptanceCriteria: z.array(text(400)).max(10) }))
    .max(10),
});

export type AssistantOutput = z.infer<typeof assistantOutputSchema>;
export type Suspicion = z.infer<typeof suspicionSchema>;
export type DeciderOutput = z.infer<typeof deciderOutputSchema>;

/** The JSON Schemas shown to the models (generated from the zod schemas). */
export const ASSISTANT_JSON_SCHEMA = z.toJSONSchema(assistantOutputSchema);
export const DECIDER_JSON_SCHEMA = z.toJSONSchema(deciderOutputSchema);
