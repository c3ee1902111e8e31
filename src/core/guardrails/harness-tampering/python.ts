/**
 * Harness-tampering constructs in Python, found on the tree-sitter syntax tree of the whole file
 * (src/core/syntax/python.ts), with import aliases resolved (`import time as t; t.time = …`).
 */
import { descendants, stringValue, withPythonTree, type SyntaxNode } from '../../syntax/python.js';
import { CONSTRUCT_TEXT, MARKER_NAMES, TEST_PATH, TEST_RUNNER_WORD, type Construct, type ConstructHit } from './construct.js';

const CLOCK_PATHS = new Set(['time.time', 'time.time_ns', 'time.monotonic', 'time.monotonic_ns', 'time.perf_counter', 'time.perf_counter_ns', 'time.sleep', 'time.localtime', 'time.gmtime', 'datetime.datetime', 'datetime.date', 'datetime.datetime.now', 'datetime.datetime.utcnow', 'datetime.date.today']);
const HARNESS_ROOTS = /^(?:unittest|pytest|_pytest|doctest|nose2?|hypothesis)(?:\.|$)/;
const RUNNER_MODULES = new Set(['pytest', '_pytest', 'unittest', 'nose', 'nose2']);
const EXIT_CALLS = new Set(['sys.exit', 'os._exit', 'os.abort', 'exit', 'quit']);
const READ_FNS = new Set(['open', 'read_text', 'read_bytes', 'listdir', 'scandir', 'glob', 'iglob', 'rglob', 'exists', 'isfile', 'isdir', 'loadtxt', 'read_csv', 'Path', 'import_module', 'run_path', 'spec_from_file_location']);
const WRITE_FNS = new Set(['write', 'writelines', 'write_text', 'write_bytes', 'dump', 'copy', 'copyfile', 'copy2', 'move', 'rename', 'replace', 'unlink', 'remove', 'rmtree', 'savetxt', 'to_csv', 'to_json', 'touch']);

/**
 * The constructs in `text` (the whole head file). `entryPoint` exempts `process-exit`. With `added`
 * (1-based line numbers), only nodes whose lines include an added line are examined — imports and
 * functions are still read from the whole file — which is what the check reports anyway.
 */
export async function findPythonConstructs(text: string, entryPoint: boolean, added?: ReadonlySet<number>): Promise<ConstructHit[]> {
  return withPythonTree(text, (root) => new PyScan(root, entryPoint || text.startsWith('#!'), added).run());
}

class PyScan {
  /** Local name → dotted path it stands for (`import time as t` → t: time; `from time import time` → time: time.time). */
  private readonly aliases = new Map<string, string>();
  private readonly functions = new Map<string, SyntaxNode>();
  private readonly nodes: SyntaxNode[] = [];
  private readonly hits: ConstructHit[] = [];

  private readonly addedRows: number[];

  constructor(
    private readonly root: SyntaxNode,
    private readonly entryPoint: boolean,
    added: ReadonlySet<number> | undefined,
  ) {
    this.addedRows = added ? [...added].map((l) => l - 1).sort((a, b) => a - b) : [];
    this.all = added === undefined;
  }

  private readonly all: boolean;

