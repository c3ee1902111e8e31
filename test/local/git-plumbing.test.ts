/**
 * Git plumbing on real repositories: blobs through one `git cat-file --batch -z` process, exact paths
 * for names git quotes, many files without running out of descriptors, and the head branch on a
 * detached HEAD.
 */
import { describe, expect, it } from 'vitest';
import { BlobReader } from '../../src/local/cat-file.js';
import { diffPaths, treeReader } from '../../src/local/git.js';
import { runLocalGate } from '../../src/local/local-gate.js';
import { VALID_HANDOFF } from '../helpers/gate-input.js';
import { gitRepo } from '../helpers/git-repo.js';

const handoff = (stepId: string) => JSON.stringify({ ...VALID_HANDOFF, stepId, idempotencyKey: `key-${stepId}` });
const noHandoffsRequired = { '.github/handoff-gate.yml': 'handoffs:\n  required: false\n' };

describe('BlobReader (git cat-file --batch -z)', () => {
  it('reads blobs byte for byte, says undefined for missing paths and directories, and answers in order', async () => {
    const binary = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));
    const repo = gitRepo({ 'a.txt': 'alpha\n', 'dir/b.txt': 'beta', 'empty.txt': '', 'nl.txt': '\n\n' }, { 'bin.dat': binary });
    const reader = new BlobReader(repo.dir);
    const [a, b, missing, dir, empty, nl, bin] = await Promise.all(['a.txt', 'dir/b.txt', 'nope.txt', 'dir', 'empty.txt', 'nl.txt', 'bin.dat'].map((p) => reader.read(repo.headSha, p)));
    reader.close();
    expect(new TextDecoder().decode(a)).toBe('alpha\n');
    expect(new TextDecoder().decode(b)).toBe('beta');
    expect(missing).toBeUndefined();
    expect(dir).toBeUndefined();
    expect(empty).toEqual(new Uint8Array());
    expect(new TextDecoder().decode(nl)).toBe('\n\n');
    expect(Buffer.from(bin as Uint8Array).equals(Buffer.from(binary, 'utf8'))).toBe(true);
  });

  it('rejects (never answers "missing") when git cannot read the repository', async () => {
    const reader = new BlobReader('/nonexistent/repository');
    await expect(reader.read('HEAD', 'a.txt')).rejects.toThrow(/git cat-file/);
  });

  it('reads 3,000 files through one process without running out of descriptors', async () => {
    const files = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`f/${i}.txt`, `file ${i}\n`]));
    const repo = gitRepo({}, files);
    const read = treeReader(repo.dir, repo.headSha);
    const texts = await Promise.all(Object.keys(files).map(async (p) => new TextDecoder().decode(await read(p))));
    expect(texts.every((t, i) => t === `file ${i}\n`)).toBe(true);
  });
});

describe('paths git quotes', () => {
  const odd = ['.handoff/h-é.json', '.handoff/a"b.json', '.handoff/tab\tname.json', '.handoff/back\\slash.json'];

  it('are listed exactly by diffPaths and read and validated under their real names', async () => {
    const repo = gitRepo(noHandoffsRequired, Object.fromEntries(odd.map((p, i) => [p, handoff(`s${i}`)])));
    expect((await diffPaths(repo.dir, repo.baseSha, repo.headSha)).map((p) => p.path).sort()).toEqual([...odd].sort());
    const { result } = await runLocalGate({ repo: repo.dir, base: 'main', head: 'HEAD', skipVerify: true, env: {} });
    expect(result.handoffProblems).toEqual([]);
    expect(result.handoffs.map((h) => h.file).sort()).toEqual([...odd].sort());
  });

  it('keep their exact names through a rename', async () => {
    const repo = gitRepo({ ...noHandoffsRequired, 'docs/old "name".md': 'some text that stays the same\nacross the rename\n' }, {});
    repo.git('mv', 'docs/old "name".md', 'docs/new\tname.md');
    repo.git('commit', '-qm', 'rename');
    const { result } = await runLocalGate({ repo: repo.dir, base: 'main', head: 'HEAD', skipVerify: true, env: {} });
    expect(result.context.changedFiles).toBe(1);
    const paths = await diffPaths(repo.dir, repo.baseSha, repo.git('rev-parse', 'HEAD'));
    expect(paths).toEqual([{ status: 'R', previousPath: 'docs/old "name".md', path: 'docs/new\tname.md' }]);
  });
});

describe('the head branch', () => {
  const policy = { '.github/handoff-gate.yml': 'handoffs:\n  required: false\nguardrails:\n  branches:\n    allow: ["agent/**"]\n' };

  it('on a detached HEAD with a branch policy and no name given: guardrail.branch-unknown (blocks)', async () => {
    const repo = gitRepo(policy, { 'src/a.ts': 'export const a = 1;\n' });
    repo.git('checkout', '-q', '--detach', 'HEAD');
    const { result } = await runLocalGate({ repo: repo.dir, base: 'main', head: 'HEAD', skipVerify: true, env: {} });
    expect(result.reasons).toContainEqual(expect.objectContaining({ code: 'guardrail.branch-unknown', level: 'block' }));
    const named = await runLocalGate({ repo: repo.dir, base: 'main', head: 'HEAD', branch: 'agent/x', skipVerify: true, env: {} });
    expect(named.result.reasons.map((r) => r.code)).not.toContain('guardrail.branch-unknown');
    expect(named.result.verdict).toBe('PASS');
  });
});
