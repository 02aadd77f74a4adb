/**
 * Wait loops: which commands a loop polls until they succeed, and how long the
 * loop can run. A loop waits on a probe when the probe is its `until` condition,
 * a negated `while` condition, or a command in its body that leads to `break`
 * (`curl … && break`, `if nc -z …; then break; fi`). The bound is iterations ×
 * (the literal sleeps + each probe's own per-try limit); a loop with no counter
 * is unbounded.
 */
import type { Node } from 'web-tree-sitter';
import type { SourceText } from '../../model/span.js';
import type { ShellEnv } from './bash-words.js';
import { evalWord, evalWords } from './bash-words.js';
import { parseDuration, parseInteger } from './durations.js';
import type { Probe } from './probes.js';
import { FILE_TESTS, probeOf } from './probes.js';
import { rangeSpan } from './source-map.js';
import { unwrap } from './wrappers.js';
import { basename, located } from './word.js';

export const LOOP_TYPES = new Set(['while_statement', 'for_statement', 'c_style_for_statement']);

export interface GatingProbe {
  /** The command (or test, or redirect) that probes. */
  node: Node;
  probe: Probe;
}

export interface LoopAnalysis {
  gating: GatingProbe[];
  /** How many times the loop can run; null when nothing limits it. */
  iterations: number | null;
  /** Literal `sleep`s per iteration. */
  sleepSec: number;
  /** Upper bound of the whole loop in seconds; null when unbounded. */
  boundSec: number | null;
}

function named(nodes: readonly (Node | null)[]): Node[] {
  return nodes.filter((n): n is Node => n !== null && n.isNamed);
}

/** Descendants (and `node` itself) in document order, not entering nested loops or function bodies. */
function* within(node: Node): Generator<Node> {
  yield node;
  for (const c of node.namedChildren) {
    if (!c || LOOP_TYPES.has(c.type) || c.type === 'function_definition') continue;
    yield* within(c);
  }
}

function isNegation(n: Node): boolean {
  return n.type === 'negated_command' || (n.type === 'unary_expression' && n.child(0)?.type === '!');
}

function commandName(n: Node): string | undefined {
  if (n.type !== 'command') return undefined;
  const name = n.childForFieldName('name');
  return name ? basename(name.text) : undefined;
}

function leavesLoop(n: Node): boolean {
  for (const d of within(n)) {
    const name = commandName(d);
    if (name === 'break' || name === 'exit' || name === 'return') return true;
  }
  return false;
}

/**
 * True when `target` (inside `root`) succeeding makes the loop stop: it is the
 * left side of `&& break`, or the condition of an `if` whose then-branch breaks
 * (or, negated, whose else-branch does).
 */
