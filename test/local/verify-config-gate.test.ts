/**
 * Verification configuration comes from the base (issue 9), on real repositories with the real ESLint,
 * tsc and vitest of this project: loosening a tool's own configuration makes the step pass on the head,
 * and the gate still BLOCKS with `guardrail.verify-config-changed`; a narrowed vitest `include` also
 * leaves the base's tests missing. And the base gets the head's node_modules only when the dependency
 * files are the same.
 */
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { GateResult } from '../../src/core/result.js';
import type { StepEvent } from '../../src/local/run-steps.js';
import { runLocalGate } from '../../src/local/local-gate.js';
import { gitRepo } from '../helpers/git-repo.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (tool: string) => join(root, 'node_modules', '.bin', tool);
const step = (id: string, run: string, extra = '') => `handoffs:\n  required: false\nverify:\n  steps:\n    - id: ${id}\n      run: ${JSON.stringify(run)}\n${extra}`;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function gate(base: Record<string, string>, head: Record<string, string | null>, onStepEvent?: (e: StepEvent) => void): Promise<GateResult> {
  const repo = gitRepo({ '.gitignore': 'node_modules\njunit.xml\n', ...base }, head);
  dirs.push(repo.dir);
  symlinkSync(join(root, 'node_modules'), join(repo.dir, 'node_modules'), 'dir');
  return (await runLocalGate({ repo: repo.dir, base: 'main', head: 'HEAD', env: process.env, ...(onStepEvent ? { onStepEvent } : {}) })).result;
}
const hit = (r: GateResult) => r.reasons.find((x) => x.code === 'guardrail.verify-config-changed');

describe('loosened verify configuration', () => {
  it('an ESLint `ignores` entry hides a new error from ESLint but not from the gate', async () => {
    const config = step('lint', `${bin('eslint')} --format json .`, '      format: eslint-json\n');
    const eslintConfig = "export default [\n  { rules: { 'no-debugger': 'error' } },\n];\n";
    const result = await gate(
      { '.github/handoff-gate.yml': config, 'eslint.config.js': eslintConfig, 'src/a.js': 'export const a = 1;\n' },
      { 'eslint.config.js': eslintConfig.replace('[\n', "[\n  { ignores: ['src/**'] },\n"), 'src/a.js': 'export const a = 1;\ndebugger;\n' },
    );
    expect(result.steps[0]).toMatchObject({ status: 'passed', newErrors: 0 }); // ESLint itself is fooled
    expect(hit(result)).toMatchObject({ level: 'block', file: 'eslint.config.js' });
    expect(result.verdict).toBe('BLOCKED');
  });

  it('`strict: false` in tsconfig.json hides a type error from tsc but not from the gate', async () => {
    const config = step('typecheck', `${bin('tsc')} --pretty false -p .`, '      format: tsc\n');
    const tsconfig = JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', types: [] }, include: ['src'] });
    const result = await gate(
      { '.github/handoff-gate.yml': config, 'tsconfig.json': tsconfig, 'src/a.ts': 'export const a = 1;\n' },
      { 'tsconfig.json': tsconfig.replace('"strict":true', '"strict":false'), 'src/a.ts': 'export const a = 1;\nexport function f(x) { return x; }\n' },
    );
    expect(result.steps[0]).toMatchObject({ status: 'passed', newErrors: 0 });
    expect(hit(result)).toMatchObject({ level: 'block', file: 'tsconfig.json' });
  });

  it('a vitest `include` narrowed to one file: the config change blocks and the excluded tests are missing', async () => {
    const config = step('test', `${bin('vitest')} run --reporter=junit --outputFile=junit.xml`, '      format: junit\n      reportFile: junit.xml\n');
    const vitestConfig = "export default { test: { include: ['test/**/*.test.js'] } };\n";
    const t = (name: string) => `import { it, expect } from 'vitest';\nit('${name}', () => expect(1).toBe(1));\n`;
    const result = await gate(
      { '.github/handoff-gate.yml': config, 'vitest.config.mjs': vitestConfig, 'package.json': '{ "type": "module" }\n', 'test/a.test.js': t('a works'), 'test/b.test.js': t('b works') },
      { 'vitest.config.mjs': vitestConfig.replace('test/**/*.test.js', 'test/a.test.js') },
    );
    expect(hit(result)).toMatchObject({ file: 'vitest.config.mjs' });
    expect(result.reasons.find((r) => r.code === 'verify.test-missing')?.message).toContain('b works');
    expect(result.steps[0]?.tests).toMatchObject({ head: { total: 1 }, base: { total: 2 }, missingCount: 1 });
  });
});

describe("the base's dependencies", () => {
  const config = 'handoffs:\n  required: false\nverify:\n  steps:\n    - id: deps\n      run: "test -e node_modules && echo has-modules || echo no-modules"\n';
  const seen = async (headPackage: string, extra = '') => {
    const out: Record<string, string> = {};
    await gate({ '.github/handoff-gate.yml': config + extra, 'package.json': '{ "name": "x" }\n' }, { 'package.json': headPackage }, (e) => {
      if (e.type === 'finish') out[e.job.label] = e.run.stdout.trim();
    });
    return out;
  };

  it("reuses the head's node_modules only when package.json and the lockfiles are identical", async () => {
    expect(await seen('{ "name": "x" }\n')).toEqual({ head: 'has-modules', base: 'has-modules' });
    expect(await seen('{ "name": "x", "dependencies": { "left-pad": "1.3.0" } }\n')).toEqual({ head: 'has-modules', base: 'no-modules' });
    // With a setup, each checkout installs its own: nothing is linked (an `npm ci` through a link would wipe the head's).
    expect(await seen('{ "name": "x" }\n', '  setup:\n    run: "true"\n')).toEqual({ head: 'has-modules', base: 'no-modules' });
  });
});
