/**
 * Explicit dependency directives → edges. `Before=` is stored as the `after`
 * edge seen from the other side, so every ordering question asks one edge kind.
 */
import type { TextEdit } from '../../model/diagnostic.js';
import type { UnitEntry } from '../../model/facts.js';
import type { Located, Span } from '../../model/span.js';
import { expandSpecifiers, hasUnresolvedSpecifier } from '../../systemd/specifiers.js';
import { splitUnitList } from '../../systemd/words.js';
import type { EdgeKind, UnitNode } from '../model.js';

export interface EdgeSink {
  /** Returns the canonical id of the referenced unit (materialising it), or null if not a unit name. */
  ref(name: string, at: Span): string | null;
  add(from: string, to: string, kind: EdgeKind, span: Span, explanation: string, extra?: { implicit?: boolean; via?: string; removal?: TextEdit }): void;
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

export interface ListedUnit extends Located<string> {
  /** The edit that removes this name from the file (the whole line when it is the only one). */
  removal: TextEdit;
}

/** Names listed in a directive, specifiers expanded; names still holding a specifier are dropped. */
export function listedUnits(node: UnitNode, key: string): ListedUnit[] {
  const out: ListedUnit[] = [];
  for (const entry of node.directives.get(key) ?? []) {
    const words = splitUnitList(entry.value, { unquote: entry.section === 'Install' });
    words.forEach((w, i) => {
      const name = expandSpecifiers(w.value, node.name);
      if (hasUnresolvedSpecifier(name)) return;
      out.push({ value: name, span: w.span, removal: removalOf(entry, words, i) });
    });
  }
  return out;
}

/**
 * Deleting a lone name deletes the whole assignment: an empty `After=` is noise
 * (and an empty list directive resets it). Adapters that know better (Nix list elements) say so.
 */
function removalOf(entry: UnitEntry, words: Located<string>[], i: number): TextEdit {
  if (entry.removal) return entry.removal;
  const w = words[i]!;
  if (words.length === 1) {
    const s = entry.span;
    return { span: { file: s.file, line: s.line, column: 1, endLine: s.endLine + 1, endColumn: 1 }, replacement: '' };
  }
  const prev = words[i - 1];
  const next = words[i + 1];
  const span = prev
    ? { ...w.span, line: prev.span.endLine, column: prev.span.endColumn }
    : { ...w.span, endLine: next!.span.line, endColumn: next!.span.column };
  return { span, replacement: '' };
}

export function addExplicitEdges(node: UnitNode, sink: EdgeSink): void {
  // A template's [Install] only applies to instances it is enabled as.
  const isTemplate = node.name.includes('@.');
  for (const [key, kind] of Object.entries(FORWARD)) {
    const directive = key.split('.')[1]!;
    for (const w of listedUnits(node, key)) {
      const to = sink.ref(w.value, w.span);
      if (to) sink.add(node.id, to, kind, w.span, `${node.name} has ${directive}=${w.value}`, { removal: w.removal });
    }
  }
  for (const [key, { kind, via }] of Object.entries(REVERSE)) {
    if (isTemplate && key.startsWith('Install.')) continue;
    for (const w of listedUnits(node, key)) {
      const from = sink.ref(w.value, w.span);
      if (from) sink.add(from, node.id, kind, w.span, `${node.name} has ${via}=${w.value}`, { via, removal: w.removal });
    }
  }
}
