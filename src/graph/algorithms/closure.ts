/**
 * Transactions: the set of units one start request brings in. The cold boot is
 * the closure of the default target; `systemctl start X` (or a timer) the
 * closure of X. Ordering only acts between jobs of one transaction.
 */
import { PULL_IN_KINDS, type DeployGraph } from '../model.js';
import { indexed, predecessors, scratchOf, successors, type Indexed } from './adjacency.js';

/** Everything reachable from `start` over `adj` (start included, in the order a depth-first search meets them). */
function reach(start: Iterable<string>, adj: Indexed): Set<string> {
  const seen = new Set<string>(start);
  const starts: number[] = [];
  for (const id of seen) {
    const i = adj.index.get(id);
    if (i !== undefined) starts.push(i);
  }
  // A start is in `seen` already; adding it again keeps the order.
  search(adj, starts, (v) => seen.add(adj.ids[v]!));
  return seen;
}

/** A depth-first search of `adj` from `starts`: `met` is told each node once, when it is first met (the starts first). */
function search(adj: Indexed, starts: readonly number[], met: (v: number) => void): void {
  const { start: from, next } = adj;
  const marks = scratchOf(adj).reached;
  marks.clear();
  const stack: number[] = [];
  for (const i of starts) {
    if (!marks.mark(i)) continue;
    met(i);
    stack.push(i);
  }
  while (stack.length) {
    const v = stack.pop()!;
    for (let k = from[v]!; k < from[v + 1]!; k++) {
      const w = next[k]!;
      if (!marks.mark(w)) continue;
      met(w);
      stack.push(w);
    }
  }
}

export function startClosure(graph: DeployGraph, anchor: string): Set<string> {
  return reach([anchor], indexed(graph, PULL_IN_KINDS));
}

export function bootTransaction(graph: DeployGraph): Set<string> {
  return graph.node(graph.defaultTarget) ? startClosure(graph, graph.defaultTarget) : new Set();
}

/**
 * Every unit that gets a job when `anchor` is started: its start closure plus
 * the units those name in Requisite=. A Requisite= unit gets a verify-active
 * job, which starts nothing and pulls in nothing but is ordered like any other
 * job, so a cycle through it is a cycle: systemd 252 reports `Found dependency
 * on b.service/verify-active` and refuses the transaction when it cannot break
 * it. Ordering questions want this set; "is it started" questions want
 * startClosure().
 */
export function transactionJobs(graph: DeployGraph, anchor: string): Set<string> {
  return withVerifyJobs(graph, startClosure(graph, anchor));
}

/** The jobs of the cold boot's transaction (see transactionJobs()). */
export function bootJobs(graph: DeployGraph): Set<string> {
  return withVerifyJobs(graph, bootTransaction(graph));
}

function withVerifyJobs(graph: DeployGraph, started: ReadonlySet<string>): Set<string> {
  const out = new Set(started);
  const requisite = successors(graph, ['requisite']);
  for (const id of started) for (const w of requisite(id)) out.add(w);
  return out;
}

/**
 * The units of `among` that get a job when `anchor` is started:
 * transactionJobs(graph, anchor) ∩ among, without the whole transaction as a
 * set of ids. ordering-cycle asks which of a few units in cycles each of its
 * anchors brings in; building and naming every unit of each transaction
 * (thousands, per anchor) was most of that rule's time on a large repository.
 */
export function transactionJobsAmong(graph: DeployGraph, anchor: string, among: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  const pull = indexed(graph, PULL_IN_KINDS);
  const a = pull.index.get(anchor);
  // Not a node: its transaction is itself (startClosure()).
  if (a === undefined) return among.has(anchor) ? new Set([anchor]) : found;
  const wanted = flagsOf(among, pull);
  const requisite = indexed(graph, ['requisite']);
  search(pull, [a], (v) => {
    if (wanted[v]) found.add(pull.ids[v]!);
    // Its Requisite= units get a verify-active job (transactionJobs()).
    for (let k = requisite.start[v]!; k < requisite.start[v + 1]!; k++) if (wanted[requisite.next[k]!]) found.add(pull.ids[requisite.next[k]!]!);
  });
  return found;
}

/**
 * `among` as a flag per node number, made once per set and numbering: a rule
 * asks transactionJobsAmong() once per anchor with the same set (not changed
 * between the calls), and an array the size of the graph per anchor would
 * make a flood of anchors quadratic.
 */
const flags = new WeakMap<ReadonlySet<string>, { adj: Indexed; wanted: Uint8Array }>();
function flagsOf(among: ReadonlySet<string>, adj: Indexed): Uint8Array {
  const held = flags.get(among);
  if (held?.adj === adj) return held.wanted;
  const wanted = new Uint8Array(adj.ids.length);
  for (const id of among) {
    const i = adj.index.get(id);
    if (i !== undefined) wanted[i] = 1;
  }
  flags.set(among, { adj, wanted });
  return wanted;
}

/**
 * Units whose start transaction can include `target` (reverse reachability over
 * pull-in edges; a Requisite= on a target itself counts, see transactionJobs()).
 */
export function pullersOf(graph: DeployGraph, targets: Iterable<string>): Set<string> {
  const start = new Set<string>(targets);
  const requisiteOf = predecessors(graph, ['requisite']);
  for (const t of [...start]) for (const v of requisiteOf(t)) start.add(v);
  return reach(start, indexed(graph, PULL_IN_KINDS, 'in'));
}
