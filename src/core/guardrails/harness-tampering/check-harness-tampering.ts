/**
 * `guardrail.harness-tampering`: code that is not a test but detects or patches the test harness
 * (construct.ts lists the families). Each changed JS/TS/Python file outside the test paths is parsed
 * whole at the head; a construct is reported when its lines include a line the change added, so
 * code that was already there before the change never fires. Lines the diff adds count, not only
 * net-added ones (src/core/diff/net-added.ts): moving `Date.now = …` out of a test helper into library
 * code must fire, and net-added lines would call that move "nothing new". The reason's `rule` is always
 * `harness-tampering` (one id for approvals and for the inline excuse marker); the message names the
 * construct and what was seen.
 */
import picomatch from 'picomatch';
import type { GateConfig } from '../../config/config-schema.js';
import type { ChangedFile } from '../../diff/changed-file.js';
import type { Reason } from '../../reasons.js';
import { EXCUSE_GATE_ID, findExcuse } from '../excuse-marker.js';
import type { ConstructHit } from './construct.js';

/** The stable rule id of this guardrail (reason `rule`, excuse marker, per-rule approvals). */
export const HARNESS_TAMPERING_RULE = 'harness-tampering';
/** Files larger than this are not parsed (generated or minified code); said in an `info` reason. */
export const MAX_PARSE_BYTES = 1024 * 1024;
/** Changed source files read per run at most (the rest are named in a `warn` reason). */
export const MAX_FILES = 2000;

const JS = /\.(?:[cm]?[jt]sx?)$/;
const PY = /\.pyw?$/;

/** Reads a file's text at the head; `undefined` when it does not exist there. */
export type ReadText = (path: string) => Promise<string | undefined>;

/**
 * One reason per construct on an added line of a changed non-test JS/TS/Python file.
 * Level and paths come from `guardrails.harnessTampering`; a hit with an inline excuse becomes
 * `guardrail.excused`. A file that cannot be parsed gives a `warn` reason and the others still run.
 */
export async function checkHarnessTampering(files: readonly ChangedFile[], config: GateConfig, readHead: ReadText): Promise<Reason[]> {
  const settings = config.guardrails.harnessTampering;
  if (settings.level === 'off') return [];
  const candidates = harnessCandidates(files, config);
  const isEntry = picomatch(settings.entryPoints.length > 0 ? settings.entryPoints : ['\0never'], { dot: true });
  const reasons: Reason[] = [];
  if (candidates.length > MAX_FILES) {
    reasons.push({ code: 'guardrail.harness-tampering', level: 'warn', rule: HARNESS_TAMPERING_RULE, message: `${candidates.length} changed source files: only the first ${MAX_FILES} were read for harness tampering` });
  }
  for (const file of candidates.slice(0, MAX_FILES)) {
    const text = await readHead(file.path);
    if (text === undefined) continue;
    if (text.length > MAX_PARSE_BYTES) {
      reasons.push({ code: 'guardrail.harness-tampering', level: 'info', rule: HARNESS_TAMPERING_RULE, file: file.path, message: `not parsed for harness tampering: ${text.length} characters is over the ${MAX_PARSE_BYTES} limit` });
      continue;
    }
    let hits: ConstructHit[];
    const added = new Set(file.added.map((a) => a.line));
    try {
      hits = JS.test(file.path)
        ? await (await import('./javascript.js')).findJavaScriptConstructs(text, file.path, isEntry(file.path), added)
        : await (await import('./python.js')).findPythonConstructs(text, isEntry(file.path), added);
    } catch (error) {
      reasons.push({ code: 'guardrail.harness-tampering', level: 'warn', rule: HARNESS_TAMPERING_RULE, file: file.path, message: `could not be parsed to look for harness tampering: ${(error as Error).message.slice(0, 200)}` });
      continue;
    }
    reasons.push(...reasonsFor(file, hits, settings.level));
  }
  return reasons;
}

function reasonsFor(file: ChangedFile, hits: readonly ConstructHit[], level: 'block' | 'fail' | 'warn'): Reason[] {
  const lines = new Map(file.added.map((a) => [a.line, a.text]));
  const seen = new Set<string>();
  const reasons: Reason[] = [];
  for (const hit of [...hits].sort((a, b) => a.startLine - b.startLine)) {
    const line = firstAdded(hit, lines);
    if (line === undefined) continue;
    const key = `${hit.construct}\0${line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const excuse = findExcuse(HARNESS_TAMPERING_RULE, line, lines) ?? findExcuse(HARNESS_TAMPERING_RULE, hit.startLine, lines);
    reasons.push(
      excuse
        ? { code: 'guardrail.excused', level: 'warn', rule: HARNESS_TAMPERING_RULE, file: file.path, line, message: `[${hit.construct}] ${hit.detail} on line ${line}, excused inline ("${excuse}"); needs the ${EXCUSE_GATE_ID} gate's approval` }
        : { code: 'guardrail.harness-tampering', level, rule: HARNESS_TAMPERING_RULE, file: file.path, line, message: `[${hit.construct}] ${hit.detail} (line ${line}, added by this change)` },
    );
  }
  return reasons;
}

/**
 * The changed files the rule reads: JS/TS/Python, added or modified with added lines, outside
 * `testPaths`, `excludePaths` and `guardrails.ignorePaths`. The App prefetches their head contents.
 */
export function harnessCandidates(files: readonly ChangedFile[], config: GateConfig): ChangedFile[] {
  const settings = config.guardrails.harnessTampering;
  if (settings.level === 'off') return [];
  const isTest = picomatch(settings.testPaths.length > 0 ? settings.testPaths : ['\0never'], { dot: true });
  const skipped = [...config.guardrails.ignorePaths, ...settings.excludePaths];
  const ignored = picomatch(skipped.length > 0 ? skipped : ['\0never'], { dot: true });
  return files.filter((f) => f.status !== 'deleted' && !f.binary && f.added.length > 0 && (JS.test(f.path) || PY.test(f.path)) && !isTest(f.path) && !ignored(f.path));
}

/** The first added line inside the construct's range, if the change added any. */
function firstAdded(hit: ConstructHit, added: ReadonlyMap<number, string>): number | undefined {
  if (hit.endLine - hit.startLine > 2000) return added.has(hit.startLine) ? hit.startLine : undefined;
  for (let line = hit.startLine; line <= hit.endLine; line++) if (added.has(line)) return line;
  return undefined;
}
