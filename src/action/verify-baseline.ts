/**
 * `mode: verify` and the published baseline (issue 12: baseline once per base).
 *
 * - On a `push` to the default branch, `runBaselinePush` runs the `baseline: true` verify steps on
 *   the pushed commit alone and writes the baseline evidence (schema baseline-evidence-1.x) as
 *   `handoff-gate-baseline.json` beside `evidence-path`, for the workflow to upload as the
 *   `handoff-gate-baseline` artifact.
 * - On `pull_request`, `publishedBaselineLookup` gives the verification a lookup that finds that
 *   artifact for the merge base (a successful push run of this same workflow file on the base
 *   branch; read-only token with `actions: read`) so the matching base steps are not run again.
 *   Any failure to find or read it is a miss: the base is computed, as without it.
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import * as core from '@actions/core';
import { buildBaselineEvidence, formatBaselineEvidence, matchingBaseSteps } from '../core/verify/baseline-evidence.js';
import { BASELINE_FILE, findPublishedBaseline, workflowPathOf } from '../github/baseline-artifact.js';
import type { GitHubClient } from '../github/client.js';
import type { StepVerdict } from '../core/verdict/verify-reasons.js';
import type { BaselineReuse } from '../local/baseline-reuse.js';
import { runBaselineOnCommit } from '../local/baseline-run.js';
import type { ActionEvent } from './event.js';
import type { ActionInputs } from './inputs.js';
import { logStep } from './log-step.js';

interface PushPayload {
  ref?: string;
  after?: string;
  repository?: { default_branch?: string };
}

/**
 * Writes the baseline evidence of the pushed commit (the checkout's HEAD) when the push is to the
 * default branch; otherwise does nothing and says why. Returns the file's path (also the step's
 * `evidence-path` output). Throws `ConfigError` for an invalid configuration on the commit.
 */
export async function runBaselinePush(inputs: ActionInputs, event: ActionEvent, env: NodeJS.ProcessEnv): Promise<{ baselinePath?: string; skipped?: string }> {
  const payload = event.payload as PushPayload;
  const branch = payload.repository?.default_branch;
  if (!branch || payload.ref !== `refs/heads/${branch}`) return { skipped: `a baseline is published only for pushes to the default branch; this push is to ${payload.ref ?? 'an unknown ref'}` };
  const run = await runBaselineOnCommit({ repo: event.workspace, configPath: inputs.config, env, onStepEvent: logStep });
  const baseline = buildBaselineEvidence(
    {
      repository: `${event.repo.owner}/${event.repo.repo}`,
      commitSha: run.commitSha,
      workflowRunId: Number(env['GITHUB_RUN_ID'] ?? 0),
      workflowRunAttempt: Number(env['GITHUB_RUN_ATTEMPT'] ?? 1),
      configText: run.configText,
    },
    run.steps,
    run.results,
    new Map(run.steps.map((s) => [s.id, run.fingerprint])),
  );
  const baselinePath = join(dirname(resolve(event.workspace, inputs['evidence-path'])), BASELINE_FILE);
  await mkdir(dirname(baselinePath), { recursive: true });
  await writeFile(baselinePath, formatBaselineEvidence(baseline));
  core.setOutput('evidence-path', baselinePath);
  const summaryPath = env['GITHUB_STEP_SUMMARY'];
  if (summaryPath) {
    const lines = [
      `Baseline published for ${run.commitSha.slice(0, 12)}: pull requests whose merge base is this commit reuse these base results.`,
      '',
      '| step | result | findings |',
      '| --- | --- | --- |',
      ...baseline.steps.map((s) => `| \`${s.id}\` | ${s.status} | ${s.findings.length} |`),
      ...(baseline.omitted ?? []).map((o) => `| \`${o.id}\` | not published | ${o.reason.replace(/[|\n]/g, ' ')} |`),
    ];
    await appendFile(summaryPath, `${lines.join('\n')}\n`);
  }
  return { baselinePath };
}

/**
 * The lookup of the default branch's published baseline for a pull request's verify run, or
 * `undefined` when this is not a `pull_request` event or the run cannot name its own workflow file
 * (`GITHUB_WORKFLOW_REF`). The push run must be from the pull request's base branch.
 */
export function publishedBaselineLookup(client: GitHubClient, event: ActionEvent, env: NodeJS.ProcessEnv): BaselineReuse['lookup'] | undefined {
  const baseBranch = (event.payload as { pull_request?: { base?: { ref?: string } } }).pull_request?.base?.ref;
  const workflowPath = workflowPathOf(env['GITHUB_WORKFLOW_REF'], `${event.repo.owner}/${event.repo.repo}`);
  if (event.name !== 'pull_request' || !baseBranch || !workflowPath) return undefined;
  return async ({ baseSha, configText, steps, fingerprints }) => {
    const found = await findPublishedBaseline(client, event.repo, { commitSha: baseSha, workflowPath, branch: baseBranch }).catch((error: unknown) => ({
      ok: false as const,
      message: `the runs could not be listed: ${error instanceof Error ? error.message.slice(0, 200) : 'error'}; does the workflow grant actions: read?`,
    }));
    if (!found.ok) {
      core.info(`handoff-gate: no published baseline reused (${found.message}); the base steps run here`);
      return undefined;
    }
    const hits = matchingBaseSteps(found.baseline, configText, steps, fingerprints);
    core.info(`handoff-gate: reusing ${hits.size} of ${steps.length} base step(s) from the baseline of push run ${found.runId}`);
    return { hits, runId: found.runId };
  };
}

/** The summary line naming the steps whose base came from a published baseline (empty when none). */
export function reuseSummary(steps: readonly StepVerdict[]): string[] {
  const reused = steps.filter((s) => s.baselineSource?.kind === 'artifact');
  return reused.length === 0 ? [] : ['', `Base results reused from the baseline the default branch published (push run ${reused.map((s) => (s.baselineSource as { runId: number }).runId)[0]}) for ${reused.map((s) => `\`${s.id}\``).join(', ')}; those steps did not run on the merge base here.`];
}

/** `{ baselineLookup }` for the verification options when there is a lookup. */
export function reuseOption(lookup: BaselineReuse['lookup'] | undefined): { baselineLookup?: BaselineReuse['lookup'] } {
  return lookup ? { baselineLookup: lookup } : {};
}

/** `runBaselinePush`'s result as `runVerifyMode` returns it. */
export function baselineOutcome(outcome: { baselinePath?: string; skipped?: string }): { steps: StepVerdict[]; evidencePath?: string; skipped?: string } {
  return { steps: [], ...(outcome.baselinePath ? { evidencePath: outcome.baselinePath } : {}), ...(outcome.skipped ? { skipped: outcome.skipped } : {}) };
}
