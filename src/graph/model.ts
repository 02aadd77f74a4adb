/**
 * The deploy graph: one typed multigraph over units, specs, stacks, endpoints
 * and networks. Every edge keeps the spans that made it, so any path through
 * the graph can be printed step by step with its file and line.
 */
import { Graph } from '@dagrejs/graphlib';
import type { ShellFacts, SpecFact, StackFact, UnitEntry, UnitType } from '../model/facts.js';
import type { Span } from '../model/span.js';
import type { TextEdit } from '../model/diagnostic.js';
import type { DependencyEdgeKind } from '../systemd/dependencies.js';
import type { ExecPhase } from '../systemd/exec.js';
import type { ServiceType } from '../systemd/service-types.js';

export type UnitEdgeKind =
  | DependencyEdgeKind // systemd/dependencies.ts
  | 'triggers'; // socket/timer/path → the unit it activates

export type LinkEdgeKind = 'runs' | 'deploys' | 'serves' | 'routes' | 'gates-on' | 'attaches';

export type EdgeKind = UnitEdgeKind | LinkEdgeKind;

/** Why an edge exists: the text that made it, in words. */
export interface Provenance {
  span: Span;
  explanation: string;
  /** Implicit edges (default dependencies, target ordering) are not removable by editing one line. */
  implicit?: boolean;
  /** For `installs`: which [Install] directive or link folder made it. */
  via?: string;
  /** For `gates-on`: how long the wait lasts and in which phase of the unit it runs. */
  gate?: GateInfo;
  /** For `runs` and `deploys` from a unit: the Exec phase the command runs in. */
  phase?: ExecCommand['phase'];
  /** For `deploys` from a unit's command: `docker stack deploy` (a swarm) or `docker compose`. */
  tool?: 'stack' | 'compose';
  /** For an `after` edge (the only kind a fix removes): the text edit that removes it, when one line of one file makes it. */
  removal?: TextEdit;
}

export interface GateInfo {
  /** Upper bound of the wait in seconds; null = unbounded. */
  boundSec: number | null;
  /** Where the bound comes from, in words (`timeout=900 in the spec`, `curl --retry 5`). */
  boundSource?: string;
  /** The vocabulary field or tool that makes the gate (`health_domain`, `curl`, `systemctl`). */
  what: string;
  /** For a blocking `systemctl`: the command as written. */
  command?: string;
}

export interface EdgeLabel {
  kind: EdgeKind;
  provenance: Provenance[];
}

/** An edge; its `label` is the edge itself (GraphEdge), as graphlib labels an edge. */
export interface Edge {
  from: string;
  to: string;
  kind: EdgeKind;
  label: EdgeLabel;
}

export type { ServiceType };

export interface ExecCommand {
  phase: ExecPhase;
  entry: UnitEntry;
  shell?: ShellFacts;
}

export interface UnitNode {
  kind: 'unit';
  id: string;
  name: string;
  type: UnitType;
  /** repo: declared in the linted files; catalog: a stock systemd unit; missing: only referenced. */
  source: 'repo' | 'catalog' | 'missing';
  /** A missing unit that another manager's stock units have (a user unit named from a system unit). */
  elsewhere?: 'system' | 'user' | 'initrd';
  span: Span;
  /** Resolved directives, `Section.Key` → assignments in effect after drop-ins and list resets. */
  directives: Map<string, UnitEntry[]>;
  defaultDependencies: boolean;
  serviceType?: ServiceType;
  /** Effective start timeout in seconds: null = none (forever); undefined = the manager default applies. */
  startTimeoutSec?: number | null;
  startTimeoutSpan?: Span;
  exec: readonly ExecCommand[];
  /**
   * The repository does not hold all of this unit (Nix values that could not be
   * known, or settings added to a unit a NixOS module outside the repository
   * defines): rules that conclude from something missing skip it.
   */
  uncertain?: boolean;
  /** Directives that could not be known (UnitFact.unknown): `Section.Key` or `Section.*`. */
  unknown?: Set<string>;
  host?: string;
}

