/**
 * `config validate` and `check` share one schema, so everything `check` would trip on is rejected
 * when the configuration is validated: invalid regular expressions (with the position), duplicate
 * verify step and gate ids, approver roles that `roles` does not define, unknown built-in pattern ids.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadConfig } from '../../src/core/config/load-config.js';
import { gitRepo } from '../helpers/git-repo.js';

const problems = (yaml: string) => {
  const result = loadConfig('.github/handoff-gate.yml', yaml);
  return result.ok ? [] : result.problems.map((p) => [p.path, p.line, p.message]);
};

describe('configuration strictness', () => {
  it('an invalid regular expression is rejected at its line, with the position inside the pattern', () => {
    expect(problems('guardrails:\n  forbiddenPatterns:\n    - id: todo\n      pattern: "TODO(agent"\n      message: agent TODO\n')).toEqual([
      ['guardrails.forbiddenPatterns.0.pattern', 4, 'guardrails.forbiddenPatterns.0.pattern: invalid regular expression at position 11: Unterminated group'],
    ]);
    expect(problems('guardrails:\n  forbiddenPatterns:\n    - id: range\n      pattern: "[z-a]"\n      message: m\n')[0]?.[2]).toContain('position 5: Range out of order in character class');
  });

  it('duplicate verify step ids and gate ids are rejected at the duplicate', () => {
    const yaml = 'verify:\n  steps:\n    - id: lint\n      run: eslint .\n    - id: lint\n      run: eslint src\ngates:\n  - id: g\n  - id: g\n';
    expect(problems(yaml)).toEqual([
      ['verify.steps.1.id', 5, 'verify.steps.1.id: duplicate verify step id "lint"'],
      ['gates.1.id', 9, 'gates.1.id: duplicate gate id "g"'],
    ]);
  });

  it('a gate that names an undefined role is rejected; a defined one is fine', () => {
    const gate = 'gates:\n  - id: deploy\n    approvers:\n      roles: [release-managers]\n';
    expect(problems(gate)).toEqual([['gates.0.approvers.roles.0', 4, 'gates.0.approvers.roles.0: gate "deploy" names role "release-managers", which `roles` does not define']]);
    expect(problems(`${gate}roles:\n  release-managers:\n    users: [ana]\n`)).toEqual([]);
  });

  it('unknown built-in pattern ids in disabledPatterns and patternLevels are rejected; known ones and secretlint are fine', () => {
    expect(problems('guardrails:\n  disabledPatterns: [focused-tests]\n  patternLevels: { debuger: warn }\n').map(([path]) => path)).toEqual(['guardrails.disabledPatterns.0', 'guardrails.patternLevels.debuger']);
    expect(problems('guardrails:\n  disabledPatterns: [focused-test, secretlint]\n  patternLevels: { debugger: warn, bidi-control: warn }\n')).toEqual([]);
  });

  it('a configured pattern may not reuse a built-in id', () => {
    expect(problems('guardrails:\n  forbiddenPatterns:\n    - id: debugger\n      pattern: x\n      message: m\n').map(([path]) => path)).toEqual(['guardrails.forbiddenPatterns.0.id']);
  });

  it('config validate exits 78 naming the problem, and check exits 78 (not a crash) on the same base configuration', async () => {
    const bad = 'guardrails:\n  forbiddenPatterns:\n    - id: todo\n      pattern: "TODO(agent"\n      message: agent TODO\n';
    const repo = gitRepo({ '.github/handoff-gate.yml': bad }, { 'src/a.ts': 'export const a = 1;\n' });
    const out = { stdout: '', stderr: '' };
    const io = { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t), env: process.env, cwd: repo.dir, isTTY: false };
    expect(await main(['config', 'validate'], io)).toBe(78);
    expect(out.stdout).toContain('.github/handoff-gate.yml:4:');
    expect(out.stdout).toContain('invalid regular expression at position 11');
    expect(await main(['check', '--base', 'main', '--skip-verify'], io)).toBe(78);
  });
});
