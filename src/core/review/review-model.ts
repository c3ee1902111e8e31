/**
 * The orchestrator review as plain data (the sections of `reference/orchestrator-review-example.md`).
 * Every string is Markdown-ready: untrusted text inside it was escaped by the reviewer that built it.
 */

export type RiskLevel = 'Critical' | 'High' | 'Medium' | 'Low';

export interface RiskEntry {
  title: string;
  level: RiskLevel;
  /** Untrusted text may appear here; renderers escape it. */
  details: string[];
  source: 'gate' | 'handoff' | 'report' | 'model';
}

export interface NextAction {
  title: string;
  owner: string;
  actions: string[];
  acceptanceCriteria: string[];
}

export interface Review {
  /** Run report path(s) or handoff file(s) the review read. */
  source: string;
  inputChars: number;
  reviewer: string;
  riskLog: RiskEntry[];
  missingDeliverables: { title: string; details: string[] }[];
  followUps: { title: string; steps: string[] }[];
  decision: {
    state: string;
    keyRisks: string[];
    readiness: string;
    statement: string;
    nextActions: NextAction[];
  };
  /** Mermaid flowchart source of the handoff steps when there is more than one. */
  stepGraph?: string;
  /** The models that wrote this review (LLM reviewer), one header line each. */
  models?: { tier: 'Assistant‑manager' | 'Primary‑decider'; label: string; latencyMs: number; inputTokens: number; outputTokens: number }[];
  /** A line for the header, e.g. why the rules review is shown instead of the LLM's. */
  note?: string;
  /**
   * Every cheat the LLM second reader suspected, judged by the rules (LLM reviewer only). `file` and
   * `evidence` come from the model reading untrusted text: Markdown-escaped here like every string.
   */
  suspicions?: { family: string; file: string; line: number | null; evidence: string; confidence: number; reportedByRules: boolean; counted: boolean }[];
}