/**
 * Whether a unit may hold one of these directives (`Section.Key`) that the
 * repository does not show: the whole unit is uncertain, or that directive
 * (or its section) could not be known. A rule concluding from a missing
 * directive skips the unit then; anything else about it is still judged.
 */
export function mayLack(u: UnitNode, ...keys: string[]): boolean {
  if (u.uncertain) return true;
  if (!u.unknown) return false;
  return keys.some((k) => u.unknown!.has(k) || u.unknown!.has(`${k.slice(0, k.indexOf('.'))}.*`));
}

/** Whether anything of the unit could not be known (rules that need all of it). */
export function partlyUnknown(u: UnitNode): boolean {
  return u.uncertain === true || (u.unknown?.size ?? 0) > 0;
}

export interface SpecNode { kind: 'spec'; id: string; name: string; span: Span; fact: SpecFact }
export interface StackNode { kind: 'stack'; id: string; file: string; span: Span; fact: StackFact }
export interface EndpointNode { kind: 'endpoint'; id: string; host: string; span: Span }

/** A reference the builder could not resolve: a file that is not in the repo, a spec that does not exist. */
export interface Unresolved {
  what: 'file' | 'spec' | 'unit';
  /** The name or path as written. */
  name: string;
  span: Span;
  /** Who refers to it (a unit or spec id). */
  from: string;
  /** For specs: the script whose table was searched, and the names it has. */
  script?: string;
  known?: string[];
}
/** What an address range is, which decides what it may collide with. */
export type RangeRole =
  | 'swarm-pool' // docker swarm init --default-addr-pool (or docker's default 10.0.0.0/8)
  | 'ingress' // the swarm's ingress network
  | 'overlay' // docker network create --driver overlay
  | 'bridge' // docker network create (local driver)
  | 'stack-network' // a network declared in a stack file
  | 'docker-bip' // daemon bip
  | 'docker-pool' // daemon default-address-pools
  | 'interface' | 'route' | 'gateway' | 'vpn'; // the host's own networks (Nix)

/** An address range: a docker network or pool, or one of the host's own networks. */
export interface NetworkNode {
  kind: 'network';
  id: string;
  /** The CIDR, or null when docker picks it (an unpinned network). */
  cidr: string | null;
  role: RangeRole;
  /** A docker range (as opposed to the host's own). */
  docker: boolean;
  /** How to name it in a message: `overlay network "proxy"`. */
  label: string;
  span: Span;
  /** Not written anywhere: docker's default, used because nothing pins it. */
  implicit?: boolean;
  /** For stack and created networks: the docker driver. */
  driver?: string;
  /** Which swarm init this range belongs to (pools and ingress), for reporting it once. */
  swarmInit?: string;
}

export type GraphNode = UnitNode | SpecNode | StackNode | EndpointNode | NetworkNode;

export const PULL_IN_KINDS: readonly EdgeKind[] = ['wants', 'requires', 'binds-to', 'upholds', 'installs'];

export class DeployGraph {
  /** Configured default target (what `default.target` aliases). */
  /** A module evaluated on its own (HostFact.alone): units it refers to may live elsewhere; rules conclude nothing from absence. */
  partial = false;
  defaultTarget = 'multi-user.target';
  /**
   * The manager whose units these are (docs/architecture.md, "managers"): the
   * initrd's units are enabled by the dracut module's install script, which is
   * not read, so "nothing starts it" cannot be concluded there.
   */
  manager: 'system' | 'user' | 'initrd' = 'system';
  /** Every stock unit this manager has (referenced or not): what a misspelt name may have meant. */
  stockUnitNames: readonly string[] = [];
  /** References the builder could not resolve, for the rules that report them. */
  readonly unresolved: Unresolved[] = [];
  host?: string;

