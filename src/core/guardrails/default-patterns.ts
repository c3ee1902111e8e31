/**
 * The built-in forbidden patterns, tested on every net-added line. Each can be turned off
 * (`guardrails.disabledPatterns`) or given another level (`guardrails.patternLevels`).
 * Secrets come mostly from a maintained ruleset (`secret-rules.ts`); the few secret patterns
 * here cover what that ruleset does not (see each `message`).
 */
export interface ForbiddenPattern {
  id: string;
  pattern: string;
  flags: string;
  paths: string[];
  level: 'block' | 'fail' | 'warn';
  message: string;
  secret: boolean;
  /** Also applied to generated files (`guardrails.generated`); secrets and invisible characters are. */
  scanGenerated?: boolean;
  /** Name the matched code point in the message (`U+202E RIGHT-TO-LEFT OVERRIDE`). */
  namesCodePoint?: boolean;
}

const CODE = ['**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts,vue,svelte}'];
const PYTHON = ['**/*.py'];
const GO_TESTS = ['**/*_test.go'];
const ALL = ['**'];
/** Source files of the common languages, where an invisible character has no business outside an escape. */
export const SOURCE_FILES = [
  '**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts,vue,svelte,py,pyi,rb,go,rs,java,kt,kts,scala,groovy,c,h,cc,cpp,cxx,hpp,hh,m,mm,cs,fs,swift,php,pl,pm,lua,r,dart,ex,exs,erl,hs,clj,sh,bash,zsh,fish,ps1,bat,cmd,sql,tf,hcl,nix}',
  '**/{Dockerfile,Makefile,Rakefile,Gemfile,Justfile}',
  '**/.github/workflows/*.{yml,yaml}',
];

/** A test runner's member call, plain (`it.only(`) or by subscript (`it['only'](`), after optional modifiers (`.concurrent`, `.each`). */
const runnerCall = (members: string) =>
  String.raw`\b(?:describe|it|test|context|suite|specify|bench)(?:\.(?:concurrent|sequential|each|serial|parallel))*(?:\.(?:${members})\b|\[\s*(['"\x60])(?:${members})\1\s*\])\s*(?=[.(\x60\[])`;

