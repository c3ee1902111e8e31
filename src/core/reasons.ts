/**
 * Reasons: every fact that moves the verdict, as plain data with a stable code.
 *
 * Codes are part of the public JSON report contract (`schemas/report-1.0.schema.json`)
 * and are documented in the README; never rename one, only add.
 */

/** How much a reason weighs. `block` → BLOCKED, `fail` → FAIL, `warn`/`info` never change the verdict. */
export type ReasonLevel = 'block' | 'fail' | 'warn' | 'info';

/** The stable reason codes and what each means (the README table is generated from this). */
export const REASON_CODES = {
  'config.invalid': 'The gate configuration on the base branch is invalid; the gate fails closed.',
  'handoff.missing': 'No handoff document was found although `handoffs.required` is true.',
  'handoff.parse': 'A handoff file could not be read or parsed (syntax, size, depth or alias limits).',
  'handoff.unknown-version': 'A handoff names a `schemaVersion` the gate does not know.',
  'handoff.schema': 'A handoff violates its JSON Schema.',
  'handoff.checksum': "An artifact's sha256 does not match the file in the head tree.",
  'handoff.artifact-missing': 'An artifact listed in a handoff does not exist in the head tree.',
  'handoff.deliverable-missing': "A required deliverable's path does not exist in the head tree.",
  'handoff.cycle': 'The `dependsOn` graph of the handoffs has a cycle.',
  'handoff.dependency-unknown': '`dependsOn` names a step that no handoff of the pull request or of the base branch describes.',
  'handoff.delegation': '`delegateTo` hands work to an agent the delegation ACL does not allow.',
  'handoff.idempotency-reuse': 'Two different handoffs share one `idempotencyKey`.',
  'handoff.status-blocked': 'A handoff reports `status: blocked`.',
  'handoff.status-incomplete': 'A handoff reports `status: partial` or `failed`.',
  'handoff.claim-mismatch': 'A handoff claims a check passed (or failed) and the gate observed otherwise.',
  'handoff.claim-unverified': 'A handoff claims a check the gate did not run, so it cannot confirm it.',
  'handoff.stub-deliverable': 'A deliverable the handoff declares delivered (a file or a function it names) is a stub: not-implemented, pass/..., TODO or an empty body.',
  'handoff.append-only': 'An append-only file (event log) was changed other than by appending.',
  'handoff.empty': 'A handoff file holds no document (it is empty or only comments).',
  'handoff.identity-reuse': 'A handoff repeats a step identity (`workflowRunId`, `stepId`, `attempt`) already on the base or in the change.',
  'handoff.deliverable-empty': "A required deliverable's file exists but is empty (0 bytes or only whitespace).",
  'handoff.history-unavailable': 'The handoffs on the base could not be listed or read in full, so identity reuse was not fully checked.',
  'gate.approval-pending': 'An approval gate applies and has not been approved yet.',
  'gate.hold': 'A person put the pull request on hold.',
  'gate.rejected': 'A person rejected the handoff.',
  'guardrail.forbidden-pattern': 'An added line matches a forbidden pattern (focused/skipped test, suppression, …).',
  'guardrail.secret': 'An added line looks like a secret (token, access key, private key).',
  'guardrail.protected-path': 'A protected path was touched.',
  'guardrail.gate-config-changed': "The gate's own configuration, baseline or workflow was changed.",
  'guardrail.tests-deleted': 'A test file was deleted or has fewer test cases than on the base.',
  'guardrail.branch-policy': 'The head branch name is outside the configured policy.',
  'guardrail.branch-unknown': 'A branch policy is configured but the head branch name is unknown (detached HEAD without --branch or GITHUB_HEAD_REF).',
  'guardrail.harness-tampering': 'Code that is not a test detects or patches the test harness (runner markers, assertion or clock patching, reading test files, forced exit, exit hooks that write files).',
  'guardrail.excused': 'A guardrail hit was excused inline with a reason; it still needs approval.',
  'verify.new-findings': 'A verify step reported findings that are not in the baseline.',
  'verify.step-error': 'A required verify step could not run to completion (missing tool, timeout, crash, bad output).',
  'verify.optional-step-error': 'An optional verify step could not run to completion.',
  'verify.skipped': 'A verify step was not run; it is reported as SKIPPED, never as passed.',
  'verify.pre-existing': 'Findings that already exist on the base branch (reported, not counted).',
  'verify.containment-weak': 'A verify step ran without its own PID namespace: it could read the environment of other processes of the same user.',
  'verify.test-missing': 'A test that passed on the base did not run on the head (vanished, excluded, deselected).',
  'verify.test-skipped': 'A test that passed on the base was skipped on the head.',
  'verify.base-tests-fail': "The base's version of changed test files fails against the head's code.",
  'verify.tests-not-run': 'A test file the change adds ran in no verify step (no test report names it); `info` when the reports cannot tell.',
  'guardrail.verify-config-changed': 'A file or `package.json` script that configures a verify step changed, or a lifecycle script was added.',
  'verify.baseline-unavailable': 'The baseline could not be obtained; every finding counts as new (fail closed).',
  'verify.nothing-verified': 'No verify step is configured: nothing beyond the handoffs and the diff was checked (said in every format).',
  'verify.evidence-missing': 'The verify run finished but uploaded no evidence artifact (or it expired); the gate blocks.',
  'verify.evidence-run-failed': 'The verify workflow run failed, was cancelled or timed out, so its evidence is not taken.',
  'verify.evidence-stale': 'The evidence is for another commit, verify run, pull request or configuration than the one being gated.',
  'verify.rerun-ignored': 'A `/gate rerun` verify run failed, or its evidence was for another head, merge base or configuration, so it was not merged; the earlier results stand.',
  'verify.rerun-pending': 'A `/gate rerun` verify run has not finished; the results shown are the earlier ones.',
  'verify.evidence-invalid': 'The evidence artifact is not a readable zip, not JSON, or does not match schema evidence-1.x.',
  'verify.evidence-too-large': 'The evidence artifact (or the file in it) is over the size limit; it is not unpacked.',
  'review.suspected-cheat': 'The LLM second reader suspects a known cheat (with evidence) the rules did not report; it can only lower the decision.',
  'report.missing-deliverable': 'A run report leaves a checklist item unchecked.',
  'report.unreadable': 'A run report could not be parsed, so its risks and checklist are unknown (fail closed).',
  'report.risk-open': 'A run report states an open High/Red or Critical risk (risk register, risk or blocked section).',
} as const satisfies Record<string, string>;

/** One of the stable codes above. */
export type ReasonCode = keyof typeof REASON_CODES;

/** One fact that moved (or could have moved) the verdict. `line` is 1-based. */
export interface Reason {
  code: ReasonCode;
  level: ReasonLevel;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  /** Sub-rule, e.g. the guardrail pattern id or the verify step id. */
  rule?: string;
}

/** Order used everywhere reasons are listed: most severe first. */
export const LEVEL_RANK: Record<ReasonLevel, number> = { block: 0, fail: 1, warn: 2, info: 3 };

/**
 * Sorts reasons most severe first, then by file, line and code, so every rendering is stable.
 * Returns a new array.
 */
export function sortReasons(reasons: readonly Reason[]): Reason[] {
  return [...reasons].sort(
    (a, b) =>
      LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      a.code.localeCompare(b.code),
  );
}
