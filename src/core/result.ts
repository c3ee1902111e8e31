/**
 * `GateResult`: the one result object of a gate run. Every output (PR comment, terminal text,
 * JSON report, check-run annotations) is rendered from it. Its JSON form is the report schema
 * `schemas/report-1.0.schema.json`.
 */
import type { ConfigProblem } from './config/load-config.js';
import type { GateStatus } from './gates/evaluate-gates.js';
import type { HandoffProblem } from './handoff/validate-handoff.js';
import type { Reason } from './reasons.js';
import type { RunReport } from './review/run-report.js';
import type { Conclusion, Decision, Verdict } from './verdict/verdict.js';
import type { StepVerdict } from './verdict/verify-reasons.js';

/** A summary of one valid handoff document. */
export interface HandoffSummary {
  file: string;
  documentIndex: number;
  workflowRunId: string;
  stepId: string;
  attempt: number;
  agent: string;
  status: string;
  summary: string;
  dependsOn: string[];
  risks: { id: string; description: string; level: string; mitigation?: string }[];
  followUps: string[];
  deliverables: { id: string; description: string; path?: string; required: boolean }[];
  /** The step's trace as the agent reports it (untrusted): latency in ms, tokens, cost in USD. */
  metrics?: { latencyMs?: number; inputTokens?: number; outputTokens?: number; costUsd?: number };
  /** The agent's own quality score, 0–1 (untrusted). */
  resultQualityScore?: number;
}

/** Hashes (sha256 hex) of everything the decision was computed from, so it can be reproduced. */
export interface InputHashes {
  config: string;
  schemas: string;
  handoffs: string;
  findings: string;
}

export interface GateResult {
  reportVersion: '1.0';
  verdict: Verdict;
  decision: Decision;
  acceptance: boolean;
  conclusion: Conclusion;
  /** New error findings in any verify step, or a claim the gate observed to be false. */
  regressionDetected: boolean;
  /** PASS and accepted: an agent loop may move on. */
  safeToMerge: boolean;
  reasons: Reason[];
  handoffs: HandoffSummary[];
  handoffProblems: HandoffProblem[];
  configProblems: ConfigProblem[];
  steps: StepVerdict[];
  gates: GateStatus[];
  runReports: RunReport[];
  context: { base?: string; head?: string; branch?: string; changedFiles: number };
  inputs: InputHashes;
}