export const DEFAULT_FORBIDDEN_PATTERNS: readonly ForbiddenPattern[] = [
  { id: 'focused-test', pattern: `${runnerCall('only')}|\\b(?:fdescribe|fit|ftest|fcontext)\\s*\\(`, flags: '', paths: CODE, level: 'block', message: 'focused test (runs only this test and silently skips the rest)', secret: false },
  { id: 'skipped-test', pattern: `${runnerCall('skip|todo|skipIf|fixme|fails')}|\\bx(?:it|describe|test|context|specify)\\s*\\(`, flags: '', paths: CODE, level: 'block', message: 'skipped test', secret: false },
  {
    id: 'skipped-test-python',
    pattern: String.raw`@(?:pytest\.mark\.(?:skip|skipif|xfail)|unittest\.(?:skip\w*|expectedFailure))\b|\bpytest\.(?:skip|xfail)\s*\(|\bself\.skipTest\s*\(|\braise\s+(?:unittest\.)?SkipTest\b|\bpytestmark\s*=\s*pytest\.mark\.(?:skip|skipif|xfail)\b`,
    flags: '',
    paths: PYTHON,
    level: 'block',
    message: 'skipped test',
    secret: false,
  },
  { id: 'skipped-test-go', pattern: String.raw`\bt\.Skip(?:f|Now)?\s*\(`, flags: '', paths: GO_TESTS, level: 'block', message: 'skipped test', secret: false },
  { id: 'ts-suppression', pattern: String.raw`@ts-(?:ignore|nocheck|expect-error)\b`, flags: '', paths: CODE, level: 'block', message: 'type-check suppression', secret: false },
  { id: 'eslint-disable', pattern: String.raw`(?:eslint|oxlint)-disable(?:-next-line|-line)?\b|\bbiome-ignore\b|\bdeno-lint-ignore\b|\btslint:disable\b`, flags: '', paths: CODE, level: 'block', message: 'lint suppression', secret: false },
  { id: 'eslint-inline-config', pattern: String.raw`/[*/]\s*eslint\s+(?:@?[\w-]+/)?[\w-]+\s*:`, flags: '', paths: CODE, level: 'block', message: 'inline lint configuration (turns a rule off or loosens it for this file)', secret: false },
  { id: 'coverage-ignore', pattern: String.raw`\b(?:istanbul|c8|v8|node:coverage)\s+(?:ignore|disable)\b|#\s*pragma:\s*no\s*(?:cover|branch)\b`, flags: 'i', paths: [...CODE, ...PYTHON], level: 'block', message: 'coverage exclusion', secret: false },
  { id: 'debugger', pattern: String.raw`^\s*debugger\s*;?\s*$`, flags: '', paths: CODE, level: 'fail', message: 'debugger statement', secret: false },
  { id: 'python-type-ignore', pattern: String.raw`#\s*(?:type:\s*ignore|mypy:\s*(?:ignore-errors|disable-error-code)|pyright:\s*(?:ignore|basic)|pyre-(?:ignore|fixme|unsafe))\b`, flags: '', paths: PYTHON, level: 'block', message: 'type-check suppression', secret: false },
  { id: 'python-noqa', pattern: String.raw`#\s*(?:noqa|pylint:\s*disable|ruff:\s*noqa|flake8:\s*noqa)\b`, flags: 'i', paths: PYTHON, level: 'block', message: 'lint suppression', secret: false },
  // Trojan Source (CVE-2021-42574): bidirectional embedding/override/isolate controls reorder how code is displayed.
  { id: 'bidi-control', pattern: String.raw`[\u202A-\u202E\u2066-\u2069]`, flags: 'u', paths: ALL, level: 'block', message: 'bidirectional control character (Trojan Source, CVE-2021-42574)', secret: false, scanGenerated: true, namesCodePoint: true },
  // Zero-width and other invisible format characters (Unicode category Cf): homoglyph identifiers, hidden prompt text (tag characters).
  { id: 'invisible-char', pattern: String.raw`(?![\u202A-\u202E\u2066-\u2069])\p{Cf}`, flags: 'u', paths: SOURCE_FILES, level: 'block', message: 'invisible format character in source code', secret: false, scanGenerated: true, namesCodePoint: true },
  { id: 'github-token', pattern: String.raw`\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{60,}`, flags: '', paths: ALL, level: 'block', message: 'GitHub token', secret: true, scanGenerated: true },
  // The secretlint preset skips AWS's documented example key id; a key id in a diff is still worth a look.
  { id: 'aws-access-key', pattern: String.raw`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b`, flags: '', paths: ALL, level: 'block', message: 'AWS access key id', secret: true, scanGenerated: true },
  // The secretlint preset needs the whole key block; a diff may add only its first line.
  { id: 'private-key', pattern: String.raw`-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----`, flags: '', paths: ALL, level: 'block', message: 'private key', secret: true, scanGenerated: true },
  { id: 'slack-token', pattern: String.raw`\bxox[abprs]-[A-Za-z0-9-]{10,}`, flags: '', paths: ALL, level: 'block', message: 'Slack token', secret: true, scanGenerated: true },
  // The secretlint recommended preset has no Stripe rule (checked in 11.7.1); format from Stripe's API keys docs.
  { id: 'stripe-key', pattern: String.raw`\b(?:sk|rk)_live_[0-9A-Za-z]{20,}\b`, flags: '', paths: ALL, level: 'block', message: 'Stripe live secret key', secret: true, scanGenerated: true },
  { id: 'destructive-sql', pattern: String.raw`\b(?:DROP\s+(?:TABLE|DATABASE|SCHEMA)|TRUNCATE\s+TABLE)\b|\bDELETE\s+FROM\s+[\w."]+\s*;`, flags: 'i', paths: ALL, level: 'block', message: 'destructive SQL', secret: false },
];
