/**
 * Pull request comments: list them all (every page), upsert our one review comment found by its
 * hidden marker, reply, react. If the comments cannot be listed, nothing is posted (a partial list
 * could miss our comment and create a duplicate: Danger issue #1031). A create whose outcome is
 * unknown (5xx, timeout, reset) is not retried blindly: the comments are listed again and ours adopted,
 * else created; duplicates of our comment (made by a concurrent writer) are deleted, the lowest id kept.
 * Source: https://docs.github.com/en/rest/issues/comments
 */
import { NO_BLIND_RETRY, outcomeUnknown } from './check-runs.js';
import { statusOf, type GitHubClient, type RepoRef } from './client.js';

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

/** Attempts at a create whose outcome stays unknown before giving up (each re-lists first). */
const CREATE_ATTEMPTS = 3;

/**
 * Updates the comment that carries `marker` and was written by `botLogin`, or creates one.
 * `existing` is the list from `listIssueComments` (so one listing serves the reducer and the upsert).
 * Of several such comments the oldest (lowest id) is ours and the others are deleted. Returns what
 * it did; an unchanged body is not rewritten. Throws the Octokit `RequestError` of a failed write.
 */
export async function upsertStickyComment(client: GitHubClient, repo: RepoRef, number: number, body: string, marker: string, existing: readonly IssueComment[], botLogin: string): Promise<'created' | 'updated' | 'unchanged'> {
  const bot = botLogin.toLowerCase();
  const oursIn = (comments: readonly IssueComment[]) => comments.filter((c) => c.author.toLowerCase() === bot && c.body.includes(marker)).sort((a, b) => a.id - b.id);
  let [ours, ...duplicates] = oursIn(existing);
  for (let attempt = 1; !ours; attempt++) {
    try {
      await client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repo, issue_number: number, body, ...NO_BLIND_RETRY });
      return 'created';
    } catch (error) {
      if (!outcomeUnknown(error) || attempt >= CREATE_ATTEMPTS) throw error;
      [ours, ...duplicates] = oursIn(await listIssueComments(client, repo, number));
    }
  }
  for (const duplicate of duplicates) {
    try {
      await client.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...repo, comment_id: duplicate.id });
    } catch (error) {
      if (statusOf(error) !== 404) throw error; // already gone
    }
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
