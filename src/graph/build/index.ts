/**
 * facts → graph. Units first (resolution, drop-ins, templates, aliases, stock
 * units on demand), then their explicit and implicit edges.
 */
import type { DropInFact, Fact, UnitFact, UnitLinkFact } from '../../model/facts.js';
import type { Span } from '../../model/span.js';
import { parseUnitName } from '../../systemd/names.js';
import type { StockCatalog } from '../../systemd/stock-units.js';
import { splitUnitList } from '../../systemd/words.js';
import { DeployGraph } from '../model.js';
import { addActivation, addDefaultDependencies, addExecDependencies, addServiceSockets, addSlice, addTargetOrdering } from './default-deps.js';
import { addLinks } from './links.js';
import { addNetworks } from './networks.js';
import { RepoFiles, type RepoFile } from './repo-files.js';
import { addExplicitEdges, type EdgeSink } from './unit-edges.js';
import { canonicalName, linkFactsByFrom, materialiseUnit, type UnitSources } from './units.js';

export type { StockCatalog };

export interface BuildOptions {
  catalog: StockCatalog;
  defaultTarget?: string;
  host?: string;
  manager?: 'system' | 'user' | 'initrd';
  /** Which other manager's stock units have a unit this graph lacks. */
  elsewhere?: (name: string) => 'system' | 'user' | 'initrd' | undefined;
  /** The discovered files, to resolve the paths commands and specs refer to. */
  files?: readonly RepoFile[];
  /** Deploy-path prefix → repo folder (config `pathMap`). */
  pathMap?: Readonly<Record<string, string>>;
}

export function buildGraph(facts: readonly Fact[], opts: BuildOptions): DeployGraph {
  const graph = new DeployGraph();
  graph.defaultTarget = opts.defaultTarget ?? 'multi-user.target';
  if (opts.host) graph.host = opts.host;
  if (opts.manager) graph.manager = opts.manager;
  graph.stockUnitNames = [...opts.catalog.units.keys()];
  graph.partial = facts.some((f) => f.kind === 'host' && f.alone === true && f.name === opts.host);

  const repo = new Map<string, UnitFact>();
  const dropins: DropInFact[] = [];
  const links: UnitLinkFact[] = [];
  for (const f of facts) {
    // Two files defining one unit: the first in path order wins, as the first unit path does in systemd.
    if (f.kind === 'unit' && !repo.has(f.name)) repo.set(f.name, f);
    else if (f.kind === 'dropin') dropins.push(f);
    else if (f.kind === 'unit-link') links.push(f);
  }
  const src: UnitSources = { repo, catalog: opts.catalog.units, dropins, aliases: new Map(), defaultTarget: graph.defaultTarget };
  collectAliases(repo, [...links, ...opts.catalog.links], src.aliases);
  const catalogLinks = linkFactsByFrom([...opts.catalog.links]);

  const queue: string[] = [];
  const sink: EdgeSink = {
    ref(name, where) {
      const id = canonicalName(name, src);
      // The node's own id string, not this equal one: the graph's lookups then meet one string per
      // id, its hash computed once and compared by identity.
      const known = graph.node(id);
      if (known) return known.id;
      // The span is made only for a unit met for the first time (a listed word makes it when asked).
      const at = 'file' in where ? where : where.span;
      const node = materialiseUnit(id, src, at);
      if (!node) {
        graph.unresolved.push({ what: 'unit', name, span: at, from: at.file });
        return null;
      }
      if (node.source === 'missing' && opts.elsewhere) {
        const other = opts.elsewhere(id);
        if (other) node.elsewhere = other;
      }
      graph.addNode(node);
      queue.push(id);
      return id;
    },
    add(from, to, kind, span, explanation, extra) {
      graph.addEdge(from, to, kind, { span, explanation, ...extra });
    },
    addReason(from, to, kind, reason) {
      graph.addEdge(from, to, kind, reason);
    },
  };

  const zero: Span = { file: '', line: 1, column: 1, endLine: 1, endColumn: 1 };
  for (const name of [...repo.keys()].sort()) if (!name.includes('@.')) sink.ref(name, repo.get(name)!.span);
  sink.ref(graph.defaultTarget, zero);
  for (const d of dropins) if (parseUnitName(d.target)?.instance !== '') sink.ref(d.target, d.span);

  for (const l of links) {
    if (l.edge === 'alias') continue;
    const from = sink.ref(l.from, l.span);
    const to = sink.ref(l.to, l.span);
    if (from && to) sink.add(from, to, 'installs', l.span, `${l.to} is linked in ${l.from}.${l.edge}/`, { via: `.${l.edge}/` });
  }

  // An index, not shift(): shift moves the whole queue, quadratic on a file naming 100,000 units.
  for (let next = 0; next < queue.length; next++) {
    const node = graph.unit(queue[next]!)!;
    addExplicitEdges(node, sink);
    // A unit nothing defines gets no job at all, so systemd adds nothing for it either; a stock unit
    // known by name only may well set DefaultDependencies=no, so nothing is assumed for it.
    if (node.source !== 'missing' && !(node.source === 'catalog' && node.uncertain)) {
      addDefaultDependencies(node, sink);
      addActivation(node, sink);
      addSlice(node, sink);
      addExecDependencies(node, sink);
      addServiceSockets(node, sink);
    }
    if (node.source === 'catalog') {
      for (const l of catalogLinks.get(node.name) ?? []) {
        if (l.edge === 'alias') continue;
        const to = sink.ref(l.to, l.span);
        if (to) sink.add(node.id, to, 'installs', l.span, `${l.to} is linked in ${l.from}.${l.edge}/ (stock)`, { via: `.${l.edge}/` });
      }
    }
  }
  addTargetOrdering(graph);
  // Store copies of repository files (Nix path interpolation) name those files.
  const stored = Object.fromEntries(facts.flatMap((f) => (f.kind === 'store-path' ? [[f.storePath, f.path] as const] : [])));
  addLinks(graph, facts, new RepoFiles(opts.files ?? [], { ...stored, ...opts.pathMap }));
  addNetworks(graph, facts);
  return graph;
}

function collectAliases(repo: Map<string, UnitFact>, links: UnitLinkFact[], aliases: Map<string, string>): void {
  for (const l of links) if (l.edge === 'alias' && !repo.has(l.to)) aliases.set(l.to, l.from);
  // forEach, not for-of over entries: no [name, fact] pair made and taken apart per unit.
  repo.forEach((fact, name) => {
    for (const e of fact.entries) {
      if (e.section !== 'Install' || e.key !== 'Alias') continue;
      for (const w of splitUnitList(e.value, { unquote: true })) if (!repo.has(w.value)) aliases.set(w.value, name);
    }
  });
}
