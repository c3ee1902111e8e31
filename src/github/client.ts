/**
 * The GitHub client every function in `src/github/` takes: an Octokit with `request` and
 * `paginate` (what `@actions/github`'s `getOctokit` and Probot's `context.octokit` both are).
 * Calls use route strings (`GET /repos/{owner}/{repo}/…`), the names of GitHub's REST reference.
 */
import type { Octokit } from '@octokit/core';
import type { PaginateInterface } from '@octokit/plugin-paginate-rest';

export type GitHubClient = Pick<Octokit, 'request'> & { paginate: PaginateInterface };

/** A repository by owner and name. */
export interface RepoRef {
  owner: string;
  repo: string;
}

/** The HTTP status of an Octokit `RequestError`, or `undefined` for anything else. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}
