import { sortEdges, type DeployGraph, type Edge, type EdgeKind, type Provenance, type UnitNode } from '../src/graph/model.js';
import { NameIndex, writtenInRepository, type Rule } from './api.js';

/**
 * Units that exist without a unit file: devices come from udev, slices from the
 * slice hierarchy, mounts, swaps and automounts from fstab generators.
 */
const MADE_AT_RUNTIME: ReadonlySet<string> = new Set(['device', 'slice', 'mount', 'swap', 'automount', 'scope']);

/** A build system's placeholder (`@ROOT_HOME@`, autoconf/meson/bitbake style): the file is a template, not the unit. */
const BUILD_PLACEHOLDER = /@[A-Z][A-Z0-9_]*@/;

const REFERENCE_KINDS: readonly EdgeKind[] = ['after', 'wants', 'requires', 'binds-to', 'requisite', 'part-of', 'conflicts', 'upholds', 'installs', 'on-failure', 'on-success', 'triggers'];

export const danglingReference: Rule = {
  meta: {
    id: 'dangling-reference',
    defaultSeverity: 'warning',
    summary: 'A dependency on a unit that nothing defines',
    docs: {
      what: "Reports a dependency or ordering on a unit that is neither in the repo, nor one of systemd's stock units, nor provided by an enabled NixOS option, nor declared external in the config. Devices, slices, mounts, swaps and automounts are not reported: udev, the slice tree and fstab generators make them without a unit file.",
      why: 'systemd ignores After=/Wants= on a unit that does not exist and fails the start of a unit that Requires= it: most often the name has a typo, and the intended ordering silently does not happen.',
      example: '[Unit]\nAfter=postgresql.servce',
      fix: 'Correct the name, add the unit, or list units that come from packages in the config (`external`).',
    },
  },
  check({ graph, settings, report }) {
    const external = new Set(settings.external ?? []);
    const units = graph.units();
    // Built on the first suggestion asked for: most runs name no missing unit.
    let known: KnownUnits | undefined;
    const closest = (name: string): string | undefined =>
      (known ??= new KnownUnits([...units.filter((u) => u.source !== 'missing').map((u) => u.name), ...graph.stockUnitNames])).closest(name);
    // One finding per place written: a NixOS generator (mapAttrs over channels)
    // writes one literal into many units; the typo is one, the units are listed.
    const byPlace = new Map<string, { p: Provenance; named: string; owners: string[] }>();
    for (const e of edgesOfMissing(graph, units)) {
      for (const p of e.label.provenance) {
        if (p.implicit) continue;
        // The unit named in the text: the target of a forward directive, the source of a reverse one (Before=, WantedBy=).
        const reverse = p.via !== undefined && !p.via.startsWith('.');
        const named = reverse ? e.from : e.to;
        const owner = named === e.to ? e.from : e.to;
        const missing = graph.unit(named);
        if (!missing || missing.source !== 'missing' || external.has(named) || graph.unit(owner)?.source !== 'repo') continue;
        // Asked after the cheap tests: a listed name's span is made when read.
        if (!writtenInRepository(p.span)) continue; // named by the stock unit a NixOS unit adds to
        if (graph.partial) continue; // a module on its own: the configuration that would import it may define the unit
        if (MADE_AT_RUNTIME.has(missing.type)) continue;
        if (BUILD_PLACEHOLDER.test(named)) continue; // `bind@ROOT_HOME@-.ssh.service`: the build substitutes the real name
        const s = p.span;
        const key = `${s.file}:${s.line}:${s.column}:${s.endLine}:${s.endColumn} ${named}`;
        const group = byPlace.get(key);
        if (group) group.owners.push(owner);
        else byPlace.set(key, { p, named, owners: [owner] });
      }
    }
    for (const { p, named, owners } of byPlace.values()) {
      // A unit another manager has (a user unit named from a system unit) is no typo: no suggestion.
      const elsewhere = graph.unit(named)?.elsewhere;
      const hint = elsewhere ? undefined : closest(named);
      const owner = owners[0]!;
      const many = owners.length > 1 && p.explanation.startsWith(`${owner} has `);
      const who = many ? `${owners.length} units (${[...owners].sort().join(', ')}) have ${p.explanation.slice(`${owner} has `.length)}` : p.explanation;
      report({
        // Not "does not exist": the unit may well exist on the machine, deploy-lint only knows where it looked.
        message: `${who}, but ${named} is not in the repository, the stock unit catalog or the config's \`external\` list${elsewhere ? `; it is a unit of the ${elsewhere} manager, not of this one` : ''}${hint ? ` (did you mean ${hint}?)` : ''}`,
        subject: owner,
        location: p.span,
        fixes: hint ? [{ description: `use ${hint}`, applicability: 'unsafe', edits: [{ span: p.span, replacement: hint }] }] : [{ description: `correct the name, or declare ${named} in the config's \`external\` list`, applicability: 'display-only' }],
      });
    }
    for (const u of graph.unresolved) {
      if (u.what !== 'unit' || external.has(u.name)) continue;
      report({
        message: `"${u.name}" is not a unit name (it needs a suffix such as .service or .target); systemd ignores the reference`,
        subject: u.from,
        location: u.span,
        fixes: [{ description: 'write the full unit name, with its type suffix', applicability: 'display-only' }],
      });
    }
  },
};

/**
 * The edges that may name a missing unit, as graph.edges() orders them: only
 * those touching one (the unit named is one end of its edge), not every edge
 * of a large graph.
 */
function edgesOfMissing(graph: DeployGraph, units: readonly UnitNode[]): Edge[] {
  const found = new Set<Edge>();
  for (const u of units) {
    if (u.source !== 'missing') continue;
    for (const e of graph.inEdges(u.id, REFERENCE_KINDS)) found.add(e);
    for (const e of graph.outEdges(u.id, REFERENCE_KINDS)) found.add(e);
  }
  return sortEdges([...found]);
}

/** Known unit names by type, for suggestions of the same type only (a .service is never offered for a .target). */
class KnownUnits {
  private readonly byType = new Map<string, NameIndex>();
  /** One search per name: a generated file can name the same missing unit from many places. */
  private readonly found = new Map<string, string | undefined>();

  constructor(names: readonly string[]) {
    const stems = new Map<string, string[]>();
    for (const n of names) {
      const dot = n.lastIndexOf('.');
      const type = n.slice(dot);
      let list = stems.get(type);
      if (!list) stems.set(type, (list = []));
      list.push(n.slice(0, dot));
    }
    for (const [type, list] of stems) this.byType.set(type, new NameIndex(list));
  }

  /** A known unit of the same type whose name without the type is within a typo's distance of this one's. */
  closest(name: string): string | undefined {
    if (this.found.has(name)) return this.found.get(name);
    const hint = this.search(name);
    this.found.set(name, hint);
    return hint;
  }

  private search(name: string): string | undefined {
    const dot = name.lastIndexOf('.');
    const type = name.slice(dot);
    const stem = this.byType.get(type)?.closest(name.slice(0, dot));
    return stem === undefined ? undefined : stem + type;
  }
}
