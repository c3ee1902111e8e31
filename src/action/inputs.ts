/**
 * The Action's inputs (action.yml), read from the environment as the runner passes them
 * (`INPUT_<NAME>`, see @actions/core getInput) and validated: a bad value fails with the input's name.
 */
import { z } from 'zod';

export const inputsSchema = z.object({
  'github-token': z.string().min(1, 'is required (use ${{ github.token }})'),
  config: z.string().min(1).default('.github/handoff-gate.yml'),
  base: z.string().default(''),
  mode: z.enum(['gate', 'command', 'verify']).default('gate'),
  'check-name': z.string().min(1).max(100).default('handoff-gate'),
  comment: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  'fail-on': z.enum(['fail', 'blocked', 'never']).default('fail'),
  'gate-workflow': z.string().min(1).default('handoff-gate'),
  'bot-login': z.string().min(1).default('github-actions[bot]'),
  'report-path': z.string().min(1).default('handoff-gate-report.json'),
  // The trusted gate looks for this file name inside the artifact: only the folder may change.
  'evidence-path': z.string().regex(/(^|\/)handoff-gate-evidence\.json$/, 'must name a file called handoff-gate-evidence.json').default('handoff-gate-evidence.json'),
  'verify-workflow': z.string().min(1).default('handoff-gate verify'),
  'evidence-artifact': z.string().min(1).default('handoff-gate-evidence'),
});

export type ActionInputs = z.output<typeof inputsSchema>;

export class InputError extends Error {
  override name = 'InputError';
}

/**
 * Reads every input from `env` (`INPUT_GITHUB-TOKEN` style keys, upper-cased as the runner writes
 * them; empty means "use the default"). Throws `InputError` naming each bad input.
 */
export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const raw: Record<string, string> = {};
  for (const name of Object.keys(inputsSchema.shape)) {
    const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]?.trim();
    if (value) raw[name] = value;
  }
  const result = inputsSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new InputError(
    result.error.issues
      .map((i) => {
        const name = String(i.path[0]);
        if (raw[name] === undefined) return `input "${name}" is required`;
        return `input "${name}" ${i.code === 'invalid_value' ? `must be one of ${i.values.map((v) => `"${String(v)}"`).join(', ')}` : i.message} (got "${raw[name]}")`;
      })
      .join('; '),
  );
}
