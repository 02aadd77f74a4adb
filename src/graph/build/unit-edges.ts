/**
 * Explicit dependency directives → edges, as systemd/dependencies.ts says:
 * `Before=` is the `after` edge seen from the other side, [Install] lists
 * make `installs` edges from the target.
 */
import type { TextEdit } from '../../model/diagnostic.js';
import type { UnitEntry } from '../../model/facts.js';
import type { Located, Span } from '../../model/span.js';
import { expandSpecifiers, hasUnresolvedSpecifier } from '../../systemd/specifiers.js';
import { DEPENDENCY_DIRECTIVES } from '../../systemd/dependencies.js';
import { splitUnitList } from '../../systemd/words.js';
import type { EdgeKind, Provenance, UnitNode } from '../model.js';

export interface EdgeSink {
  /** Returns the canonical id of the referenced unit (materialising it), or null if not a unit name. */
  ref(name: string, at: Span): string | null;
  add(from: string, to: string, kind: EdgeKind, span: Span, explanation: string, extra?: { implicit?: boolean; via?: string; removal?: TextEdit }): void;
  /** An edge with its reason as it is (a ListedReason). */
  addReason(from: string, to: string, kind: EdgeKind, reason: Provenance): void;
}

/** The directives that make edges, forward ones first (the order edges are added in), with their `Section.Key`. */
const EDGE_DIRECTIVES = [...DEPENDENCY_DIRECTIVES.filter((d) => d.edge && !d.reverse), ...DEPENDENCY_DIRECTIVES.filter((d) => d.edge && d.reverse)].map((d) => ({
  ...d,
  key: `${d.section}.${d.directive}`,
}));

export interface ListedUnit extends Located<string> {
  /** The assignment that lists it, and its place among the words of that assignment. */
  entry: UnitEntry;
  index: number;
}

/** Names listed in a directive, specifiers expanded; names still holding a specifier are dropped. */
export function listedUnits(node: UnitNode, key: string): ListedUnit[] {
  const entries = node.directives.get(key);
  if (!entries) return [];
  const out: ListedUnit[] = [];
  for (const entry of entries) {
    const words = splitUnitList(entry.value, { unquote: entry.section === 'Install' });
    words.forEach((w, i) => {
      const name = expandSpecifiers(w.value, node.name);
      if (hasUnresolvedSpecifier(name)) return;
      out.push({ value: name, span: w.span, entry, index: i });
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
  for (const { section, directive, edge, reverse, key } of EDGE_DIRECTIVES) {
    if (isTemplate && section === 'Install') continue;
    if (!node.directives.has(key)) continue;
    // Only an ordering edge is ever removed by a fix (health-gate-deadlock's): the others carry no edit.
    const removable = edge === 'after';
    for (const w of listedUnits(node, key)) {
      const other = sink.ref(w.value, w.span);
      if (!other) continue;
      const reason = new ListedReason(w, node.name, directive, removable, reverse ? directive : undefined);
      if (reverse) sink.addReason(other, node.id, edge!, reason);
      else sink.addReason(node.id, other, edge!, reason);
    }
  }
}

/**
 * Why an edge from a name listed in a directive exists. A generated (or
 * hostile) file can list a million names: the explanation and the removal
 * edit are made when read, not stored per name (they were a third of such a
 * graph's memory).
 */
class ListedReason implements Provenance {
  readonly span: Span;
  private readonly name: string;
  private readonly entry: UnitEntry;
  private readonly index: number;
  constructor(
    listed: ListedUnit,
    private readonly unit: string,
    private readonly directive: string,
    /** Whether a fix may remove it: see addExplicitEdges. */
    private readonly removable: boolean,
    readonly via: string | undefined,
  ) {
    this.span = listed.span;
    this.name = listed.value;
    this.entry = listed.entry;
    this.index = listed.index;
  }

  get explanation(): string {
    return `${this.unit} has ${this.directive}=${this.name}`;
  }

  /** The edit that removes this name from the file (the whole line when it is the only one). */
  get removal(): TextEdit | undefined {
    if (!this.removable) return undefined;
    return removalOf(this.entry, splitUnitList(this.entry.value, { unquote: this.entry.section === 'Install' }), this.index);
  }
}
