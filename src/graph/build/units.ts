/**
 * Unit resolution: which units exist, under which names, with which directives
 * once drop-ins and list resets are applied. Stock (catalog) units are pulled
 * in only when something references them, so the graph holds what matters.
 */
import type { DropInFact, UnitEntry, UnitFact, UnitLinkFact } from '../../model/facts.js';
import type { Span } from '../../model/span.js';
import { directiveKey } from '../../model/string-pool.js';
import { parseUnitName, templateOf } from '../../systemd/names.js';
import { resetsOnEmpty } from '../../systemd/dependencies.js';
import { EXEC_PHASES } from '../../systemd/exec.js';
import { isServiceType, type ServiceType } from '../../systemd/service-types.js';
import { parseTimeout } from '../../systemd/timespan.js';
import { lastValue, parseBool } from '../../systemd/values.js';
import type { ExecCommand, UnitNode } from '../model.js';

export interface UnitSources {
  repo: Map<string, UnitFact>;
  catalog: ReadonlyMap<string, UnitFact>;
  dropins: DropInFact[];
  /** Alias name → real name (repo Alias= and alias symlinks). */
  aliases: Map<string, string>;
  defaultTarget: string;
}

/** Resolves a referenced name to the unit that answers it, following aliases. */
export function canonicalName(name: string, src: UnitSources): string {
  if (name === 'default.target') return src.defaultTarget;
  if (!src.aliases.has(name)) return name;
  const seen = new Set<string>();
  let cur = name;
  while (src.aliases.has(cur) && !seen.has(cur)) {
    seen.add(cur);
    cur = src.aliases.get(cur)!;
  }
  return cur;
}

/** Builds the node for `name`: from the repo, a template, the catalog, or as a missing reference. */
export function materialiseUnit(name: string, src: UnitSources, referencedAt: Span): UnitNode | null {
  const parsed = parseUnitName(name);
  if (!parsed) return null;
  let fact = src.repo.get(name);
  let source: UnitNode['source'] = 'repo';
  if (!fact) {
    const tpl = templateOf(name);
    const tplFact = tpl ? src.repo.get(tpl) : undefined;
    if (tplFact) fact = { ...tplFact, name };
  }
  if (!fact) {
    const tpl = templateOf(name);
    fact = src.catalog.get(name) ?? (tpl ? withName(src.catalog.get(tpl), name) : undefined);
    source = 'catalog';
  }
  // The fact's own list when nothing is added to it (most units): no copy per unit.
  let entries: UnitEntry[] = fact ? fact.entries : [];
  if (fact?.origin === 'nix' && source === 'repo') {
    // NixOS writes `systemd.services.NAME` of a unit systemd ships (getty@, systemd-*, dbus) as a
    // drop-in over it (overrides.conf), not as a unit of its own: the stock unit's entries come first.
    const tpl = templateOf(name);
    const stock = src.catalog.get(name) ?? (tpl ? src.catalog.get(tpl) : undefined);
    if (stock) entries = [...stock.entries, ...entries];
  }
  const span = fact?.span ?? referencedAt;
  if (!fact) source = 'missing';
  const dropIns = applicableDropIns(name, src.dropins);
  if (dropIns.length) entries = [...entries, ...dropIns.flatMap((d) => d.entries)];
  // A unit only referenced has no assignment: every such node shares one empty map (a flood of dangling names
  // makes hundreds of thousands of them). Nothing writes to a node's directives once it is built.
  const directives = entries.length ? resolveDirectives(entries, source === 'catalog') : NO_DIRECTIVES;
  const node = makeNode(name, parsed.type, source, span, directives, fact?.host);
  if (fact?.uncertain) node.uncertain = true;
  if (fact?.unknown?.length) node.unknown = new Set(fact.unknown);
  return node;
}

const NO_DIRECTIVES = new Map<string, UnitEntry[]>();

function withName(f: UnitFact | undefined, name: string): UnitFact | undefined {
  return f ? { ...f, name } : undefined;
}

/**
 * Drop-ins for a unit, in systemd's order: by file name across all applicable
 * folders (type-level `service.d`, prefix `a-.service.d`, template, the unit's own).
 */
/** Drop-ins by the folder they sit in, with their place in the list: one pass per list, not one scan of every drop-in per unit. */
interface DropInIndex {
  size: number;
  byTarget: Map<string, { at: number; d: DropInFact }[]>;
  /** Unit types (`service`) that have a prefix drop-in folder (`foo-.service.d`): only their names are taken apart. */
  prefixed: Set<string>;
}
const indexes = new WeakMap<readonly DropInFact[], DropInIndex>();
function dropInIndex(dropins: readonly DropInFact[]): DropInIndex {
  let index = indexes.get(dropins);
  if (!index || index.size !== dropins.length) {
    const made: DropInIndex = { size: dropins.length, byTarget: new Map(), prefixed: new Set() };
    dropins.forEach((d, at) => {
      const list = made.byTarget.get(d.target);
      if (list) list.push({ at, d });
      else made.byTarget.set(d.target, [{ at, d }]);
      const prefix = /-\.([a-z]+)$/.exec(d.target);
      if (prefix) made.prefixed.add(prefix[1]!);
    });
    indexes.set(dropins, (index = made));
  }
  return index;
}

