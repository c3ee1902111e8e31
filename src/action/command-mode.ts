/**
 * `mode: command` on `issue_comment` (created): the comment commands, handled by the shared
 * `handleCommandComment`; the gate looks again by re-running the verify workflow's run for the head
 * SHA, or, for `/gate rerun <step…>`, by dispatching the verify workflow for those steps only. This
 * workflow never checks out or runs pull request code.
 */
import * as core from '@actions/core';
import type { GitHubClient } from '../github/client.js';
import { handleCommandComment, type CommandOutcome } from '../github/handle-commands.js';
import { latestStepOutcomes, rerunVerification } from '../github/rerun-verification.js';
import type { ActionEvent } from './event.js';
import type { ActionInputs } from './inputs.js';

interface CommentPayload {
  action?: string;
  comment?: { id: number; body?: string; user: { login: string; type?: string } | null };
  issue?: { number: number; pull_request?: unknown };
}

export async function runCommandMode(inputs: ActionInputs, event: ActionEvent, client: GitHubClient): Promise<CommandOutcome> {
  const payload = event.payload as CommentPayload;
  if (event.name !== 'issue_comment' || payload.action !== 'created') return { handled: [], skipped: `mode "command" acts on issue_comment.created, not ${event.name}.${payload.action ?? ''}` };
  const { comment, issue } = payload;
  if (!comment || !issue?.pull_request) return { handled: [], skipped: 'not a pull request comment' };
  const workflow = inputs['gate-workflow'];
  const outcome = await handleCommandComment(
    client,
    event.repo,
    { commentId: comment.id, body: comment.body ?? '', author: comment.user?.login ?? '', authorIsBot: comment.user?.type === 'Bot', prNumber: issue.number },
    {
      configPath: inputs.config,
      botLogin: inputs['bot-login'],
      reevaluate: async (pr, reverify, config) => {
        // The Action looks again by re-running the verify workflow (its completion runs the trusted gate).
        const outcome = await rerunVerification(client, event.repo, pr, reverify.kind === 'none' ? { kind: 'all' } : reverify, { workflowName: workflow, gateFiles: config.guardrails.gateFiles.paths });
        if (outcome.runId) core.info(`handoff-gate: ${outcome.started === 'dispatch' ? 'dispatched' : 're-running'} workflow run ${outcome.runId}`);
        return outcome.note;
      },
      latestSteps: (pr, config, configText) => latestStepOutcomes(client, event.repo, pr, { steps: config.verify.steps, text: configText, gateFiles: config.guardrails.gateFiles.paths }, { workflowName: workflow, artifactName: inputs['evidence-artifact'] }),
    },
  );
  if (!outcome.skipped) core.info(`handoff-gate: ${outcome.handled.map((h) => `${h.command} ${h.allowed ? 'done' : 'refused'}`).join(', ')}`);
  return outcome;
}