function leadsToBreak(target: Node, root: Node): boolean {
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

/** Negations and command substitutions between `target` and the condition root. */
function polarity(target: Node, root: Node): { negated: boolean; substituted: boolean } {
  let negations = 0;
  let substituted = false;
  for (let a: Node | null = target; a && a.id !== root.id; a = a.parent) {
    if (isNegation(a)) negations++;
    if (a.type === 'command_substitution') substituted = true;
  }
  if (isNegation(root)) negations++;
  return { negated: negations % 2 === 1, substituted };
}

/** The probes at one node: a command, a `[ -e FILE ]` test, a `/dev/tcp/HOST/PORT` redirect. */
export function probesAt(node: Node, src: SourceText, env: ShellEnv): Probe[] {
  if (node.type === 'command') {
    const argv = commandArgv(node, src, env);
    const u = unwrap(src, argv);
    const p = probeOf(src, u.argv, rangeSpan(src, node.startIndex, node.endIndex), u.timeoutSec);
    return p ? [p] : [];
  }
  if (node.type === 'unary_expression') {
    const op = node.childForFieldName('operator');
    const operand = named(node.children).find((c) => c.type !== 'test_operator');
    if (op?.type === 'test_operator' && FILE_TESTS.has(op.text) && operand) {
      return [{ tool: 'file', endpoint: located(evalWord(operand, src, env)) }];
    }
    return [];
  }
  if (node.type === 'file_redirect') {
    const dest = node.childForFieldName('destination');
    if (!dest) return [];
    const w = evalWord(dest, src, env);
    const m = /^\/dev\/(tcp|udp)\/([^/]+)\/([^/]+)$/.exec(w.value);
    if (m) return [{ tool: `/dev/${m[1]}`, endpoint: { value: `${m[2]}:${m[3]}`, span: w.span } }];
  }
  return [];
}

export function commandArgv(node: Node, src: SourceText, env: ShellEnv) {
  const parts = [node.childForFieldName('name'), ...node.childrenForFieldName('argument')];
  return evalWords(named(parts), src, env);
}

interface LoopShape {
  kind: 'while' | 'until' | 'for' | 'c-for';
  condition: Node[];
  body: Node | null;
}

function shape(loop: Node): LoopShape {
  const body = loop.childForFieldName('body');
  if (loop.type === 'while_statement') {
    return { kind: loop.child(0)?.type === 'until' ? 'until' : 'while', condition: named(loop.childrenForFieldName('condition')), body };
  }
  if (loop.type === 'c_style_for_statement') return { kind: 'c-for', condition: named(loop.childrenForFieldName('condition')), body };
  return { kind: 'for', condition: [], body };
}

export function analyzeLoop(loop: Node, src: SourceText, env: ShellEnv): LoopAnalysis {
  const s = shape(loop);
  const gating: GatingProbe[] = [];
  const seen = new Set<number>();
  const add = (node: Node, probes: Probe[]): void => {
    if (seen.has(node.id)) return;
    seen.add(node.id);
    for (const probe of probes) gating.push({ node, probe });
  };
  for (const root of s.condition) {
    for (const n of within(root)) {
      const probes = probesAt(n, src, env);
      if (probes.length === 0) continue;
      const p = polarity(n, root);
      // `until P` waits for P; `while ! P` too; `while [ "$(curl …)" != ok ]` polls curl.
      const gates = p.substituted || (s.kind === 'until' ? !p.negated : s.kind === 'while' && p.negated);
      if (gates) add(n, probes);
    }
  }
  if (s.body) {
    for (const n of within(s.body)) {
      const probes = probesAt(n, src, env);
      if (probes.length > 0 && leadsToBreak(n, s.body)) add(n, probes);
    }
  }
  const iterations = countIterations(loop, s, src, env);
  const sleepSec = sleepsIn([...s.condition, ...(s.body ? [s.body] : [])], src, env);
  let boundSec: number | null = null;
  if (iterations !== null && Number.isFinite(sleepSec)) {
    const perTry = gating.reduce((sum, g) => sum + (g.probe.tryMaxSec !== undefined && Number.isFinite(g.probe.tryMaxSec) ? g.probe.tryMaxSec : 0), 0);
    boundSec = iterations * (sleepSec + perTry);
  }
  return { gating, iterations, sleepSec, boundSec };
}

function sleepsIn(roots: Node[], src: SourceText, env: ShellEnv): number {
  let total = 0;
  for (const root of roots) {
    for (const n of within(root)) {
      if (n.type !== 'command') continue;
      const u = unwrap(src, commandArgv(n, src, env));
      if (basename(u.argv[0]?.value ?? '') !== 'sleep') continue;
      // GNU sleep adds up its arguments; one it cannot read counts as 0.
      for (const w of u.argv.slice(1)) total += parseDuration(w.value) ?? 0;
    }
  }
  return total;
}

// ---- counting ------------------------------------------------------------------

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

function comparisonsIn(root: Node, src: SourceText, env: ShellEnv): { node: Node; cmp: Comparison }[] {
  const out: { node: Node; cmp: Comparison }[] = [];
  for (const n of within(root)) {
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

function countIterations(loop: Node, s: LoopShape, src: SourceText, env: ShellEnv): number | null {
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
    for (const root of s.condition) {
      for (const { cmp } of comparisonsIn(root, src, scoped)) {
        const n = iterationsWhile(cmp, scoped);
        if (n !== undefined) candidates.push(n);
      }
    }
  }
  for (const root of s.condition) {
    if (s.kind !== 'while' && s.kind !== 'until') break;
    for (const { cmp } of comparisonsIn(root, src, env)) {
      const n = iterationsWhile(s.kind === 'until' ? { ...cmp, op: NEGATE[cmp.op] } : cmp, env);
      if (n !== undefined) candidates.push(n);
    }
  }
  if (s.body) {
    for (const { node, cmp } of comparisonsIn(s.body, src, env)) {
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
