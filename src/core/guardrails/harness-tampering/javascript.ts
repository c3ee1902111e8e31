/**
 * Harness-tampering constructs in JavaScript and TypeScript, found on the Babel syntax tree of the
 * whole file (src/core/syntax/javascript.ts) — a regex would be fooled by strings, comments and line
 * breaks. Imports and `require`s are resolved, so `import a from 'node:assert'; a.ok = …` is seen.
 */
import { childrenOf, descendants, isNode, parseJavaScript, type AstNode } from '../../syntax/javascript.js';
import { CONSTRUCT_TEXT, MARKER_NAMES, TEST_PATH, TEST_RUNNER_WORD, type Construct, type ConstructHit } from './construct.js';

/** Modules whose members are assertions or the test runner's API. */
const HARNESS_MODULE = /^(?:node:)?(?:assert(?:\/strict)?|test)$|^(?:chai|expect|vitest|@vitest\/[\w-]+|@jest\/(?:globals|expect)|jest|mocha|tap|ava|uvu(?:\/assert)?|should|power-assert|jasmine)$/;
/** Globals test runners install (used without an import). */
const HARNESS_GLOBALS = new Set(['assert', 'expect', 'jest', 'vi', 'chai', 'describe', 'it', 'test', 'mocha', 'jasmine', '__vitest_worker__', '__vitest_environment__']);
const CLOCK_NAMES = new Set(['Date', 'performance', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate', 'queueMicrotask']);
const CLOCK_PATHS = new Set(['Date.now', 'Date.prototype.getTime', 'Date.prototype.valueOf', 'performance.now', 'process.hrtime', 'process.hrtime.bigint', 'process.nextTick', 'process.uptime']);
const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);
const FAKE_TIMER_CALLS = /(?:^|\.)(?:useFakeTimers|setSystemTime|install)$/;
const FAKE_TIMER_ROOT = new Set(['vi', 'jest', 'sinon', 'FakeTimers', 'fakeTimers', 'clock']);
const READ_FNS = new Set(['readFileSync', 'readFile', 'readdirSync', 'readdir', 'existsSync', 'exists', 'statSync', 'stat', 'createReadStream', 'openSync', 'open', 'access', 'accessSync', 'readJson', 'readJsonSync', 'glob', 'globSync', 'require', 'resolve', 'import']);
const WRITE_FNS = new Set(['writeFileSync', 'writeFile', 'appendFileSync', 'appendFile', 'createWriteStream', 'writeSync', 'write', 'copyFileSync', 'copyFile', 'cpSync', 'renameSync', 'rename', 'rmSync', 'unlinkSync', 'outputFileSync', 'outputJsonSync', 'writeJsonSync']);
const EXIT_EVENTS = new Set(['exit', 'beforeExit']);
const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ObjectMethod', 'ClassMethod', 'ClassPrivateMethod', 'TSDeclareFunction', 'TSDeclareMethod']);

/**
 * The constructs in `text` (the whole head file). `entryPoint` exempts `process-exit`. With `added`
 * (1-based line numbers) only nodes whose lines include an added line are examined; imports and
 * declarations are still read from the whole file.
 * Throws `SyntaxError` (with the parser's position) when the file cannot be parsed even with error recovery.
 */
export async function findJavaScriptConstructs(text: string, path: string, entryPoint: boolean, added?: ReadonlySet<number>): Promise<ConstructHit[]> {
  const ast = await parseJavaScript(text, path);
  return new JsScan(ast, entryPoint || Boolean((ast.program as AstNode | undefined)?.interpreter), added).run();
}

class JsScan {
  private readonly parents = new Map<AstNode, AstNode>();
  private readonly nodes: AstNode[] = [];
  /** Local name → module it was imported from (`import x from 'm'`, `const x = require('m')`). */
  private readonly modules = new Map<string, string>();
  /** Names declared in the file (so a local `setTimeout` or `expect` is not a global). */
  private readonly declared = new Set<string>();
  private readonly functions = new Map<string, AstNode>();
  private readonly hits: ConstructHit[] = [];

  constructor(
    private readonly root: AstNode,
    private readonly entryPoint: boolean,
    private readonly added: ReadonlySet<number> | undefined,
  ) {}

  run(): ConstructHit[] {
    this.index();
    for (const node of this.nodes) this.visit(node);
    return this.hits;
  }

  /** Does the node's line range include a line the change added (always, without `added`)? */
  private touched(node: AstNode): boolean {
    if (!this.added) return true;
    const loc = node.loc;
    if (!loc) return false;
    if (loc.end.line - loc.start.line > this.added.size) {
      for (const line of this.added) if (line >= loc.start.line && line <= loc.end.line) return true;
      return false;
    }
    for (let line = loc.start.line; line <= loc.end.line; line++) if (this.added.has(line)) return true;
    return false;
  }

  /**
   * One iterative walk (no recursion: deeply nested input cannot overflow the stack). With `added`,
   * it descends only into nodes that include an added line (their ancestors do too, so parents are
   * complete there); an untouched statement still contributes its declarations and imports.
   */
  private index(): void {
    const stack: AstNode[] = [this.root];
    while (stack.length > 0) {
      const node = stack.pop() as AstNode;
      if (node !== this.root && !this.touched(node)) {
        this.declarations(node);
        continue;
      }
      this.nodes.push(node);
      for (const child of childrenOf(node)) {
        this.parents.set(child, node);
        stack.push(child);
      }
      this.declare(node);
    }
  }

  /** The names an untouched statement declares (without walking into it). */
  private declarations(node: AstNode): void {
    if (node.type === 'ExportNamedDeclaration' || node.type === 'ExportDefaultDeclaration') {
      if (isNode(node.declaration)) this.declarations(node.declaration);
      return;
    }
    if (node.type === 'VariableDeclaration') for (const d of node.declarations as AstNode[]) this.declare(d);
    else this.declare(node);
  }

  private declare(node: AstNode): void {
    if (node.type === 'ImportDeclaration') {
      for (const s of node.specifiers as AstNode[]) this.modules.set(name(s.local), (node.source as AstNode).value as string);
    } else if (node.type === 'VariableDeclarator') {
      const source = requiredModule(node.init as AstNode | null);
      for (const id of bindingNames(node.id as AstNode)) {
        this.declared.add(id);
        if (source) this.modules.set(id, source);
      }
    } else if (node.type === 'FunctionDeclaration' && node.id) {
      this.declared.add(name(node.id));
      this.functions.set(name(node.id), node);
    } else if (node.type === 'ClassDeclaration' && node.id) this.declared.add(name(node.id));
    else if (node.type === 'CatchClause' && node.param) for (const id of bindingNames(node.param as AstNode)) this.declared.add(id);
    // Parameters are local names too (`function check(assert) { assert.x = … }` patches nothing global).
    if (FUNCTION_TYPES.has(node.type)) for (const param of (node.params as AstNode[] | undefined) ?? []) for (const id of bindingNames(param.type === 'TSParameterProperty' ? (param.parameter as AstNode) : param)) this.declared.add(id);
  }

  private visit(node: AstNode): void {
    switch (node.type) {
      case 'StringLiteral':
      case 'TemplateElement': {
        const value = node.type === 'StringLiteral' ? (node.value as string) : ((node.value as { cooked?: string }).cooked ?? '');
        if (MARKER_NAMES.has(value)) this.hit('test-runner-marker', node, JSON.stringify(value));
        return;
      }
      case 'RegExpLiteral':
        if ([...MARKER_NAMES].some((m) => (node.pattern as string).includes(m))) this.hit('test-runner-marker', node, `/${node.pattern as string}/`);
        return;
      case 'MemberExpression':
      case 'OptionalMemberExpression':
        return this.member(node);
      case 'UnaryExpression': {
        const arg = node.argument as AstNode;
        if (node.operator === 'typeof' && arg.type === 'Identifier' && HARNESS_GLOBALS.has(name(arg)) && !this.declared.has(name(arg)) && !this.modules.has(name(arg))) this.hit('test-runner-marker', node, `typeof ${name(arg)}`);
        return;
      }
      case 'BinaryExpression':
        return this.comparison(node);
      case 'VariableDeclarator': {
        // const { VITEST } = process.env
        const id = node.id as AstNode;
        if (id.type !== 'ObjectPattern' || !node.init || !/^(?:process|import\.meta)\.env$/.test(pathOf(node.init as AstNode) ?? '')) return;
        const keys = (id.properties as AstNode[]).map((p) => name(p.key)).filter((k) => MARKER_NAMES.has(k));
        if (keys.length > 0) this.hit('test-runner-marker', node, `{ ${keys.join(', ')} } = process.env`);
        return;
      }
      case 'AssignmentExpression':
        return this.assignment(node.left as AstNode, node, '=');
      case 'CallExpression':
      case 'OptionalCallExpression':
        return this.call(node);
      case 'ImportExpression':
        return this.readsTests(node, 'import()', [node.source as AstNode]);
      case 'ImportDeclaration': {
        const source = (node.source as AstNode).value as string;
        if (TEST_PATH.test(source)) this.hit('reads-test-files', node, `import from ${JSON.stringify(source)}`);
        return;
      }
      default:
        return;
    }
  }

  private member(node: AstNode): void {
    const path = pathOf(node);
    if (!path) return;
    const parent = this.parents.get(node);
    // Report the outermost member of a chain only (process.env.VITEST, not also process.env).
    if (parent && (parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.object === node) return;
    const segments = path.split('.');
    const last = segments[segments.length - 1] as string;
    const env = /^(?:process|import\.meta)\.env\.([^.]+)/.exec(path);
    if (env && MARKER_NAMES.has(env[1] as string)) return this.hit('test-runner-marker', node, path);
    if (GLOBAL_OBJECTS.has(segments[0] as string) && segments.length === 2 && HARNESS_GLOBALS.has(last) && last !== 'test') return this.hit('test-runner-marker', node, path);
    if (/^process\.(?:argv|execArgv)/.test(path)) {
      const context = this.statementOf(node);
      const word = stringsIn(context).find((s) => TEST_RUNNER_WORD.test(s));
      if (word !== undefined) this.hit('argv-test-runner', node, `${path} compared with ${JSON.stringify(word)}`);
    }
  }

  private comparison(node: AstNode): void {
    const { left, right, operator } = node as unknown as { left: AstNode; right: AstNode; operator: string };
    // 'VI' + 'TEST': a marker name spelled in pieces (the outermost `+` of a chain of string literals).
    if (operator === '+') {
      const parent = this.parents.get(node);
      if (parent?.type === 'BinaryExpression' && parent.operator === '+') return;
      const folded = foldString(node);
      if (folded !== undefined && MARKER_NAMES.has(folded)) this.hit('test-runner-marker', node, `${JSON.stringify(folded)} spelled in pieces`);
      return;
    }
    if (operator === 'in' && left.type === 'StringLiteral' && MARKER_NAMES.has(left.value as string)) return; // reported as a string literal
    if (['==', '===', '!=', '!=='].includes(operator)) {
      for (const [a, b] of [
        [left, right],
        [right, left],
      ] as const) {
        const path = pathOf(a);
        if ((path === 'process.env.NODE_ENV' || path === 'import.meta.env.MODE') && b.type === 'StringLiteral' && b.value === 'test') return this.hit('test-runner-marker', node, `${path} ${operator} 'test'`);
      }
    }
  }

  private assignment(target: AstNode, node: AstNode, how: string): void {
    const path = pathOf(target);
    if (!path) return;
    const segments = path.split('.');
    const root = segments[0] as string;
    const unglobal = GLOBAL_OBJECTS.has(root) ? segments.slice(1).join('.') : path;
    const first = unglobal.split('.')[0] as string;
    if (CLOCK_PATHS.has(unglobal) || (CLOCK_NAMES.has(unglobal) && (GLOBAL_OBJECTS.has(root) || !this.declared.has(unglobal)))) return this.hit('clock-replaced', node, `${path} ${how}`);
    if (unglobal.startsWith('Date.prototype.') || unglobal.startsWith('performance.')) return this.hit('clock-replaced', node, `${path} ${how}`);
    if (segments.length > 1 && this.isHarness(first, target)) return this.hit('assertion-patched', node, `${path} ${how}`);
  }

  /** Is `name` (the root of a member chain) an assertion or test-runner module here? */
  private isHarness(rootName: string, chain: AstNode): boolean {
    const module = this.modules.get(rootName);
    if (module !== undefined) return HARNESS_MODULE.test(module);
    if (rootName.startsWith('require(')) return HARNESS_MODULE.test(rootName.slice(8, -1));
    return HARNESS_GLOBALS.has(rootName) && !this.declared.has(rootName) && chain.type !== 'Identifier';
  }

  private call(node: AstNode): void {
    const callee = node.callee as AstNode;
    const args = node.arguments as AstNode[];
    const path = callee.type === 'Import' ? 'import' : pathOf(callee);
    if (!path) return;
    const segments = path.split('.');
    const last = segments[segments.length - 1] as string;
    // Object.defineProperty(assert, 'equal', …), Object.assign(Date, …), Reflect.set(globalThis, 'setTimeout', …)
    if (/^(?:Object\.(?:defineProperty|defineProperties|assign|setPrototypeOf)|Reflect\.(?:set|defineProperty))$/.test(path) && args[0]) {
      const targetPath = pathOf(args[0]);
      const key = args[1]?.type === 'StringLiteral' ? (args[1].value as string) : undefined;
      if (targetPath) {
        const rootName = targetPath.split('.')[0] as string;
        const full = key ? `${targetPath}.${key}` : targetPath;
        const unglobal = GLOBAL_OBJECTS.has(rootName) ? full.split('.').slice(1).join('.') : full;
        if (CLOCK_PATHS.has(unglobal) || CLOCK_NAMES.has(unglobal) || (unglobal === 'Date' && key === undefined) || unglobal.startsWith('Date.prototype')) return this.hit('clock-replaced', node, `${path}(${full})`);
        if (this.isHarness(rootName, args[0]) || (args[0].type === 'Identifier' && this.isHarness(rootName, callee))) return this.hit('assertion-patched', node, `${path}(${targetPath})`);
      }
    }
    if (FAKE_TIMER_CALLS.test(path) && FAKE_TIMER_ROOT.has(segments[0] as string) && segments.length > 1) return this.hit('clock-replaced', node, `${path}()`);
    if (/^process\.(?:exit|reallyExit|abort)$/.test(path) || (path === 'process.kill' && args[0] && pathOf(args[0]) === 'process.pid')) {
      if (!this.entryPoint && !this.insideMainGuard(node)) this.hit('process-exit', node, `${path}()`);
      return;
    }
    if (/^process\.(?:on|once|addListener|prependListener|prependOnceListener)$/.test(path) && args[0]?.type === 'StringLiteral' && EXIT_EVENTS.has(args[0].value as string) && args[1]) {
      const handler = args[1].type === 'Identifier' ? this.functions.get(name(args[1])) : args[1];
      const write = handler ? this.writeIn(handler) : undefined;
      if (write) this.hit('exit-hook-writes', node, `${path}('${args[0].value as string}', … ${write}(…) …)`);
      return;
    }
    if (READ_FNS.has(last)) this.readsTests(node, path, args);
  }

  private readsTests(node: AstNode, what: string, args: readonly AstNode[]): void {
    const found = args.flatMap((a) => stringsIn(a)).find((s) => TEST_PATH.test(s));
    if (found !== undefined) this.hit('reads-test-files', node, `${what}(… ${JSON.stringify(found)} …)`);
  }

  /** The name of the first file-writing call inside `node`, if any. */
  private writeIn(node: AstNode): string | undefined {
    for (const n of descendants(node)) {
      if (n.type !== 'CallExpression') continue;
      const path = pathOf(n.callee as AstNode);
      const last = path?.split('.').pop();
      if (last && WRITE_FNS.has(last)) return path;
    }
    return undefined;
  }

  /** Inside `if (require.main === module)` or `if (import.meta.main)`: the file is run as a program. */
  private insideMainGuard(node: AstNode): boolean {
    for (let n = this.parents.get(node); n; n = this.parents.get(n)) {
      if (n.type === 'IfStatement' && descendants(n.test as AstNode).some((d) => ['require.main', 'import.meta.main', 'import.meta.url'].includes(pathOf(d) ?? ''))) return true;
    }
    return false;
  }

  /** The nearest enclosing statement or declarator (the context a command-line check lives in). */
  private statementOf(node: AstNode): AstNode {
    let n = node;
    for (let p = this.parents.get(n); p; p = this.parents.get(p)) {
      if (/Statement$|Declaration$/.test(p.type)) return p.type === 'IfStatement' || p.type === 'WhileStatement' ? (p.test as AstNode) : p.type === 'FunctionDeclaration' ? n : p;
      if (p.type === 'VariableDeclarator' || /Function/.test(p.type)) return p.type === 'VariableDeclarator' ? p : n;
      n = p;
    }
    return n;
  }

  private hit(construct: Construct, node: AstNode, detail: string): void {
    const loc = node.loc;
    if (!loc) return;
    this.hits.push({ construct, startLine: loc.start.line, endLine: loc.end.line, detail: `${CONSTRUCT_TEXT[construct]}: ${detail}`.slice(0, 200) });
  }
}

function name(node: unknown): string {
  return (node as { name?: string }).name ?? '';
}

/** The value of a `+` chain of string literals (and expression-free templates); `undefined` otherwise. */
function foldString(node: AstNode, depth = 0): string | undefined {
  if (depth > 50) return undefined;
  if (node.type === 'StringLiteral') return node.value as string;
  if (node.type === 'TemplateLiteral' && (node.expressions as unknown[]).length === 0) return ((node.quasis as AstNode[])[0]?.value as { cooked?: string } | undefined)?.cooked;
  if (node.type !== 'BinaryExpression' || node.operator !== '+') return undefined;
  const left = foldString(node.left as AstNode, depth + 1);
  const right = left === undefined ? undefined : foldString(node.right as AstNode, depth + 1);
  return left !== undefined && right !== undefined ? left + right : undefined;
}

/** Every string (literal, template text, regex source) inside `node`. */
function stringsIn(node: AstNode): string[] {
  return descendants(node).flatMap((n) => (n.type === 'StringLiteral' ? [n.value as string] : n.type === 'TemplateElement' ? [(n.value as { cooked?: string }).cooked ?? ''] : n.type === 'RegExpLiteral' ? [n.pattern as string] : []));
}

/**
 * `a.b.c` for a member chain of identifiers (computed string keys included, TS casts and
 * non-null assertions looked through), `require(m)` for a `require('m')` root; `undefined` otherwise.
 */
export function pathOf(node: AstNode): string | undefined {
  switch (node.type) {
    case 'Identifier':
      return name(node);
    case 'ThisExpression':
      return 'this';
    case 'MetaProperty':
      return `${name(node.meta)}.${name(node.property)}`;
    case 'TSNonNullExpression':
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSTypeAssertion':
    case 'ParenthesizedExpression':
      return pathOf((node.expression as AstNode | undefined) ?? (node as AstNode));
    case 'CallExpression': {
      const source = requiredModule(node);
      return source ? `require(${source})` : undefined;
    }
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      const object = pathOf(node.object as AstNode);
      const property = node.property as AstNode;
      const key = !node.computed && property.type === 'Identifier' ? name(property) : property.type === 'StringLiteral' ? (property.value as string) : undefined;
      return object !== undefined && key !== undefined ? `${object}.${key}` : undefined;
    }
    default:
      return undefined;
  }
}

/** `m` for `require('m')`, `await import('m')` or `import('m')`; `undefined` otherwise. */
function requiredModule(node: AstNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'AwaitExpression') return requiredModule(node.argument as AstNode);
  if (node.type === 'ImportExpression') return (node.source as AstNode).type === 'StringLiteral' ? ((node.source as AstNode).value as string) : undefined;
  if (node.type === 'MemberExpression') return requiredModule(node.object as AstNode); // require('assert').strict
  if (node.type !== 'CallExpression') return undefined;
  const callee = node.callee as AstNode;
  const arg = (node.arguments as AstNode[])[0];
  if ((callee.type === 'Identifier' && name(callee) === 'require') || callee.type === 'Import') return arg?.type === 'StringLiteral' ? (arg.value as string) : undefined;
  return undefined;
}

function bindingNames(id: AstNode): string[] {
  if (id.type === 'Identifier') return [name(id)];
  if (id.type === 'ObjectPattern') return (id.properties as AstNode[]).flatMap((p) => bindingNames((p.value as AstNode | undefined) ?? (p.argument as AstNode)));
  if (id.type === 'ArrayPattern') return (id.elements as (AstNode | null)[]).flatMap((e) => (e ? bindingNames(e) : []));
  if (id.type === 'AssignmentPattern') return bindingNames(id.left as AstNode);
  if (id.type === 'RestElement') return bindingNames(id.argument as AstNode);
  return [];
}
