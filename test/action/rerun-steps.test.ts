/**
 * `/gate rerun <step…>` through the Action (the bundle's entry, `run`) against the stateful stand-in:
 * command mode dispatches the verify workflow for the named steps only, or re-runs the whole verify
 * run when no step is named or the verify workflow is an older copy without `workflow_dispatch`;
 * the trusted gate (`mode: gate` on the dispatched run's `workflow_run`) merges the partial evidence.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/action/main.js';
import { parseRecords } from '../../src/core/timeline/records.js';
import { examplePayload, runnerEnv, withRunner } from '../helpers/action-env.js';
import { REPO } from '../helpers/app-harness.js';
import { stepWith } from '../helpers/evidence-stand-in.js';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-standin.js';
import { dispatched, finishRerun, lastDispatched, HEAD, PR, runCompletedPayload, seedVerifiedPullRequest } from '../helpers/rerun-fixture.js';

const BOT = 'github-actions[bot]';
let github: GitHubStandIn;

beforeEach(async () => {
  github = await startGitHubStandIn({ appSlug: 'github-actions' });
});
afterEach(async () => {
  await github.close();
});

/** Runs the Action on `event` with `inputs`, against the stand-in. */
async function action(event: string, payload: unknown, inputs: Record<string, string>) {
  const runner = runnerEnv(event, payload, process.cwd(), inputs);
  return withRunner({ ...runner.env, GITHUB_API_URL: github.url }, () => run(process.env));
}

async function command(body: string, login = 'lead') {
  const payload = examplePayload('issue_comment', 'created');
  payload.issue = { ...payload.issue, number: PR, pull_request: { url: 'x' } };
  const stored = github.addComment(REPO, PR, body, login, 'User');
  payload.comment = { ...payload.comment, id: stored.id, body, user: { ...payload.comment.user, login, type: 'User' } };
  payload.repository = examplePayload('pull_request', 'opened').repository;
  return action('issue_comment', payload, { mode: 'command', 'gate-workflow': 'handoff-gate verify' });
}

const wholeReruns = () => github.counts.get('POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun') ?? 0;
const records = () => github.comments.filter((c) => c.user.login === BOT).flatMap((c) => parseRecords(c.body));

describe('/gate rerun through the Action', () => {
  it('/gate rerun lint dispatches one run naming only lint; /gate rerun re-runs the whole verify run', async () => {
    const complete = seedVerifiedPullRequest(github);
    const { exitCode } = await command('/gate rerun lint');
    expect(exitCode).toBeUndefined();
    expect(dispatched(github).map((r) => r.inputs)).toEqual([{ pull_request: String(PR), head_sha: HEAD, base_sha: 'b'.repeat(40), steps: 'lint' }]);
    expect(wholeReruns()).toBe(0);
    await command('/gate rerun');
    expect(dispatched(github)).toHaveLength(1);
    expect(wholeReruns()).toBe(1);
    expect(complete.run_attempt).toBe(2);
    expect(records()).toEqual([
      { type: 'rerun', user: 'lead', sha: HEAD, steps: ['lint'] },
      { type: 'rerun', user: 'lead', sha: HEAD, steps: [] },
    ]);
  });

  it('an older verify workflow without workflow_dispatch: the whole run is re-run, and the reply says why', async () => {
    seedVerifiedPullRequest(github, { dispatchable: false });
    await command('/gate rerun lint');
    expect(dispatched(github)).toHaveLength(0);
    expect(wholeReruns()).toBe(1);
    const note = github.comments.find((c) => c.user.login === BOT && c.body.startsWith('@lead'));
    expect(note?.body).toContain('has no workflow\\_dispatch trigger'); // escaped Markdown
    expect(note?.body).toContain('the whole verify run was re-run instead');
  });

  it('the trusted gate merges a finished re-run: only the re-run step changes, and the check run passes', async () => {
    const complete = seedVerifiedPullRequest(github);
    await action('workflow_run', runCompletedPayload(complete), { mode: 'gate' });
    const check = () => github.checkRuns.filter((c) => c.head_sha === HEAD && c.name === 'handoff-gate');
    expect(check().map((c) => c.conclusion)).toEqual(['failure']);
    await command('/gate rerun failed');
    const rerun = lastDispatched(github);
    expect(rerun?.inputs?.['steps']).toBe('test');
    finishRerun(github, rerun, [stepWith('test', 0)]);
    await action('workflow_run', runCompletedPayload(rerun), { mode: 'gate' });
    expect(check().map((c) => c.conclusion)).toEqual(['success']);
    expect(check()[0]?.output.text).toMatch(new RegExp(`\`test\`: workflow run ${rerun.id}, started .* UTC, asked by lead`));
  });
});
