/**
 * Tests every added line against the forbidden patterns (built-in plus configured).
 * Lines are tested on their first `MAX_LINE_CHARS` characters only, so a minified line or a
 * user pattern with heavy backtracking cannot stall the run.
 */
import picomatch from 'picomatch';
import type { GateConfig } from '../config/config-schema.js';
import type { ChangedFile } from '../diff/changed-file.js';
import type { Reason } from '../reasons.js';
import { DEFAULT_FORBIDDEN_PATTERNS, type ForbiddenPattern } from './default-patterns.js';
import { EXCUSE_GATE_ID, findExcuse } from './excuse-marker.js';

const MAX_LINE_CHARS = 4000;

interface CompiledPattern extends ForbiddenPattern {
  regex: RegExp;
  matchesPath: (path: string) => boolean;
}

/**
 * The patterns in force for `config`: built-ins minus `disabledPatterns`, with `patternLevels`
 * applied, plus `forbiddenPatterns`. Throws `SyntaxError` naming the pattern id on a bad regex
 * (the config loader reports it before this runs).
 */
export function compilePatterns(config: GateConfig): CompiledPattern[] {
  const { disabledPatterns, patternLevels, forbiddenPatterns } = config.guardrails;
  const active = [
    ...DEFAULT_FORBIDDEN_PATTERNS.filter((p) => !disabledPatterns.includes(p.id)).map((p) => ({ ...p, level: patternLevels[p.id] ?? p.level })),
    ...forbiddenPatterns,
  ];
  return active.map((p) => {
    let regex: RegExp;
    try {
      regex = new RegExp(p.pattern, p.flags);
    } catch (error) {
      throw new SyntaxError(`guardrails pattern "${p.id}": ${(error as Error).message}`);
    }
    return { ...p, regex, matchesPath: picomatch(p.paths, { dot: true }) };
  });
}

/** One reason per (file, line, pattern) hit; excused hits become `guardrail.excused`. */
export function scanForbiddenPatterns(files: readonly ChangedFile[], config: GateConfig): Reason[] {
  const patterns = compilePatterns(config);
  const ignored = picomatch(config.guardrails.ignorePaths.length > 0 ? config.guardrails.ignorePaths : ['\0never'], { dot: true });
  const reasons: Reason[] = [];
  for (const file of files) {
    if (file.status === 'deleted' || file.added.length === 0 || ignored(file.path)) continue;
    const applicable = patterns.filter((p) => p.matchesPath(file.path));
    if (applicable.length === 0) continue;
    const lines = new Map(file.added.map((a) => [a.line, a.text]));
    for (const added of file.added) {
      const text = added.text.length > MAX_LINE_CHARS ? added.text.slice(0, MAX_LINE_CHARS) : added.text;
      for (const pattern of applicable) {
        if (!pattern.regex.test(text)) continue;
        const excuse = findExcuse(pattern.id, added.line, lines);
        const shown = pattern.secret ? '' : `: ${JSON.stringify(text.trim().slice(0, 120))}`;
        reasons.push(
          excuse
            ? { code: 'guardrail.excused', level: 'warn', rule: pattern.id, file: file.path, line: added.line, message: `${pattern.message} excused inline ("${excuse}"); needs the ${EXCUSE_GATE_ID} gate's approval` }
            : { code: pattern.secret ? 'guardrail.secret' : 'guardrail.forbidden-pattern', level: pattern.level, rule: pattern.id, file: file.path, line: added.line, message: `${pattern.message} added${shown}` },
        );
      }
    }
  }
  return reasons;
}
