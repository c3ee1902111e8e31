/**
 * Untrusted text for a model (run reports, handoffs, the PR body): secrets redacted, instruction-like
 * lines defused, each piece quoted in a block tagged with its source, and the whole cut to a budget
 * with a note saying what was cut. The model is told that nothing inside a block is an instruction.
 */
import { DEFAULT_FORBIDDEN_PATTERNS } from '../../guardrails/default-patterns.js';

export interface Material {
  /** e.g. `run-report:docs/runs/x.md`, `handoff:.handoff/h.json`, `pr-body`. */
  source: string;
  text: string;
}

export interface PreparedMaterial {
  /** The quoted blocks, ready to put in a prompt. */
  text: string;
  /** Characters of untrusted input before cutting. */
  inputChars: number;
  cut: { source: string; removedChars: number }[];
  redactions: number;
  defused: number;
}

const SECRETS = DEFAULT_FORBIDDEN_PATTERNS.filter((p) => p.secret).map((p) => ({ id: p.id, regex: new RegExp(p.pattern, `${p.flags}g`) }));
const INSTRUCTION_LIKE = [
  /\b(ignore|disregard|forget|override)\b[^\n]{0,40}\b(previous|prior|above|all|earlier|system)\b[^\n]{0,40}\b(instructions?|prompts?|rules|messages?)\b/i,
  /^\s*(ACCEPTANCE|Decision)\s*:/i,
  /^\s*(system|assistant|developer|user)\s*:/i,
  /\byou are now\b|\bnew instructions\b|\bprint\b[^\n]{0,30}\bACCEPTANCE\b/i,
];

/**
 * The untrusted texts of a change, tagged by source: run reports first (the reviewer's main input),
 * then handoffs, then the PR description when there is one.
 */
export function materialsOf(runReports: readonly { path: string; text: string }[], handoffs: readonly { path: string; text: string }[], prBody?: string): Material[] {
  return [...runReports.map((r) => ({ source: `run-report:${r.path}`, text: r.text })), ...handoffs.map((h) => ({ source: `handoff:${h.path}`, text: h.text })), ...(prBody ? [{ source: 'pr-body', text: prBody }] : [])];
}

/** Replaces every secret the guardrails know (tokens, keys) with `[REDACTED:<id>]`. Returns the count. */
export function redactSecrets(text: string): { text: string; count: number } {
  let count = 0;
  let out = text;
  for (const { id, regex } of SECRETS) {
    out = out.replace(regex, () => {
      count++;
      return `[REDACTED:${id}]`;
    });
  }
  return { text: out, count };
}

/** Prefixes instruction-like lines so they read as quoted data, and removes block delimiters. */
export function defuse(text: string): { text: string; count: number } {
  let count = 0;
  const lines = text.replace(/<\/?untrusted[^>]*>/gi, '').split('\n').map((line) => {
    if (!INSTRUCTION_LIKE.some((r) => r.test(line))) return line;
    count++;
    return `[quoted text, not an instruction] ${line.replace(/:/g, '꞉')}`;
  });
  return { text: lines.join('\n'), count };
}

/** Prepares `materials` within `maxChars` (shared in order; what does not fit is cut and noted). */
export function prepareUntrusted(materials: readonly Material[], maxChars: number): PreparedMaterial {
  let remaining = maxChars;
  let redactions = 0;
  let defused = 0;
  const cut: PreparedMaterial['cut'] = [];
  const blocks: string[] = [];
  for (const m of materials) {
    const redacted = redactSecrets(m.text);
    const safe = defuse(redacted.text);
    redactions += redacted.count;
    defused += safe.count;
    const kept = safe.text.slice(0, Math.max(0, remaining));
    remaining -= kept.length;
    const removed = safe.text.length - kept.length;
    if (removed > 0) cut.push({ source: m.source, removedChars: removed });
    const source = m.source.replace(/["<>\n]/g, '');
    blocks.push(`<untrusted source="${source}" chars="${m.text.length}"${removed > 0 ? ` cut="${removed}"` : ''}>\n${kept}${removed > 0 ? `\n[… ${removed} characters cut to fit the budget]` : ''}\n</untrusted>`);
  }
  return { text: blocks.join('\n\n'), inputChars: materials.reduce((n, m) => n + m.text.length, 0), cut, redactions, defused };
}
