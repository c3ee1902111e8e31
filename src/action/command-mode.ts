/**
 * `mode: command` on `issue_comment` (created): the comment commands, handled by the shared
 * `handleCommandComment`; the gate looks again by re-running the gate's workflow run for the head
 * SHA. This workflow never checks out or runs pull request code.
 */
import * as core from '@actions/core';
import { codeSpan, escapeMarkdown } from '../core/report/escape.js';
import type { GitHubClient } from '../github/client.js';
import { handleCommandComment, type CommandOutcome } from '../github/handle-commands.js';
import { rerunWorkflow } from '../github/workflow-runs.js';
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
      reevaluate: async (pr) => {
        const { runId, running } = await rerunWorkflow(client, event.repo, pr.headSha, workflow);
        if (runId) {
          core.info(`handoff-gate: re-running workflow run ${runId}`);
          return undefined;
        }
        // GitHub refuses to re-run a run in progress, and that run read the timeline before this command.
        if (running) return `the gate is running on ${codeSpan(pr.headSha.slice(0, 7))} right now and cannot take this into account; comment ${codeSpan('/gate rerun')} when it has finished.`;
        return `no "${escapeMarkdown(workflow)}" workflow run was found for ${codeSpan(pr.headSha.slice(0, 7))}; push a commit or re-run it from the Actions tab.`;
      },
    },
  );
  if (!outcome.skipped) core.info(`handoff-gate: ${outcome.handled.map((h) => `${h.command} ${h.allowed ? 'done' : 'refused'}`).join(', ')}`);
  return outcome;
}
