/**
 * Wait loops: which commands a loop polls until they succeed, and how long the
 * loop can run. A loop waits on a probe when the probe is its `until` condition,
 * a negated `while` condition, or a command in its body that leads to `break`
 * (`curl … && break`, `if nc -z …; then break; fi`). The bound is iterations ×
 * (the literal sleeps + each probe's own per-try limit); a loop with no counter
 * is unbounded.
 */
import type { BashNode as Node } from './syntax-tree.js';
import type { SourceText } from '../../model/span.js';
import type { ShellEnv } from './bash-words.js';
import { evalWord } from './bash-words.js';
import { commandArgv, isNegation, leadsToBreak, loopShape, named } from './bash-tree.js';
import { parseDuration } from './durations.js';
import { countIterations } from './loop-bounds.js';
import type { Probe } from './probes.js';
import { FILE_TESTS, probeOf } from './probes.js';
import { lazySpan, rangeSpan } from './source-map.js';
import { shellCommandString, unwrap } from './wrappers.js';
import { basename, located } from './word.js';

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

/** Most nodes of a loop probe nothing: one empty answer for them all. */
const NO_PROBES: readonly Probe[] = Object.freeze([]);

/** The probes at one node: a command, a `[ -e FILE ]` test, a `/dev/tcp/HOST/PORT` redirect. */
export function probesAt(node: Node, src: SourceText, env: ShellEnv): readonly Probe[] {
  if (node.type === 'command') {
    const argv = commandArgv(node, src, env);
    const u = unwrap(src, argv);
    const p = probeOf(src, u.argv, lazySpan(src, node.startIndex, node.endIndex), u.timeoutSec);
    if (p) return [p];
    // `until timeout 1 bash -c '</dev/tcp/db/5432'`: the usual port check without nc.
    const script = shellCommandString(src, u.argv);
    const m = script ? /\/dev\/(tcp|udp)\/([^/\s"'<>;|&]+)\/([^/\s"'<>;|&)]+)/.exec(script.value) : null;
    if (script && m) {
      const from = script.offsets[m.index] ?? script.start;
      const to = script.ends[m.index + m[0].length - 1] ?? script.end;
      return [{ tool: `/dev/${m[1]}`, endpoint: { value: `${m[2]}:${m[3]}`, span: rangeSpan(src, from, to) }, ...(u.timeoutSec !== undefined ? { tryMaxSec: u.timeoutSec } : {}) }];
    }
    return NO_PROBES;
  }
  if (node.type === 'unary_expression') {
    const op = node.childForFieldName('operator');
    const operand = named(node.children).find((c) => c.type !== 'test_operator');
    if (op?.type === 'test_operator' && FILE_TESTS.has(op.text) && operand) {
      return [{ tool: 'file', endpoint: located(evalWord(operand, src, env)) }];
    }
    return NO_PROBES;
  }
  if (node.type === 'file_redirect') {
    const dest = node.childForFieldName('destination');
    if (!dest) return NO_PROBES;
    const w = evalWord(dest, src, env);
    const m = /^\/dev\/(tcp|udp)\/([^/]+)\/([^/]+)$/.exec(w.value);
    if (m) return [{ tool: `/dev/${m[1]}`, endpoint: { value: `${m[2]}:${m[3]}`, span: w.span } }];
  }
  return NO_PROBES;
}

export function analyzeLoop(loop: Node, src: SourceText, env: ShellEnv): LoopAnalysis {
  const s = loopShape(loop);
  const gating: GatingProbe[] = [];
  const seen = new Set<number>();
  const add = (node: Node, probes: readonly Probe[]): void => {
    if (seen.has(node.id)) return;
    seen.add(node.id);
    for (const probe of probes) gating.push({ node, probe });
  };
  for (let r = 0; r < s.condition.length; r++) {
    const root = s.condition[r]!;
    const all = s.conditionNodes[r]!;
    for (let i = 0; i < all.length; i++) {
      const n = all[i]!;
      const probes = probesAt(n, src, env);
      if (probes.length === 0) continue;
      const p = polarity(n, root);
      // `until P` waits for P; `while ! P` too; `while [ "$(curl …)" != ok ]` polls curl.
      const gates = p.substituted || (s.kind === 'until' ? !p.negated : s.kind === 'while' && p.negated);
      if (gates) add(n, probes);
    }
  }
  if (s.body) {
    const all = s.bodyNodes;
    for (let i = 0; i < all.length; i++) {
      const n = all[i]!;
      const probes = probesAt(n, src, env);
      if (probes.length > 0 && leadsToBreak(n, s.body)) add(n, probes);
    }
  }
  const iterations = countIterations(loop, s, src, env);
  const sleepSec = sleepsIn([...s.conditionNodes, s.bodyNodes], src, env);
  let boundSec: number | null = null;
  if (iterations !== null && Number.isFinite(sleepSec)) {
    const perTry = gating.reduce((sum, g) => sum + (g.probe.tryMaxSec !== undefined && Number.isFinite(g.probe.tryMaxSec) ? g.probe.tryMaxSec : 0), 0);
    boundSec = iterations * (sleepSec + perTry);
  }
  return { gating, iterations, sleepSec, boundSec };
}

/** The literal `sleep`s among within() lists. */
function sleepsIn(walks: readonly (readonly Node[])[], src: SourceText, env: ShellEnv): number {
  let total = 0;
  for (const all of walks) {
    for (let i = 0; i < all.length; i++) {
      const n = all[i]!;
      if (n.type !== 'command') continue;
      const u = unwrap(src, commandArgv(n, src, env));
      if (basename(u.argv[0]?.value ?? '') !== 'sleep') continue;
      // GNU sleep adds up its arguments; one it cannot read counts as 0.
      for (const w of u.argv.slice(1)) total += parseDuration(w.value) ?? 0;
    }
  }
  return total;
}
