/**
 * JavaScript/TypeScript syntax trees from `@babel/parser` (maintained, pure JS, handles TS and JSX),
 * loaded on first use so runs without JS/TS files never load it. The tree is Babel's (ESTree-like,
 * with `loc` lines 1-based); `AstNode` is the part of it our rules read.
 */

/** The part of a Babel node the rules read. */
export interface AstNode {
  type: string;
  loc?: { start: { line: number }; end: { line: number } } | null;
  start?: number | null;
  end?: number | null;
  [key: string]: unknown;
}

/** Keys that hold positions or comments, never child nodes. */
export const NON_CHILD_KEYS = new Set(['loc', 'start', 'end', 'range', 'extra', 'leadingComments', 'trailingComments', 'innerComments', 'comments', 'tokens', 'errors']);

type Babel = typeof import('@babel/parser');
let babel: Promise<Babel> | undefined;

/**
 * The `File` node of `text`; `path` picks the dialect (`.ts`/`.mts`/`.cts` TypeScript, `.tsx`
 * TypeScript + JSX, anything else JavaScript + JSX). Error recovery is on, so most broken files
 * still give a tree; throws `SyntaxError` (with the position) when the parser gives up.
 */
export async function parseJavaScript(text: string, path: string): Promise<AstNode> {
  // A CommonJS module: Node gives named exports, an ES module bundle only `default`.
  babel ??= import('@babel/parser').then((m) => ((m as Partial<Babel>).parse ? m : (m as unknown as { default: Babel }).default));
  const { parse } = await babel;
  const typescript = /\.[cm]?tsx?$/.test(path);
  const jsx = !/\.[cm]?ts$/.test(path);
  return parse(text, {
    sourceType: 'unambiguous',
    errorRecovery: true,
    allowReturnOutsideFunction: true,
    allowAwaitOutsideFunction: true,
    allowImportExportEverywhere: true,
    plugins: [...(typescript ? (['typescript', 'decorators-legacy'] as const) : []), ...(jsx ? (['jsx'] as const) : [])],
  }) as unknown as AstNode;
}

/** Is `value` a syntax node? */
export function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as AstNode).type === 'string';
}

/** The child nodes of `node`, in source order. */
export function childrenOf(node: AstNode): AstNode[] {
  const out: AstNode[] = [];
  for (const key in node) {
    const value = node[key];
    if (value === null || typeof value !== 'object' || NON_CHILD_KEYS.has(key)) continue;
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child)) out.push(child);
    } else if (isNode(value)) out.push(value);
  }
  return out;
}

/** `root` and every node under it, iteratively (no recursion), at most `limit` nodes. */
export function descendants(root: AstNode, limit = 10_000): AstNode[] {
  const out: AstNode[] = [];
  const stack = [root];
  while (stack.length > 0 && out.length < limit) {
    const node = stack.pop() as AstNode;
    out.push(node);
    stack.push(...childrenOf(node));
  }
  return out;
}
