/**
 * What to do about each reason code: the next action, who owns it, and the acceptance criterion
 * that closes it. The rules reviewer turns these into the review's prioritised next actions.
 */
import type { ReasonCode } from '../reasons.js';

export interface Remediation {
  title: string;
  owner: 'agent' | 'maintainer';
  action: string;
  criterion: string;
}

export const REMEDIATIONS: Record<ReasonCode, Remediation> = {
  'config.invalid': { title: 'Fix the gate configuration', owner: 'maintainer', action: 'Correct `.github/handoff-gate.yml` on the base branch (see the configuration problems above).', criterion: '`handoff-gate config validate` passes on the base branch.' },
  'handoff.missing': { title: 'Commit a handoff document', owner: 'agent', action: 'Add a handoff (schema 1.0) describing this step under the configured handoff paths.', criterion: 'At least one valid handoff changes in the pull request.' },
  'handoff.parse': { title: 'Make the handoff files parse', owner: 'agent', action: 'Fix the syntax errors at the positions listed.', criterion: 'Every handoff file parses as JSON or YAML.' },
  'handoff.unknown-version': { title: 'Use a known handoff schema version', owner: 'agent', action: 'Set `schemaVersion` to a version this repository accepts.', criterion: 'Every handoff names an accepted schemaVersion.' },
  'handoff.schema': { title: 'Make the handoffs schema-valid', owner: 'agent', action: 'Fix each schema violation at the file, line and pointer listed.', criterion: '`handoff-gate validate` reports no errors.' },
  'handoff.checksum': { title: 'Reconcile artifact checksums', owner: 'agent', action: 'Recompute the sha256 of each listed artifact, or restore the artifact the handoff describes.', criterion: 'Every artifact sha256 matches the file at the head.' },
  'handoff.artifact-missing': { title: 'Commit the declared artifacts', owner: 'agent', action: 'Add the missing artifact files or remove them from the handoff.', criterion: 'Every declared artifact exists at the head.' },
  'handoff.deliverable-missing': { title: 'Deliver the required deliverables', owner: 'agent', action: 'Add each missing required deliverable at its declared path.', criterion: 'Every required deliverable path exists at the head.' },
  'handoff.cycle': { title: 'Break the step dependency cycle', owner: 'agent', action: 'Correct `dependsOn` so the steps form a DAG.', criterion: 'The dependency graph has no cycle.' },
  'handoff.dependency-unknown': { title: 'Resolve unknown step dependencies', owner: 'agent', action: 'Name only steps of the same workflow run in `dependsOn`, or include their handoffs.', criterion: 'Every `dependsOn` names a known step.' },
  'handoff.delegation': { title: 'Stay within the delegation ACL', owner: 'maintainer', action: 'Re-route the delegated work to an allowed agent, or extend `delegation.allow` on the base branch.', criterion: 'Every `delegateTo` is allowed by the delegation ACL.' },
  'handoff.idempotency-reuse': { title: 'Give every step attempt its own idempotency key', owner: 'agent', action: 'Use a distinct `idempotencyKey` per step attempt.', criterion: 'No two different handoffs share an idempotencyKey.' },
  'handoff.status-blocked': { title: 'Unblock the step the agent reported blocked', owner: 'maintainer', action: 'Read the blocked handoff and resolve what it waits for.', criterion: 'No handoff reports status blocked.' },
  'handoff.status-incomplete': { title: 'Finish the incomplete steps', owner: 'agent', action: 'Complete the partial or failed steps and update their handoffs.', criterion: 'Every handoff reports status completed.' },
  'handoff.claim-mismatch': { title: 'Correct the handoff claims', owner: 'agent', action: 'Fix what the gate observed failing, or stop claiming it passes.', criterion: 'Every claim matches what the gate observed.' },
  'handoff.claim-unverified': { title: 'Make claims verifiable', owner: 'maintainer', action: 'Add a verify step for each claimed check, or have the agent drop the claim.', criterion: 'Every claim names a verify step that ran.' },
  'handoff.stub-deliverable': { title: 'Implement the stubbed deliverables', owner: 'agent', action: 'Replace each stub (not-implemented error, pass/..., TODO, empty body) in a declared deliverable with the real implementation, or mark the handoff partial.', criterion: 'No deliverable the handoff declares delivered is a stub.' },
  'handoff.append-only': { title: 'Restore the append-only logs', owner: 'agent', action: 'Restore the base content of each append-only file and only append new entries.', criterion: 'The base content of each append-only file is a prefix of its head content.' },
  'handoff.empty': { title: 'Write the handoff document', owner: 'agent', action: 'Put one complete handoff document in the file (an empty file or one with only comments does not count).', criterion: 'Every handoff file holds at least one valid document.' },
  'handoff.identity-reuse': { title: 'Give the new attempt its own identity', owner: 'agent', action: 'A new handoff for a step already handed off needs a new `attempt` (and `idempotencyKey`); never reuse or rewrite an earlier one.', criterion: 'No handoff repeats a (workflowRunId, stepId, attempt) on the base or in the change.' },
  'handoff.deliverable-empty': { title: 'Deliver content, not empty files', owner: 'agent', action: 'Fill each required deliverable with its real content.', criterion: 'No required deliverable is empty.' },
  'handoff.history-unavailable': { title: 'Check the handoff history', owner: 'maintainer', action: 'Make the base handoffs readable by the gate (fewer files, or a reader that can list the base tree).', criterion: 'The base handoffs are listed and read in full.' },
  'gate.approval-pending': { title: 'Obtain the pending approvals', owner: 'maintainer', action: 'An authorised person reviews and runs `/gate approve <gate>`.', criterion: 'Every applicable approval gate is approved on the head commit.' },
  'gate.hold': { title: 'Release the hold', owner: 'maintainer', action: 'Resolve the concern and run `/gate unhold`.', criterion: 'The pull request is not on hold.' },
  'gate.rejected': { title: 'Address the rejection', owner: 'agent', action: 'Rework the change according to the rejection reason.', criterion: 'A new head commit addresses the rejection.' },
  'guardrail.forbidden-pattern': { title: 'Remove forbidden patterns', owner: 'agent', action: 'Remove the focused/skipped tests and suppressions listed, or excuse each inline with `handoff-gate-allow: <rule> -- <reason>` (still needs approval).', criterion: 'No added line matches a forbidden pattern without an approved excuse.' },
  'guardrail.secret': { title: 'Remove and rotate the leaked secrets', owner: 'maintainer', action: 'Remove the secret from the branch history and rotate it now.', criterion: 'No added line contains a secret; the secret has been rotated.' },
  'guardrail.protected-path': { title: 'Review changes to protected paths', owner: 'maintainer', action: 'A maintainer reviews the protected-path changes, or the agent reverts them.', criterion: 'No protected path changes, or a maintainer approved them.' },
  'guardrail.gate-config-changed': { title: "Revert changes to the gate's own files", owner: 'maintainer', action: "Move changes to the gate's configuration, baseline or workflow into a separate pull request by a person.", criterion: "The pull request does not touch the gate's own files." },
  'guardrail.harness-tampering': { title: 'Remove code that detects or patches the test harness', owner: 'agent', action: 'Make the code behave the same under test: remove test-runner checks, assertion/clock patching, reads of test files, forced exits and exit hooks that write files — or excuse a legitimate one inline with `handoff-gate-allow: harness-tampering -- <reason>` (still needs approval).', criterion: 'No added line of non-test code detects or patches the test harness without an approved excuse.' },
  'guardrail.tests-deleted': { title: 'Restore deleted tests', owner: 'agent', action: 'Restore the deleted test files and test cases.', criterion: 'No test file or test case is removed.' },
  'guardrail.branch-unknown': { title: 'Name the head branch', owner: 'maintainer', action: 'Run the gate with --branch (or GITHUB_HEAD_REF) so the branch policy can be checked.', criterion: 'The head branch is known and inside the policy.' },
  'guardrail.branch-policy': { title: 'Use an allowed branch name', owner: 'agent', action: 'Push the work to a branch that matches the branch policy.', criterion: 'The head branch matches `guardrails.branches.allow`.' },
  'guardrail.excused': { title: 'Approve the excused guardrail hits', owner: 'maintainer', action: 'Review each excuse and approve the guardrail-excuse gate if it holds.', criterion: 'The guardrail-excuse gate is approved.' },
  'verify.new-findings': { title: 'Fix the new verification failures', owner: 'agent', action: 'Fix each new finding listed under Verification (pre-existing ones are not counted).', criterion: 'Every required verify step reports no new error findings against the base.' },
  'verify.step-error': { title: 'Make verification run to completion', owner: 'maintainer', action: 'Fix the verify step that could not run (missing tool, timeout, crash, unreadable output) and re-run with `/gate rerun`.', criterion: 'Every required verify step runs to completion.' },
  'verify.optional-step-error': { title: 'Repair the optional verify steps', owner: 'maintainer', action: 'Fix the optional step that could not run.', criterion: 'Optional verify steps run to completion.' },
  'verify.skipped': { title: 'Run the skipped verify steps', owner: 'maintainer', action: 'Run the required verify steps that were skipped.', criterion: 'No required verify step is SKIPPED.' },
  'verify.pre-existing': { title: 'Reduce pre-existing findings', owner: 'maintainer', action: 'Schedule the pre-existing findings on the base branch for clean-up.', criterion: 'The base branch carries fewer pre-existing findings.' },
  'verify.nothing-verified': { title: 'Configure verification', owner: 'maintainer', action: 'Add verify steps (lint, type check, tests) to .github/handoff-gate.yml on the base branch.', criterion: 'The gate runs at least one verify step.' },
  'verify.baseline-unavailable': { title: 'Restore the baseline', owner: 'maintainer', action: 'Fix the baseline (merge base worktree or baseline file) so only new findings count.', criterion: 'The baseline is available.' },
  'verify.evidence-missing': { title: 'Produce the verification evidence', owner: 'maintainer', action: 'Make the verify workflow upload its evidence artifact (see workflows/handoff-gate-verify.yml), then re-run it.', criterion: 'The verify run for the head commit has an evidence artifact.' },
  'verify.evidence-run-failed': { title: 'Make the verify run complete', owner: 'agent', action: 'Read the verify run log, fix what stopped it (install, set-up, timeout) and push, or re-run it.', criterion: 'The verify run for the head commit concludes success.' },
  'verify.evidence-stale': { title: 'Verify the current head', owner: 'agent', action: 'Re-run the verify workflow for the head commit (rebase first when the base configuration changed).', criterion: 'The evidence names the head commit, its verify run and this pull request.' },
  'verify.evidence-invalid': { title: 'Restore the verify workflow', owner: 'maintainer', action: 'Check that the verify workflow runs the handoff-gate Action unmodified in `mode: verify`.', criterion: 'The evidence matches schema evidence-1.x.' },
  'verify.evidence-too-large': { title: 'Keep the evidence small', owner: 'maintainer', action: 'Check that the verify workflow uploads only the evidence file the Action writes.', criterion: 'The evidence artifact is under the size limit.' },
  'review.suspected-cheat': { title: 'Answer the suspected cheats', owner: 'maintainer', action: 'A person reads each suspicion and its evidence; the agent removes the cheat, or a maintainer approves the pull request knowingly.', criterion: 'Every high-confidence suspicion is resolved or knowingly approved.' },
  'report.missing-deliverable': { title: 'Close the run report checklist', owner: 'agent', action: 'Deliver the unchecked items of the run report, or move them into follow-up tasks.', criterion: 'The run report has no unchecked items.' },
  'report.unreadable': { title: 'Make the run report readable', owner: 'agent', action: 'Rewrite the run report as plain Markdown (no pathological nesting).', criterion: 'The run report parses.' },
  'report.risk-open': { title: 'Resolve the open high risks of the run report', owner: 'agent', action: 'Mitigate each open High/Red or Critical risk the run report states, and update its status in the report; or have a maintainer accept the risk.', criterion: 'The run report states no open High/Red or Critical risk.' },
};
