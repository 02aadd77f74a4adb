/**
 * The table shapes spec files share across formats: a map of spec name → record,
 * a `specs:`/`stacks:` map or list of named records, or a whole file that is one
 * spec (named after the file).
 */
import type { Span } from '../../model/span.js';
import { hasVocabularyField, nameFieldOf, type RecordField, type SpecRecord } from './record.js';
import type { SpecVocabulary } from './vocabulary.js';

/** A format-neutral view of a parsed spec file's values. */
export type TreeValue =
  | { kind: 'map'; entries: TreeEntry[]; span: Span }
  | { kind: 'list'; items: TreeValue[]; span: Span }
  | { kind: 'leaf'; field: RecordField['value'] };

export interface TreeEntry {
  key: string;
  keySpan: Span;
  value: TreeValue;
  /** A template other entries merge in (YAML `<<: *anchor`): never a spec itself. */
  template?: boolean;
}

const TABLE_KEYS = ['specs', 'stacks'];

export function specRecordsOf(root: TreeValue, fileStem: string, fileSpan: Span, vocab: SpecVocabulary): SpecRecord[] {
  if (root.kind === 'list') return namedRecords(root, vocab);
  if (root.kind !== 'map') return [];
  const table = root.entries.find((e) => TABLE_KEYS.includes(e.key.toLowerCase()) && e.value.kind !== 'leaf');
  if (table) return table.value.kind === 'list' ? namedRecords(table.value, vocab) : keyedRecords(table.value, vocab);
  const own = fieldsOf(root);
  if (hasVocabularyField(own, vocab)) return [{ name: nameFieldOf(own, vocab)?.value ?? fileStem, span: fileSpan, fields: own }];
  return keyedRecords(root, vocab);
}

function keyedRecords(map: TreeValue, vocab: SpecVocabulary): SpecRecord[] {
  if (map.kind !== 'map') return [];
  const records = map.entries
    // `x-…` and `.…` keys are compose-style extension fields, templates by convention.
    .filter((e) => e.value.kind === 'map' && !e.template && !/^(x-|\.)/.test(e.key))
    .map((e) => ({ name: e.key, span: e.keySpan, fields: fieldsOf(e.value) }));
  return records.some((r) => hasVocabularyField(r.fields, vocab)) ? records : [];
}

function namedRecords(list: TreeValue, vocab: SpecVocabulary): SpecRecord[] {
  if (list.kind !== 'list') return [];
  const records: SpecRecord[] = [];
  for (const item of list.items) {
    if (item.kind !== 'map') continue;
    const fields = fieldsOf(item);
    const name = nameFieldOf(fields, vocab);
    if (name) records.push({ name: name.value, span: item.span, fields });
  }
  return records.some((r) => hasVocabularyField(r.fields, vocab)) ? records : [];
}

function fieldsOf(map: TreeValue): RecordField[] {
  if (map.kind !== 'map') return [];
  return map.entries.map((e) => ({ name: e.key, value: leafValue(e.value) }));
}

function leafValue(v: TreeValue): RecordField['value'] {
  if (v.kind === 'leaf') return v.field;
  if (v.kind === 'list') return { kind: 'list', items: v.items.map(leafValue), span: v.span };
  return { kind: 'other', span: v.span };
}