  /*
   * The graph is kept in a map and a list of its own: one slot per id (in the
   * order graphlib would hold them, an edge's unknown end included with no
   * node) holding the node and its edges each way and by target, and each
   * edge once in insertion order. The checks read only these. Writing every
   * edge into a graphlib Graph as well was a tenth of a 5,000-unit run and
   * nothing read it back (bench/README.md, "Throughput"), so that Graph is
   * built on first use of `g`, for the exports and any caller that wants graphlib.
   */
  private readonly slots = new Map<string, Slot>();
  private readonly edgeList: Edge[] = [];
  /** Each kind's edges in insertion order: a rule asking for one kind reads only those, and a kind the graph lacks is answered at once. */
  private readonly byKind = new Map<EdgeKind, Edge[]>();
  private sortedEdges: Edge[] | undefined;
  private sortedUnits: UnitNode[] | undefined;
  private graphlib: Graph | undefined;

  /** The graph as a @dagrejs/graphlib multigraph: nodes labelled with their GraphNode, edges named by kind and labelled with their EdgeLabel. */
  get g(): Graph {
    if (!this.graphlib) {
      const g = new Graph({ directed: true, multigraph: true });
      for (const [id, slot] of this.slots) g.setNode(id, slot.node);
      for (const e of this.edgeList) g.setEdge(e.from, e.to, e.label, e.kind);
      this.graphlib = g;
    }
    return this.graphlib;
  }

  addNode(node: GraphNode): void {
    this.slot(node.id).node = node;
    this.sortedUnits = undefined;
    this.graphlib = undefined;
  }

  node(id: string): GraphNode | undefined {
    return this.slots.get(id)?.node;
  }

  /** Every node id (an edge's end never added as a node included), in insertion order. */
  nodeIds(): IterableIterator<string> {
    return this.slots.keys();
  }

  /** How many nodes (an edge's end never added as a node counts, as in graphlib). */
  nodeCount(): number {
    return this.slots.size;
  }

  /** The id's slot, made (with no node yet) on first use. */
  private slot(id: string): Slot {
    let s = this.slots.get(id);
    if (!s) this.slots.set(id, (s = { node: undefined, out: undefined, in: undefined, byTo: undefined }));
    return s;
  }

  unit(id: string): UnitNode | undefined {
    const n = this.node(id);
    return n?.kind === 'unit' ? n : undefined;
  }

  networks(): NetworkNode[] {
    const out: NetworkNode[] = [];
    for (const { node: n } of this.slots.values()) if (n?.kind === 'network') out.push(n);
    return out.sort((a, b) => cmp(a.id, b.id));
  }

  /** Every unit, sorted by id (kept until a node is added; each caller gets its own copy). */
  units(): UnitNode[] {
    if (!this.sortedUnits) {
      const out: UnitNode[] = [];
      for (const { node: n } of this.slots.values()) if (n?.kind === 'unit') out.push(n);
      this.sortedUnits = out.sort((a, b) => cmp(a.id, b.id));
    }
    return [...this.sortedUnits];
  }

  /** Adds an edge, or another reason for an edge that exists. */
  addEdge(from: string, to: string, kind: EdgeKind, provenance: Provenance): void {
    const source = this.slot(from);
    const existing = outEdge(source, to, kind);
    if (existing) {
      existing.addReason(provenance);
      return;
    }
    const target = this.slot(to);
    this.graphlib = undefined;
    const edge = new GraphEdge(from, to, kind, provenance);
    if (source.byTo) indexByTarget(source.byTo, edge);
    else if (source.out && isList(source.out) && source.out.list.length >= SCAN_AT_MOST) {
      // From here on the node's out-edges are looked up by target, not scanned.
      source.byTo = new Map();
      for (const e of source.out.list) indexByTarget(source.byTo, e as GraphEdge);
      indexByTarget(source.byTo, edge);
    }
    this.edgeList.push(edge);
    const sameKind = this.byKind.get(kind);
    if (sameKind) sameKind.push(edge);
    else this.byKind.set(kind, [edge]);
    source.out = withEdge(source.out, edge);
    target.in = withEdge(target.in, edge);
    this.sortedEdges = undefined;
  }

  /** Whether any edge is of this kind. */
  hasEdgesOfKind(kind: EdgeKind): boolean {
    return this.byKind.has(kind);
  }

  edge(from: string, to: string, kind: EdgeKind): EdgeLabel | undefined {
    const source = this.slots.get(from);
    return source && outEdge(source, to, kind)?.label;
  }

