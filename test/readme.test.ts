/** The README is documentation users act on: its reason-code table and sample configuration must stay true. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/core/config/load-config.js';
import { DEFAULT_FORBIDDEN_PATTERNS } from '../src/core/guardrails/default-patterns.js';
import { REASON_CODES } from '../src/core/reasons.js';
import { DEFAULT_STEP_ENV_ALLOW, DENIED_STEP_ENV } from '../src/core/verify/step-env.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('documents every reason code and every built-in pattern', () => {
    for (const code of Object.keys(REASON_CODES)) expect(readme).toContain(`| \`${code}\` |`);
    for (const p of DEFAULT_FORBIDDEN_PATTERNS) expect(readme).toContain(`| \`${p.id}\` |`);
  });

  it('lists exactly the variables verify steps get and the patterns they never get', () => {
    const section = /### How verify steps are contained([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
    const allow = /these variables of the gate's environment:\n([\s\S]*?) — plus/.exec(section)?.[1] ?? '';
    const deny = /configuration says[\s\S]*?: (`INPUT_\*`[\s\S]*?) \(case-insensitive\)/.exec(section)?.[1] ?? '';
    const names = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    expect(names(allow)).toEqual([...DEFAULT_STEP_ENV_ALLOW]);
    expect(names(deny)).toEqual([...DENIED_STEP_ENV]);
  });

  it('shows a sample configuration that validates', () => {
    const yaml = /## Configuration[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(yaml).toBeDefined();
    const result = loadConfig('README.md', yaml as string);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('gives the two set-up commands on its first screen', () => {
    const firstScreen = readme.split('\n').slice(0, 25).join('\n');
    expect(firstScreen).toContain('npm ci && npm run demo');
    expect(firstScreen).toContain('npm test');
  });

  it('links SECURITY.md from the Action and App install sections, and SECURITY.md covers every installation mode', () => {
    const section = (title: string) => readme.slice(readme.indexOf(title), readme.indexOf('\n## ', readme.indexOf(title) + 1));
    expect(section('## The GitHub Action')).toContain('(SECURITY.md');
    expect(section('## The GitHub App')).toContain('(SECURITY.md');
    const security = readFileSync(new URL('../SECURITY.md', import.meta.url), 'utf8');
    for (const file of ['handoff-gate-verify.yml', 'handoff-gate.yml', 'handoff-gate-single-job.yml']) expect(security).toContain(file);
    expect(security).toContain('## Making the required check unforgeable');
  });
});
