import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadConfig } from '../../src/core/config/load-config.js';
import { allowEntryProblem, deniedBy, stepEnvironment } from '../../src/core/verify/step-env.js';

/** What a GitHub runner gives the Action (names from a real job; values made up). */
const RUNNER = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/runner',
  LANG: 'C.UTF-8',
  LC_ALL: 'C.UTF-8',
  CI: 'true',
  GITHUB_SHA: 'abc',
  GITHUB_REPOSITORY: 'o/r',
  GITHUB_TOKEN: 'ghs_x',
  GITHUB_ENV: '/home/runner/work/_temp/_runner_file_commands/set_env_1',
  GITHUB_OUTPUT: '/home/runner/work/_temp/_runner_file_commands/set_output_1',
  'INPUT_GITHUB-TOKEN': 'ghs_y',
  INPUT_MODE: 'gate',
  ACTIONS_RUNTIME_TOKEN: 'rt',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x',
  OPENAI_API_KEY: 'sk-1',
  ANTHROPIC_API_KEY: 'sk-2',
  AWS_SECRET_ACCESS_KEY: 'a',
  AWS_ACCESS_KEY_ID: 'b',
  npm_config__authToken: 'c',
  NODE_AUTH_TOKEN: 'd',
  SSH_AUTH_SOCK: '/tmp/agent',
  DB_PASSWORD: 'e',
  NODE_OPTIONS: '--require /tmp/x.js',
  RUNNER_OS: 'Linux',
};

describe('stepEnvironment', () => {
  it('passes the built-in allow-list and nothing else', () => {
    const { env, withheld } = stepEnvironment(RUNNER);
    expect(Object.keys(env).sort()).toEqual(['CI', 'GITHUB_REPOSITORY', 'GITHUB_SHA', 'HOME', 'LANG', 'LC_ALL', 'PATH', 'RUNNER_OS']);
    expect(withheld).toContain('INPUT_GITHUB-TOKEN');
    expect(withheld).toContain('NODE_OPTIONS');
    expect(JSON.stringify(withheld)).not.toContain('ghs_'); // names only, never values
  });

  it('adds configured names and prefixes, but never a denied name', () => {
    const { env } = stepEnvironment({ ...RUNNER, MY_FLAG: '1', MY_API_KEY: 'x', MY_TOKEN_FILE: 'y' }, ['GITHUB_*', 'MY_*', 'NODE_OPTIONS']);
    expect(env).toMatchObject({ MY_FLAG: '1', NODE_OPTIONS: '--require /tmp/x.js' });
    for (const name of ['GITHUB_TOKEN', 'GITHUB_ENV', 'GITHUB_OUTPUT', 'MY_API_KEY', 'MY_TOKEN_FILE']) expect(env).not.toHaveProperty(name);
  });

  it('never passes a name a deny pattern matches, whatever the allow-list (property)', () => {
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,30}$/);
    fc.assert(
      fc.property(fc.array(name, { maxLength: 20 }), fc.array(name.map((n) => `${n}*`), { maxLength: 5 }), (names, prefixes) => {
        const parent = Object.fromEntries(names.map((n) => [n, 'v']));
        const { env } = stepEnvironment(parent, [...names, ...prefixes, '*']);
        for (const passed of Object.keys(env)) expect(deniedBy(passed)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });
});

describe('deniedBy', () => {
  it.each([
    ['INPUT_GITHUB-TOKEN', 'INPUT_*'],
    ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_*'],
    ['GITHUB_TOKEN', '*TOKEN*'],
    ['npm_config__authToken', '*TOKEN*'],
    ['openai_api_key', '*_KEY'],
    ['AWS_ACCESS_KEY_ID', '*_KEY_*'],
    ['SSH_AUTH_SOCK', '*_AUTH_*'],
    ['DB_PASSWORD', '*PASSWORD*'],
    ['GITHUB_ENV', 'GITHUB_ENV'],
  ])('%s is denied by %s', (name, pattern) => {
    expect(deniedBy(name)).toBe(pattern);
  });

  it.each(['PATH', 'GIT_AUTHOR_NAME', 'KEYBOARD', 'NODE_ENV', 'GITHUB_SHA'])('%s is not denied', (name) => {
    expect(deniedBy(name)).toBeUndefined();
  });
});

describe('verify.env.allow in the configuration', () => {
  it.each(['OPENAI_API_KEY', 'INPUT_*', 'ACTIONS_*', 'AWS_SECRET*', 'GITHUB_TOKEN', 'bad name', '*'])('refuses %j with the reason', (entry) => {
    expect(allowEntryProblem(entry)).toBeDefined();
    const result = loadConfig('c.yml', `verify:\n  env:\n    allow: [${JSON.stringify(entry)}]\n`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ path: 'verify.env.allow.0', line: 3 });
  });

  it.each(['NODE_OPTIONS', 'GITHUB_*', 'MY_APP_*', 'JAVA_TOOL_OPTIONS'])('accepts %j', (entry) => {
    expect(allowEntryProblem(entry)).toBeUndefined();
    const result = loadConfig('c.yml', `verify:\n  containment: pid-namespace\n  env:\n    allow: [${entry}]\n`);
    expect(result.ok && result.config.verify).toMatchObject({ containment: 'pid-namespace', env: { allow: [entry] } });
  });

  it('defaults to auto containment and the built-in list only', () => {
    const result = loadConfig('c.yml', '');
    expect(result.ok && result.config.verify).toMatchObject({ containment: 'auto', env: { allow: [] } });
  });
});
