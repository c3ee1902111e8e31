/** handoff-gate's library API: the pure core the CLI, the Action and the App are built on. */
export { evaluateGate, type GateInput, type TreeReader } from './core/evaluate-gate.js';
export { validateHandoffFile, type HandoffProblem, type ValidHandoff } from './core/handoff/validate-handoff.js';
export { KNOWN_HANDOFF_VERSIONS } from './core/handoff/schema-registry.js';
export { loadConfig, type ConfigProblem } from './core/config/load-config.js';
export { configSchema, defaultConfig, type GateConfig } from './core/config/config-schema.js';
export { parseUnifiedDiff, type ChangedFile } from './core/diff/changed-file.js';
export { REASON_CODES, type Reason, type ReasonCode } from './core/reasons.js';
export type { GateResult } from './core/result.js';
export { rulesReview } from './core/review/rules-reviewer.js';
export { renderMarkdown, COMMENT_MARKER } from './core/report/markdown.js';
export { renderText } from './core/report/text.js';
export { formatJsonReport, toJsonReport } from './core/report/json-report.js';
export { annotationsOf, type Annotation } from './core/report/annotations.js';
export { reduceTimeline } from './core/timeline/reduce-timeline.js';
export { runLocalGate } from './local/local-gate.js';
