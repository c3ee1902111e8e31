/**
 * Handles one pull request comment's commands (shared by the Action's `mode: command` and the App):
 * each command is authorised from the base configuration and the commenter's repository permission;
 * the bot reacts 👀 on pickup, then 👍 or 😕, and answers every refusal with a reply naming who may
 * run it. Approve, reject, hold and unhold are recorded in a reply, bound to the head SHA; the host's
 * `reevaluate` then rebuilds the gate from the timeline.
 */
import { authorize, teamsReferenced, type Actor } from '../core/commands/authorize.js';
import { parseCommands, type ParsedCommand } from '../core/commands/parse-commands.js';
import { effectOf } from '../core/commands/command-effects.js';
import { RERUN_FAILED, resolveRerun, type StepOutcome } from '../core/commands/rerun-request.js';
import type { GateConfig } from '../core/config/config-schema.js';
import { loadConfig } from '../core/config/load-config.js';
import { codeSpan, escapeMarkdown } from '../core/report/escape.js';
import { formatRecordReply, type DecisionRecord } from '../core/timeline/records.js';
import type { GitHubClient, RepoRef } from './client.js';
import { postComment, react, type Reaction } from './issue-comments.js';
import { repositoryPermission, teamMemberships } from './permissions.js';
import { getPullRequest, readFileAtRef, type PullRequestFacts } from './pull-requests.js';
import type { Reverify } from './rerun-verification.js';

export interface CommandComment {
  /** The comment to react to; absent for a check-run button click (nothing to react to). */
  commentId?: number;
  body: string;
  /** A check-run button click (or GitHub's "Re-run"): the command to run instead of parsing `body`. */
  button?: ParsedCommand['name'];
  /** The button command's arguments (`failed` for a re-requested check run). */
  buttonArgs?: string;
  author: string;
  authorIsBot: boolean;
  prNumber: number;
}

export interface CommandHost {
  /** Path of the configuration on the base commit. */
  configPath: string;
  /** The login the bot writes as; its own comments are never commands. */
  botLogin: string;
  /**
   * Makes the gate look again after a command (re-run a workflow, or evaluate in place). `reverify`
   * says what `/gate rerun` asked to verify again (`none` for the other commands).
   * Returns a line to tell the commenter when something needs their attention, else `undefined`.
   */
  reevaluate(pr: PullRequestFacts, reverify: Reverify, config: GateConfig): Promise<string | undefined>;
  /** The latest result of each step on the head, for `/gate rerun failed` (`undefined`: none usable). */
  latestSteps(pr: PullRequestFacts, config: GateConfig, configText: string): Promise<StepOutcome[] | undefined>;
}

export interface CommandOutcome {
  handled: { command: string; allowed: boolean }[];
  skipped?: string;
  /** The host was asked to look again (and, for `/gate rerun`, to verify again). */
  reevaluated?: boolean;
}

