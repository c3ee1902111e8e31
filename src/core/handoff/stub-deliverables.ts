/**
 * `handoff.stub-deliverable`: a handoff that reports `status: completed` declares its deliverables
 * delivered; a stub function in a deliverable file (`deliverables[].path`) FAILs when the change
 * added lines to it, or when the deliverable names it (in backticks or as `name()` in its id or
 * description) — then even a stub that was already on the base is claimed delivered. Stubs are found on a parsed tree (stub-bodies.ts).
 */
import type { ChangedFile } from '../diff/changed-file.js';
import type { Reason } from '../reasons.js';
import { javaScriptFunctions, pythonFunctions, type FunctionBody } from './stub-bodies.js';
import type { ValidHandoff } from './validate-handoff.js';

const JS = /\.(?:[cm]?[jt]sx?)$/;
const PY = /\.py$/;
const MAX_BYTES = 1024 * 1024;
const NAMED = /`([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)(?:\(\))?`|\b([A-Za-z_$][\w$]*)\(\)/g;

/** Reads a file's text at the head; `undefined` when it does not exist there. */
export type ReadText = (path: string) => Promise<string | undefined>;

/** The function names a deliverable names (`parseConfig`, `Cache.get` → `get`). */
export function namedFunctions(text: string): string[] {
  return [...text.matchAll(NAMED)].map((m) => ((m[1] ?? m[2]) as string).split('.').pop() as string);
}

/**
 * One `fail` reason per stub function in a delivered file, pointing at the stub's file and line.
 * Files that cannot be parsed, or are larger than 1 MiB, are skipped (other rules report them).
 */
export async function checkStubDeliverables(handoffs: readonly ValidHandoff[], files: readonly ChangedFile[], readHead: ReadText): Promise<Reason[]> {
  const changed = new Map(files.filter((f) => f.status !== 'deleted').map((f) => [f.path, new Set(f.added.map((a) => a.line))]));
  const parsed = new Map<string, Promise<FunctionBody[] | undefined>>();
  const functionsOf = (path: string) => {
    let entry = parsed.get(path);
    if (!entry) {
      entry = (async () => {
        const text = await readHead(path);
        if (text === undefined || text.length > MAX_BYTES) return undefined;
        return JS.test(path) ? javaScriptFunctions(text, path) : pythonFunctions(text);
      })().catch(() => undefined);
      parsed.set(path, entry);
    }
    return entry;
  };
  const reasons: Reason[] = [];
  const seen = new Set<string>();
  for (const h of handoffs) {
    if (h.handoff.status !== 'completed') continue;
    for (const d of h.handoff.deliverables ?? []) {
      if (d.path === undefined || !(JS.test(d.path) || PY.test(d.path))) continue;
      const added = changed.get(d.path) ?? new Set<number>();
      const names = new Set(namedFunctions(`${d.id} ${d.description}`));
      if (added.size === 0 && names.size === 0) continue;
      const functions = await functionsOf(d.path);
      if (!functions) continue;
      for (const fn of functions) {
        if (!fn.stub) continue;
        const touched = [...added].some((line) => line >= fn.startLine && line <= fn.endLine);
        if (!touched && !names.has(fn.name)) continue;
        const key = `${d.path}\0${fn.startLine}`;
        if (seen.has(key)) continue;
        seen.add(key);
        reasons.push({
          code: 'handoff.stub-deliverable',
          level: 'fail',
          file: d.path,
          line: fn.startLine,
          message: `deliverable "${d.id}" of ${h.file} (status completed): function ${fn.name} on line ${fn.startLine} is a stub (${fn.stub})`,
        });
      }
    }
  }
  return reasons;
}
