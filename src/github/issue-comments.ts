/**
 * Pull request comments: list them all (every page), upsert our one review comment found by its
 * hidden marker, reply, react. If the comments cannot be listed, nothing is posted (a partial list
 * could miss our comment and create a duplicate: Danger issue #1031).
 * Source: https://docs.github.com/en/rest/issues/comments
 */
import type { GitHubClient, RepoRef } from './client.js';

export interface IssueComment {
  id: number;
  author: string;
  authorIsBot: boolean;
  body: string;
  createdAt: string;
}

/** Every comment of issue/PR `number`, oldest first (100 per page, all pages). */
export async function listIssueComments(client: GitHubClient, repo: RepoRef, number: number): Promise<IssueComment[]> {
  const comments = await client.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repo, issue_number: number, per_page: 100 });
  return comments.map((c) => ({ id: c.id, author: c.user?.login ?? '', authorIsBot: c.user?.type === 'Bot', body: c.body ?? '', createdAt: c.created_at }));
}

/**
 * Updates the comment that carries `marker` and was written by `botLogin`, or creates one.
 * `existing` is the list from `listIssueComments` (so one listing serves the reducer and the upsert).
 * Returns what it did; an unchanged body is not rewritten.
 */
export async function upsertStickyComment(client: GitHubClient, repo: RepoRef, number: number, body: string, marker: string, existing: readonly IssueComment[], botLogin: string): Promise<'created' | 'updated' | 'unchanged'> {
  const bot = botLogin.toLowerCase();
  const ours = existing.find((c) => c.author.toLowerCase() === bot && c.body.includes(marker));
  if (!ours) {
    await client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repo, issue_number: number, body });
    return 'created';
  }
  if (ours.body === body) return 'unchanged';
  await client.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...repo, comment_id: ours.id, body });
  return 'updated';
}

/** Posts a new comment (a command reply). */
export async function postComment(client: GitHubClient, repo: RepoRef, number: number, body: string): Promise<void> {
  await client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repo, issue_number: number, body });
}

export type Reaction = 'eyes' | '+1' | 'confused' | 'rocket';

/** Reacts to a comment; failures are returned, not thrown (a missing reaction must not stop a command). */
export async function react(client: GitHubClient, repo: RepoRef, commentId: number, content: Reaction): Promise<boolean> {
  try {
    await client.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', { ...repo, comment_id: commentId, content });
    return true;
  } catch {
    return false;
  }
}
