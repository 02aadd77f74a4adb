/**
 * YAML (and JSON, which YAML 1.2 contains) read with node ranges so every value
 * keeps its place in the file. Anchors, aliases and `<<` merge keys are followed
 * because stack files lean on them (`<<: *default-deploy`); a merged value keeps
 * the span of the text it came from.
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, Scalar, visit, type Document, type Node as YNode, type ParsedNode } from 'yaml';
import type { Diagnostic } from '../../model/diagnostic.js';
import { simpleDiagnostic } from '../../model/diagnostic.js';
import type { Span } from '../../model/span.js';
import type { LineIndex } from '../line-index.js';
import { PARSE_ERROR } from '../../model/builtin-findings.js';

export type YamlNode = YNode;

/** Aliases one file may make us follow: far above real stack files, far below a bomb's expansion. */
export const MAX_ALIASES_FOLLOWED = 1_000_000;
/**
 * Nodes the readers may take out of one file beyond two per character of it
 * (a reader walks a node once or twice without aliases). Counting aliases is
 * not enough: 9 levels of 9 aliases over a list of 1,000 scalars is a 4 KB
 * spec file that expanded to 4 GB within the alias limit.
 */
export const MAX_NODES_EXPANDED = 1_000_000;

/**
 * A YAML stack or spec file larger than this is not parsed: the `yaml` library
 * needs about 70 bytes of memory per byte of input while it composes a
 * document (an 8 MB stack file: 7 s and 560 MB; five of them 2 GB). Real
 * stack and spec files are a few kilobytes (the largest of the precision
 * corpus: 7 KB), so 1 MiB is far above any of them.
 */
export const MAX_YAML_BYTES = 1024 * 1024;

export interface YamlEntry {
  key: string;
  keyNode: YamlNode;
  /** The value with aliases resolved; null for `key:` with nothing after it. */
  value: YamlNode | null;
}

export class YamlFile {
  readonly docs: Document.Parsed[];
  readonly diagnostics: Diagnostic[] = [];

  /**
   * `role`: what the file was taken for. Past the size limit a stack (known by
   * its content: services with an image) is an error, since what it deploys
   * cannot be proven and the gate must not pass over it; so is a spec
   * candidate that a script or unit names (`readBy`: it is read); any other
   * spec candidate (YAML naming a spec field somewhere: a 2 MB changelog
   * does) is an info.
   */
  constructor(readonly lines: LineIndex, role: 'stack' | 'spec' = 'stack', readBy?: string) {
    this.maxNodes = MAX_NODES_EXPANDED + 2 * lines.text.length;
    const bytes = lines.text.length > MAX_YAML_BYTES / 3 ? Buffer.byteLength(lines.text) : 0;
    if (bytes > MAX_YAML_BYTES) {
      this.docs = [];
      const limit = `file is ${bytes} bytes, more than the ${MAX_YAML_BYTES}-byte limit for a YAML stack or spec file`;
      this.diagnostics.push(
        role === 'stack'
          ? simpleDiagnostic(PARSE_ERROR, 'error', `${limit}; not parsed`, lines.firstLine())
          : readBy !== undefined
            ? simpleDiagnostic(PARSE_ERROR, 'error', `${limit}; not parsed, though ${readBy} names it: the specs it holds are not checked`, lines.firstLine())
            : simpleDiagnostic(PARSE_ERROR, 'info', `${limit}; not read as a spec (it names a spec field, but reconcile specs are a few kilobytes, and no script or unit names this file)`, lines.firstLine()),
      );
      return;
    }
    this.docs = parseAllDocuments(lines.text, { prettyErrors: false, uniqueKeys: false }) as Document.Parsed[];
    if (!Array.isArray(this.docs)) this.docs = [];
    for (const doc of this.docs) {
      for (const err of doc.errors) {
        const [start, end] = err.pos;
        const message = err.message.split('\n')[0]!.replace(/:$/, '');
        this.diagnostics.push(simpleDiagnostic(PARSE_ERROR, 'error', `YAML: ${message}`, lines.span(start, Math.max(end, start + 1))));
      }
    }
  }

