#!/usr/bin/env node
// Bundles the Action (src/action/index.ts) into one ESM file, dist/index.js, for GitHub's node24
// runtime. The output is committed; `--check` rebuilds into memory and exits 1 when dist/ differs.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const result = await build({
  entryPoints: [join(root, 'src/action/index.ts')],
  bundle: true,
  platform: 'node',
  // ES modules first: jsonc-parser's `main` is a UMD wrapper whose inner requires a bundler cannot follow.
  mainFields: ['module', 'main'],
  target: 'node20',
  format: 'esm',
  // Modes and the GitHub client are loaded on demand (dynamic imports), so they are separate chunks.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  minify: true,
  legalComments: 'linked',
  write: false,
  outdir: join(root, 'dist'),
  // Dependencies that `require` Node built-ins need a `require` in an ES module bundle.
  banner: { js: "import { createRequire as __hgCreateRequire } from 'node:module'; const require = __hgCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
// The Python grammar for guardrail.harness-tampering and handoff.stub-deliverable: tree-sitter's
// WebAssembly runtime and grammar, loaded at run time from dist/tree-sitter-wasm/ (src/core/syntax/python.ts).
const wasmDir = join(root, 'node_modules/@vscode/tree-sitter-wasm/wasm');
const wasm = ['tree-sitter.wasm', 'tree-sitter-python.wasm'].map((name) => ({ path: join(root, 'dist/tree-sitter-wasm', name), text: readFileSync(join(wasmDir, name), 'latin1'), encoding: 'latin1' }));
const files = [...result.outputFiles.map((f) => ({ path: f.path, text: f.text })), { path: join(root, 'dist/package.json'), text: '{ "type": "module" }\n' }, ...wasm];
let stale = 0;
for (const file of files) {
  let current = '';
  try {
    current = readFileSync(file.path, file.encoding ?? 'utf8');
  } catch {
    /* new */
  }
  if (current === file.text) continue;
  if (check) {
    console.error(`${file.path.slice(root.length + 1)} is out of date with src/: run npm run build:action and commit dist/`);
    stale++;
  } else {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.text, file.encoding ?? 'utf8');
    console.log(`wrote ${file.path.slice(root.length + 1)} (${(file.text.length / 1024).toFixed(0)} KiB)`);
  }
}
// Files left in dist/ by an earlier build (renamed chunks) are stale too.
const expected = new Set(files.map((f) => f.path));
for (const entry of readdirSync(join(root, 'dist'), { recursive: true, withFileTypes: true })) {
  const path = join(entry.parentPath, entry.name);
  if (!entry.isFile() || expected.has(path)) continue;
  if (check) {
    console.error(`${path.slice(root.length + 1)} is left over from an earlier build: run npm run build:action and commit dist/`);
    stale++;
  } else rmSync(path);
}
process.exitCode = stale > 0 ? 1 : 0;
