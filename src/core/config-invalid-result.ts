/**
 * The result for a base configuration that does not validate: the gate cannot know what to check, so
 * it BLOCKS with one `config.invalid` reason per problem (file, line, column) — a result like any
 * other, so every format and the JSON report an agent reads say why.
 */
import { defaultConfig } from './config/config-schema.js';
import type { ConfigProblem } from './config/load-config.js';
import { evaluateGate } from './evaluate-gate.js';
import { EMPTY_REVIEW_STATE } from './gates/evaluate-gates.js';
import type { GateResult } from './result.js';

/** @param problems the configuration's problems (at least one), as `loadConfig` reports them */
export function configInvalidResult(problems: readonly ConfigProblem[]): Promise<GateResult> {
  const none = () => Promise.resolve(undefined);
  return evaluateGate({
    config: { ...defaultConfig(), handoffs: { ...defaultConfig().handoffs, required: false } },
    configText: '',
    configProblems: problems,
    files: [],
    handoffFiles: [],
    runReports: [],
    steps: [],
    reviewState: EMPTY_REVIEW_STATE,
    tree: { readHead: none, readBase: none },
  });
}
