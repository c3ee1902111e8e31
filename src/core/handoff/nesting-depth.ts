/**
 * A nesting check that runs BEFORE a YAML parser builds its tree: the `yaml` package composes
 * recursively, so a document nested 10,000 deep (`[[[[…`, `{a: {a: …`, `- - - …`) overflowed the
 * stack ("Maximum call stack size exceeded", once per level) instead of stopping at the depth limit.
 * The scan is linear and iterative, and errs on the side of counting: flow brackets outside quoted
 * scalars and comments, block sequence indicators, and the stack of block indentation levels.
 */
import type { SourcePosition } from './parse-document.js';

/** Where `text` first goes deeper than `maxDepth`, or `undefined` when it never does. */
export function excessiveNesting(text: string, maxDepth: number): SourcePosition | undefined {
  const indents: number[] = [];
  let flow = 0;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] as string;
    let i = 0;
    while (line[i] === ' ') i++;
    const content = line.slice(i);
    if (flow === 0 && content !== '' && !content.startsWith('#')) {
      while (indents.length > 0 && (indents[indents.length - 1] as number) >= i) indents.pop();
      indents.push(i);
    }
    let depth = flow + indents.length;
    let quote: string | undefined;
    for (let c = i; c < line.length; c++) {
      const ch = line[c] as string;
      if (quote) {
        if (ch === '\\' && quote === '"') c++;
        else if (ch === quote) quote = undefined;
        continue;
      }
      if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '#' && (c === 0 || line[c - 1] === ' ')) break;
      else if (ch === '[' || ch === '{') flow++;
      else if (ch === ']' || ch === '}') flow = Math.max(0, flow - 1);
      else if (ch === '-' && flow === 0 && (line[c + 1] === ' ' || line[c + 1] === undefined) && /^[\s-]*$/.test(line.slice(i, c))) depth++;
      if (flow + indents.length > depth) depth = flow + indents.length;
      if (depth > maxDepth) return { line: n + 1, column: c + 1 };
    }
  }
  return undefined;
}
