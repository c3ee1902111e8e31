/**
 * `handoff.stub-deliverable` on real git repositories: a handoff that says `completed` while its
 * deliverable (a file, or a function it names) is a stub FAILs — in JS, TS and Python — and honest
 * code beside it (abstract methods, Protocols, overloads, no-op callbacks, real bodies, stubs in files
 * the handoff does not deliver, a `partial` handoff) does not.
 */
import { describe, expect, it } from 'vitest';
import { runLocalGate } from '../../src/local/local-gate.js';
import { VALID_HANDOFF } from '../helpers/gate-input.js';
import { gitRepo } from '../helpers/git-repo.js';

const handoff = (deliverables: { id: string; description: string; path: string }[], status = 'completed') => ({
  '.handoff/h.json': JSON.stringify({ ...VALID_HANDOFF, status, deliverables: deliverables.map((d) => ({ ...d, required: true })) }, null, 2),
});

async function stubs(base: Record<string, string>, head: Record<string, string>) {
  const repo = gitRepo(base, head);
  const { result } = await runLocalGate({ repo: repo.dir, base: 'main', head: 'HEAD', env: {}, skipVerify: true });
  return { result, stubs: result.reasons.filter((r) => r.code === 'handoff.stub-deliverable') };
}

const TS_STUB = "export function parseConfig(text: string): Record<string, string> {\n  throw new Error('not implemented');\n}\n\nexport function noop(): void {}\n\nexport const ok = (a: number): number => a + 1;\n";
const JS_STUB = "export class Cache {\n  get(key) {\n    // TODO: real lookup\n    return null;\n  }\n  set(key, value) {\n    this.m.set(key, value);\n  }\n}\nexport const onEvent = () => {};\n";
const PY_STUB = [
  'from abc import ABC, abstractmethod',
  'from typing import Protocol, overload',
  '',
  'class Store(ABC):',
  '    @abstractmethod',
  '    def load(self): ...',
  '',
  'class Reader(Protocol):',
  '    def read(self) -> bytes: ...',
  '',
  '@overload',
  'def conv(x: int) -> int: ...',
  '',
  'def conv(x):',
  '    return x',
  '',
  'def solve(puzzle):',
  '    """Solve the puzzle."""',
  '    raise NotImplementedError("later")',
  '',
  'def rank(items):',
  '    pass',
  '',
  'def total(items):',
  '    return sum(items)',
  '',
].join('\n');

describe('handoff.stub-deliverable on a real repository', () => {
  it('fails stub functions in delivered TS, JS and Python files, each with its file, line and why', async () => {
    const { result, stubs: found } = await stubs({}, {
      ...handoff([
        { id: 'config', description: 'Config parser', path: 'src/config.ts' },
        { id: 'cache', description: 'LRU cache', path: 'src/cache.js' },
        { id: 'solver', description: 'Puzzle solver', path: 'solver/core.py' },
      ]),
      'src/config.ts': TS_STUB,
      'src/cache.js': JS_STUB,
      'solver/core.py': PY_STUB,
      'src/other.ts': "export function later(): number {\n  throw new Error('not implemented');\n}\n",
    });
    expect(found.map((r) => [r.file, r.line, /function (\S+)/.exec(r.message)?.[1]])).toEqual([
      ['solver/core.py', 17, 'solve'],
      ['solver/core.py', 21, 'rank'],
      ['src/cache.js', 2, 'get'],
      ['src/config.ts', 1, 'parseConfig'],
    ]);
    expect(found.every((r) => r.level === 'fail')).toBe(true);
    expect(found.find((r) => r.file === 'src/config.ts')?.message).toContain("only throws \"new Error('not implemented')\"");
    expect(found.find((r) => r.file === 'src/cache.js')?.message).toContain('TODO');
    expect(result.verdict).toBe('FAIL');
  });

  it('a function the deliverable names is checked even when the stub was already on the base', async () => {
    const base = { 'lib/api.py': 'def fetch(url):\n    pass\n\ndef other():\n    pass\n' };
    const { stubs: found } = await stubs(base, { ...handoff([{ id: 'fetch', description: 'Implement `fetch` with retries', path: 'lib/api.py' }]), 'README.md': 'x\ny\n' });
    expect(found.map((r) => [r.file, r.line])).toEqual([['lib/api.py', 1]]);
  });

  it('passes real implementations, and stubs in a partial handoff or outside the added lines', async () => {
    const real = "export function parseConfig(text: string): Record<string, string> {\n  return Object.fromEntries(text.split('\\n').map((l) => l.split('=')));\n}\n";
    const done = await stubs({}, { ...handoff([{ id: 'config', description: 'Config parser', path: 'src/config.ts' }]), 'src/config.ts': real });
    expect(done.stubs).toEqual([]);
    const partial = await stubs({}, { ...handoff([{ id: 'config', description: 'Config parser', path: 'src/config.ts' }], 'partial'), 'src/config.ts': TS_STUB });
    expect(partial.stubs).toEqual([]);
    const old = "export function legacy(): number {\n  throw new Error('not implemented');\n}\n";
    const untouched = await stubs({ 'src/config.ts': old }, { ...handoff([{ id: 'config', description: 'Config parser', path: 'src/config.ts' }]), 'src/config.ts': `${old}${real}` });
    expect(untouched.stubs).toEqual([]);
  });
});
