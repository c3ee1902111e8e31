/** Builds `GateInput`s for core tests from a few plain fields. */
import { defaultConfig, type GateConfig } from '../../src/core/config/config-schema.js';
import { loadConfig } from '../../src/core/config/load-config.js';
import type { ChangedFile } from '../../src/core/diff/changed-file.js';
import type { GateInput } from '../../src/core/evaluate-gate.js';
import { EMPTY_REVIEW_STATE } from '../../src/core/gates/evaluate-gates.js';
import { memoryTree } from './memory-tree.js';

/** Parses YAML config text; throws if invalid (tests give valid configs). */
export function config(yaml = ''): GateConfig {
  const result = loadConfig('.github/handoff-gate.yml', yaml);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

/** A changed file whose every line of `text` is added (a new file) unless `status` says otherwise. */
export function added(path: string, text: string, extra: Partial<ChangedFile> = {}): ChangedFile {
  return { path, status: 'added', added: text.split('\n').map((t, i) => ({ line: i + 1, text: t })), deletions: 0, binary: false, ...extra };
}

export const VALID_HANDOFF = {
  schemaVersion: '1.0',
  workflowRunId: 'run-1',
  stepId: 'build',
  attempt: 1,
  agent: 'builder',
  idempotencyKey: 'run-1/build/1',
  status: 'completed',
  summary: 'Built the thing.',
};

/**
 * A gate input with one valid handoff committed at `.handoff/build.json` (so `handoff.missing`
 * does not fire) unless `handoffFiles` is given.
 */
export function gateInput(overrides: Partial<GateInput> & { head?: string } = {}, tree: { head?: Record<string, string>; base?: Record<string, string> } = {}): GateInput {
  const handoffText = JSON.stringify(VALID_HANDOFF, null, 2);
  const handoffFiles = overrides.handoffFiles ?? [{ path: '.handoff/build.json', text: handoffText }];
  const files = overrides.files ?? handoffFiles.map((f) => added(f.path, f.text));
  return {
    config: defaultConfig(),
    configText: '',
    configProblems: [],
    files,
    handoffFiles,
    runReports: [],
    steps: [],
    reviewState: EMPTY_REVIEW_STATE,
    tree: memoryTree(tree.head ?? Object.fromEntries(handoffFiles.map((f) => [f.path, f.text])), tree.base ?? {}),
    ...overrides,
  };
}
