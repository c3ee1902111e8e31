/** The id `disabledPatterns` and `patternLevels` use for the whole secret ruleset (`secret-rules.ts`). */
export const SECRETLINT_ID = 'secretlint';