  /** Does the node's row range include an added row? (binary search) */
  private touched(node: SyntaxNode): boolean {
    if (this.all) return true;
    const start = node.startPosition.row;
    const end = node.endPosition.row;
    let lo = 0;
    let hi = this.addedRows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.addedRows[mid] as number) < start) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.addedRows.length && (this.addedRows[lo] as number) <= end;
  }

  run(): ConstructHit[] {
    // Imports and function definitions of the whole file (searched inside the WebAssembly runtime).
    for (const node of this.root.descendantsOfType(['import_statement', 'import_from_statement'])) if (node) this.imports(node);
    for (const node of this.root.descendantsOfType('function_definition')) {
      const fname = node?.childForFieldName('name')?.text;
      if (node && fname) this.functions.set(fname, node);
    }
    const stack: SyntaxNode[] = [this.root];
    while (stack.length > 0) {
      const node = stack.pop() as SyntaxNode;
      if (!this.touched(node)) continue;
      this.nodes.push(node);
      for (const child of node.namedChildren) if (child) stack.push(child);
    }
    for (const node of this.nodes) this.visit(node);
    return this.hits;
  }

  private imports(node: SyntaxNode): void {
    const from = node.type === 'import_from_statement' ? node.childForFieldName('module_name')?.text : undefined;
    for (const child of node.namedChildren) {
      if (!child || child === node.childForFieldName('module_name')) continue;
      const [target, alias] = child.type === 'aliased_import' ? [child.childForFieldName('name')?.text, child.childForFieldName('alias')?.text] : child.type === 'dotted_name' ? [child.text, undefined] : [undefined, undefined];
      if (!target) continue;
      const full = from ? `${from}.${target}` : target;
      const local = alias ?? (from ? target : (target.split('.')[0] as string));
      this.aliases.set(local, from || alias ? full : local);
    }
  }

  /** The dotted path of an identifier/attribute chain with import aliases resolved. */
  private pathOf(node: SyntaxNode | null | undefined): string | undefined {
    if (!node) return undefined;
    if (node.type === 'identifier') return this.aliases.get(node.text) ?? node.text;
    if (node.type === 'attribute') {
      const object = this.pathOf(node.childForFieldName('object'));
      const attr = node.childForFieldName('attribute')?.text;
      return object && attr ? `${object}.${attr}` : undefined;
    }
    if (node.type === 'parenthesized_expression') return this.pathOf(node.namedChildren[0]);
    return undefined;
  }

  private visit(node: SyntaxNode): void {
    switch (node.type) {
      case 'string': {
        const value = stringValue(node);
        if (MARKER_NAMES.has(value)) this.hit('test-runner-marker', node, JSON.stringify(value));
        return;
      }
      case 'comparison_operator':
        return this.comparison(node);
      case 'binary_operator':
      case 'concatenated_string': {
        // 'PYTEST_' + 'CURRENT_TEST' or 'PYTEST_' 'CURRENT_TEST': a marker name spelled in pieces.
        if (node.parent?.type === 'binary_operator') return;
        const folded = foldString(node);
        if (folded !== undefined && MARKER_NAMES.has(folded)) this.hit('test-runner-marker', node, `${JSON.stringify(folded)} spelled in pieces`);
        return;
      }
      case 'subscript': {
        // sys.modules['pytest'] read (an assignment to it is reported as patching)
        const value = this.pathOf(node.childForFieldName('value'));
        const key = node.childForFieldName('subscript');
        if (value === 'sys.modules' && key?.type === 'string' && RUNNER_MODULES.has(stringValue(key))) {
          const assigned = node.parent?.type === 'assignment' && node.parent.childForFieldName('left')?.id === node.id;
          this.hit(assigned ? 'assertion-patched' : 'test-runner-marker', node, `sys.modules[${JSON.stringify(stringValue(key))}]${assigned ? ' =' : ''}`);
        }
        return;
      }
      case 'attribute': {
        const path = this.pathOf(node);
        if (path !== 'sys.argv' && path !== 'sys.orig_argv') return;
        const word = stringsIn(this.statementOf(node)).find((s) => TEST_RUNNER_WORD.test(s));
        if (word !== undefined) this.hit('argv-test-runner', node, `${path} compared with ${JSON.stringify(word)}`);
        return;
      }
      case 'assignment':
      case 'augmented_assignment':
        return this.assignment(node);
      case 'call':
        return this.call(node);
      case 'decorator': {
        if (this.pathOf(node.namedChildren[0]) !== 'atexit.register') return;
        const fn = node.parent?.childForFieldName('definition');
        const write = fn ? this.writeIn(fn) : undefined;
        if (write) this.hit('exit-hook-writes', node.parent as SyntaxNode, `@atexit.register on a function that calls ${write}()`);
        return;
      }
      case 'raise_statement': {
        const raised = node.namedChildren[0];
        const path = this.pathOf(raised?.type === 'call' ? raised.childForFieldName('function') : raised);
        if (path === 'SystemExit' && !this.entryPoint && !this.insideMainGuard(node)) this.hit('process-exit', node, 'raise SystemExit');
        return;
      }
      default:
        return;
    }
  }

  private comparison(node: SyntaxNode): void {
    // 'pytest' in sys.modules / 'PYTEST_CURRENT_TEST' in os.environ
    const children = node.namedChildren.filter((c): c is SyntaxNode => c !== null);
    if (!/\bin\b/.test(node.children.filter((c) => c && !c.isNamed).map((c) => c?.type).join(' '))) return;
    const [left, right] = children;
    if (left?.type === 'string' && this.pathOf(right) === 'sys.modules' && RUNNER_MODULES.has(stringValue(left))) this.hit('test-runner-marker', node, `${JSON.stringify(stringValue(left))} in sys.modules`);
  }

  private assignment(node: SyntaxNode): void {
    const left = node.childForFieldName('left');
    const path = this.pathOf(left);
    if (!path || left?.type !== 'attribute') return;
    if (CLOCK_PATHS.has(path)) this.hit('clock-replaced', node, `${path} =`);
    else if (HARNESS_ROOTS.test(path)) this.hit('assertion-patched', node, `${path} =`);
  }

  private call(node: SyntaxNode): void {
    const fnNode = node.childForFieldName('function');
    const path = this.pathOf(fnNode);
    const args = node.childForFieldName('arguments');
    const argList = (args?.namedChildren ?? []).filter((a): a is SyntaxNode => a !== null);
    const method = path ? (path.split('.').pop() as string) : fnNode?.type === 'attribute' ? fnNode.childForFieldName('attribute')?.text : undefined;
    if (method && READ_FNS.has(method)) {
      const found = stringsIn(node).find((s) => TEST_PATH.test(s));
      if (found !== undefined) return this.hit('reads-test-files', node, `${path ?? `….${method}`}(… ${JSON.stringify(found)} …)`);
    }
    if (!path) {
      // freeze_time(...).start() / patch('time.time').start(): the object of `.start` is a call
      if (fnNode?.type === 'attribute' && fnNode.childForFieldName('attribute')?.text === 'start') {
        const inner = fnNode.childForFieldName('object');
        const innerPath = inner?.type === 'call' ? this.pathOf(inner.childForFieldName('function')) : undefined;
        const target = inner?.childForFieldName('arguments')?.namedChildren[0];
        if (innerPath && /(?:^|\.)freeze_time$/.test(innerPath)) this.hit('clock-replaced', node, `${innerPath}(…).start()`);
        else if (innerPath && /(?:^|\.)patch$/.test(innerPath) && target?.type === 'string' && /^(?:time|datetime)\./.test(stringValue(target))) this.hit('clock-replaced', node, `${innerPath}(${JSON.stringify(stringValue(target))}).start()`);
      }
      return;
    }
    if (path === 'setattr' && argList[0]) {
      const target = this.pathOf(argList[0]);
      const key = argList[1]?.type === 'string' ? stringValue(argList[1]) : undefined;
      const full = target && key ? `${target}.${key}` : target;
      if (full && (CLOCK_PATHS.has(full) || target === 'time' || target === 'datetime')) return this.hit('clock-replaced', node, `setattr(${target}, …)`);
      if (target && HARNESS_ROOTS.test(target)) return this.hit('assertion-patched', node, `setattr(${target}, …)`);
      return;
    }
    if (/(?:^|\.)patch\.object$/.test(path) && argList[0]) {
      const target = this.pathOf(argList[0]);
      if (target && HARNESS_ROOTS.test(target)) this.hit('assertion-patched', node, `${path}(${target}, …)`);
      else if (target === 'time' || target === 'datetime' || (target && CLOCK_PATHS.has(target))) this.hit('clock-replaced', node, `${path}(${target}, …)`);
      return;
    }
    if (EXIT_CALLS.has(path) || (path === 'os.kill' && argList[0] && this.pathOf(argList[0].type === 'call' ? argList[0].childForFieldName('function') : argList[0]) === 'os.getpid')) {
      if (!this.entryPoint && !this.insideMainGuard(node)) this.hit('process-exit', node, `${path}()`);
      return;
    }
    if (path === 'atexit.register' && argList[0]) {
      const handler = argList[0].type === 'identifier' ? this.functions.get(argList[0].text) : argList[0];
      const write = handler ? this.writeIn(handler) : undefined;
      if (write) this.hit('exit-hook-writes', node, `atexit.register(…) with a handler that calls ${write}()`);
      return;
    }
    if (path === 'sys.modules.get' && argList[0]?.type === 'string' && RUNNER_MODULES.has(stringValue(argList[0]))) this.hit('test-runner-marker', node, `sys.modules.get(${JSON.stringify(stringValue(argList[0]))})`);
  }

  /** The first file-writing call inside `node` (`open(…, 'w')` counts), if any. */
  private writeIn(node: SyntaxNode): string | undefined {
    for (const n of descendants(node)) {
      if (n.type !== 'call') continue;
      const path = this.pathOf(n.childForFieldName('function'));
      const last = path?.split('.').pop();
      if (!path || !last) continue;
      if (WRITE_FNS.has(last)) return path;
      if (last === 'open' && stringsIn(n).some((s) => /^[rbt]*[wax+][bt+]*$/.test(s))) return path;
    }
    return undefined;
  }

  /** Inside `if __name__ == "__main__":`, the file runs as a program. */
  private insideMainGuard(node: SyntaxNode): boolean {
    for (let n = node.parent; n; n = n.parent) {
      if (n.type === 'if_statement' && /__name__/.test(n.childForFieldName('condition')?.text ?? '') && /__main__/.test(n.childForFieldName('condition')?.text ?? '')) return true;
    }
    return false;
  }

  /** The condition, assignment or statement a `sys.argv` read is part of. */
  private statementOf(node: SyntaxNode): SyntaxNode {
    let n = node;
    for (let p = node.parent; p; p = p.parent) {
      if (p.type === 'if_statement' || p.type === 'while_statement' || p.type === 'elif_clause') return p.childForFieldName('condition') ?? n;
      if (/statement$|^assignment$|^block$|^module$|definition$/.test(p.type)) return p.type === 'block' || p.type === 'module' || p.type.endsWith('definition') ? n : p;
      n = p;
    }
    return n;
  }

  private hit(construct: Construct, node: SyntaxNode, detail: string): void {
    this.hits.push({ construct, startLine: node.startPosition.row + 1, endLine: node.endPosition.row + 1, detail: `${CONSTRUCT_TEXT[construct]}: ${detail}`.slice(0, 200) });
  }
}

/** The value of a `+` chain (or implicit concatenation) of plain string literals; `undefined` otherwise. */
function foldString(node: SyntaxNode, depth = 0): string | undefined {
  if (depth > 50) return undefined;
  if (node.type === 'string') return node.namedChildren.some((c) => c?.type === 'interpolation') ? undefined : stringValue(node);
  if (node.type === 'parenthesized_expression' && node.namedChildren[0]) return foldString(node.namedChildren[0], depth + 1);
  if (node.type === 'concatenated_string' || (node.type === 'binary_operator' && node.childForFieldName('operator')?.type === '+')) {
    let out = '';
    for (const part of node.type === 'concatenated_string' ? node.namedChildren : [node.childForFieldName('left'), node.childForFieldName('right')]) {
      const value = part ? foldString(part, depth + 1) : undefined;
      if (value === undefined) return undefined;
      out += value;
    }
    return out;
  }
  return undefined;
}

function stringsIn(node: SyntaxNode): string[] {
  return descendants(node)
    .filter((n) => n.type === 'string')
    .map(stringValue);
}
