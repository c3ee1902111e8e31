import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyStepSchema } from '../../src/core/config/config-schema.js';
import { interpretStep } from '../../src/core/verify/step-result.js';
import { runStep, runSteps } from '../../src/local/run-steps.js';

const dir = mkdtempSync(join(tmpdir(), 'hg-steps-'));
const step = (fields: Record<string, unknown>) => verifyStepSchema.parse({ id: 's', run: 'true', ...fields });

describe('runStep', () => {
  it('captures stdout, stderr and the exit code', async () => {
    const run = await runStep({ step: step({ run: 'echo out; echo err >&2; exit 3' }), cwd: dir, label: 'head' }, process.env);
    expect(run).toMatchObject({ outcome: 'completed', exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  it('kills a step that runs past its timeout, with its children', async () => {
    const started = performance.now();
    const run = await runStep({ step: step({ run: 'sleep 30 & sleep 30; wait', timeout: 0.3 }), cwd: dir, label: 'head' }, process.env);
    expect(run.outcome).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(interpretStep(step({ timeout: 0.3 }), run, dir)).toMatchObject({ status: 'error', error: expect.stringMatching(/timed out after 0.3 s/) });
  });

  it('stops a step that floods its output', async () => {
    const run = await runStep({ step: step({ run: 'yes', maxOutputBytes: 100_000 }), cwd: dir, label: 'head' }, process.env);
    expect(run.outcome).toBe('output-limit');
    expect(run.stdout.length).toBeLessThanOrEqual(100_000);
  });

  it('reads the report file, and never a stale one', async () => {
    writeFileSync(join(dir, 'report.xml'), '<testsuites/>');
    const missing = await runStep({ step: step({ run: 'true', reportFile: 'report.xml', format: 'junit' }), cwd: dir, label: 'head' }, process.env);
    expect(missing.outcome).toBe('report-missing');
    const written = await runStep({ step: step({ run: 'echo "<testsuites/>" > report.xml', reportFile: 'report.xml', format: 'junit' }), cwd: dir, label: 'head' }, process.env);
    expect(written).toMatchObject({ outcome: 'completed', report: '<testsuites/>\n' });
  });

  it('fails closed: a missing tool is an error, never a pass', async () => {
    const run = await runStep({ step: step({ run: 'definitely-not-a-tool --format json', format: 'eslint-json' }), cwd: dir, label: 'head' }, process.env);
    expect(interpretStep(step({ format: 'eslint-json' }), run, dir).status).toBe('error');
    const plain = await runStep({ step: step({ run: 'exit 1', format: 'tsc' }), cwd: dir, label: 'head' }, process.env);
    expect(interpretStep(step({ format: 'tsc' }), plain, dir)).toMatchObject({ status: 'error', error: expect.stringMatching(/exited with code 1 but reported no error findings/) });
  });
});

describe('runSteps', () => {
  it('runs up to `parallelism` steps at once and keeps the order of results', async () => {
    const jobs = [1, 2, 3, 4].map((i) => ({ step: step({ id: `s${i}`, run: `sleep 0.4; echo ${i}` }), cwd: dir, label: 'head' }));
    let running = 0;
    let peak = 0;
    const runs = await runSteps(jobs, 2, process.env, (e) => {
      running += e.type === 'start' ? 1 : -1;
      peak = Math.max(peak, running);
    });
    expect(runs.map((r) => r.stdout.trim())).toEqual(['1', '2', '3', '4']);
    expect(peak).toBe(2);
  });
});
