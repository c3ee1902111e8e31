/** An in-memory `TreeReader` (the port evaluateGate reads files through), for core tests. */
import picomatch from 'picomatch';
import type { TreeReader } from '../../src/core/evaluate-gate.js';

export function memoryTree(head: Record<string, string>, base: Record<string, string> = {}): TreeReader {
  const enc = new TextEncoder();
  const read = (files: Record<string, string>) => async (path: string) => (path in files ? enc.encode(files[path] as string) : undefined);
  return { readHead: read(head), readBase: read(base), listBase: async (globs) => {
      const isMatch = picomatch([...globs], { dot: true });
      return Object.keys(base).filter((p) => isMatch(p));
    },
  };
}
