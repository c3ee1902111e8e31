/**
 * The committed baseline file (`baseline.mode: file`): `{ "version": 1, "findings": Finding[] }`,
 * written by `handoff-gate baseline --write`. Reading never throws; a bad file is an error message.
 */
import type { Finding } from './finding.js';

export interface BaselineFile {
  version: 1;
  findings: Finding[];
}

/** Parses baseline file text. Returns the findings grouped by step id, or an error. */
export function parseBaselineFile(text: string): { ok: true; byStep: Map<string, Finding[]> } | { ok: false; error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `baseline file is not JSON: ${(error as Error).message}` };
  }
  const file = data as Partial<BaselineFile>;
  if (typeof data !== 'object' || data === null || file.version !== 1 || !Array.isArray(file.findings)) {
    return { ok: false, error: 'baseline file must be {"version": 1, "findings": [...]}' };
  }
  const byStep = new Map<string, Finding[]>();
  for (const f of file.findings) {
    if (typeof f?.step !== 'string' || typeof f.fingerprint !== 'string') return { ok: false, error: 'each baseline finding needs "step" and "fingerprint"' };
    const list = byStep.get(f.step) ?? [];
    list.push(f);
    byStep.set(f.step, list);
  }
  return { ok: true, byStep };
}

/** Serialises findings as a baseline file (stable order, 2-space JSON). */
export function formatBaselineFile(findings: readonly Finding[]): string {
  const sorted = [...findings].sort((a, b) => a.step.localeCompare(b.step) || a.fingerprint.localeCompare(b.fingerprint));
  return `${JSON.stringify({ version: 1, findings: sorted } satisfies BaselineFile, null, 2)}\n`;
}
