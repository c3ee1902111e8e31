/**
 * The App's base-tree listing (for the handoff history): the recursive git trees API, filtered by the
 * handoff globs; a truncated listing is refused (the gate then reports the history as unavailable)
 * rather than used as if it were complete. GitHub behind nock, checked against its REST description.
 */
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/action/octokit.js';
import { apiTree } from '../../src/github/api-tree.js';
import { mockGitHub } from '../helpers/github-mock.js';

const repo = { owner: 'o', repo: 'r' };
const BASE = 'b'.repeat(40);
const blob = (path: string) => ({ path, mode: '100644', type: 'blob', sha: 'c'.repeat(40) });

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('apiTree.listBase', () => {
  it('lists the base blobs that match the globs, in one request', async () => {
    const gh = mockGitHub();
    gh.scope.get(`/repos/o/r/git/trees/${BASE}`).query({ recursive: '1' }).reply(200, { sha: BASE, url: '', truncated: false, tree: [blob('README.md'), blob('.handoff/run-1/build.json'), { path: '.handoff/run-1', mode: '040000', type: 'tree', sha: 'd'.repeat(40) }, blob('handoffs/a.yml')] });
    const tree = apiTree(Object.assign(createClient('t', () => {}), { graphql: async () => ({}) }) as never, repo, BASE, 'h'.repeat(40));
    expect(await tree.listBase?.(['.handoff/**/*.{json,yml,yaml}', 'handoffs/**/*.{json,yml,yaml}'])).toEqual(['.handoff/run-1/build.json', 'handoffs/a.yml']);
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    expect(tree.requests).toBe(1);
  });

  it('a truncated listing is an error, not a partial answer', async () => {
    const gh = mockGitHub();
    gh.scope.get(`/repos/o/r/git/trees/${BASE}`).query({ recursive: '1' }).reply(200, { sha: BASE, url: '', truncated: true, tree: [blob('.handoff/a.json')] });
    const tree = apiTree(Object.assign(createClient('t', () => {}), { graphql: async () => ({}) }) as never, repo, BASE, 'h'.repeat(40));
    await expect(tree.listBase?.(['.handoff/**'])).rejects.toThrow(/truncated/);
    expect(gh.problems).toEqual([]);
  });
});
