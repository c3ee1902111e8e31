/**
 * Python syntax trees from tree-sitter's WebAssembly runtime with the Python grammar, both from
 * `@vscode/tree-sitter-wasm` (the prebuilt set VS Code ships: no native build, no install script).
 * Loaded on first use (about 0.7 MB of WebAssembly). tree-sitter always returns a tree — syntax
 * errors become ERROR nodes — so a broken file is still read.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TreeSitter from '@vscode/tree-sitter-wasm';

export type SyntaxNode = TreeSitter.Node;

let runtime: Promise<TreeSitter.Parser> | undefined;

/**
 * Where the .wasm files are: the package in node_modules, or `tree-sitter-wasm/` next to the Action
 * bundle (scripts/build-action.js copies the two files there).
 */
function wasmDir(): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
  } catch {
    const here = dirname(fileURLToPath(import.meta.url));
    const candidates = [join(here, 'tree-sitter-wasm'), join(here, '..', 'tree-sitter-wasm')];
    return candidates.find((c) => existsSync(join(c, 'tree-sitter-python.wasm'))) ?? (candidates[0] as string);
  }
}

async function loadParser(): Promise<TreeSitter.Parser> {
  runtime ??= (async () => {
    const dir = wasmDir();
    // The runtime is a UMD file that asks CommonJS's `__filename` where it lives. Loaded from
    // node_modules it has one; inside the Action's ES module bundle it has none and would throw, so
    // the global stands in while it loads (only if absent; the .wasm paths come from `locateFile`).
    const global = globalThis as { __filename?: string };
    const standIn = global.__filename === undefined;
    if (standIn) global.__filename = join(dir, 'tree-sitter.js');
    try {
      const module = (await import('@vscode/tree-sitter-wasm')) as typeof TreeSitter & { default?: typeof TreeSitter };
      const ts = module.default ?? module;
      await ts.Parser.init({ locateFile: (file: string) => join(dir, file) });
      const parser = new ts.Parser();
      parser.setLanguage(await ts.Language.load(join(dir, 'tree-sitter-python.wasm')));
      return parser;
    } finally {
      if (standIn) delete global.__filename;
    }
  })();
  runtime.catch(() => (runtime = undefined));
  return runtime;
}

/**
 * Parses `text` and calls `use` with the root node; the tree is freed afterwards (WebAssembly
 * memory is not garbage-collected), so `use` must not keep nodes. Throws when the runtime cannot load.
 */
export async function withPythonTree<T>(text: string, use: (root: SyntaxNode) => T): Promise<T> {
  const parser = await loadParser();
  const tree = parser.parse(text);
  if (!tree) throw new SyntaxError('the Python parser returned no tree');
  try {
    return use(tree.rootNode);
  } finally {
    tree.delete();
  }
}

/** `root` and every named node under it, iteratively, at most `limit` nodes. */
export function descendants(root: SyntaxNode, limit = 10_000): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const stack = [root];
  while (stack.length > 0 && out.length < limit) {
    const node = stack.pop() as SyntaxNode;
    out.push(node);
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return out;
}

/** The text of a string literal without quotes or prefixes (f-string interpolations dropped). */
export function stringValue(node: SyntaxNode): string {
  return node.namedChildren
    .filter((c): c is SyntaxNode => c?.type === 'string_content')
    .map((c) => c.text)
    .join('');
}
