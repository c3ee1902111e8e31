/**
 * Secrets in net-added lines, found by a maintained ruleset loaded as data: secretlint's
 * recommended preset (`@secretlint/secretlint-rule-preset-recommend`, run by `@secretlint/core`
 * in-process: no network, no files). Sources: https://github.com/secretlint/secretlint
 *
 * The matched value is never echoed: a reason names the rule, the file and the line only.
 * `secretlint-disable` comments in the added text do not silence a hit (the agent writes them).
 * Turn the whole ruleset off with `guardrails.disabledPatterns: [secretlint]`.
 */
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import picomatch from 'picomatch';
import type { GateConfig } from '../config/config-schema.js';
import type { ChangedFile } from '../diff/changed-file.js';
import { netAddedLines } from '../diff/net-added.js';
import type { Reason } from '../reasons.js';
import { SECRETLINT_ID } from './secret-ids.js';


/** Characters of added text handed to the ruleset per file (the rest is not scanned by it). */
const MAX_FILE_CHARS = 2 * 1024 * 1024;

const SECRETLINT_CONFIG = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] };

/**
 * One `guardrail.secret` reason per (file, line) the ruleset reports in the net-added lines.
 * `rule` is `secretlint:<rule>/<messageId>` (e.g. `secretlint:slack/IncomingWebhook`).
 * Never throws: a ruleset crash on one file becomes a `block` reason on that file (fail closed).
 */
export async function scanSecrets(files: readonly ChangedFile[], config: GateConfig): Promise<Reason[]> {
  const { disabledPatterns, patternLevels, ignorePaths } = config.guardrails;
  if (disabledPatterns.includes(SECRETLINT_ID)) return [];
  const level = patternLevels[SECRETLINT_ID] ?? 'block';
  const ignored = ignorePaths.length > 0 ? picomatch(ignorePaths, { dot: true }) : () => false;
  const net = netAddedLines(files);
  const reasons: Reason[] = [];
  for (const file of files) {
    if (file.status === 'deleted' || file.binary || ignored(file.path)) continue;
    const lines = file.added.filter((a) => net.has(a));
    if (lines.length === 0) continue;
    // Neutralise the ruleset's own suppression comments (same length, so positions hold).
    const content = lines.map((a) => a.text).join('\n').slice(0, MAX_FILE_CHARS).replace(/secretlint-(disable|enable)/gi, (m) => 'x'.repeat(m.length));
    try {
      const result = await lintSource({ source: { filePath: profilerSafePath(file.path), content, contentType: 'text' }, options: { config: SECRETLINT_CONFIG, maskSecrets: true, noPhysicFilePath: true } });
      const byLine = new Map<number | undefined, string[]>();
      for (const m of result.messages) {
        if (m.type !== 'message') continue;
        const line = lines[m.loc.start.line - 1]?.line;
        const rule = `${SECRETLINT_ID}:${m.ruleId.replace(/^@secretlint\/secretlint-rule-/, '')}/${m.messageId}`;
        const rules = byLine.get(line) ?? [];
        if (!rules.includes(rule)) rules.push(rule);
        byLine.set(line, rules);
      }
      for (const [line, [rule, ...also]] of byLine) {
        const more = also.length > 0 ? `; also ${also.join(', ')}` : '';
        reasons.push({ code: 'guardrail.secret', level, rule: rule as string, file: file.path, ...(line !== undefined ? { line } : {}), message: `secret added (${rule}${more}); the value is not shown` });
      }
    } catch (error) {
      reasons.push({ code: 'guardrail.secret', level: 'block', rule: SECRETLINT_ID, file: file.path, message: `the secret ruleset could not scan this file (${(error as Error).name}); failing closed` });
    }
  }
  return reasons;
}

/** Drops ruleset hits on a line a built-in secret pattern already reported, so one secret is one reason. */
export function mergeSecretReasons(patternReasons: readonly Reason[], rulesetReasons: readonly Reason[]): Reason[] {
  const reported = new Set(patternReasons.filter((r) => r.code === 'guardrail.secret' || r.code === 'guardrail.excused').map((r) => `${r.file}\0${r.line}`));
  return rulesetReasons.filter((r) => !reported.has(`${r.file}\0${r.line}`));
}

/**
 * The path handed to secretlint. Its profiler names performance marks after the path and parses them
 * back with a regular expression that a line separator (U+2028) or other unusual character in an
 * agent-chosen file name breaks: the failed measure was an unhandled rejection, which would end the
 * App's process. Rules only look at the extension and base name, which this keeps for ordinary names.
 */
export function profilerSafePath(path: string): string {
  return path.replace(/[^A-Za-z0-9._/@+-]/g, '_');
}

