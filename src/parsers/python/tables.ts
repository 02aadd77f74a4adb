/**
 * Finds the spec tables of a reconcile script: module-level dicts and lists of
 * records, `TABLE["x"] = …` additions, classes that are one spec each, and
 * classes whose attributes are records. A table counts when its records carry
 * vocabulary fields; an unrelated dict of dicts (`LOGGING = {…}`) does not.
 */
import type { Node } from 'web-tree-sitter';
import { hasVocabularyField, nameFieldOf, type SpecRecord } from '../spec/record.js';
import { fieldRole, type SpecVocabulary } from '../spec/vocabulary.js';
import { finalName, type PyClass, type PyModule } from './module.js';
import type { PyEvaluator, PyRecord } from './values.js';

interface Entry {
  name: string;
  nameNode: Node;
  record: PyRecord;
}

export function findSpecRecords(mod: PyModule, ev: PyEvaluator, vocab: SpecVocabulary): SpecRecord[] {
  const out: SpecRecord[] = [];
  const usedClasses = new Set<PyClass>();
  const seen = new Set<string>();
  const emit = (name: string, at: Node, record: PyRecord): void => {
    const span = ev.span(at);
    const key = `${name}@${span.line}:${span.column}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ name, span, fields: record.fields });
  };

  for (const a of mod.assignments) {
    // A name assigned twice: only the last value is what the script uses.
    if (mod.constants.get(a.name) !== a) continue;
    const entries = tableEntries(a.name, a.value, mod, ev, vocab);
    for (const e of specEntries(entries, vocab)) {
      emit(e.name, e.nameNode, e.record);
      if (e.record.classRef) usedClasses.add(e.record.classRef);
    }
  }

  const bases = new Set([...mod.classes.values()].flatMap((c) => c.bases));
  for (const cls of mod.classes.values()) {
    if (cls.recordType || usedClasses.has(cls) || bases.has(cls.name) || cls.node.type !== 'class_definition') continue;
    const fields = ev.classAttributes(cls);
    // A lone class is a spec only with a gate or a stack: `class Settings: url = …` is not one.
    if (fields.some((f) => ['gate', 'stack'].includes(fieldRole(f.name, vocab) ?? ''))) {
      emit(nameFieldOf(fields, vocab)?.value ?? cls.name, cls.nameNode, { fields, node: cls.node, classRef: cls });
      continue;
    }
    const entries: Entry[] = [];
    for (const f of cls.fields) {
      const record = f.value ? ev.record(f.value) : undefined;
      if (record) entries.push({ name: f.name, nameNode: f.nameNode, record });
    }
    for (const e of specEntries(entries, vocab)) emit(e.name, e.nameNode, e.record);
  }
  return out;
}

function tableEntries(name: string, value: Node, mod: PyModule, ev: PyEvaluator, vocab: SpecVocabulary, depth = 0): Entry[] {
  if (depth > 8) return [];
  const entries: Entry[] = [];
  if (value.type === 'dictionary') {
    for (const child of value.namedChildren) {
      if (child?.type === 'pair') {
        const key = child.childForFieldName('key');
        const v = child.childForFieldName('value');
        const keyName = key ? ev.string(key) : undefined;
        const record = v ? ev.record(v) : undefined;
        if (key && keyName !== undefined && record) entries.push({ name: keyName, nameNode: key, record });
      } else if (child?.type === 'dictionary_splat') {
        // `{**BASE_SPECS, "x": …}` takes the other table's entries.
        const inner = child.namedChild(0);
        const other = inner?.type === 'identifier' ? mod.constants.get(inner.text) : undefined;
        if (other) entries.push(...tableEntries(other.name, other.value, mod, ev, vocab, depth + 1));
      }
    }
  } else if (value.type === 'call' && finalName(value.childForFieldName('function')) === 'dict') {
    for (const arg of value.childForFieldName('arguments')?.namedChildren ?? []) {
      if (arg?.type !== 'keyword_argument') continue;
      const key = arg.childForFieldName('name');
      const v = arg.childForFieldName('value');
      const record = v ? ev.record(v) : undefined;
      if (key && record) entries.push({ name: key.text, nameNode: key, record });
    }
  } else if (value.type === 'list' || value.type === 'tuple') {
    for (const item of value.namedChildren) {
      const record = item ? ev.record(item) : undefined;
      const named = record && nameFieldOf(record.fields, vocab);
      if (record && named) entries.push({ name: named.value, nameNode: record.node, record });
    }
  }
  for (const item of mod.itemAssignments) {
    if (item.table !== name) continue;
    const keyName = ev.string(item.key);
    const record = ev.record(item.value);
    if (keyName !== undefined && record) entries.push({ name: keyName, nameNode: item.key, record });
  }
  return entries;
}

/**
 * The entries of a spec table: those with vocabulary fields, and vocabulary-less
 * ones written the same way (same constructor, or dicts) in a table that has
 * some. A dict of unrelated records yields nothing.
 */
function specEntries(entries: readonly Entry[], vocab: SpecVocabulary): Entry[] {
  const qualifying = entries.filter((e) => hasVocabularyField(e.record.fields, vocab));
  if (qualifying.length === 0) return [];
  const shapes = new Set(qualifying.map((e) => shape(e.record)));
  return entries.filter((e) => hasVocabularyField(e.record.fields, vocab) || shapes.has(shape(e.record)));
}

function shape(record: PyRecord): string {
  const n = record.node;
  if (record.classRef) return 'class';
  return n.type === 'call' ? `call:${finalName(n.childForFieldName('function'))}` : n.type;
}
