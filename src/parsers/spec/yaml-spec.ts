/** YAML and JSON spec files → spec records, through the positions-keeping YAML reader. */
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import { YamlFile, scalarText, type YamlNode } from '../yaml/document.js';
import type { LineIndex } from '../line-index.js';
import type { SpecRecord } from './record.js';
import { specRecordsOf, type TreeValue } from './file-tables.js';
import type { SpecVocabulary } from './vocabulary.js';
import type { Diagnostic } from '../../model/diagnostic.js';

/** `readBy`: a script or unit naming this file (it is read: past the size limit, an error). */
export function yamlSpecRecords(lines: LineIndex, fileStem: string, vocab: SpecVocabulary, readBy?: string): { records: SpecRecord[]; diagnostics: Diagnostic[] } {
  const yaml = new YamlFile(lines, 'spec', readBy);
  const records: SpecRecord[] = [];
  for (const { doc, root } of yaml.roots()) {
    const templates = yaml.mergeSources(doc);
    records.push(...specRecordsOf(toTree(yaml, doc, root, templates, 0), fileStem, lines.firstLine(), vocab));
  }
  return { records, diagnostics: yaml.diagnostics };
}

function toTree(yaml: YamlFile, doc: Document.Parsed, node: YamlNode, templates: Set<YamlNode>, depth: number): TreeValue {
  const span = yaml.span(node);
  if (depth < 32 && isMap(node)) {
    return {
      kind: 'map',
      span,
      entries: yaml.entries(node, doc).map((e) => ({
        key: e.key,
        keySpan: yaml.span(e.keyNode),
        value: e.value ? toTree(yaml, doc, e.value, templates, depth + 1) : { kind: 'leaf', field: { kind: 'other', span: yaml.span(e.keyNode) } },
        template: e.value !== null && templates.has(e.value),
      })),
    };
  }
  if (depth < 32 && isSeq(node)) return { kind: 'list', span, items: yaml.items(node, doc).map((i) => toTree(yaml, doc, i, templates, depth + 1)) };
  if (isScalar(node) && typeof node.value === 'number') return { kind: 'leaf', field: { kind: 'number', value: node.value, span } };
  if (isScalar(node) && typeof node.value === 'string') return { kind: 'leaf', field: { kind: 'string', value: scalarText(node) ?? '', span } };
  return { kind: 'leaf', field: { kind: 'other', span } };
}
