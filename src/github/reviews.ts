/** GitHub's own pull request reviews, for gates that count native approvals. Source: https://docs.github.com/en/rest/pulls/reviews */
import type { TimelineReview } from '../core/timeline/reduce-timeline.js';
import type { GitHubClient, RepoRef } from './client.js';

/** Every review of the pull request (all pages). */
export async function listReviews(client: GitHubClient, repo: RepoRef, number: number): Promise<TimelineReview[]> {
  const reviews = await client.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { ...repo, pull_number: number, per_page: 100 });
  return reviews.map((r) => ({ author: r.user?.login ?? '', authorIsBot: r.user?.type === 'Bot', state: r.state, commitId: r.commit_id ?? '', submittedAt: r.submitted_at ?? '' }));
}
