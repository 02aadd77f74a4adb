/**
 * Explicit dependency directives → edges, as systemd/dependencies.ts says:
 * `Before=` is the `after` edge seen from the other side, [Install] lists
 * make `installs` edges from the target.
 */
import type { TextEdit } from '../../model/diagnostic.js';
import type { UnitEntry } from '../../model/facts.js';
import { LineText, spanIn, type Located, type Span } from '../../model/span.js';
import { expandSpecifiers, hasUnresolvedSpecifier } from '../../systemd/specifiers.js';
import { DEPENDENCY_DIRECTIVES } from '../../systemd/dependencies.js';
import { splitUnitList, type Word } from '../../systemd/words.js';
import type { EdgeKind, Provenance, UnitNode } from '../model.js';

/** Where a name is referenced: a span, or something that makes one when asked (a listed word). */
export type ReferencedAt = Span | { readonly span: Span };

export interface EdgeSink {
  /** Returns the canonical id of the referenced unit (materialising it), or null if not a unit name. */
  ref(name: string, at: ReferencedAt): string | null;
  add(from: string, to: string, kind: EdgeKind, span: Span, explanation: string, extra?: { implicit?: boolean; via?: string; removal?: TextEdit }): void;
  /** An edge with its reason as it is (a ListedReason). */
  addReason(from: string, to: string, kind: EdgeKind, reason: Provenance): void;
}

/** The directives that make edges, forward ones first (the order edges are added in), with their `Section.Key`. */
const EDGE_DIRECTIVES = [...DEPENDENCY_DIRECTIVES.filter((d) => d.edge && !d.reverse), ...DEPENDENCY_DIRECTIVES.filter((d) => d.edge && d.reverse)].map((d) => ({
  ...d,
  key: `${d.section}.${d.directive}`,
}));

/** A unit name listed in an assignment (specifiers expanded), the word that lists it, and its place among the words. */
export class ListedUnit implements Located<string> {
  constructor(
    readonly value: string,
    readonly word: Word,
    readonly entry: UnitEntry,
    readonly index: number,
  ) {}

  get span(): Span {
    return this.word.span;
  }
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
      out.push(new ListedUnit(name, w, entry, i));
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

/** A directive key's place in EDGE_DIRECTIVES: a bit of a 32-bit number (addExplicitEdges). */
const EDGE_DIRECTIVE_AT = new Map(EDGE_DIRECTIVES.map((d, i) => [d.key, i]));
if (EDGE_DIRECTIVES.length > 31) throw new Error('unit-edges.ts: more dependency directives than bits in a number');

export function addExplicitEdges(node: UnitNode, sink: EdgeSink): void {
  // A template's [Install] only applies to instances it is enabled as.
  const isTemplate = node.name.includes('@.');
  // The unit's few keys looked up among the directives, not every directive asked of the unit: a bit per
  // directive it has (EDGE_DIRECTIVES has fewer than 31), read in EDGE_DIRECTIVES order.
  let present = 0;
  node.directives.forEach((_, key) => {
    const at = EDGE_DIRECTIVE_AT.get(key);
    if (at !== undefined) present |= 1 << at;
  });
  for (let at = 0; present >>> at !== 0; at++) {
    if ((present & (1 << at)) === 0) continue;
    const d = EDGE_DIRECTIVES[at]!;
    if (isTemplate && d.section === 'Install') continue;
    for (const w of listedUnits(node, d.key)) {
      const other = sink.ref(w.value, w);
      if (!other) continue;
      const reason = new ListedReason(w, node.name, d);
      if (d.reverse) sink.addReason(other, node.id, d.edge!, reason);
      else sink.addReason(node.id, other, d.edge!, reason);
    }
  }
}

/**
 * Why an edge from a name listed in a directive exists. A generated (or
 * hostile) file can list a million names: the explanation, the removal edit
 * and (for a one-line value, where it costs nothing to find) the span are
 * made when read, not stored per name (they were half of such a graph's memory).
 */
class ListedReason implements Provenance {
  private readonly name: string;
  private readonly entry: UnitEntry;
  private readonly index: number;
  /** The word's span, kept only when the value is not one line (finding it again there is not constant time). */
  private readonly kept: Span | undefined;
  private readonly start: number;
  private readonly end: number;
  constructor(
    listed: ListedUnit,
    private readonly unit: string,
    private readonly directive: (typeof EDGE_DIRECTIVES)[number],
  ) {
    this.name = listed.value;
    this.entry = listed.entry;
    this.index = listed.index;
    this.kept = listed.entry.value instanceof LineText ? undefined : listed.span;
    this.start = listed.word.start;
    this.end = listed.word.end;
  }

  get span(): Span {
    return this.kept ?? spanIn(this.entry.value, this.start, this.end);
  }

  get explanation(): string {
    return `${this.unit} has ${this.directive.directive}=${this.name}`;
  }

  /** For `installs`: the [Install] directive that made it. */
  get via(): string | undefined {
    return this.directive.reverse ? this.directive.directive : undefined;
  }

  /** The edit that removes this name from the file (the whole line when it is the only one); only an ordering edge is ever removed by a fix (health-gate-deadlock's). */
  get removal(): TextEdit | undefined {
    if (this.directive.edge !== 'after') return undefined;
    return removalOf(this.entry, splitUnitList(this.entry.value, { unquote: this.entry.section === 'Install' }), this.index);
  }
}
