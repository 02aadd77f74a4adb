/**
 * The format-neutral shape every spec source is read into before it becomes a
 * SpecFact: Python dicts, calls and classes, YAML/JSON maps and TOML tables all
 * end up as named records of located values.
 */
import type { ScriptValue, SpecFact, ValuePart } from '../../model/facts.js';
import type { Located, Span } from '../../model/span.js';
import { fieldRole, isNameField, normalizeFieldName, type SpecVocabulary } from './vocabulary.js';

export type FieldValue =
  | { kind: 'string'; value: string; span: Span }
  | { kind: 'number'; value: number; span: Span }
  | { kind: 'list'; items: FieldValue[]; span: Span }
  /** Built from what the script's caller gives (`sys.argv[2]`, `os.environ["HOST"]`): `value` shows it, `from` is the recipe. */
  | { kind: 'input'; value: string; from: ValuePart[]; span: Span }
  /** Present but not a value we can know statically (a call, a variable, a map). */
  | { kind: 'other'; span: Span };

export interface RecordField {
  name: string;
  value: FieldValue;
}

export interface SpecRecord {
  name: string;
  span: Span;
  /** In source order; a later field of the same name overrides an earlier one. */
  fields: RecordField[];
}

export function hasVocabularyField(fields: readonly RecordField[], vocab: SpecVocabulary): boolean {
  return fields.some((f) => fieldRole(f.name, vocab) !== undefined);
}

/** The record's name field, when it is a literal string. */
export function nameFieldOf(fields: readonly RecordField[], vocab: SpecVocabulary): Located<string> | undefined {
  const last = lastWins(fields).find((f) => isNameField(f.name, vocab));
  return last?.value.kind === 'string' ? { value: last.value.value, span: last.value.span } : undefined;
}

export function specFromRecord(record: SpecRecord, file: string, vocab: SpecVocabulary): SpecFact {
  const fact: SpecFact = { kind: 'spec', name: record.name, file, span: record.span, gates: [], serves: [], stacks: [], order: [] };
  let timeoutRank = -1;
  for (const field of lastWins(record.fields)) {
    const role = fieldRole(field.name, vocab);
    if (role === 'gate') fact.gates.push(...strings(field.value, true).map((g) => ({ ...g, field: field.name })));
    else if (role === 'served') fact.serves.push(...strings(field.value));
    else if (role === 'stack') fact.stacks.push(...strings(field.value));
    else if (role === 'order') fact.order.push(...strings(field.value));
    else if (role === 'timeout') {
      const seconds = durationSeconds(field.value);
      const rank = timeoutRankOf(field.name, vocab);
      if (seconds && rank > timeoutRank) {
        fact.timeoutSec = seconds;
        timeoutRank = rank;
      }
    }
  }
  return fact;
}

function lastWins(fields: readonly RecordField[]): RecordField[] {
  const byName = new Map<string, RecordField>();
  for (const f of fields) {
    byName.delete(f.name);
    byName.set(f.name, f);
  }
  return [...byName.values()];
}

function timeoutRankOf(name: string, vocab: SpecVocabulary): number {
  const n = normalizeFieldName(name);
  return vocab.timeout.findIndex((v) => normalizeFieldName(v) === n);
}

/** The literal strings of a value; with `inputs`, also the values built from the caller's inputs (a gate filled per invocation). */
function strings(value: FieldValue, inputs = false): ScriptValue[] {
  if (value.kind === 'string') return value.value.trim() === '' ? [] : [{ value: value.value, span: value.span }];
  if (value.kind === 'list') return value.items.flatMap((v) => strings(v, inputs));
  if (value.kind === 'input' && inputs) return [{ value: value.value, span: value.span, from: value.from }];
  return [];
}

const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)?\s*$/i;

/** Seconds from a number or a duration string (`900`, `"15m"`, `"90s"`). */
export function durationSeconds(value: FieldValue): Located<number> | undefined {
  if (value.kind === 'number') return value.value > 0 ? { value: value.value, span: value.span } : undefined;
  if (value.kind !== 'string') return undefined;
  const m = DURATION.exec(value.value);
  if (!m) return undefined;
  const unit = (m[2] ?? 's').toLowerCase();
  const factor = unit.startsWith('h') ? 3600 : unit.startsWith('m') ? 60 : 1;
  const seconds = Number(m[1]) * factor;
  return seconds > 0 ? { value: seconds, span: value.span } : undefined;
}
