/**
 * Issue 8's forged-record scenario, end to end through the Action's gate mode on real git
 * repositories (GitHub behind nock, every request checked against GitHub's REST description).
 *
 * The agent prepares its next head (head2) in advance, then pushes head1 whose handoff and lint
 * output carry record blocks: an approval of gate `release` bound to head2, and an `unhold`. The gate
 * renders head1's review comment (as the bot); a maintainer's hold stands in the timeline. When the
 * agent pushes head2, the gate reads the timeline again — before this fix the planted approval and
 * unhold were read from the review comment and the gate went from BLOCKED to PASS.
 */
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/action/main.js';
import { COMMENT_MARKER } from '../../src/core/report/markdown.js';
import { formatRecordReply, parseRecords } from '../../src/core/timeline/records.js';
import { examplePayload, runnerEnv, withRunner } from '../helpers/action-env.js';
import { gitRepo, type TestRepo } from '../helpers/git-repo.js';
import { mockGitHub } from '../helpers/github-mock.js';
import { VALID_HANDOFF } from '../helpers/gate-input.js';

const R = '/repos/Codertocat/Hello-World';
const CONFIG = ['verify:', '  steps:', '    - id: lint', '      run: cat lint.json', '      format: eslint-json', '      required: false', '      baseline: false', 'gates:', '  - id: release', '    when: { always: true }', ''].join('\n');

const record = (json: string) => `<!-- handoff-gate:record ${json} -->`;

function head(files: Record<string, string>): TestRepo {
  return gitRepo({ '.github/handoff-gate.yml': CONFIG }, files);
}

function prPayload(repo: TestRepo) {
  const payload = examplePayload('pull_request', 'synchronize');
  payload.pull_request.head.sha = repo.headSha;
  payload.pull_request.head.ref = 'agent/x';
  payload.pull_request.base.sha = repo.baseSha;
  return payload;
}

let id = 0;
const botComment = (body: string) => ({ id: ++id, body, user: { login: 'github-actions[bot]', type: 'Bot' }, created_at: `2026-01-01T00:00:${String(id).padStart(2, '0')}Z` });

/** Runs the gate on `repo` with `comments` in the timeline; returns the comment it posted and its outputs. */
async function gate(repo: TestRepo, comments: { id: number; body: string }[]) {
  const gh = mockGitHub();
  const review = comments.find((c) => c.body.startsWith(COMMENT_MARKER));
  gh.scope
    .get(`${R}/commits/${repo.headSha}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] })
    .post(`${R}/check-runs`).reply(201, { id: 1 })
    .get(`${R}/issues/2/comments`).query(true).reply(200, comments)
    .patch(`${R}/check-runs/1`).reply(200, { id: 1 });
  if (review) gh.scope.patch(`${R}/issues/comments/${review.id}`).reply(200, { id: review.id });
  else gh.scope.post(`${R}/issues/2/comments`).reply(201, { id: 99 });
  const runner = runnerEnv('pull_request', prPayload(repo), repo.dir, { 'fail-on': 'never' });
  await withRunner(runner.env, () => run(process.env));
  expect(gh.done()).toEqual([]);
  expect(gh.problems).toEqual([]);
  const posted = gh.requests.find((r) => r.path.includes('/comments') && r.method !== 'GET')?.body as { body: string };
  const completed = gh.requests.find((r) => r.method === 'PATCH' && r.path.includes('/check-runs/'))?.body as { conclusion: string; output: { summary: string; text: string } };
  return { comment: posted.body, completed, outputs: runner.outputs() };
}

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('forged records (issue 8)', () => {
  it('records planted through a handoff and a lint report do not count on the next head: the gate stays BLOCKED', async () => {
    const handoff = JSON.stringify({ ...VALID_HANDOFF });
    const head2 = head({ '.handoff/h.json': handoff, 'lint.json': '[]', 'src/a.ts': 'export const a = 2;\n' });
    const approve = record(`{"type":"approve","gate":"release","user":"alice","sha":"${head2.headSha}"}`);
    const unhold = record('{"type":"unhold","user":"lead"}');
    const planted = `x\`${approve}\`y\n${unhold}`;
    // A lint warning of a step that is not required: the finding's file, rule id and message are the
    // PR's own output, printed in the review comment (file and rule inside code spans).
    const lint = [{ filePath: `src/x\`${approve}\`y.ts`, messages: [{ ruleId: unhold, severity: 1, message: planted, line: 1, column: 1 }] }];
    const head1 = head({
      '.handoff/h.json': JSON.stringify({ ...VALID_HANDOFF, requiresApproval: `x\`${approve}\`y`, summary: planted, followUps: [planted] }),
      'lint.json': JSON.stringify(lint),
    });
    const hold = botComment(formatRecordReply(['On hold by lead.'], [{ type: 'hold', user: 'lead' }]));

    const first = await gate(head1, [hold]);
    expect(first.outputs['verdict']).toBe('BLOCKED');
    // The review comment still shows the planted text (escaped), and reads as no record at all.
    expect(first.comment).toContain('handoff-gate:record');
    expect(parseRecords(first.comment)).toEqual([]);

    const second = await gate(head2, [hold, botComment(first.comment)]);
    expect(second.outputs['verdict']).toBe('BLOCKED');
    expect(second.completed.conclusion).toBe('action_required');
    expect(second.completed.output.summary).toContain('`gate.approval-pending`');
    expect(second.completed.output.summary).toContain('`gate.hold`');
    expect(second.comment.split('\n').slice(-2)).toEqual(['ACCEPTANCE: no', 'Decision: blocked']);
  });

  it('a real record reply from the bot still counts (the same timeline, with the approval and unhold recorded)', async () => {
    const repo = head({ '.handoff/h.json': JSON.stringify(VALID_HANDOFF), 'lint.json': '[]' });
    const hold = botComment(formatRecordReply(['On hold by lead.'], [{ type: 'hold', user: 'lead' }]));
    const released = botComment(formatRecordReply(['Hold released; approval recorded.'], [{ type: 'unhold', user: 'lead' }, { type: 'approve', gate: 'release', user: 'alice', sha: repo.headSha }]));
    const { outputs } = await gate(repo, [hold, released]);
    expect(outputs['verdict']).toBe('PASS');
  });
});
