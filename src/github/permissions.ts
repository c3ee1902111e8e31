/**
 * Who someone is to the repository: their permission (`role_name`, so maintain and triage are not
 * folded into write and read) and their membership of the teams the configuration names.
 * `author_association` is not used: it shows private org members as CONTRIBUTOR.
 * Sources: https://docs.github.com/en/rest/collaborators/collaborators#get-repository-permissions-for-a-user,
 * https://docs.github.com/en/rest/teams/members#get-team-membership-for-a-user
 */
import type { Permission } from '../core/commands/authorize.js';
import { statusOf, type GitHubClient, type RepoRef } from './client.js';

const LEVELS: readonly Permission[] = ['admin', 'maintain', 'write', 'triage', 'read'];

/** The user's permission on `repo`; `none` when they are not a collaborator (404). Other errors throw. */
export async function repositoryPermission(client: GitHubClient, repo: RepoRef, username: string): Promise<Permission> {
  try {
    const { data } = await client.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', { ...repo, username });
    const role = (data as { role_name?: string }).role_name ?? data.permission;
    return (LEVELS as readonly string[]).includes(role) ? (role as Permission) : data.permission === 'none' ? 'none' : 'read';
  } catch (error) {
    if (statusOf(error) === 404) return 'none';
    throw error;
  }
}

/** The subset of `teams` (`org/slug`) the user is an active member of. A 404 means "not a member". */
export async function teamMemberships(client: GitHubClient, teams: readonly string[], username: string): Promise<Set<string>> {
  const member = new Set<string>();
  for (const team of teams) {
    const [org, slug] = team.split('/');
    if (!org || !slug) continue;
    try {
      const { data } = await client.request('GET /orgs/{org}/teams/{team_slug}/memberships/{username}', { org, team_slug: slug, username });
      if (data.state === 'active') member.add(team);
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }
  return member;
}
