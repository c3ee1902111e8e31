/**
 * The pure reducer that rebuilds approvals, holds and rejections from a pull request's timeline on
 * every event: the bot's decision records (written only after a command was authorised) and GitHub's
 * own reviews. Approvals are bound to the head SHA: one given for an earlier head is dismissed when
 * its gate says so (`dismissOnPush`, the default). Bots never count as approvers.
 */
import type { GateConfig } from '../config/config-schema.js';
import { gateRuleFor } from '../commands/authorize.js';
import type { Approval, ReviewState } from '../gates/evaluate-gates.js';
import { parseRecords } from './records.js';

export interface TimelineComment {
  author: string;
  authorIsBot: boolean;
  body: string;
  /** ISO 8601 timestamp (GitHub's `created_at`). */
  createdAt: string;
}

export interface TimelineReview {
  author: string;
  authorIsBot: boolean;
  /** GitHub's review state: `APPROVED`, `CHANGES_REQUESTED`, `COMMENTED`, `DISMISSED`, `PENDING`. */
  state: string;
  commitId: string;
  submittedAt: string;
}

export interface TimelineInput {
  comments: readonly TimelineComment[];
  reviews: readonly TimelineReview[];
  headSha: string;
  /** The login our records are written by (`github-actions[bot]` for the Action, `<app>[bot]` for the App). */
  botLogin: string;
  prAuthor: string;
  config: GateConfig;
}

/** Rebuilds the review state. Same input, same output; order of the input lists does not matter. */
export function reduceTimeline(input: TimelineInput): ReviewState {
  const bot = input.botLogin.toLowerCase();
  const records = [...input.comments]
    .filter((c) => c.author.toLowerCase() === bot)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .flatMap((c) => parseRecords(c.body).map((record) => ({ record, at: c.createdAt })));
  const approvals = new Map<string, Approval>();
  let hold: ReviewState['hold'];
  let rejection: ReviewState['rejection'];
  const author = input.prAuthor.toLowerCase();
  const reruns: NonNullable<ReviewState['reruns']> = [];
  for (const { record, at } of records) {
    switch (record.type) {
      case 'approve': {
        const rule = gateRuleFor(record.gate, input.config);
        const current = record.sha === input.headSha || rule?.dismissOnPush === false;
        if (rule && current && (record.user.toLowerCase() !== author || rule.allowAuthor)) approvals.set(`${record.gate}\0${record.user.toLowerCase()}`, { gate: record.gate, user: record.user });
        break;
      }
      case 'reject':
        if (record.sha === input.headSha) rejection = { by: record.user, reason: record.reason };
        break;
      case 'hold':
        hold = { by: record.user };
        break;
      case 'unhold':
        hold = undefined;
        break;
      case 'rerun':
        if (record.sha === input.headSha) reruns.push({ by: record.user, steps: record.steps, at });
        break;
    }
  }
  for (const approval of nativeApprovals(input)) approvals.set(`${approval.gate}\0${approval.user.toLowerCase()}`, approval);
  return { approvals: [...approvals.values()], ...(hold ? { hold } : {}), ...(rejection ? { rejection } : {}), ...(reruns.length > 0 ? { reruns } : {}) };
}

/**
 * GitHub review approvals that count for gates with `nativeReviews: true`: the reviewer's latest
 * review is APPROVED, on the head commit (or any commit when the gate keeps approvals across
 * pushes), and the reviewer is one of the gate's listed users or a listed user of one of its roles.
 */
function nativeApprovals(input: TimelineInput): Approval[] {
  const gates = input.config.gates.filter((g) => g.nativeReviews);
  if (gates.length === 0) return [];
  const latest = new Map<string, TimelineReview>();
  for (const review of [...input.reviews].sort((a, b) => a.submittedAt.localeCompare(b.submittedAt))) {
    if (review.authorIsBot || review.state === 'COMMENTED' || review.state === 'PENDING') continue;
    latest.set(review.author.toLowerCase(), review);
  }
  const out: Approval[] = [];
  for (const review of latest.values()) {
    if (review.state !== 'APPROVED') continue;
    const login = review.author.toLowerCase();
    for (const gate of gates) {
      if (review.commitId !== input.headSha && gate.dismissOnPush) continue;
      if (login === input.prAuthor.toLowerCase() && !gate.allowAuthor) continue;
      const listed = [...gate.approvers.users, ...gate.approvers.roles.flatMap((r) => input.config.roles[r]?.users ?? [])].map((u) => u.toLowerCase());
      if (listed.includes(login)) out.push({ gate: gate.id, user: review.author });
    }
  }
  return out;
}