  outEdges(id: string, kinds?: readonly EdgeKind[]): Edge[] {
    return this.sortedCopy(this.slots.get(id)?.out, kinds);
  }

  inEdges(id: string, kinds?: readonly EdgeKind[]): Edge[] {
    return this.sortedCopy(this.slots.get(id)?.in, kinds);
  }

  /** Whether an edge of these kinds into `id` passes `test`: asked of every unit by a rule, without a sorted copy of its edges. */
  someInEdge(id: string, kinds: readonly EdgeKind[], test: (e: Edge) => boolean): boolean {
    const at = this.slots.get(id)?.in;
    if (!at) return false;
    if (!isList(at)) return kinds.includes(at.kind) && test(at);
    return at.list.some((e) => kinds.includes(e.kind) && test(e));
  }

  /**
   * A node's edges sorted once, in place (the lists are only ever read
   * sorted), until it gains another; each caller gets its own copy.
   */
  private sortedCopy(at: NodeEdges | undefined, kinds: readonly EdgeKind[] | undefined): Edge[] {
    if (!at) return [];
    if (!isList(at)) return !kinds || kinds.includes(at.kind) ? [at] : [];
    if (kinds && !at.sorted) {
      // A rule asking every unit for one kind of edge mostly finds none or one: nothing to sort for that.
      const some = ofKinds(at.list, kinds);
      if (some.length <= 1) return some;
    }
    return ofKinds(this.sortedList(at), kinds);
  }

  private sortedList(at: EdgeList): readonly Edge[] {
    if (!at.sorted) {
      sortEdges(at.list);
      at.sorted = true;
    }
    return at.list;
  }

  /** Every edge (of these kinds, for which `where` holds), sorted by from, to, kind. */
  edges(kinds?: readonly EdgeKind[], where?: (e: Edge) => boolean): Edge[] {
    if (kinds && !this.sortedEdges) {
      // A rule asks for a kind or two, a small part of a large graph: only those are sorted,
      // and of those only the ones it wants (every unit's default Requires=, Conflicts= are not).
      const some: Edge[] = [];
      for (const kind of new Set(kinds)) for (const e of this.byKind.get(kind) ?? []) if (!where || where(e)) some.push(e);
      if (some.length * 4 < this.edgeList.length) return sortEdges(some);
    }
    // Each node's sorted out-list, nodes by id: the order of one sort by (from, to, kind), for a fraction of its comparisons.
    if (!this.sortedEdges) {
      const all: Edge[] = [];
      const sources: [string, NodeEdges][] = [];
      for (const [id, { out }] of this.slots) if (out) sources.push([id, out]);
      for (const [, at] of sources.sort((a, b) => cmp(a[0], b[0]))) {
        if (isList(at)) for (const e of this.sortedList(at)) all.push(e);
        else all.push(at);
      }
      this.sortedEdges = all;
    }
    const some = ofKinds(this.sortedEdges, kinds);
    return where ? some.filter(where) : some;
  }

  /** Every edge in insertion order, not copied: for the graph algorithms' neighbour lists (algorithms/adjacency.ts). */
  unsortedEdges(): readonly Edge[] {
    return this.edgeList;
  }
}

/**
 * An edge, its own label (graphlib's shape, without a second object: a tenth
 * of a large graph's memory) and its reasons: the first kept as it is, a list
 * made only for a second (most edges of a large graph have one reason, and the
 * list was 56 bytes of each).
 */
class GraphEdge implements Edge, EdgeLabel {
  private more: Provenance[] | undefined = undefined;

  constructor(
    readonly from: string,
    readonly to: string,
    readonly kind: EdgeKind,
    private readonly first: Provenance,
  ) {}

  get label(): EdgeLabel {
    return this;
  }

  /** Every reason, in the order added (a new one-element array for an edge with one). */
  get provenance(): Provenance[] {
    return this.more ?? [this.first];
  }

  /** The reason, when there is only one. */
  get only(): Provenance | undefined {
    return this.more ? undefined : this.first;
  }

