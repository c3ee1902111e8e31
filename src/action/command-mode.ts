/**
 * `mode: command` on `issue_comment` (created): the comment commands of SPEC.md. Each command is
 * authorised from the base configuration and the commenter's repository permission; the bot reacts
 * 👀 on pickup, then 👍 or 😕, and answers every refusal with a reply naming who may run it.
 * Approve, reject, hold and unhold are recorded in a reply (bound to the head SHA) and take effect by
 * re-running the gate's workflow, which rebuilds the state from the timeline. This workflow never
 * checks out or runs pull request code.
 */
import * as core from '@actions/core';
import { authorize, teamsReferenced, type Actor } from '../core/commands/authorize.js';
import { parseCommands, type ParsedCommand } from '../core/commands/parse-commands.js';
import { helpText } from '../core/commands/registry.js';
import { loadConfig } from '../core/config/load-config.js';
import { codeSpan, escapeMarkdown } from '../core/report/escape.js';
import { formatRecord, type DecisionRecord } from '../core/timeline/records.js';
import type { GitHubClient } from '../github/client.js';
import { postComment, react } from '../github/issue-comments.js';
import { repositoryPermission, teamMemberships } from '../github/permissions.js';
import { getPullRequest, readFileAtRef } from '../github/pull-requests.js';
import { rerunWorkflow } from '../github/workflow-runs.js';
import type { ActionEvent } from './event.js';
import type { ActionInputs } from './inputs.js';

interface CommentPayload {
  action?: string;
  comment?: { id: number; body?: string; user: { login: string; type?: string } | null };
  issue?: { number: number; pull_request?: unknown };
}

export interface CommandOutcome {
  handled: { command: string; allowed: boolean }[];
  skipped?: string;
}

export async function runCommandMode(inputs: ActionInputs, event: ActionEvent, client: GitHubClient): Promise<CommandOutcome> {
  const payload = event.payload as CommentPayload;
  if (event.name !== 'issue_comment' || payload.action !== 'created') return { handled: [], skipped: `mode "command" acts on issue_comment.created, not ${event.name}.${payload.action ?? ''}` };
  const { comment, issue } = payload;
  if (!comment || !issue?.pull_request) return { handled: [], skipped: 'not a pull request comment' };
  const login = comment.user?.login ?? '';
  if (!login || comment.user?.type === 'Bot' || login.toLowerCase() === inputs['bot-login'].toLowerCase()) return { handled: [], skipped: 'comment by a bot' };

  // The prefix may be configured, so the configuration is read first, from the base.
  const repo = event.repo;
  const pr = await getPullRequest(client, repo, issue.number);
  const configText = (await readFileAtRef(client, repo, inputs.config, pr.baseSha)) ?? '';
  const loaded = loadConfig(inputs.config, configText);
  const prefix = loaded.ok ? loaded.config.commands.prefix : '/gate';
  const { commands } = parseCommands(comment.body ?? '', prefix);
  if (commands.length === 0) return { handled: [], skipped: 'no command' };
  await react(client, repo, comment.id, 'eyes');
  if (!loaded.ok) {
    await postComment(client, repo, issue.number, `@${login} the gate configuration on the base branch is invalid, so no command can run:\n\n${loaded.problems.map((p) => `- ${escapeMarkdown(`${p.file}:${p.line}:${p.column} ${p.message}`)}`).join('\n')}`);
    await react(client, repo, comment.id, 'confused');
    return { handled: commands.map((c) => ({ command: c.name, allowed: false })) };
  }
  const config = loaded.config;
  const isBot = comment.user?.type === 'Bot';
  const actor: Actor = { login, isBot, permission: await repositoryPermission(client, repo, login), teams: new Set<string>() };
  if (commands.some((c) => c.name === 'approve')) actor.teams = await teamMemberships(client, teamsReferenced(config), login);

  const handled: CommandOutcome['handled'] = [];
  let rerun = false;
  const records: DecisionRecord[] = [];
  const replies: string[] = [];
  const refusals: string[] = [];
  for (const command of commands) {
    const decision = authorize(command, actor, { config, prAuthor: pr.author });
    handled.push({ command: command.name, allowed: decision.allowed });
    if (!decision.allowed) {
      refusals.push(`${codeSpan(`${prefix} ${command.name}`)} was not run: ${decision.reason}.`);
      continue;
    }
    const effect = apply(command, decision.gates, login, pr.headSha);
    records.push(...effect.records);
    if (effect.reply) replies.push(effect.reply(prefix));
    rerun ||= effect.rerun;
  }
  if (refusals.length > 0) await postComment(client, repo, issue.number, `@${login} ${refusals.join('\n')}`);
  if (rerun) {
    const { runId, running } = await rerunWorkflow(client, repo, pr.headSha, inputs['gate-workflow']);
    replies.push(runId ? `Re-running the gate (workflow run ${runId}).` : running ? 'The gate is already running on this commit; it will pick this up.' : `No "${inputs['gate-workflow']}" workflow run was found for ${codeSpan(pr.headSha.slice(0, 7))}; push a commit or re-run it from the Actions tab.`);
  }
  if (replies.length > 0 || records.length > 0) await postComment(client, repo, issue.number, [...replies, ...records.map(formatRecord)].join('\n'));
  await react(client, repo, comment.id, refusals.length === 0 ? '+1' : 'confused');
  core.info(`handoff-gate: ${handled.map((h) => `${h.command} ${h.allowed ? 'done' : 'refused'}`).join(', ')}`);
  return { handled };
}

/** What an authorised command does: records to write, whether to re-run the gate, and the reply line. */
function apply(command: ParsedCommand, gates: string[], user: string, headSha: string): { records: DecisionRecord[]; rerun: boolean; reply?: (prefix: string) => string } {
  const short = codeSpan(headSha.slice(0, 7));
  switch (command.name) {
    case 'approve':
      return { records: gates.map((gate) => ({ type: 'approve', gate, user, sha: headSha })), rerun: true, reply: () => `Approval by ${escapeMarkdown(user)} recorded for ${gates.map((g) => codeSpan(g)).join(', ')} on ${short}; a new push dismisses it.` };
    case 'reject':
      return { records: [{ type: 'reject', user, reason: command.args, sha: headSha }], rerun: true, reply: () => `Rejected by ${escapeMarkdown(user)} on ${short}: ${escapeMarkdown(command.args)}` };
    case 'hold':
      return { records: [{ type: 'hold', user }], rerun: true, reply: (p) => `On hold by ${escapeMarkdown(user)}; ${codeSpan(`${p} unhold`)} releases it.` };
    case 'unhold':
      return { records: [{ type: 'unhold', user }], rerun: true, reply: () => `Hold released by ${escapeMarkdown(user)}.` };
    case 'rerun':
    case 'review':
      return { records: [], rerun: true };
    case 'help':
      return { records: [], rerun: false, reply: (p) => helpText(p) };
  }
}
