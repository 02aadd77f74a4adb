/**
 * Text edits on file contents: span → offsets (lines and UTF-16 columns, 1-based,
 * as every Span; docs/architecture.md), applying a set of edits to one text, and
 * refusing edits that overlap (two fixes that touch the same text cannot both be
 * exact). An insertion into a file that does not exist creates it (a drop-in).
 */
import type { TextEdit } from '../model/diagnostic.js';
import type { Span } from '../model/span.js';

export class EditConflictError extends Error {}

/** Offsets of the start of each line (after each `\n`). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** Offset of a 1-based line/column; a column past the end of its line is refused (the span is stale). */
function offsetOf(starts: readonly number[], text: string, line: number, column: number): number | null {
  if (line === starts.length + 1 && column === 1) return text.length; // just past a final newline
  const start = starts[line - 1];
  if (start === undefined) return null;
  const lineEnd = line < starts.length ? starts[line]! : text.length + 1;
  const off = start + column - 1;
  return column >= 1 && off < lineEnd ? off : null;
}

export function spanOffsets(text: string, span: Span): { start: number; end: number } | null {
  const starts = lineStarts(text);
  const start = offsetOf(starts, text, span.line, span.column);
  const end = offsetOf(starts, text, span.endLine, span.endColumn);
  return start === null || end === null || end < start ? null : { start, end };
}

/** Applies edits (deduplicated, see dedupeEdits) to one file's text. Throws EditConflictError on overlap or a span outside the text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const placed = edits.map((e) => {
    const o = spanOffsets(text, e.span);
    if (!o) throw new EditConflictError(`${e.span.file}:${e.span.line}:${e.span.column}: the edit's place is not in the file as it is now`);
    return { ...o, text: e.replacement };
  });
  placed.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < placed.length; i++) {
    const prev = placed[i - 1]!;
    const cur = placed[i]!;
    // Overlapping edits, or two insertions at one place (their order would decide the text), cannot both be exact.
    if (cur.start < prev.end || (cur.start === prev.start && cur.start === cur.end && prev.start === prev.end)) {
      throw new EditConflictError(`${edits[0]!.span.file}: two fixes edit the same text`);
    }
  }
  let out = '';
  let at = 0;
  for (const p of placed) {
    out += text.slice(at, p.start) + p.text;
    at = p.end;
  }
  return out + text.slice(at);
}

/** Groups edits by file, in file order. */
export function byFile(edits: readonly TextEdit[]): Map<string, TextEdit[]> {
  const m = new Map<string, TextEdit[]>();
  for (const e of edits) {
    const list = m.get(e.span.file);
    if (list) list.push(e);
    else m.set(e.span.file, [e]);
  }
  return new Map([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The same edit twice (two findings offering one fix) counts once. */
export function dedupeEdits(edits: readonly TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const k = JSON.stringify([e.span, e.replacement]);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
