/**
 * A verify step can write the repository's `.git/config` and hooks. The gate's own git commands must
 * not run what it planted there: hooks and fsmonitor commands would run outside the step's
 * containment, with the gate's environment (its token).
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addWorktree, diff, removeWorktree } from '../../src/local/git.js';
import { gitRepo } from '../helpers/git-repo.js';

describe('git commands of the gate', () => {
  it('do not run hooks or an fsmonitor command a step planted in .git', async () => {
    const repo = gitRepo({ 'a.txt': 'a\n' }, { 'a.txt': 'b\n' });
    const out = mkdtempSync(join(tmpdir(), 'hg-git-planted-'));
    const hooks = join(out, 'hooks');
    mkdirSync(hooks);
    for (const hook of ['post-checkout', 'reference-transaction']) {
      writeFileSync(join(hooks, hook), `#!/bin/sh\ntouch ${join(out, hook)}\n`);
      chmodSync(join(hooks, hook), 0o755);
    }
    writeFileSync(join(repo.dir, '.git', 'hooks', 'post-checkout'), `#!/bin/sh\ntouch ${join(out, 'default-hook')}\n`, { mode: 0o755 });
    repo.git('config', 'core.hooksPath', hooks);
    repo.git('config', 'core.fsmonitor', `touch ${join(out, 'fsmonitor')}; true`);
    const dir = join(out, 'tree');
    await addWorktree(repo.dir, dir, repo.baseSha);
    expect(await diff(repo.dir, repo.baseSha, repo.headSha)).toContain('+b');
    await removeWorktree(repo.dir, dir);
    for (const planted of ['post-checkout', 'reference-transaction', 'default-hook', 'fsmonitor']) expect(existsSync(join(out, planted)), planted).toBe(false);
    // The same commands without the overrides do run them: the test would see a regression.
    repo.git('worktree', 'add', '--detach', join(out, 'tree2'), repo.baseSha);
    expect(existsSync(join(out, 'post-checkout'))).toBe(true);
  });
});
