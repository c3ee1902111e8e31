/**
 * The one registry of PR comment commands: what each does, its arguments, and who may run it.
 * `/gate help` is generated from it, and every refusal quotes its `who`.
 */

/** Who may run a command. */
export type CommandAudience =
  /** anyone who can comment */
  | 'anyone'
  /** repository write permission (maintain and admin included) */
  | 'write'
  /** write permission, or the pull request's author */
  | 'write-or-author'
  /** the approvers of the gate being approved (roles, users, teams); write permission when a gate names none */
  | 'gate-approvers';

export interface CommandSpec {
  name: CommandName;
  args: string;
  summary: string;
  audience: CommandAudience;
  /** Whether the command needs an argument (`reject <reason>`). */
  argRequired: boolean;
}

export type CommandName = 'rerun' | 'approve' | 'reject' | 'hold' | 'unhold' | 'review' | 'help';

export const COMMANDS: readonly CommandSpec[] = [
  { name: 'rerun', args: '[step…|failed]', summary: 'Verify the head commit again: the named verify steps only (the other steps keep their results), `failed` for the steps that failed or errored, or everything when no step is named.', audience: 'write-or-author', argRequired: false },
  { name: 'approve', args: '[gate]', summary: 'Approve an approval gate (all the gates you may approve when none is named), or clear a blocking rule by naming its reason code (e.g. guardrail.protected-path), for the current head commit only.', audience: 'gate-approvers', argRequired: false },
  { name: 'reject', args: '<reason>', summary: 'Reject the handoff: the decision becomes rejected until a new push.', audience: 'write', argRequired: true },
  { name: 'hold', args: '', summary: 'Hold the pull request: the gate stays BLOCKED until /gate unhold.', audience: 'write', argRequired: false },
  { name: 'unhold', args: '', summary: 'Release a hold.', audience: 'write', argRequired: false },
  { name: 'review', args: '', summary: 'Re-post the orchestrator review.', audience: 'write-or-author', argRequired: false },
  { name: 'help', args: '', summary: 'Show this help.', audience: 'anyone', argRequired: false },
];

/** Human words for an audience, used in help and refusals. */
export function describeAudience(audience: CommandAudience): string {
  switch (audience) {
    case 'anyone':
      return 'anyone';
    case 'write':
      return 'people with write permission on the repository';
    case 'write-or-author':
      return 'people with write permission, or the pull request author';
    case 'gate-approvers':
      return "the gate's approvers (its roles, users and teams; write permission when it names none); never a bot, and the pull request author only where the gate allows it";
  }
}

/** The `/gate help` reply, generated from the registry. */
export function helpText(prefix: string): string {
  const rows = COMMANDS.map((c) => `| \`${prefix} ${c.name}${c.args ? ` ${c.args}` : ''}\` | ${c.summary} | ${describeAudience(c.audience)} |`);
  return ['**handoff-gate commands** (at the start of a line in a pull request comment)', '', '| command | what it does | who may run it |', '| --- | --- | --- |', ...rows].join('\n');
}
