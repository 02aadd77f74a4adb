/**
 * Explicit dependency directives → edges. `Before=` is stored as the `after`
 * edge seen from the other side, so every ordering question asks one edge kind.
 */
import type { Located, Span } from '../../model/span.js';
import { expandSpecifiers, hasUnresolvedSpecifier } from '../../parsers/systemd/specifiers.js';
import { splitWords } from '../../parsers/systemd/words.js';
import type { EdgeKind, UnitNode } from '../model.js';

export interface EdgeSink {
  /** Returns the canonical id of the referenced unit (materialising it), or null if not a unit name. */
  ref(name: string, at: Span): string | null;
  add(from: string, to: string, kind: EdgeKind, span: Span, explanation: string, extra?: { implicit?: boolean; via?: string }): void;
}

const FORWARD: Record<string, EdgeKind> = {
  'Unit.After': 'after',
  'Unit.Wants': 'wants',
  'Unit.Requires': 'requires',
  'Unit.BindsTo': 'binds-to',
  'Unit.Requisite': 'requisite',
  'Unit.PartOf': 'part-of',
  'Unit.Conflicts': 'conflicts',
  'Unit.Upholds': 'upholds',
  'Unit.OnFailure': 'on-failure',
  'Unit.OnSuccess': 'on-success',
};

/** [Install] directives make the edge from the other side: the target installs the unit. */
const REVERSE: Record<string, { kind: EdgeKind; via: string }> = {
  'Unit.Before': { kind: 'after', via: 'Before' },
  'Install.WantedBy': { kind: 'installs', via: 'WantedBy' },
  'Install.RequiredBy': { kind: 'installs', via: 'RequiredBy' },
  'Install.UpheldBy': { kind: 'installs', via: 'UpheldBy' },
};

/** Names listed in a directive, specifiers expanded; names still holding a specifier are dropped. */
export function listedUnits(node: UnitNode, key: string): Located<string>[] {
  const out: Located<string>[] = [];
  for (const entry of node.directives.get(key) ?? []) {
    for (const w of splitWords(entry.value)) {
      const name = expandSpecifiers(w.value, node.name);
      if (!hasUnresolvedSpecifier(name)) out.push({ value: name, span: w.span });
    }
  }
  return out;
}

export function addExplicitEdges(node: UnitNode, sink: EdgeSink): void {
  // A template's [Install] only applies to instances it is enabled as.
  const isTemplate = node.name.includes('@.');
  for (const [key, kind] of Object.entries(FORWARD)) {
    const directive = key.split('.')[1]!;
    for (const w of listedUnits(node, key)) {
      const to = sink.ref(w.value, w.span);
      if (to) sink.add(node.id, to, kind, w.span, `${node.name} has ${directive}=${w.value}`);
    }
  }
  for (const [key, { kind, via }] of Object.entries(REVERSE)) {
    if (isTemplate && key.startsWith('Install.')) continue;
    for (const w of listedUnits(node, key)) {
      const from = sink.ref(w.value, w.span);
      if (from) sink.add(from, node.id, kind, w.span, `${node.name} has ${via}=${w.value}`, { via });
    }
  }
}
