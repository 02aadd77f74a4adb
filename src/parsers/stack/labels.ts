/**
 * Compose labels and environment in both spellings, list (`- "k=v"`) and map
 * (`k: v`), with the source offset of every value character so a host inside
 * a rule gets its own span.
 */
import { isMap, isSeq, type Document } from 'yaml';
import type { Span } from '../../model/span.js';
import { scalarText, type YamlFile, type YamlNode } from '../yaml/document.js';

export interface KeyValue {
  key: string;
  value: string;
  /** The whole label: the list item, or key through value. */
  span: Span;
  /** The value's span. */
  valueSpan: Span;
  /** Source offset of each value character, plus the end; null when the scalar is folded. */
  offsets: number[] | null;
}

export function readKeyValues(yaml: YamlFile, doc: Document.Parsed, node: YamlNode | null): KeyValue[] {
  const out: KeyValue[] = [];
  if (isSeq(node)) {
    for (const item of yaml.items(node, doc)) {
      const text = scalarText(item);
      if (text === undefined) continue;
      const eq = text.indexOf('=');
      const key = (eq < 0 ? text : text.slice(0, eq)).trim();
      const value = eq < 0 ? '' : text.slice(eq + 1);
      const itemOffsets = yaml.valueOffsets(item);
      const offsets = itemOffsets && eq >= 0 ? itemOffsets.slice(eq + 1) : null;
      const span = yaml.span(item);
      const valueSpan = offsets ? yaml.lines.span(offsets[0]!, offsets[offsets.length - 1]!) : span;
      out.push({ key, value, span, valueSpan, offsets });
    }
  } else if (isMap(node)) {
    for (const e of yaml.entries(node, doc)) {
      const value = e.value ? scalarText(e.value) : '';
      if (value === undefined) continue;
      const keySpan = yaml.span(e.keyNode);
      const valueSpan = e.value ? yaml.span(e.value) : keySpan;
      const span = { ...keySpan, endLine: valueSpan.endLine, endColumn: valueSpan.endColumn };
      out.push({ key: e.key, value, span, valueSpan, offsets: e.value ? yaml.valueOffsets(e.value) : null });
    }
  }
  return out;
}

/** Span of value[start, end) in the file, or the whole value when characters cannot be mapped. */
export function spanInValue(yaml: YamlFile, kv: KeyValue, start: number, end: number): Span {
  const o = kv.offsets;
  if (!o || end >= o.length) return kv.valueSpan;
  return yaml.lines.span(o[start]!, o[end]!);
}
