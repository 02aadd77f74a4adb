/**
 * How many times a wait loop can run: `for` lists (`$(seq …)`, `{a..b}`, words),
 * C-style `for`, and counters compared against a limit in the condition or in a
 * test that leaves the loop (`[ $n -ge 30 ] && exit 1`). Counters are assumed to
 * move by one per iteration.
 */
import type { BashNode as Node } from './syntax-tree.js';
import type { SourceText } from '../../model/span.js';
import type { ShellEnv } from './bash-words.js';
import { evalWord } from './bash-words.js';
import type { LoopShape } from './bash-tree.js';
import { commandArgv, commandName, leadsToBreak, named } from './bash-tree.js';
import { parseInteger } from './durations.js';

type Cmp = 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne';

const TEST_OPS: Record<string, Cmp> = { '-lt': 'lt', '-le': 'le', '-gt': 'gt', '-ge': 'ge', '-eq': 'eq', '-ne': 'ne' };
const ARITH_OPS: Record<string, Cmp> = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '==': 'eq', '!=': 'ne' };
const NEGATE: Record<Cmp, Cmp> = { lt: 'ge', le: 'gt', gt: 'le', ge: 'lt', eq: 'ne', ne: 'eq' };
const FLIP: Record<Cmp, Cmp> = { lt: 'gt', le: 'ge', gt: 'lt', ge: 'le', eq: 'eq', ne: 'ne' };

interface Comparison {
  variable: string;
  op: Cmp;
  limit: number;
}

/** The variable a test operand reads: `$i`, `"$i"`, `${i}`, or `i` inside `(( ))`. */
function variableOf(n: Node, arithmetic: boolean): string | undefined {
  if (n.type === 'variable_name') return arithmetic ? n.text : undefined;
  // `(( tries++ > 4 ))`: the comparison reads the value before the increment.
  if ((n.type === 'postfix_expression' || n.type === 'unary_expression') && arithmetic) {
    const inner = named(n.children)[0];
    return inner ? variableOf(inner, true) : undefined;
  }
  if (n.type === 'word' && arithmetic && /^[A-Za-z_]\w*$/.test(n.text)) return n.text;
  if (n.type === 'simple_expansion' || n.type === 'expansion') {
    const kids = named(n.children);
    return kids.length === 1 && kids[0]!.type === 'variable_name' ? kids[0]!.text : undefined;
  }
  if (n.type === 'string') {
    const kids = named(n.children);
    return kids.length === 1 ? variableOf(kids[0]!, false) : undefined;
  }
  return undefined;
}

function numberOf(n: Node, src: SourceText, env: ShellEnv, arithmetic: boolean): number | undefined {
  if (arithmetic && (n.type === 'variable_name' || n.type === 'word')) {
    const v = env.get(n.text);
    if (v) return parseInteger(v.value);
  }
  return parseInteger(evalWord(n, src, env).value);
}

/** The counter comparisons among `all` (a within() list). */
function comparisonsIn(all: readonly Node[], src: SourceText, env: ShellEnv): { node: Node; cmp: Comparison }[] {
  const out: { node: Node; cmp: Comparison }[] = [];
  for (let i = 0; i < all.length; i++) {
    const n = all[i]!;
    if (n.type !== 'binary_expression') continue;
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    const opNode = n.childForFieldName('operator');
    if (!left || !right || !opNode) continue;
    const arithmetic = opNode.type !== 'test_operator';
    const op = arithmetic ? ARITH_OPS[opNode.type] : TEST_OPS[opNode.text];
    if (!op) continue;
    const lv = variableOf(left, arithmetic);
    const rv = variableOf(right, arithmetic);
    if (lv !== undefined) {
      const limit = numberOf(right, src, env, arithmetic);
      if (limit !== undefined) out.push({ node: n, cmp: { variable: lv, op, limit } });
    } else if (rv !== undefined) {
      const limit = numberOf(left, src, env, arithmetic);
      if (limit !== undefined) out.push({ node: n, cmp: { variable: rv, op: FLIP[op], limit } });
    }
  }
  return out;
}