  /** Each document's root node, aliases resolved; empty documents are skipped. */
  roots(): { doc: Document.Parsed; root: YamlNode }[] {
    const out: { doc: Document.Parsed; root: YamlNode }[] = [];
    for (const doc of this.docs) {
      const root = this.deref(doc.contents, doc);
      if (root) out.push({ doc, root });
    }
    return out;
  }

  deref(node: unknown, doc: Document.Parsed, depth = 0): YamlNode | null {
    if (isAlias(node)) {
      if (this.aliasBombReported) return null;
      if (++this.aliasesFollowed > MAX_ALIASES_FOLLOWED) {
        this.bomb(node, `more than ${MAX_ALIASES_FOLLOWED} aliases followed`);
        return null;
      }
      const target = depth < 16 ? this.anchored(node, doc) : undefined;
      return target ? this.deref(target, doc, depth + 1) : null;
    }
    return isScalar(node) || isMap(node) || isSeq(node) ? (node as YamlNode) : null;
  }

  /** Aliases followed and nodes read from this file: each costs one, so a "billion laughs" document stops early. */
  private aliasesFollowed = 0;
  private nodesRead = 0;
  private readonly maxNodes: number;
  private aliasBombReported = false;

  /**
   * Takes `node`'s children out of the file's allowance. Past it, one parse
   * error, and aliases are no longer followed: what is written after it in
   * the file is still read, from a second allowance of two nodes per
   * character (expansions a reader already holds draw on it too); past that,
   * nothing more.
   */
  private charge(node: { items: unknown[] }): boolean {
    this.nodesRead += node.items.length;
    if (this.nodesRead > this.maxNodes) this.bomb(node, `more than ${this.maxNodes} nodes read with aliases expanded`);
    return this.nodesRead <= this.maxNodes + 2 * this.lines.text.length;
  }

  private bomb(node: unknown, what: string): void {
    if (this.aliasBombReported) return;
    this.aliasBombReported = true;
    const [start, end] = (node as ParsedNode).range ?? [0, 1];
    this.diagnostics.push(simpleDiagnostic(PARSE_ERROR, 'error', `YAML: ${what} (an alias bomb?): no alias is followed past this point`, this.lines.span(start, Math.max(end, start + 1))));
  }
  private readonly anchors = new Map<Document.Parsed, Map<string, { at: number; node: YNode }[]>>();

  /**
   * What an alias names: the last node anchored with its name before it, from
   * a map built once per document (the library's resolve() walks the whole
   * document for every alias: 8,000 aliases took 11 s).
   */
  private anchored(alias: { source: string; range?: [number, number, number] | null }, doc: Document.Parsed): YNode | undefined {
    let byName = this.anchors.get(doc);
    if (!byName) {
      byName = new Map();
      const map = byName;
      visit(doc, (_, n) => {
        const anchor = (n as { anchor?: string } | null)?.anchor;
        if (!anchor || !n || isAlias(n)) return;
        const at = (n as ParsedNode).range?.[0] ?? 0;
        const list = map.get(anchor);
        if (list) list.push({ at, node: n as YNode });
        else map.set(anchor, [{ at, node: n as YNode }]);
      });
      this.anchors.set(doc, byName);
    }
    const at = alias.range?.[0] ?? Infinity;
    let found: YNode | undefined;
    for (const c of byName.get(alias.source) ?? []) if (c.at < at) found = c.node;
    return found;
  }

  /**
   * A map's entries with `<<` merges applied: explicit keys win over merged ones,
   * and earlier merge sources win over later ones, as YAML's merge key defines.
   */
  entries(node: YamlNode | null, doc: Document.Parsed, depth = 0): YamlEntry[] {
    if (!isMap(node) || !this.charge(node)) return [];
    const explicit: YamlEntry[] = [];
    const merged: YamlEntry[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      if (isScalar(keyNode) && keyNode.source === '<<' && depth < 16) {
        const v = pair.value;
        const sources = isSeq(v) ? v.items : [v];
        for (const s of sources) {
          for (const e of this.entries(this.deref(s, doc), doc, depth + 1)) {
            if (!merged.some((m) => m.key === e.key)) merged.push(e);
          }
        }
        continue;
      }
      const key = scalarText(keyNode);
      if (key === undefined || !keyNode) continue;
      explicit.push({ key, keyNode, value: this.deref(pair.value, doc) });
    }
    const keys = new Set(explicit.map((e) => e.key));
    return [...merged.filter((m) => !keys.has(m.key)), ...explicit];
  }

