/**
 * What an authorised command does, as data: the decision records to write, whether the gate must
 * look again, and the line of the reply for people. Pure; the GitHub side posts the reply with
 * `formatRecordReply`. Untrusted parts of a reply line (the reject reason, gate names, logins) are
 * escaped here, so a record reply carries no untrusted text outside escaped parts.
 */
import { codeSpan, escapeMarkdown } from '../report/escape.js';
import type { DecisionRecord } from '../timeline/records.js';
import type { ParsedCommand } from './parse-commands.js';
import { helpText } from './registry.js';

export interface CommandEffect {
  records: DecisionRecord[];
  reevaluate: boolean;
  /** The reply line, given the configured command prefix. */
  reply?: (prefix: string) => string;
}

/**
 * @param gates the gates `authorize` allowed this approval for
 * @param user the commenter's login
 * @param headSha the pull request's head SHA the records are bound to
 */
export function effectOf(command: ParsedCommand, gates: readonly string[], user: string, headSha: string): CommandEffect {
  const short = codeSpan(headSha.slice(0, 7));
  switch (command.name) {
    case 'approve':
      return { records: gates.map((gate) => ({ type: 'approve', gate, user, sha: headSha })), reevaluate: true, reply: () => `Approval by ${escapeMarkdown(user)} recorded for ${gates.map((g) => codeSpan(g)).join(', ')} on ${short}; a new push dismisses it.` };
    case 'reject':
      return { records: [{ type: 'reject', user, reason: command.args, sha: headSha }], reevaluate: true, reply: () => `Rejected by ${escapeMarkdown(user)} on ${short}: ${escapeMarkdown(command.args)}` };
    case 'hold':
      return { records: [{ type: 'hold', user }], reevaluate: true, reply: (p) => `On hold by ${escapeMarkdown(user)}; ${codeSpan(`${p} unhold`)} releases it.` };
    case 'unhold':
      return { records: [{ type: 'unhold', user }], reevaluate: true, reply: () => `Hold released by ${escapeMarkdown(user)}.` };
    case 'rerun':
    case 'review':
      return { records: [], reevaluate: true };
    case 'help':
      return { records: [], reevaluate: false, reply: (p) => helpText(p) };
  }
}