/**
 * Iterations while `variable op limit` holds, counting by one from the value the
 * variable has when the loop starts (0 if unknown and counting up).
 */
function iterationsWhile(c: Comparison, env: ShellEnv): number | undefined {
  const known = env.get(c.variable);
  const init = known?.literal ? parseInteger(known.value) : undefined;
  switch (c.op) {
    case 'lt':
      return Math.max(0, c.limit - (init ?? 0));
    case 'le':
      return Math.max(0, c.limit - (init ?? 0) + 1);
    case 'ne':
      return Math.abs(c.limit - (init ?? 0));
    case 'gt':
      return init === undefined ? undefined : Math.max(0, init - c.limit);
    case 'ge':
      return init === undefined ? undefined : Math.max(0, init - c.limit + 1);
    case 'eq':
      return undefined;
  }
}

export function countIterations(loop: Node, s: LoopShape, src: SourceText, env: ShellEnv): number | null {
  const candidates: number[] = [];
  if (s.kind === 'for') {
    const n = forListLength(loop, src, env);
    if (n !== undefined) candidates.push(n);
  }
  if (s.kind === 'c-for') {
    const scoped = new Map(env);
    for (const init of named(loop.childrenForFieldName('initializer'))) {
      const name = init.childForFieldName('name');
      const value = init.childForFieldName('value');
      if (init.type === 'variable_assignment' && name && value) {
        scoped.set(name.text, { value: value.text, literal: true, exported: false });
      }
    }
    for (const nodes of s.conditionNodes) {
      for (const { cmp } of comparisonsIn(nodes, src, scoped)) {
        const n = iterationsWhile(cmp, scoped);
        if (n !== undefined) candidates.push(n);
      }
    }
  }
  for (const nodes of s.conditionNodes) {
    if (s.kind !== 'while' && s.kind !== 'until') break;
    for (const { cmp } of comparisonsIn(nodes, src, env)) {
      const n = iterationsWhile(s.kind === 'until' ? { ...cmp, op: NEGATE[cmp.op] } : cmp, env);
      if (n !== undefined) candidates.push(n);
    }
  }
  if (s.body) {
    for (const { node, cmp } of comparisonsIn(s.bodyNodes, src, env)) {
      if (!leadsToBreak(node, s.body)) continue;
      const n = iterationsWhile({ ...cmp, op: NEGATE[cmp.op] }, env);
      if (n !== undefined) candidates.push(n);
    }
  }
  if (candidates.length === 0) return null;
  return Math.min(...candidates);
}

/**
 * `for x in LIST`: `$(seq …)` and `{a..b}` are counted; every other word is one
 * item (an unresolved `$LIST` counts as one: the loop ends, we cannot say when).
 */
function forListLength(loop: Node, src: SourceText, env: ShellEnv): number | undefined {
  const values = named(loop.childrenForFieldName('value'));
  if (values.length === 0) return undefined; // `for x; do` walks "$@"
  let total = 0;
  for (const v of values) {
    if (v.type === 'brace_expression') {
      const nums = named(v.children).map((c) => Number(c.text));
      const [a, b, step] = nums;
      if (a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b)) return undefined;
      total += Math.floor(Math.abs(b - a) / Math.abs(step || 1)) + 1;
      continue;
    }
    if (v.type === 'command_substitution') {
      const cmd = named(v.children)[0];
      if (cmd?.type === 'command' && commandName(cmd) === 'seq') {
        const n = seqLength(commandArgv(cmd, src, env).slice(1).map((w) => w.value));
        if (n === undefined) return undefined;
        total += n;
        continue;
      }
    }
    total += 1;
  }
  return total;
}

function seqLength(args: string[]): number | undefined {
  const nums = args.filter((a) => !a.startsWith('-') || /^-\d/.test(a)).map(Number);
  if (nums.length !== args.length || nums.some(Number.isNaN)) return undefined;
  const [first, incr, last] = nums.length === 1 ? [1, 1, nums[0]!] : nums.length === 2 ? [nums[0]!, 1, nums[1]!] : [nums[0]!, nums[1]!, nums[2]!];
  if (incr === 0) return undefined;
  return Math.max(0, Math.floor((last - first) / incr) + 1);
}
