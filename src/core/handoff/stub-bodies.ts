/**
 * Stub function bodies in JavaScript/TypeScript and Python, found on the parsed tree of the whole
 * file: a body that only throws "not implemented" (`throw new Error('not implemented')`,
 * `raise NotImplementedError`), only `pass` / `...`, only a placeholder return next to a TODO, or
 * an empty body where a value is promised. Abstract methods, `@overload`s, Protocol members and
 * `.pyi` stubs are what they say they are, and are left alone.
 */
import { descendants as jsDescendants, parseJavaScript, type AstNode } from '../syntax/javascript.js';
import { descendants as pyDescendants, withPythonTree, type SyntaxNode } from '../syntax/python.js';

/** One function in a file and whether its body is a stub. Lines are 1-based, inclusive. */
export interface FunctionBody {
  name: string;
  startLine: number;
  endLine: number;
  /** Why the body is a stub (`throws "not implemented"`, `only pass`, …); `undefined` when it is not. */
  stub?: string;
}

const NOT_IMPLEMENTED = /not[\s_-]*(?:yet[\s_-]*)?implemented|unimplemented|\bTODO\b|\bTBD\b|\bFIXME\b|\bstub\b|placeholder/i;
const PLACEHOLDER_COMMENT = /\b(?:TODO|FIXME|XXX|TBD)\b|not[\s_-]*(?:yet[\s_-]*)?implemented|placeholder|implement (?:me|this|later)/i;

/** Every function of a JS/TS file with its stub verdict. Throws `SyntaxError` when the file cannot be parsed. */
export async function javaScriptFunctions(text: string, path: string): Promise<FunctionBody[]> {
  const ast = await parseJavaScript(text, path);
  const out: FunctionBody[] = [];
  const parents = new Map<AstNode, AstNode>();
  for (const node of jsDescendants(ast, 200_000)) {
    for (const value of Object.values(node)) for (const child of Array.isArray(value) ? value : [value]) if (child && typeof child === 'object' && typeof (child as AstNode).type === 'string') parents.set(child as AstNode, node);
    if (!/Function(?:Declaration|Expression)$|^ArrowFunctionExpression$|^(?:Class|Object)(?:Private)?Method$/.test(node.type)) continue;
    const body = node.body as AstNode;
    if (!node.loc || body?.type !== 'BlockStatement') continue;
    const name = jsName(node, parents.get(node));
    if (node.kind === 'constructor' || node.abstract || node.declare) continue;
    out.push({ name, startLine: node.loc.start.line, endLine: node.loc.end.line, ...jsStub(node, body, text) });
  }
  return out;
}

function jsName(node: AstNode, parent: AstNode | undefined): string {
  const id = (node.id ?? node.key) as AstNode | undefined;
  if (id?.type === 'Identifier' || id?.type === 'PrivateName') return String(id.name ?? (id.id as AstNode | undefined)?.name ?? '');
  if (parent?.type === 'VariableDeclarator' && (parent.id as AstNode).type === 'Identifier') return String((parent.id as AstNode).name);
  if ((parent?.type === 'ObjectProperty' || parent?.type === 'ClassProperty') && (parent.key as AstNode).type === 'Identifier') return String((parent.key as AstNode).name);
  return '(anonymous)';
}

function jsStub(fn: AstNode, body: AstNode, text: string): { stub?: string } {
  const statements = body.body as AstNode[];
  const inner = text.slice((body.start ?? 0) + 1, Math.max((body.start ?? 0) + 1, (body.end ?? 1) - 1));
  if (statements.length === 0) {
    if (PLACEHOLDER_COMMENT.test(inner)) return { stub: 'empty body with a TODO placeholder' };
    const returns = fn.returnType as AstNode | undefined;
    const returnText = returns && typeof returns.start === 'number' && typeof returns.end === 'number' ? text.slice(returns.start, returns.end) : '';
    if (returnText && !/^:\s*(?:void|undefined|never|Promise<\s*void\s*>)\s*$/.test(returnText)) return { stub: `empty body although it returns ${returnText.replace(/^:\s*/, '')}` };
    return {};
  }
  if (statements.length !== 1) return {};
  const only = statements[0] as AstNode;
  if (only.type === 'ThrowStatement') {
    const thrown = only.argument as AstNode;
    const source = typeof thrown.start === 'number' && typeof thrown.end === 'number' ? text.slice(thrown.start, thrown.end) : '';
    if (NOT_IMPLEMENTED.test(source)) return { stub: `only throws ${JSON.stringify(source.slice(0, 80))}` };
    return {};
  }
  if (only.type === 'ReturnStatement' && PLACEHOLDER_COMMENT.test(inner)) {
    const arg = only.argument as AstNode | null;
    if (!arg || /Literal$/.test(arg.type) || arg.type === 'Identifier' || (arg.type === 'ArrayExpression' && (arg.elements as unknown[]).length === 0) || (arg.type === 'ObjectExpression' && (arg.properties as unknown[]).length === 0)) return { stub: 'returns a placeholder next to a TODO' };
  }
  return {};
}

/** Every function of a Python file with its stub verdict. */
export async function pythonFunctions(text: string): Promise<FunctionBody[]> {
  return withPythonTree(text, (root) => {
    const out: FunctionBody[] = [];
    for (const node of pyDescendants(root, 200_000)) {
      if (node.type !== 'function_definition') continue;
      const name = node.childForFieldName('name')?.text ?? '(anonymous)';
      const body = node.childForFieldName('body');
      if (!body || exempt(node)) continue;
      out.push({ name, startLine: node.startPosition.row + 1, endLine: node.endPosition.row + 1, ...pyStub(node, body) });
    }
    return out;
  });
}

/** Abstract methods, overloads, Protocol members: a body of `...` is their honest form. */
function exempt(fn: SyntaxNode): boolean {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  if (decorated && /@(?:\w+\.)*(?:abstractmethod|abstractproperty|overload)\b/.test(decorated.text.slice(0, decorated.text.indexOf('def ')))) return true;
  for (let n = fn.parent; n; n = n.parent) {
    if (n.type === 'class_definition') return /\b(?:Protocol|ABC|ABCMeta)\b/.test(n.childForFieldName('superclasses')?.text ?? '');
  }
  return false;
}

function pyStub(fn: SyntaxNode, body: SyntaxNode): { stub?: string } {
  const statements = body.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
  const comments = pyDescendants(fn, 2_000).filter((c) => c.type === 'comment').map((c) => c.text).join('\n');
  // A leading docstring does not count as implementation.
  const rest = statements[0]?.type === 'expression_statement' && statements[0].namedChildren[0]?.type === 'string' ? statements.slice(1) : statements;
  if (rest.length === 0) return { stub: 'only a docstring' };
  if (rest.length !== 1) return {};
  const only = rest[0] as SyntaxNode;
  if (only.type === 'pass_statement') return { stub: 'only pass' };
  if (only.type === 'expression_statement' && only.namedChildren[0]?.type === 'ellipsis') return { stub: 'only ...' };
  if (only.type === 'raise_statement' && NOT_IMPLEMENTED.test(only.text)) return { stub: `only ${only.text.slice(0, 80)}` };
  if (only.type === 'return_statement' && PLACEHOLDER_COMMENT.test(comments)) {
    const value = only.namedChildren[0];
    if (!value || ['none', 'integer', 'float', 'string', 'true', 'false', 'list', 'dictionary'].includes(value.type) && value.namedChildren.length <= 1) return { stub: 'returns a placeholder next to a TODO' };
  }
  return {};
}
