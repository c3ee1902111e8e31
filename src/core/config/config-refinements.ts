/**
 * Cross-field checks of the configuration, run inside the zod schema (`superRefine`) so that
 * `config validate` and `check` reject the same files: everything the gate would later trip on.
 */
import { RegExpValidator } from '@eslint-community/regexpp';
import type { z } from 'zod';
import { DEFAULT_FORBIDDEN_PATTERNS } from '../guardrails/default-patterns.js';
import { SECRETLINT_ID } from '../guardrails/secret-ids.js';

/** The shape `refineConfig` reads (the parsed configuration, before its type is exported). */
interface RefinedShape {
  verify: { steps: readonly { id: string }[] };
  guardrails: { forbiddenPatterns: readonly { id: string; pattern: string; flags: string }[]; disabledPatterns: readonly string[]; patternLevels: Record<string, unknown> };
  gates: readonly { id: string; approvers: { roles: readonly string[] } }[];
  roles: Record<string, unknown>;
}

/** Ids `disabledPatterns` and `patternLevels` may name: the built-in patterns and the secret ruleset. */
export const BUILT_IN_PATTERN_IDS: readonly string[] = [...DEFAULT_FORBIDDEN_PATTERNS.map((p) => p.id), SECRETLINT_ID];

const validator = new RegExpValidator({ ecmaVersion: 2025 });

/**
 * The problem with a JavaScript regular expression, with the 0-based index where it goes wrong
 * (from `@eslint-community/regexpp`, the ECMAScript grammar), or `undefined` when it compiles.
 */
export function regexProblem(pattern: string, flags: string): { index: number; message: string } | undefined {
  try {
    validator.validatePattern(pattern, undefined, undefined, { unicode: flags.includes('u') });
    new RegExp(pattern, flags);
    return undefined;
  } catch (error) {
    const index = typeof (error as { index?: unknown }).index === 'number' ? (error as { index: number }).index : 0;
    return { index, message: (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') };
  }
}

/** Adds one issue per problem; paths point at the offending value. */
export function refineConfig(config: RefinedShape, ctx: z.RefinementCtx): void {
  duplicates(config.verify.steps.map((s) => s.id)).forEach((i) => ctx.addIssue({ code: 'custom', path: ['verify', 'steps', i, 'id'], message: `duplicate verify step id "${config.verify.steps[i]?.id}"`, input: config.verify.steps[i]?.id }));
  duplicates(config.gates.map((g) => g.id)).forEach((i) => ctx.addIssue({ code: 'custom', path: ['gates', i, 'id'], message: `duplicate gate id "${config.gates[i]?.id}"`, input: config.gates[i]?.id }));

  const patterns = config.guardrails.forbiddenPatterns;
  patterns.forEach((p, i) => {
    const problem = regexProblem(p.pattern, p.flags);
    if (problem) ctx.addIssue({ code: 'custom', path: ['guardrails', 'forbiddenPatterns', i, 'pattern'], message: `invalid regular expression at position ${problem.index + 1}: ${problem.message}`, input: p.pattern });
    if (BUILT_IN_PATTERN_IDS.includes(p.id)) ctx.addIssue({ code: 'custom', path: ['guardrails', 'forbiddenPatterns', i, 'id'], message: `"${p.id}" is a built-in pattern id; give the pattern another id`, input: p.id });
  });
  duplicates(patterns.map((p) => p.id)).forEach((i) => ctx.addIssue({ code: 'custom', path: ['guardrails', 'forbiddenPatterns', i, 'id'], message: `duplicate pattern id "${patterns[i]?.id}"`, input: patterns[i]?.id }));

  const known = `known: ${BUILT_IN_PATTERN_IDS.join(', ')}`;
  config.guardrails.disabledPatterns.forEach((id, i) => {
    if (!BUILT_IN_PATTERN_IDS.includes(id)) ctx.addIssue({ code: 'custom', path: ['guardrails', 'disabledPatterns', i], message: `unknown built-in pattern id "${id}" (${known})`, input: id });
  });
  for (const id of Object.keys(config.guardrails.patternLevels)) {
    if (!BUILT_IN_PATTERN_IDS.includes(id)) ctx.addIssue({ code: 'custom', path: ['guardrails', 'patternLevels', id], message: `unknown built-in pattern id "${id}" (${known})`, input: id });
  }

  config.gates.forEach((g, gi) =>
    g.approvers.roles.forEach((role, ri) => {
      if (!Object.hasOwn(config.roles, role)) ctx.addIssue({ code: 'custom', path: ['gates', gi, 'approvers', 'roles', ri], message: `gate "${g.id}" names role "${role}", which \`roles\` does not define`, input: role });
    }),
  );
}

/** Indexes of the values that repeat an earlier one. */
function duplicates(values: readonly string[]): number[] {
  const seen = new Set<string>();
  return values.flatMap((v, i) => (seen.has(v) ? [i] : (seen.add(v), [])));
}
