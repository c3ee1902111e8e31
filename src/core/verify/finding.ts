/**
 * Findings: one diagnostic from a verify step, as plain data, and the line-free fingerprint
 * that matches the same finding across the base and the head.
 */
import { createHash } from 'node:crypto';

/** `error` counts against the verdict; `warning` and `notice` are reported only. */
export type FindingSeverity = 'error' | 'warning' | 'notice';

/** One diagnostic. `file` is repository-relative with `/` separators; `line`/`column` are 1-based. */
export interface Finding {
  step: string;
  rule: string;
  message: string;
  severity: FindingSeverity;
  file?: string;
  line?: number;
  column?: number;
  /** Line-free identity, see `fingerprintOf`. */
  fingerprint: string;
}

/** A finding before its fingerprint is computed (what parsers produce). */
export type RawFinding = Omit<Finding, 'fingerprint' | 'step'>;

/**
 * The fingerprint of a finding: SHA-1 (first 16 hex digits) of step, rule, file and the message with
 * positions and whitespace normalised. Line and column are left out so that code moving up or down
 * does not make an old finding look new.
 *
 * @param identity for test failures the test's name (a failure's message may vary between runs)
 */
export function fingerprintOf(step: string, raw: RawFinding, identity: string = raw.message): string {
  const normalised = identity
    .replace(/\b\d+:\d+\b/g, 'L:C')
    .replace(/\bline \d+/gi, 'line N')
    .replace(/\s+/g, ' ')
    .trim();
  return createHash('sha1').update(`${step}\0${raw.rule}\0${raw.file ?? ''}\0${normalised}`).digest('hex').slice(0, 16);
}

/** Adds step and fingerprint to a parser's raw findings. */
export function withFingerprints(step: string, raws: readonly (RawFinding & { identity?: string })[]): Finding[] {
  return raws.map(({ identity, ...raw }) => ({ step, ...raw, fingerprint: fingerprintOf(step, raw, identity) }));
}
