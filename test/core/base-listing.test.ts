/** The base tree is listed once per evaluation, however many checks read the base's handoffs. */
import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../src/core/evaluate-gate.js';
import { VALID_HANDOFF, added, gateInput } from '../helpers/gate-input.js';
import { memoryTree } from '../helpers/memory-tree.js';

describe('base listing', () => {
  it('history checks and dependsOn share one listing of the base', async () => {
    const base = { '.handoff/earlier.json': JSON.stringify({ ...VALID_HANDOFF, stepId: 'plan', idempotencyKey: 'k-plan' }) };
    const text = JSON.stringify({ ...VALID_HANDOFF, stepId: 'build', idempotencyKey: 'k-build', dependsOn: ['plan'] });
    const tree = memoryTree({ '.handoff/h.json': text }, base);
    let listings = 0;
    const list = tree.listBase;
    if (!list) throw new Error('memoryTree lists');
    const counting = { ...tree, listBase: (globs: readonly string[]) => (listings++, list(globs)) };
    const result = await evaluateGate(gateInput({ handoffFiles: [{ path: '.handoff/h.json', text }], files: [added('.handoff/h.json', text)], tree: counting }));
    expect(result.reasons.map((r) => r.code)).not.toContain('handoff.dependency-unknown'); // "plan" was found on the base
    expect(listings).toBe(1);
  });
});
