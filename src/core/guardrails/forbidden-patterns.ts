/**
 * Tests every net-added line (`netAddedLines`) against the forbidden patterns (built-in plus
 * configured). Lines are tested on their first `MAX_LINE_CHARS` characters only, so a minified line
 * or a user pattern with heavy backtracking cannot stall the run. Generated files (see
 * `generated-files.ts`) are scanned only by the patterns marked `scanGenerated` (secrets, invisible
 * characters).
 */
import picomatch from 'picomatch';
import type { GateConfig } from '../config/config-schema.js';
import type { ChangedFile } from '../diff/changed-file.js';
import { netAddedLines } from '../diff/net-added.js';
import type { Reason } from '../reasons.js';
import { describeCodePoint } from './code-point-names.js';
import { DEFAULT_FORBIDDEN_PATTERNS, type ForbiddenPattern } from './default-patterns.js';
import { EXCUSE_GATE_ID, findExcuse } from './excuse-marker.js';

const MAX_LINE_CHARS = 4000;

interface CompiledPattern extends ForbiddenPattern {
  regex: RegExp;
  matchesPath: (path: string) => boolean;
}

/** Options of `scanForbiddenPatterns`. */
export interface ScanOptions {
  /** `true` for generated files (default: none); see `generatedMatcher`. */
  isGenerated?: (path: string) => boolean;
}

/**
 * The patterns in force for `config`: built-ins minus `disabledPatterns`, with `patternLevels`
 * applied, plus `forbiddenPatterns`. Throws `SyntaxError` naming the pattern id on a bad regex
 * (the config schema rejects one before this runs).
 */
export function compilePatterns(config: GateConfig): CompiledPattern[] {
  const { disabledPatterns, patternLevels, forbiddenPatterns } = config.guardrails;
  const active = [
    ...DEFAULT_FORBIDDEN_PATTERNS.filter((p) => !disabledPatterns.includes(p.id)).map((p) => ({ ...p, level: patternLevels[p.id] ?? p.level })),
    ...forbiddenPatterns.map((p) => ({ ...p, scanGenerated: p.secret })),
  ];
  return active.map((p) => {
    let regex: RegExp;
    try {
      regex = new RegExp(p.pattern, p.flags.replace(/[gy]/g, ''));
    } catch (error) {
      throw new SyntaxError(`guardrails pattern "${p.id}": ${(error as Error).message}`);
    }
    return { ...p, regex, matchesPath: picomatch(p.paths, { dot: true }) };
  });
}

/**
 * One reason per (file, net-added line, pattern) hit; excused hits become `guardrail.excused`.
 * Secret hits never carry the matched text. A byte-order mark at the start of a file is not a hit.
 */
export function scanForbiddenPatterns(files: readonly ChangedFile[], config: GateConfig, options: ScanOptions = {}): Reason[] {
  const patterns = compilePatterns(config);
  const ignored = picomatch(config.guardrails.ignorePaths.length > 0 ? config.guardrails.ignorePaths : ['\0never'], { dot: true });
  const isGenerated = options.isGenerated ?? (() => false);
  const net = netAddedLines(files);
  const reasons: Reason[] = [];
  for (const file of files) {
    if (file.status === 'deleted' || file.added.length === 0 || ignored(file.path)) continue;
    const generated = isGenerated(file.path);
    const applicable = patterns.filter((p) => p.matchesPath(file.path) && (!generated || p.scanGenerated));
    if (applicable.length === 0) continue;
    const lines = new Map(file.added.map((a) => [a.line, a.text]));
    for (const added of file.added) {
      if (!net.has(added)) continue;
      let text = added.text.length > MAX_LINE_CHARS ? added.text.slice(0, MAX_LINE_CHARS) : added.text;
      if (added.line === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
      for (const pattern of applicable) {
        const match = pattern.regex.exec(text);
        if (!match) continue;
        const excuse = findExcuse(pattern.id, added.line, lines);
        const shown = pattern.namesCodePoint ? `: ${describeCodePoint(match[0])} at column ${match.index + 1}` : pattern.secret ? '' : `: ${JSON.stringify(text.trim().slice(0, 120))}`;
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
