/**
 * What a Python script takes from its caller, for values built from it
 * (facts.ts ScriptInput): `sys.argv[N]`, `os.environ["X"]`,
 * `os.environ.get("X", "d")`, `os.getenv("X", "d")`, and `args.NAME` where
 * `args = parser.parse_args()` and NAME is declared with argparse's
 * `add_argument`. The graph builder fills them from the unit's invocation.
 */
import type { Node } from 'web-tree-sitter';
import type { ArgSyntax, ScriptInput } from '../../model/facts.js';
import { finalName } from './module.js';

/** The script's argparse declarations: the syntax to read a caller's arguments with, and each dest's input. */
export interface CommandLine {
  syntax?: ArgSyntax;
  /** dest → its input; the names `parse_args()` results are assigned to. */
  dests: Map<string, ScriptInput>;
  namespaces: Set<string>;
}

const NO_VALUE_ACTIONS = new Set(['store_true', 'store_false', 'store_const', 'count', 'help', 'version', 'append_const']);

/**
 * `add_argument("host")` is the n-th operand; `add_argument("-H", "--host",
 * default="x")` an option whose key is its dest. An argument with `nargs`, or a
 * declaration not made of literal strings, is skipped: the reading of the
 * caller's arguments then stops being complete only if it is met.
 */
export function readCommandLine(root: Node, literal: (n: Node) => string | undefined): CommandLine {
  const dests = new Map<string, ScriptInput>();
  const namespaces = new Set<string>();
  const options: ArgSyntax['options'] = [];
  let positional = 0;
  for (const call of root.descendantsOfType('call')) {
    const fn = call?.childForFieldName('function');
    if (!call || fn?.type !== 'attribute') continue;
    const method = finalName(fn);
    if (method === 'parse_args' || method === 'parse_known_args') {
      const left = call.parent?.type === 'assignment' ? call.parent.childForFieldName('left') : null;
      if (left?.type === 'identifier') namespaces.add(left.text);
      continue;
    }
    if (method !== 'add_argument') continue;
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => c !== null);
    const names = args.filter((a) => a.type === 'string').map(literal);
    const kw = new Map(args.filter((a) => a.type === 'keyword_argument').map((a) => [a.childForFieldName('name')?.text ?? '', a.childForFieldName('value')] as const));
    if (names.length === 0 || names.some((n) => n === undefined)) continue;
    const action = kw.get('action');
    const takesValue = !(action && NO_VALUE_ACTIONS.has(literal(action) ?? ''));
    const dest = kw.get('dest');
    if (!names[0]!.startsWith('-')) {
      // A positional: its place among the operands (one with nargs takes an unknown number of them).
      positional++;
      if (kw.has('nargs')) positional = Number.NaN;
      if (!Number.isNaN(positional)) dests.set(names[0]!, { arg: positional, operands: true });
      continue;
    }
    const long = names.find((n) => n!.startsWith('--')) ?? names[0]!;
    const key = (dest && literal(dest)) ?? long!.replace(/^-+/, '').replace(/-/g, '_');
    const fallback = kw.get('default');
    const absent = fallback ? literal(fallback) : undefined;
    options.push({ names: names as string[], key, takesValue: takesValue && !kw.has('nargs') });
    if (takesValue && !kw.has('nargs')) dests.set(key, { option: key, ...(absent !== undefined ? { absent } : {}) });
  }
  return { ...(options.length || positional ? { syntax: { style: 'argparse', options } } : {}), dests, namespaces };
}

/** The caller's input an expression reads directly, or undefined. */
export function inputOf(node: Node, cli: CommandLine | undefined, literal: (n: Node) => string | undefined): ScriptInput | undefined {
  if (node.type === 'subscript') {
    const value = node.childForFieldName('value');
    const index = node.childForFieldName('subscript');
    if (!value || !index) return undefined;
    if (isName(value, 'sys', 'argv') && index.type === 'integer' && /^\d+$/.test(index.text) && Number(index.text) > 0) return { arg: Number(index.text) };
    const name = literal(index);
    if (isName(value, 'os', 'environ') && name !== undefined) return { env: name };
    return undefined;
  }
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => c !== null);
    const getter = fn?.type === 'attribute' && finalName(fn) === 'get' && isName(fn.childForFieldName('object'), 'os', 'environ');
    if (!getter && !isName(fn, 'os', 'getenv')) return undefined;
    const name = args[0] ? literal(args[0]) : undefined;
    if (name === undefined || args.length > 2) return undefined;
    const absent = args[1] ? literal(args[1]) : undefined;
    if (args[1] && absent === undefined) return undefined;
    return { env: name, ...(absent !== undefined ? { absent } : {}) };
  }
  if (node.type === 'attribute' && cli) {
    const object = node.childForFieldName('object');
    if (object?.type === 'identifier' && cli.namespaces.has(object.text)) return cli.dests.get(node.childForFieldName('attribute')?.text ?? '');
  }
  return undefined;
}

/** `sys.argv` / `argv`, `os.environ` / `environ`, `os.getenv` / `getenv`. */
function isName(node: Node | null | undefined, module: string, name: string): boolean {
  if (!node) return false;
  if (node.type === 'identifier') return node.text === name;
  return node.type === 'attribute' && node.childForFieldName('object')?.text === module && node.childForFieldName('attribute')?.text === name;
}
