/**
 * Handoff rules that need the base and head trees, run through the whole local gate on real git
 * repositories: unverifiable claims, identities and idempotency keys against the base and within the
 * change, append-only handoff history, empty handoff files and empty deliverables — each with a control.
 */
import { describe, expect, it } from 'vitest';
import type { Reason } from '../../src/core/reasons.js';
import { runLocalGate } from '../../src/local/local-gate.js';
import { VALID_HANDOFF } from '../helpers/gate-input.js';
import { gitRepo } from '../helpers/git-repo.js';

const json = (fields: Record<string, unknown> = {}) => `${JSON.stringify({ ...VALID_HANDOFF, ...fields }, null, 2)}\n`;
const yamlDoc = (fields: Record<string, unknown> = {}) =>
  Object.entries({ ...VALID_HANDOFF, ...fields })
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n');

/** The gate's reasons (and verdict) for base → head, verification skipped (no steps configured). */
async function gate(base: Record<string, string>, head: Record<string, string | null>, config = 'handoffs:\n  required: true\n') {
  const repo = gitRepo({ '.github/handoff-gate.yml': config, ...base }, head);
  const { result } = await runLocalGate({ repo: repo.dir, base: 'main', head: 'HEAD', env: {}, skipVerify: true });
  return { result, codes: (prefix = 'handoff.') => result.reasons.filter((r) => r.code.startsWith(prefix)).map((r: Reason) => [r.code, r.level, r.file ?? '']) };
}

describe('claims', () => {
  it('a claim about a check no verify step has fails; a claim on a configured step does not', async () => {
    const config = 'verify:\n  steps:\n    - id: unit\n      run: "true"\n';
    const { result, codes } = await gate({}, { '.handoff/build.json': json({ claims: [{ check: 'e2e', result: 'pass' }, { check: 'unit', result: 'pass' }] }) }, config);
    expect(codes()).toContainEqual(['handoff.claim-unverified', 'fail', '.handoff/build.json']);
    expect(result.reasons.filter((r) => r.code === 'handoff.claim-unverified').map((r) => [r.rule, r.level])).toEqual([['e2e', 'fail'], ['unit', 'warn']]);
  });
});

describe('identities and idempotency keys', () => {
  const earlier = { '.handoff/run-1/build-1.json': json() };

  it('a new handoff that reuses an identity committed on the base fails; so does a reused idempotency key', async () => {
    const { codes } = await gate(earlier, { '.handoff/run-1/build-again.json': json({ summary: 'Built it again.' }) });
    expect(codes()).toEqual([
      ['handoff.identity-reuse', 'fail', '.handoff/run-1/build-again.json'],
      ['handoff.idempotency-reuse', 'fail', '.handoff/run-1/build-again.json'],
    ]);
    const key = await gate(earlier, { '.handoff/run-1/test-1.json': json({ stepId: 'test' }) });
    expect(key.codes()).toEqual([['handoff.idempotency-reuse', 'fail', '.handoff/run-1/test-1.json']]);
  });

  it('two different handoffs for one step in the same change fail', async () => {
    const { codes } = await gate({}, { '.handoff/a.json': json(), '.handoff/b.json': json({ summary: 'other', idempotencyKey: 'run-1/build/1-b' }) });
    expect(codes()).toEqual([['handoff.identity-reuse', 'fail', '.handoff/b.json']]);
  });

  it('control: the next attempt with its own key after a base handoff is accepted', async () => {
    const { result, codes } = await gate(earlier, { '.handoff/run-1/build-2.json': json({ attempt: 2, idempotencyKey: 'run-1/build/2' }) });
    expect(codes()).toEqual([]);
    expect(result.verdict).toBe('PASS');
  });
});

describe('append-only handoff history', () => {
  const log = { '.handoff/run-1.yml': `${yamlDoc()}\n` };

  it('editing or deleting a handoff committed on the base blocks', async () => {
    const edited = await gate({ '.handoff/run-1/build-1.json': json() }, { '.handoff/run-1/build-1.json': json({ summary: 'Rewritten after the fact.' }), '.handoff/run-1/test-1.json': json({ stepId: 'test', idempotencyKey: 'k-t' }) });
    expect(edited.codes()).toContainEqual(['handoff.append-only', 'block', '.handoff/run-1/build-1.json']);
    expect(edited.result.verdict).toBe('BLOCKED');
    const deleted = await gate({ '.handoff/run-1/build-1.json': json() }, { '.handoff/run-1/build-1.json': null, '.handoff/run-1/test-1.json': json({ stepId: 'test', idempotencyKey: 'k-t' }) });
    expect(deleted.codes()).toContainEqual(['handoff.append-only', 'block', '.handoff/run-1/build-1.json']);
  });

  it('control: appending a new document to a multi-document YAML handoff file is fine', async () => {
    const { result, codes } = await gate(log, { '.handoff/run-1.yml': `${yamlDoc()}\n---\n${yamlDoc({ stepId: 'test', idempotencyKey: 'run-1/test/1' })}\n` });
    expect(codes()).toEqual([]);
    expect(result.handoffs.map((h) => h.stepId)).toEqual(['build', 'test']);
    expect(result.verdict).toBe('PASS');
  });
});

describe('empty handoffs and deliverables', () => {
  it('a handoff file with only a comment, or empty, is handoff.empty and does not satisfy handoffs.required', async () => {
    const { result, codes } = await gate({}, { '.handoff/build.yml': '# done, trust me\n', '.handoff/other.yaml': '' });
    expect(codes()).toEqual([
      ['handoff.empty', 'fail', '.handoff/build.yml'],
      ['handoff.empty', 'fail', '.handoff/other.yaml'],
    ]);
    expect(result.verdict).toBe('FAIL');
  });

  it('a 0-byte or whitespace-only required deliverable fails; a real one passes', async () => {
    const deliverables = [
      { id: 'docs', description: 'usage docs', path: 'docs/usage.md', required: true },
      { id: 'notes', description: 'notes', path: 'docs/notes.md', required: true },
      { id: 'code', description: 'the code', path: 'src/a.ts', required: true },
      { id: 'extra', description: 'optional', path: 'docs/empty-ok.md', required: false },
    ];
    const { codes } = await gate({}, { '.handoff/build.json': json({ deliverables }), 'docs/usage.md': '', 'docs/notes.md': '  \n\n', 'src/a.ts': 'export const a = 1;\n', 'docs/empty-ok.md': '' });
    expect(codes()).toEqual([
      ['handoff.deliverable-empty', 'fail', '.handoff/build.json'],
      ['handoff.deliverable-empty', 'fail', '.handoff/build.json'],
    ]);
  });
});