/** Never throws for a refused or unknown command; API failures propagate. */
export async function handleCommandComment(client: GitHubClient, repo: RepoRef, comment: CommandComment, host: CommandHost): Promise<CommandOutcome> {
  const login = comment.author;
  if (!login || comment.authorIsBot || login.toLowerCase() === host.botLogin.toLowerCase()) return { handled: [], skipped: 'comment by a bot' };
  // The prefix may be configured, so the configuration is read first, from the base.
  const pr = await getPullRequest(client, repo, comment.prNumber);
  const configText = (await readFileAtRef(client, repo, host.configPath, pr.baseSha)) ?? '';
  const loaded = loadConfig(host.configPath, configText);
  const prefix = loaded.ok ? loaded.config.commands.prefix : '/gate';
  const commands = comment.button ? [{ name: comment.button, args: comment.buttonArgs ?? '', line: 0 }] : parseCommands(comment.body, prefix).commands;
  if (commands.length === 0) return { handled: [], skipped: 'no command' };
  const reactTo = (content: Reaction) => (comment.commentId === undefined ? Promise.resolve(false) : react(client, repo, comment.commentId, content));
  await reactTo('eyes');
  if (!loaded.ok) {
    await postComment(client, repo, pr.number, `@${login} the gate configuration on the base branch is invalid, so no command can run:\n\n${loaded.problems.map((p) => `- ${escapeMarkdown(`${p.file}:${p.line}:${p.column} ${p.message}`)}`).join('\n')}`);
    await reactTo('confused');
    return { handled: commands.map((c) => ({ command: c.name, allowed: false })) };
  }
  const config = loaded.config;
  const actor: Actor = { login, isBot: comment.authorIsBot, permission: await repositoryPermission(client, repo, login), teams: new Set<string>() };
  if (commands.some((c) => c.name === 'approve')) actor.teams = await teamMemberships(client, teamsReferenced(config), login);

  const handled: CommandOutcome['handled'] = [];
  const records: DecisionRecord[] = [];
  const replies: string[] = [];
  const refusals: string[] = [];
  let reevaluate = false;
  let reverify: Reverify = { kind: 'none' };
  const short = codeSpan(pr.headSha.slice(0, 7));
  for (const command of commands) {
    const decision = authorize(command, actor, { config, prAuthor: pr.author });
    handled.push({ command: command.name, allowed: decision.allowed });
    if (!decision.allowed) {
      refusals.push(`${codeSpan(`${prefix} ${command.name}`)} was not run: ${decision.reason}.`);
      continue;
    }
    if (command.name === 'rerun') {
      const wantsFailed = command.args.trim().toLowerCase() === RERUN_FAILED;
      const request = resolveRerun(command.args, config.verify.steps.map((s) => s.id), wantsFailed ? await host.latestSteps(pr, config, configText) : undefined);
      if (request.kind === 'unknown') {
        (handled.at(-1) as CommandOutcome['handled'][number]).allowed = false;
        const configured = request.configured.length > 0 ? request.configured.map((id) => codeSpan(id)).join(', ') : 'none (no verify steps are configured)';
        refusals.push(`${codeSpan(`${prefix} rerun ${command.args}`, 200)} was not run: ${request.unknown.map((u) => codeSpan(u, 80)).join(', ')} ${request.unknown.length === 1 ? 'is not a configured verify step' : 'are not configured verify steps'}. The configured steps are ${configured}.`);
        continue;
      }
      if (request.kind === 'nothing-failed') {
        replies.push(`No verify step failed on ${short}, so nothing was re-run.`);
        continue;
      }
      reverify = combineReverify(reverify, request.kind === 'all' ? { kind: 'all' } : { kind: 'steps', steps: request.steps });
      records.push({ type: 'rerun', user: login, sha: pr.headSha, steps: request.kind === 'all' ? [] : request.steps });
      replies.push(
        request.kind === 'all'
          ? `Re-running the whole verification on ${short} for ${escapeMarkdown(login)}.`
          : `Re-running ${request.steps.map((id) => codeSpan(id)).join(', ')}${request.failedOnly ? ' (the steps that failed)' : ''} on ${short} for ${escapeMarkdown(login)}; the other steps keep their results.`,
      );
      reevaluate = true;
      continue;
    }
    const effect = effectOf(command, decision.gates, login, pr.headSha);
    records.push(...effect.records);
    if (effect.reply) replies.push(effect.reply(prefix));
    reevaluate ||= effect.reevaluate;
  }
  if (refusals.length > 0) await postComment(client, repo, pr.number, `@${login} ${refusals.join('\n')}`);
  // One record reply, posted before the re-evaluation so it finds the records in the timeline. Its
  // prose is escaped; the reducer reads records only from such replies (never from the review).
  // A button click is recorded as a short comment too, so it lives in the timeline like a command.
  const clicked = comment.button ? [`${escapeMarkdown(login)} clicked ${codeSpan(comment.button)} on the check run.`] : [];
  if (replies.length > 0 || records.length > 0) await postComment(client, repo, pr.number, formatRecordReply([...clicked, ...replies], records));
  const note = reevaluate ? await host.reevaluate(pr, reverify, config) : undefined;
  if (note) await postComment(client, repo, pr.number, `@${login} ${note}`);
  await reactTo(refusals.length === 0 ? '+1' : 'confused');
  return { handled, reevaluated: reevaluate };
}

/** Two re-run requests of one comment as one: everything wins; step lists are united. */
function combineReverify(a: Reverify, b: Reverify): Reverify {
  if (a.kind === 'all' || b.kind === 'all') return { kind: 'all' };
  const steps = [...(a.kind === 'steps' ? a.steps : []), ...(b.kind === 'steps' ? b.steps : [])];
  return steps.length > 0 ? { kind: 'steps', steps: [...new Set(steps)] } : { kind: 'none' };
}
