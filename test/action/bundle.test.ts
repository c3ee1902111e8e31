/**
 * The committed bundle, dist/index.js — what GitHub's runner executes — run on GitHub's example
 * `pull_request.opened` payload with GitHub behind nock.
 */
import { pathToFileURL } from 'node:url';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../../src/core/report/markdown.js';
import { examplePayload, runnerEnv, withRunner } from '../helpers/action-env.js';
import { gitRepo } from '../helpers/git-repo.js';
import { mockGitHub } from '../helpers/github-mock.js';
import { VALID_HANDOFF } from '../helpers/gate-input.js';

const R = '/repos/Codertocat/Hello-World';

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('dist/index.js', () => {
  it('gates a pull request end to end', async () => {
    const repo = gitRepo({ '.github/handoff-gate.yml': 'verify:\n  steps:\n    - id: check\n      run: "true"\n' }, { '.handoff/h.json': JSON.stringify(VALID_HANDOFF) });
    const payload = examplePayload('pull_request', 'opened');
    payload.pull_request.head.sha = repo.headSha;
    payload.pull_request.base.sha = repo.baseSha;
    payload.pull_request.head.ref = 'agent/x';
    const gh = mockGitHub();
    gh.scope
      .get(`${R}/commits/${repo.headSha}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] })
      .post(`${R}/check-runs`).reply(201, { id: 1 })
      .get(`${R}/issues/${payload.number}/comments`).query(true).reply(200, [])
      .patch(`${R}/check-runs/1`).reply(200, { id: 1 })
      .post(`${R}/issues/${payload.number}/comments`).reply(201, { id: 2 });
    const runner = runnerEnv('pull_request', payload, repo.dir);
    const bundle = pathToFileURL(new URL('../../dist/index.js', import.meta.url).pathname).href;
    await withRunner(runner.env, () => import(/* @vite-ignore */ `${bundle}?run=${Date.now()}`));
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    expect((gh.requests[3]?.body as { conclusion: string }).conclusion).toBe('success');
    expect((gh.requests[4]?.body as { body: string }).body).toContain(COMMENT_MARKER);
    expect(runner.outputs()).toMatchObject({ verdict: 'PASS', decision: 'accepted', acceptance: 'yes' });
  });
});
