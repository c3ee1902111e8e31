/**
 * `/gate rerun <step…>` through the App against the stateful stand-in: a named step is dispatched
 * alone (the verify workflow on the default branch, inputs naming the pull request, its head and the
 * step); its partial evidence is merged into the head's complete evidence and changes only that step;
 * re-run evidence for another head is refused; unknown step ids get the configured list; GitHub's
 * "Re-run" button on the check run re-runs only the failed step.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRecords } from '../../src/core/timeline/records.js';
import { examplePayload } from '../helpers/action-env.js';
import { BOT_LOGIN, deliver, REPO, settled, startApp, type AppUnderTest } from '../helpers/app-harness.js';
import { stepWith } from '../helpers/evidence-stand-in.js';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-standin.js';
import { BASE, dispatched, lastDispatched, finishRerun, HEAD, OLD_HEAD, PR, runCompletedPayload, seedVerifiedPullRequest } from '../helpers/rerun-fixture.js';

let github: GitHubStandIn;
let app: AppUnderTest;
let delivery = 0;

async function comment(body: string, login = 'lead') {
  const payload = examplePayload('issue_comment', 'created');
  payload.installation = { id: 1 };
  payload.issue = { ...payload.issue, number: PR, pull_request: { url: 'x' } };
  const stored = github.addComment(REPO, PR, body, login, 'User');
  payload.comment = { ...payload.comment, id: stored.id, body, user: { ...payload.comment.user, login, type: 'User' } };
  expect(await deliver(app, 'issue_comment', JSON.stringify(payload), `c${++delivery}`)).toBe(200);
  await settled(app);
}

async function runCompleted(run: Parameters<typeof runCompletedPayload>[0]) {
  expect(await deliver(app, 'workflow_run', JSON.stringify(runCompletedPayload(run)), `r${++delivery}`)).toBe(200);
  await settled(app);
}

const checkRun = () => github.checkRuns.filter((c) => c.head_sha === HEAD && c.name === 'handoff-gate');
const review = () => github.comments.find((c) => c.user.login === BOT_LOGIN && c.body.includes('## Verification'))?.body ?? '';
const botReplies = () => github.comments.filter((c) => c.user.login === BOT_LOGIN && !c.body.includes('## Verification'));

beforeEach(async () => {
  github = await startGitHubStandIn();
  const complete = seedVerifiedPullRequest(github);
  app = await startApp(github);
  await runCompleted(complete);
  expect(checkRun()).toHaveLength(1);
  expect(checkRun()[0]?.conclusion).toBe('failure'); // `test` has a new failure
});
afterEach(async () => {
  await app.close();
  await github.close();
});

describe('/gate rerun <step…> through the App', () => {
  it('/gate rerun lint dispatches one verify run on the default branch naming only lint, and records who asked', async () => {
    await comment('/gate rerun lint');
    const runs = dispatched(github);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.inputs).toEqual({ pull_request: String(PR), head_sha: HEAD, base_sha: BASE, steps: 'lint' });
    expect(runs[0]?.head_branch).toBe('main');
    expect(github.counts.get('POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun')).toBeUndefined();
    const records = github.comments.filter((c) => c.user.login === BOT_LOGIN).flatMap((c) => parseRecords(c.body));
    expect(records).toEqual([{ type: 'rerun', user: 'lead', sha: HEAD, steps: ['lint'] }]);
    // While it runs the earlier results stand, and the review says a re-run is pending.
    expect(checkRun()[0]?.conclusion).toBe('failure');
    expect(review()).toContain('verify.rerun-pending');
  });

  it("partial evidence for test is merged into the complete evidence: only test's result changes", async () => {
    await comment('/gate rerun test');
    const rerun = lastDispatched(github);
    // The re-run's evidence also claims a lint failure it was not asked to re-run: ignored.
    finishRerun(github, rerun, [stepWith('test', 0), stepWith('lint', 3)], { rerunSteps: ['test'] });
    await runCompleted(rerun);
    expect(checkRun()).toHaveLength(1);
    expect(checkRun()[0]?.conclusion).toBe('success');
    const body = review();
    expect(body).toContain('Re-run on this head');
    expect(body).toMatch(new RegExp(`\`test\`: workflow run ${rerun.id}, started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC, asked by lead`));
    expect(body).not.toMatch(/`lint`: workflow run/);
    expect(body).not.toContain('verify.rerun-pending');
  });

  it('partial evidence for an older head is refused, and a re-run titled for another head is not even downloaded', async () => {
    await comment('/gate rerun test');
    const rerun = lastDispatched(github);
    finishRerun(github, rerun, [stepWith('test', 0)], { headSha: OLD_HEAD });
    const elsewhere = github.addWorkflowRun(REPO, { name: 'handoff-gate verify', path: '.github/workflows/handoff-gate-verify.yml', event: 'workflow_dispatch', head_sha: github.defaultBranchSha, head_branch: 'main', display_title: `handoff-gate verify: #${PR} at ${OLD_HEAD} [test]` });
    finishRerun(github, elsewhere, [stepWith('test', 0)], { headSha: OLD_HEAD, rerunSteps: ['test'] });
    const downloadsBefore = github.counts.get('GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/zip') ?? 0;
    await runCompleted(rerun);
    expect(checkRun()[0]?.conclusion).toBe('failure');
    expect(review()).toContain('verify.rerun-ignored');
    expect(review()).toMatch(new RegExp(`re-run workflow run ${rerun.id} was not merged: the evidence is for commit ${OLD_HEAD.slice(0, 12)}`));
    // Complete evidence and the lying re-run were downloaded; the run titled for the old head was not.
    expect((github.counts.get('GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/zip') ?? 0) - downloadsBefore).toBe(2);
  });

  it('unknown step ids get a reply listing the configured steps, and nothing is dispatched', async () => {
    await comment('/gate rerun lnt test');
    expect(dispatched(github)).toHaveLength(0);
    const reply = botReplies().find((c) => c.body.startsWith('@lead'));
    expect(reply?.body).toContain('`lnt` is not a configured verify step. The configured steps are `lint`, `test`.');
  });

  it('/gate rerun failed re-runs the failed steps only; a reader may not re-run', async () => {
    await comment('/gate rerun lint', 'visitor');
    expect(dispatched(github)).toHaveLength(0);
    await comment('/gate rerun failed');
    expect(dispatched(github).map((r) => r.inputs?.['steps'])).toEqual(['test']);
  });

  it('GitHub\'s "Re-run" on the check run re-runs only the failed step, as the person who clicked', async () => {
    const payload = examplePayload('check_run', 'rerequested');
    payload.installation = { id: 1 };
    payload.check_run = { ...payload.check_run, name: 'handoff-gate', head_sha: HEAD, pull_requests: [{ number: PR, head: { sha: HEAD }, base: { sha: BASE } }] };
    payload.sender = { ...payload.sender, login: 'lead', type: 'User' };
    payload.repository = examplePayload('pull_request', 'opened').repository;
    expect(await deliver(app, 'check_run', JSON.stringify(payload), 'rerequested-1')).toBe(200);
    await settled(app);
    const runs = dispatched(github);
    expect(runs.map((r) => r.inputs?.['steps'])).toEqual(['test']);
    const records = github.comments.filter((c) => c.user.login === BOT_LOGIN).flatMap((c) => parseRecords(c.body));
    expect(records).toEqual([{ type: 'rerun', user: 'lead', sha: HEAD, steps: ['test'] }]);
  });
});