  /** Nodes that some `<<` merges in: templates, not records of their own. */
  mergeSources(doc: Document.Parsed): Set<YamlNode> {
    const out = new Set<YamlNode>();
    visit(doc, {
      Pair: (_, pair) => {
        if (!isScalar(pair.key) || pair.key.source !== '<<') return;
        const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
        for (const s of sources) {
          const target = this.deref(s, doc);
          if (target) out.add(target);
        }
      },
    });
    return out;
  }

  items(node: YamlNode | null, doc: Document.Parsed): YamlNode[] {
    if (!isSeq(node) || !this.charge(node)) return [];
    return node.items.map((i) => this.deref(i, doc)).filter((i): i is YamlNode => i !== null);
  }

  /** Span of the node's value (without trailing comments), quotes included. */
  span(node: YamlNode): Span {
    const [start] = (node as ParsedNode).range ?? [0, 0];
    return this.lines.span(start, endOf(node));
  }

  /**
   * Source offsets of each character of a scalar's value, plus one for its end,
   * so a span inside the value (a host in a traefik rule) maps back to the file.
   * Null for scalars whose value is not a character-for-character image of the
   * source (folded or multi-line scalars): callers then use the whole scalar.
   */
  valueOffsets(node: YamlNode): number[] | null {
    if (!isScalar(node) || typeof node.value !== 'string') return null;
    const [start, end] = (node as ParsedNode).range ?? [0, 0];
    const raw = this.lines.text.slice(start, end);
    if (raw.includes('\n')) return null;
    const value = node.value;
    let offsets: number[] | null;
    if (node.type === Scalar.PLAIN) offsets = raw === value ? [...Array(value.length + 1).keys()] : null;
    else if (node.type === Scalar.QUOTE_SINGLE) offsets = singleQuoted(raw);
    else if (node.type === Scalar.QUOTE_DOUBLE) offsets = doubleQuoted(raw);
    else offsets = null;
    if (!offsets || offsets.length !== value.length + 1) return null;
    return offsets.map((o) => o + start);
  }
}

/** A scalar as text: strings as they are, numbers and booleans as YAML wrote them. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return node.source ?? String(v);
  return undefined;
}

function singleQuoted(raw: string): number[] {
  const out: number[] = [];
  for (let i = 1; i < raw.length - 1; i++) {
    out.push(i);
    if (raw[i] === "'" && raw[i + 1] === "'") i++;
  }
  out.push(raw.length - 1);
  return out;
}

const ESCAPE_WIDTH: Record<string, number> = { x: 2, u: 4, U: 8 };

function doubleQuoted(raw: string): number[] {
  const out: number[] = [];
  for (let i = 1; i < raw.length - 1; i++) {
    if (raw[i] !== '\\') {
      out.push(i);
      continue;
    }
    const kind = raw[i + 1] ?? '';
    const width = ESCAPE_WIDTH[kind];
    if (width !== undefined) {
      const code = parseInt(raw.slice(i + 2, i + 2 + width), 16);
      // Characters outside the BMP are two code units in the value, both at the escape.
      out.push(i);
      if (code > 0xffff) out.push(i);
      i += 1 + width;
    } else {
      out.push(i);
      i += 1;
    }
  }
  out.push(raw.length - 1);
  return out;
}

/**
 * Where a node's text ends. A block collection's own range runs on over the
 * line break and any comments after its last item; its last item's end is the
 * real one.
 */
function endOf(node: unknown, depth = 0): number {
  const range = (node as ParsedNode | null)?.range;
  const own = range ? range[1] : 0;
  if (depth > 64 || !(isMap(node) || isSeq(node)) || node.flow) return own;
  const last = node.items[node.items.length - 1];
  if (last === undefined) return own;
  if (isSeq(node)) return endOf(last, depth + 1) || own;
  const pair = last as { key: unknown; value: unknown };
  return endOf(pair.value, depth + 1) || endOf(pair.key, depth + 1) || own;
}
