/**
 * `dependsOn` on real git repositories: a step may depend on a step of the change or on one an
 * earlier pull request handed off (a handoff on the base); a step nobody describes FAILs.
 */
import { describe, expect, it } from 'vitest';
import { runLocalGate } from '../../src/local/local-gate.js';
import { VALID_HANDOFF } from '../helpers/gate-input.js';
import { gitRepo } from '../helpers/git-repo.js';

const doc = (fields: Record<string, unknown>) => JSON.stringify({ ...VALID_HANDOFF, ...fields }, null, 2);

async function unknownDeps(base: Record<string, string>, head: Record<string, string>) {
  const repo = gitRepo(base, head);
  const { result } = await runLocalGate({ repo: repo.dir, base: 'main', head: 'HEAD', env: {}, skipVerify: true });
  return { result, reasons: result.reasons.filter((r) => r.code === 'handoff.dependency-unknown') };
}

describe('dependsOn across the change and the base', () => {
  it('a step described by a handoff on the base (an earlier run) satisfies dependsOn; a step nobody describes fails', async () => {
    const base = { 'handoffs/run-1/design.yaml': `schemaVersion: "1.0"\nworkflowRunId: run-1\nstepId: design\nattempt: 1\nagent: planner\nidempotencyKey: run-1/design/1\nstatus: completed\nsummary: Designed it.\n` };
    const head = { '.handoff/build.json': doc({ workflowRunId: 'run-2', idempotencyKey: 'run-2/build/1', dependsOn: ['design', 'ghost'] }) };
    const { result, reasons } = await unknownDeps(base, head);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatchObject({ level: 'fail', file: '.handoff/build.json', line: expect.any(Number) });
    expect(reasons[0]?.message).toBe('step "build" depends on "ghost", which no handoff of this pull request or the base branch describes');
    expect(result.verdict).toBe('FAIL');
  });

  it('a step of the change in another workflow run satisfies dependsOn', async () => {
    const head = {
      '.handoff/a.json': doc({ workflowRunId: 'run-1', stepId: 'design', idempotencyKey: 'k1' }),
      '.handoff/b.json': doc({ workflowRunId: 'run-2', idempotencyKey: 'k2', dependsOn: ['design'] }),
    };
    const { reasons } = await unknownDeps({}, head);
    expect(reasons).toEqual([]);
  });

  it('an invalid handoff on the base describes no step', async () => {
    const base = { 'handoffs/old.json': '{ "stepId": "design" }' };
    const head = { '.handoff/build.json': doc({ dependsOn: ['design'] }) };
    const { reasons } = await unknownDeps(base, head);
    expect(reasons.map((r) => r.level)).toEqual(['fail']);
  });
});
