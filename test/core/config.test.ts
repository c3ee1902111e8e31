import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { defaultConfig } from '../../src/core/config/config-schema.js';
import { loadConfig } from '../../src/core/config/load-config.js';
import { formatSchema, publishedSchemas } from '../../src/core/published-schemas.js';

describe('loadConfig', () => {
  it('gives useful defaults for an empty file', () => {
    const result = loadConfig('c.yml', '');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toEqual(defaultConfig());
    expect(result.config.handoffs.required).toBe(true);
    expect(result.config.guardrails.protectedPaths.paths).toContain('.github/**');
    expect(result.config.baseline.mode).toBe('worktree');
    expect(result.config.commands.prefix).toBe('/gate');
  });

  it('applies step defaults', () => {
    const result = loadConfig('c.yml', 'verify:\n  steps:\n    - id: lint\n      run: eslint .\n');
    expect(result.ok && result.config.verify.steps[0]).toMatchObject({ id: 'lint', format: 'exit-code', timeout: 600, required: true, baseline: true });
  });

  it.each([
    ['verify:\n  steps:\n    - id: lint\n      run: 42\n', 'verify.steps.0.run', 4, 12, 'string', 'number'],
    ['verify:\n  steps:\n    - id: lint\n      run: x\n      format: sarif\n', 'verify.steps.0.format', 5, 15, 'one of "eslint-json", "tsc", "junit", "exit-code"', '"sarif"'],
    ['handoffs:\n  requird: true\n', 'handoffs.requird', 2, 3, 'a known key', '"requird"'],
    ['baseline:\n  mode: sometimes\n', 'baseline.mode', 2, 9, 'one of "worktree", "file", "none"', '"sometimes"'],
  ])('reports %j at its path, line and column with expected and found', (yaml, path, line, column, expected, found) => {
    const result = loadConfig('.github/handoff-gate.yml', yaml);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ file: '.github/handoff-gate.yml', path, line, column, expected, found });
  });

  it('reports YAML syntax errors and refuses more than one document', () => {
    const bad = loadConfig('c.yml', 'verify: [\n');
    expect(!bad.ok && bad.problems[0]?.found).toBe('unparseable input');
    const two = loadConfig('c.yml', 'a: 1\n---\nb: 2\n');
    expect(two.ok).toBe(false);
  });
});

describe('published schemas', () => {
  it('match the files committed under schemas/', () => {
    for (const [name, schema] of Object.entries(publishedSchemas())) {
      expect(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), 'utf8'), `schemas/${name} is stale: npm run schemas`).toBe(formatSchema(schema));
    }
  });

  it('the generated config schema accepts the demo configuration and rejects unknown keys', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(publishedSchemas()['handoff-gate-config.schema.json'] as object);
    expect(validate({ verify: { steps: [{ id: 'lint', run: 'eslint .', format: 'eslint-json' }] } })).toBe(true);
    expect(validate({ verify: { stepz: [] } })).toBe(false);
  });
});
