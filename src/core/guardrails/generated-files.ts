/**
 * Which changed files are generated (bundles, minified files, lockfiles): the forbidden-pattern scan
 * skips them, except for secrets and invisible characters; path rules still see them.
 *
 * Sources, in order: `linguist-generated` in the BASE tree's root `.gitattributes` (read from the base
 * so the agent cannot mark its own files generated in the same change), then `guardrails.generated.paths`.
 * `.gitattributes` patterns follow gitignore's matching rules (https://git-scm.com/docs/gitattributes),
 * matched here with the `ignore` package; the last matching line decides, as in git.
 */
import ignore from 'ignore';
import picomatch from 'picomatch';

interface AttributeRule {
  matches: (path: string) => boolean;
  generated: boolean;
}

/** The `linguist-generated` rules of a `.gitattributes` text (other attributes are ignored). */
export function parseLinguistGenerated(text: string): AttributeRule[] {
  const rules: AttributeRule[] = [];
  for (const raw of text.split(/\r?\n/).slice(0, 10_000)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [pattern, ...attributes] = line.split(/\s+/);
    if (!pattern || pattern.startsWith('!') || pattern.startsWith('[attr]')) continue;
    let generated: boolean | undefined;
    for (const attr of attributes) {
      if (attr === 'linguist-generated' || attr === 'linguist-generated=true') generated = true;
      else if (attr === '-linguist-generated' || attr === '!linguist-generated' || attr === 'linguist-generated=false') generated = false;
    }
    if (generated === undefined) continue;
    const matcher = ignore().add(pattern);
    rules.push({ matches: (path) => matcher.ignores(path), generated });
  }
  return rules;
}

/**
 * `(path) => true` for a generated file. `baseGitattributes` is the base tree's `.gitattributes`
 * text (`undefined` when absent); `globs` are picomatch globs.
 */
export function generatedMatcher(baseGitattributes: string | undefined, globs: readonly string[]): (path: string) => boolean {
  const rules = baseGitattributes ? parseLinguistGenerated(baseGitattributes) : [];
  const byGlob = globs.length > 0 ? picomatch([...globs], { dot: true }) : () => false;
  return (path) => {
    for (let i = rules.length - 1; i >= 0; i--) {
      const rule = rules[i] as AttributeRule;
      if (rule.matches(path)) return rule.generated;
    }
    return byGlob(path);
  };
}