  addReason(p: Provenance): void {
    if (this.more) this.more.push(p);
    else this.more = [this.first, p];
  }
}

/**
 * Out-edges a node may have before they are indexed by target: most units
 * have a handful, and a Map per node was ~300 bytes of each and two lookups
 * per edge added.
 */
const SCAN_AT_MOST = 8;

/** The edge of `kind` from the slot's node to `to`: by the index past SCAN_AT_MOST edges, else by a scan. */
function outEdge(source: Slot, to: string, kind: EdgeKind): GraphEdge | undefined {
  if (source.byTo) {
    const same = source.byTo.get(to);
    return same && ofKind(same, kind);
  }
  const out = source.out;
  if (!out) return undefined;
  // The kind first: kinds are the same few string objects (a pointer comparison), ids are not.
  if (!isList(out)) return out.kind === kind && out.to === to ? (out as GraphEdge) : undefined;
  for (const e of out.list) if (e.kind === kind && e.to === to) return e as GraphEdge;
  return undefined;
}

/** Most pairs have one edge: it is stored as is, an array only for a second kind. */
function indexByTarget(byTo: Map<string, GraphEdge | GraphEdge[]>, edge: GraphEdge): void {
  const same = byTo.get(edge.to);
  if (!same) byTo.set(edge.to, edge);
  else if (Array.isArray(same)) same.push(edge);
  else byTo.set(edge.to, [same, edge]);
}

/** The edge of `kind` among the edges between two nodes (one, or an array when there are several kinds). */
function ofKind(edges: GraphEdge | readonly GraphEdge[], kind: EdgeKind): GraphEdge | undefined {
  if (!Array.isArray(edges)) return (edges as GraphEdge).kind === kind ? (edges as GraphEdge) : undefined;
  for (const e of edges) if (e.kind === kind) return e;
  return undefined;
}

/**
 * One node's edges in one direction: a lone edge as it is (most nodes of a
 * large graph have one in-edge; a list for it was a sixth of a generated
 * graph's memory), else a list, `sorted` until the next one is added.
 */
type NodeEdges = Edge | EdgeList;

interface EdgeList {
  list: Edge[];
  sorted: boolean;
}

function isList(at: NodeEdges): at is EdgeList {
  return (at as Partial<EdgeList>).list !== undefined;
}

/** A node's edges in one direction with `e` added. */
function withEdge(at: NodeEdges | undefined, e: Edge): NodeEdges {
  if (!at) return e;
  if (!isList(at)) return { list: [at, e], sorted: false };
  at.list.push(e);
  at.sorted = false;
  return at;
}

/**
 * What the graph keeps of one id: its node (none for an edge's end never
 * added), its edges each way, and, for a node with many out-edges, those by
 * target, one per kind (no key string built per lookup: a fifth of a graph's
 * memory was such keys). One lookup per end of an edge, where four maps took seven.
 */
interface Slot {
  node: GraphNode | undefined;
  out: NodeEdges | undefined;
  in: NodeEdges | undefined;
  /** Past SCAN_AT_MOST out-edges: them by target, one per kind. */
  byTo: Map<string, GraphEdge | GraphEdge[]> | undefined;
}

/** A new array: callers may sort or splice what they get. */
function ofKinds(list: readonly Edge[], kinds: readonly EdgeKind[] | undefined): Edge[] {
  return kinds ? list.filter((e) => kinds.includes(e.kind)) : [...list];
}

// graphlib keeps insertion order; sort so every consumer is deterministic.
export function sortEdges(list: Edge[]): Edge[] {
  return list.sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.kind, b.kind));
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The earliest reason, for printing one span per step deterministically. */
export function firstProvenance(label: EdgeLabel): Provenance {
  const only = label instanceof GraphEdge ? label.only : undefined;
  if (only) return only;
  return [...label.provenance].sort(
    (a, b) => Number(a.implicit ?? false) - Number(b.implicit ?? false) || cmpSpan(a.span, b.span),
  )[0]!;
}

function cmpSpan(a: Span, b: Span): number {
  return cmp(a.file, b.file) || a.line - b.line || a.column - b.column;
}