export function applicableDropIns(name: string, dropins: DropInFact[]): DropInFact[] {
  // Most repositories have none: no name taken apart per unit for them.
  if (dropins.length === 0) return [];
  const u = parseUnitName(name);
  if (!u) return [];
  const targets = new Set<string>([name, u.type]);
  const tpl = templateOf(name);
  if (tpl) targets.add(tpl);
  const { byTarget, prefixed } = dropInIndex(dropins);
  // Prefix drop-ins: for foo-bar-baz.service, foo-.service.d and foo-bar-.service.d apply.
  if (prefixed.has(u.type)) {
    const parts = u.prefix.split('-');
    for (let i = 1; i < parts.length; i++) targets.add(`${parts.slice(0, i).join('-')}-.${u.type}`);
  }
  // Most units have none: nothing more is made for them.
  if (![...targets].some((t) => byTarget.has(t))) return [];
  // In list order, as a scan of the list would find them (the first of equal specificity wins below).
  const found = [...targets].flatMap((t) => byTarget.get(t) ?? []).sort((a, b) => a.at - b.at).map((x) => x.d);
  // The same file name in several folders: the most specific folder wins.
  const specificity = (d: DropInFact): number => (d.target === name ? 3 : d.target === tpl ? 2 : d.target === u.type ? 0 : 1);
  const byName = new Map<string, DropInFact>();
  for (const d of found) {
    const prev = byName.get(d.name);
    if (!prev || specificity(d) > specificity(prev)) byName.set(d.name, d);
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Applies assignments in order; an empty value resets that directive's list (dependencies excepted: systemd/dependencies.ts). */
export function resolveDirectives(entries: UnitEntry[], dropInstall: boolean): Map<string, UnitEntry[]> {
  const out = new Map<string, UnitEntry[]>();
  for (const e of entries) {
    // Stock units' [Install] sections describe what *could* be enabled, not what is.
    if (dropInstall && e.section === 'Install') continue;
    const key = directiveKey(e.section, e.key);
    if (e.value.text === '') {
      if (resetsOnEmpty(e.section, e.key)) out.set(key, []);
      continue;
    }
    const list = out.get(key);
    if (list) list.push(e);
    else out.set(key, [e]);
  }
  return out;
}

function makeNode(
  name: string,
  type: UnitNode['type'],
  source: UnitNode['source'],
  span: Span,
  directives: Map<string, UnitEntry[]>,
  host: string | undefined,
): UnitNode {
  const node: UnitNode = {
    kind: 'unit', id: name, name, type, source, span, directives,
    defaultDependencies: parseBool(lastValue(directives, 'Unit.DefaultDependencies')?.value.text) ?? true,
    exec: NO_COMMANDS,
  };
  if (host) node.host = host;
  if (type === 'service') {
    const exec: ExecCommand[] = [];
    for (const phase of EXEC_PHASES) {
      for (const entry of directives.get(directiveKey('Service', phase)) ?? []) {
        const cmd: ExecCommand = { phase, entry };
        if (entry.shell) cmd.shell = entry.shell;
        exec.push(cmd);
      }
    }
    if (exec.length > 0) node.exec = exec;
    node.serviceType = serviceType(directives, node.exec);
    const timeout = lastValue(directives, 'Service.TimeoutStartSec') ?? lastValue(directives, 'Service.TimeoutSec');
    const parsed = timeout ? parseTimeout(timeout.value.text) : undefined;
    if (timeout && parsed !== undefined) {
      node.startTimeoutSec = parsed;
      node.startTimeoutSpan = timeout.span;
    } else if (node.serviceType === 'oneshot') {
      node.startTimeoutSec = null; // systemd.service(5): disabled by default for oneshot
    }
  }
  return node;
}

/** What a unit without commands has, shared: a graph of a million referenced-only units has a million of them. */
const NO_COMMANDS: readonly ExecCommand[] = Object.freeze([]);

function serviceType(directives: Map<string, UnitEntry[]>, exec: readonly ExecCommand[]): ServiceType {
  const t = lastValue(directives, 'Service.Type')?.value.text;
  if (t && isServiceType(t)) return t;
  if (lastValue(directives, 'Service.BusName')) return 'dbus';
  return exec.some((c) => c.phase === 'ExecStart') ? 'simple' : 'oneshot';
}

export function linkFactsByFrom(links: UnitLinkFact[]): Map<string, UnitLinkFact[]> {
  const m = new Map<string, UnitLinkFact[]>();
  for (const l of links) {
    const list = m.get(l.from);
    if (list) list.push(l);
    else m.set(l.from, [l]);
  }
  return m;
}
