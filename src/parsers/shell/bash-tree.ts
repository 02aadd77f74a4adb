/**
 * Reading tree-sitter-bash trees: the loop shapes, which commands end a loop,
 * and a command's argv. Shared by the wait-loop and loop-bound readers.
 */
import type { BashNode as Node } from './syntax-tree.js';
import type { SourceText } from '../../model/span.js';
import type { ShellEnv } from './bash-words.js';
import { evalWords } from './bash-words.js';
import type { Word } from './word.js';
import { basename, PlainWord } from './word.js';

export const LOOP_TYPES = new Set(['while_statement', 'for_statement', 'c_style_for_statement']);

export function named(nodes: readonly (Node | null)[]): Node[] {
  return nodes.filter((n): n is Node => n !== null && n.isNamed);
}

/**
 * Descendants (and `node` itself) in document order, not entering nested loops
 * or function bodies. An array, walked by index by the callers: a generator
 * made an iterator result per node, and the loops run interpreted in a short run.
 */
export function within(node: Node): Node[] {
  const out: Node[] = [];
  const stack: Node[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    out.push(n);
    const kids = n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) {
      const c = kids[i];
      if (!c || LOOP_TYPES.has(c.type) || c.type === 'function_definition') continue;
      stack.push(c);
    }
  }
  return out;
}

export function isNegation(n: Node): boolean {
  return n.type === 'negated_command' || (n.type === 'unary_expression' && n.child(0)?.type === '!');
}

export function commandName(n: Node): string | undefined {
  if (n.type !== 'command') return undefined;
  const name = n.childForFieldName('name');
  return name ? basename(name.text) : undefined;
}

export function leavesLoop(n: Node): boolean {
  const all = within(n);
  for (let i = 0; i < all.length; i++) {
    const name = commandName(all[i]!);
    if (name === 'break' || name === 'exit' || name === 'return') return true;
  }
  return false;
}

/**
 * True when `target` (inside `root`) succeeding makes the loop stop: it is the
 * left side of `&& break`, or the condition of an `if` whose then-branch breaks
 * (or, negated, whose else-branch does).
 */
export function leadsToBreak(target: Node, root: Node): boolean {
  let child = target;
  let negations = 0;
  for (let a = target.parent; a && a.id !== root.id; child = a, a = a.parent) {
    if (isNegation(a)) negations++;
    if (a.type === 'list') {
      const ops = a.children.filter((c) => c && !c.isNamed).map((c) => c!.type);
      const kids = named(a.children);
      const right = kids[kids.length - 1];
      if (kids[0]?.id === child.id && ops[0] === '&&' && right && negations % 2 === 0 && leavesLoop(right)) return true;
    }
    if (a.type === 'if_statement' || a.type === 'elif_clause') {
      const conds = named(a.childrenForFieldName('condition'));
      if (!conds.some((c) => c.id === child.id)) continue;
      const then = named(a.children).filter((c) => !conds.some((k) => k.id === c.id) && c.type !== 'elif_clause' && c.type !== 'else_clause');
      const otherwise = named(a.children).filter((c) => c.type === 'else_clause');
      const branch = negations % 2 === 0 ? then : otherwise;
      if (branch.some(leavesLoop)) return true;
    }
  }
  return false;
}

/**
 * A command's words (its name and arguments) with what `env` says of their
 * variables. Not to be changed by the caller: words that hold no expansion
 * are the same whatever `env` holds, and are kept on the node and handed to
 * every later caller.
 */
export function commandArgv(node: Node, src: SourceText, env: ShellEnv): readonly Word[] {
  if (node.argv) return node.argv;
  const name = node.childForFieldName('name');
  const args = node.childrenForFieldName('argument');
  const parts: Node[] = name?.isNamed ? [name] : [];
  for (let i = 0; i < args.length; i++) if (args[i]!.isNamed) parts.push(args[i]!);
  const words = evalWords(parts, src, env);
  let plain = true;
  for (let i = 0; i < words.length && plain; i++) plain = words[i] instanceof PlainWord;
  if (plain) node.argv = words;
  return words;
}

export interface LoopShape {
  kind: 'while' | 'until' | 'for' | 'c-for';
  condition: Node[];
  body: Node | null;
  /** within() of each condition, index by index: walked once for the probes, the sleeps and the counters. */
  conditionNodes: Node[][];
  /** within() of the body (empty without one). */
  bodyNodes: Node[];
}

export function loopShape(loop: Node): LoopShape {
  const body = loop.childForFieldName('body');
  const kind = loop.type === 'while_statement' ? (loop.child(0)?.type === 'until' ? 'until' : 'while') : loop.type === 'c_style_for_statement' ? 'c-for' : 'for';
  const condition = kind === 'for' ? [] : named(loop.childrenForFieldName('condition'));
  return { kind, condition, body, conditionNodes: condition.map(within), bodyNodes: body ? within(body) : [] };
}
