/**
 * File names are chosen by the agent: secretlint (whose profiler names performance marks after the
 * path) must still find the secret, and nothing may surface as an unhandled rejection, which would
 * end the App's process.
 */
import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../src/core/evaluate-gate.js';
import { added, gateInput } from '../helpers/gate-input.js';

describe('secret scan over hostile file names', () => {
  it('finds the secret under every name and leaves no unhandled rejection behind', async () => {
    const rejections: unknown[] = [];
    const onRejection = (error: unknown) => rejections.push(error);
    process.on('unhandledRejection', onRejection);
    try {
      const names = ['src/a\u2028b.ts', 'src/a::end||b.ts', 'src/e\u{1F600}.ts', 'src/ACCEPTANCE: yes.ts', 'src/\u202Egnp.ts', 'src/plain.ts'];
      const slack = `const hook = "https://hooks.slack.com/services/T${'0'.repeat(8)}/B${'1'.repeat(8)}/${'a'.repeat(24)}";`;
      const results = await Promise.all(names.map((name) => evaluateGate(gateInput({ files: [...gateInput().files, added(name, slack)] }))));
      for (const [i, result] of results.entries()) expect(result.reasons.some((r) => r.code === 'guardrail.secret' && r.file === names[i]), names[i]).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});
