/**
 * The line guardrails over the diff: forbidden patterns and invisible characters
 * (`forbidden-patterns.ts`) plus the maintained secret ruleset (`secret-rules.ts`), on net-added
 * lines, with generated files decided from the BASE tree (`generated-files.ts`).
 */
import type { GateConfig } from '../config/config-schema.js';
import type { ChangedFile } from '../diff/changed-file.js';
import type { Reason } from '../reasons.js';
import { scanForbiddenPatterns } from './forbidden-patterns.js';
import { generatedMatcher } from './generated-files.js';
import { mergeSecretReasons, scanSecrets } from './secret-rules.js';

/** Reads a text file of the base tree; `undefined` when absent. */
export type ReadBaseText = (path: string) => Promise<string | undefined>;

/** All line-guardrail reasons for `files`. Never throws on file content. */
export async function scanDiff(files: readonly ChangedFile[], config: GateConfig, readBase: ReadBaseText): Promise<Reason[]> {
  const { generated } = config.guardrails;
  const attributes = generated.gitattributes ? await readBase('.gitattributes').catch(() => undefined) : undefined;
  const isGenerated = generatedMatcher(attributes, generated.paths);
  const patternReasons = scanForbiddenPatterns(files, config, { isGenerated });
  return [...patternReasons, ...mergeSecretReasons(patternReasons, await scanSecrets(files, config))];
}
