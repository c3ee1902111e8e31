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
  /** The base repository's default branch (`base.repo.default_branch`), where the trusted workflows live. */
  defaultBranch?: string;
}

/** A pull request as the REST API and the webhook payloads give it (the fields the gate reads). */
export interface PullRequestPayload {
  number: number;
  body?: string | null;
  user: { login: string } | null;
  head: { sha: string; ref: string; repo: { full_name: string } | null };
  base: { sha: string; ref: string; repo: { full_name: string; default_branch?: string } };
}

/** The facts of a REST or webhook pull request object. */
export function pullRequestFactsOf(pr: PullRequestPayload): PullRequestFacts {
  return {
    number: pr.number,
    author: pr.user?.login ?? '',
    headSha: pr.head.sha,
    headRef: pr.head.ref,
    baseSha: pr.base.sha,
    baseRef: pr.base.ref,
    fromFork: (pr.head.repo?.full_name ?? '') !== pr.base.repo.full_name,
    ...(pr.body ? { body: pr.body } : {}),
    ...(pr.base.repo.default_branch ? { defaultBranch: pr.base.repo.default_branch } : {}),
  };
}

/** `GET /repos/{owner}/{repo}/pulls/{pull_number}`, reduced to what the gate uses. */
export async function getPullRequest(client: GitHubClient, repo: RepoRef, number: number): Promise<PullRequestFacts> {
  const { data } = await client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...repo, pull_number: number });
  return { ...pullRequestFactsOf(data as PullRequestPayload), number };
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
