/**
 * The built-in forbidden patterns, tested on every added line. Each can be turned off
 * (`guardrails.disabledPatterns`) or given another level (`guardrails.patternLevels`).
 */
export interface ForbiddenPattern {
  id: string;
  pattern: string;
  flags: string;
  paths: string[];
  level: 'block' | 'fail' | 'warn';
  message: string;
  secret: boolean;
}

const CODE = ['**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts,vue,svelte}'];
const PYTHON = ['**/*.py'];
const ALL = ['**'];

export const DEFAULT_FORBIDDEN_PATTERNS: readonly ForbiddenPattern[] = [
  { id: 'focused-test', pattern: String.raw`\b(?:describe|it|test|context|suite)\.only\s*\(|\b(?:fdescribe|fit)\s*\(`, flags: '', paths: CODE, level: 'block', message: 'focused test (runs only this test and silently skips the rest)', secret: false },
  { id: 'skipped-test', pattern: String.raw`\b(?:describe|it|test|context|suite)\.(?:skip|todo|skipIf)\s*\(|\bx(?:it|describe|test)\s*\(`, flags: '', paths: CODE, level: 'block', message: 'skipped test', secret: false },
  { id: 'skipped-test-python', pattern: String.raw`@(?:pytest\.mark\.skip|pytest\.mark\.xfail|unittest\.skip)\b`, flags: '', paths: PYTHON, level: 'block', message: 'skipped test', secret: false },
  { id: 'ts-suppression', pattern: String.raw`@ts-(?:ignore|nocheck|expect-error)\b`, flags: '', paths: CODE, level: 'block', message: 'type-check suppression', secret: false },
  { id: 'eslint-disable', pattern: String.raw`eslint-disable(?:-next-line|-line)?\b`, flags: '', paths: CODE, level: 'block', message: 'lint suppression', secret: false },
  { id: 'debugger', pattern: String.raw`^\s*debugger\s*;?\s*$`, flags: '', paths: CODE, level: 'fail', message: 'debugger statement', secret: false },
  { id: 'python-type-ignore', pattern: String.raw`#\s*type:\s*ignore\b`, flags: '', paths: PYTHON, level: 'block', message: 'type-check suppression', secret: false },
  { id: 'python-noqa', pattern: String.raw`#\s*noqa\b`, flags: 'i', paths: PYTHON, level: 'block', message: 'lint suppression', secret: false },
  { id: 'github-token', pattern: String.raw`\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{60,}`, flags: '', paths: ALL, level: 'block', message: 'GitHub token', secret: true },
  { id: 'aws-access-key', pattern: String.raw`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b`, flags: '', paths: ALL, level: 'block', message: 'AWS access key id', secret: true },
  { id: 'private-key', pattern: String.raw`-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----`, flags: '', paths: ALL, level: 'block', message: 'private key', secret: true },
  { id: 'slack-token', pattern: String.raw`\bxox[abprs]-[A-Za-z0-9-]{10,}`, flags: '', paths: ALL, level: 'block', message: 'Slack token', secret: true },
  { id: 'destructive-sql', pattern: String.raw`\b(?:DROP\s+(?:TABLE|DATABASE|SCHEMA)|TRUNCATE\s+TABLE)\b|\bDELETE\s+FROM\s+[\w."]+\s*;`, flags: 'i', paths: ALL, level: 'block', message: 'destructive SQL', secret: false },
];
