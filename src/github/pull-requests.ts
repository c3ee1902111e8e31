/** Pull request facts and file contents at a ref, through the REST API. */
import { statusOf, type GitHubClient, type RepoRef } from './client.js';

export interface PullRequestFacts {
  number: number;
  author: string;
  headSha: string;
  headRef: string;
  baseSha: string;
  baseRef: string;
  fromFork: boolean;
  /** The description (untrusted text). */
  body?: string;
}

/** `GET /repos/{owner}/{repo}/pulls/{pull_number}`, reduced to what the gate uses. */
export async function getPullRequest(client: GitHubClient, repo: RepoRef, number: number): Promise<PullRequestFacts> {
  const { data } = await client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...repo, pull_number: number });
  return {
    number,
    author: data.user.login,
    headSha: data.head.sha,
    headRef: data.head.ref,
    baseSha: data.base.sha,
    baseRef: data.base.ref,
    fromFork: (data.head.repo?.full_name ?? '') !== data.base.repo.full_name,
    ...(data.body ? { body: data.body } : {}),
  };
}

/** A file's text at `ref` (raw media type), or `undefined` when it does not exist (404). */
export async function readFileAtRef(client: GitHubClient, repo: RepoRef, path: string, ref: string): Promise<string | undefined> {
  try {
    const { data } = await client.request('GET /repos/{owner}/{repo}/contents/{path}', { ...repo, path, ref, headers: { accept: 'application/vnd.github.raw+json' } });
    return typeof data === 'string' ? data : Buffer.from((data as { content?: string }).content ?? '', 'base64').toString('utf8');
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}
