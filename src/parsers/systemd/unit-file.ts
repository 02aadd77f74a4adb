/**
 * systemd unit file syntax (systemd.syntax(7)): sections, `#`/`;` comments,
 * backslash continuations (comment lines inside one are skipped), `Key=Value`
 * with whitespace around `=` ignored. Values are kept raw here: quoting and
 * specifiers mean different things per directive, so they are resolved later.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import { simpleDiagnostic } from '../../model/diagnostic.js';
import type { UnitEntry } from '../../model/facts.js';
import type { OffsetSegment, SourceText } from '../../model/span.js';
import { LineEntry } from '../../model/unit-entry.js';
import { span, trimSourceText } from '../../model/span.js';
import { UNIT_NAMES } from '../../model/string-pool.js';
import { PARSE_ERROR } from '../../model/builtin-findings.js';

export interface ParsedUnitFile {
  entries: UnitEntry[];
  /** Section headers in order, with the line they start on. */
  sections: { name: string; line: number }[];
  /** Comment lines, for suppressions. */
  comments: { line: number; text: string }[];
  diagnostics: Diagnostic[];
}

/** One physical line of a logical line (continuations), without its trailing backslash. */
interface Piece {
  text: string;
  line: number;
  column: number;
}

const SECTION_RE = /^\[([^\]]*)\]\s*$/;

export function parseUnitFile(text: string, file: string): ParsedUnitFile {
  const out: ParsedUnitFile = { entries: [], sections: [], comments: [], diagnostics: [] };
  const lines = text.split('\n');
  // CRLF: the \r before each \n goes (what a split on /\r?\n/ gives, without the regular expression).
  for (let i = 0; i < lines.length - 1; i++) if (lines[i]!.endsWith('\r')) lines[i] = lines[i]!.slice(0, -1);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  let section: string | null = null;

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!;
    // What trim() keeps, found without making the trimmed copies (most lines need none).
    let lead = 0;
    while (lead < raw.length && trimmable(raw.charCodeAt(lead))) lead++;
    if (lead === raw.length) continue;
    let end = raw.length;
    while (trimmable(raw.charCodeAt(end - 1))) end--;
    const c0 = raw[lead];
    if (c0 === '#' || c0 === ';') {
      out.comments.push({ line: lineNo, text: raw.slice(lead, end) });
      continue;
    }
    if (c0 === '[') {
      const trimmed = raw.slice(lead, end);
      const m = SECTION_RE.exec(trimmed);
      if (!m) {
        out.diagnostics.push(simpleDiagnostic(PARSE_ERROR, 'error', `invalid section header: expected ']' at the end of '${clip(trimmed)}'`, span(file, lineNo, lead + 1, lineNo, raw.length + 1)));
        section = null;
        continue;
      }
      section = UNIT_NAMES.get(m[1]!);
      out.sections.push({ name: section, line: lineNo });
      continue;
    }

    // Gather the logical line: a trailing backslash continues it onto the next
    // non-comment line (systemd replaces the backslash with a space). The first
    // physical line is read in place (`raw` from `lead`): nearly every assignment
    // has no other, and then no piece, list or copy of the line is made.
    const continued = endsWithContinuation(raw);
    // Without its last character when continued: the backslash (or the whitespace after it).
    const firstEnd = continued ? raw.length - 1 : raw.length;
    let more: Piece[] | undefined;
    let length = firstEnd - lead;
    let endLine = lineNo;
    let endCol = raw.length + 1;
    let unterminated = false;
    if (continued) {
      more = [];
      for (;;) {
        let j = i + 1;
        while (j < lines.length && /^\s*[#;]/.test(lines[j]!)) {
          out.comments.push({ line: j + 1, text: lines[j]!.trim() });
          j++;
        }
        if (j >= lines.length) {
          unterminated = true;
          i = j - 1;
          break;
        }
        i = j;
        const cur = lines[j]!;
        endLine = j + 1;
        endCol = cur.length + 1;
        const again = endsWithContinuation(cur);
        more.push({ text: again ? cur.slice(0, -1) : cur, line: endLine, column: 1 });
        length += more[more.length - 1]!.text.length;
        if (!again) break;
      }
    }
    if (unterminated) {
      out.diagnostics.push(simpleDiagnostic(PARSE_ERROR, 'warning', 'line continuation (trailing backslash) at end of file; the value ends here', span(file, endLine, Math.max(1, endCol - 1), endLine, endCol)));
    }

    // systemd reads a logical line of at most LONG_LINE_MAX (1 MiB, src/shared/conf-parser.c) and refuses
    // the file past it; one error, and the line is not analysed (a 7.9 MB ExecStart= once took 1 GB).
    if (length > LONG_LINE_MAX) {
      out.diagnostics.push(simpleDiagnostic(PARSE_ERROR, 'error', `line of ${length} characters, longer than systemd reads (${LONG_LINE_MAX}): systemd refuses this file; the line is not analysed`, span(file, lineNo, lead + 1)));
      continue;
    }
    // The character cut from a continued first line is its backslash or whitespace, never '='.
    const eq = raw.indexOf('=', lead);
    const key = eq < 0 ? '' : UNIT_NAMES.get(raw.slice(lead, eq).trim());
    const problem =
      eq < 0 ? `expected 'Key=Value', found '${clip(raw.slice(lead, firstEnd))}' (missing '=')`
      : section === null ? `assignment '${clip(key)}=' outside of any section; expected a [Section] header before it`
      : key === '' ? "expected a key before '='"
      : undefined;
    // (No section always has a problem; it is tested again for the type checker.)
    if (problem !== undefined || section === null) {
      out.diagnostics.push(simpleDiagnostic(PARSE_ERROR, 'error', problem ?? '', span(file, lineNo, lead + 1, endLine, endCol)));
      continue;
    }
    if (!more) {
      out.entries.push(lineEntry(section, key, raw, eq + 1, file, lineNo, lead + 1, endCol));
    } else {
      const pieces = [{ text: raw.slice(lead, firstEnd), line: lineNo, column: lead + 1 }, ...more];
      out.entries.push({ section, key, value: joinValue(pieces, eq - lead + 1, file), span: span(file, lineNo, lead + 1, endLine, endCol) });
    }
  }
  return out;
}

/** The longest logical line systemd's unit file parser accepts (LONG_LINE_MAX). */
export const LONG_LINE_MAX = 1024 * 1024;

/** systemd treats a trailing backslash (after trailing whitespace is dropped) as a continuation. */
function endsWithContinuation(s: string): boolean {
  let end = s.length;
  while (end > 0 && trimmable(s.charCodeAt(end - 1))) end--;
  return end > 0 && s.charCodeAt(end - 1) === 92; // '\\'
}

/** Whether String.prototype.trim() removes this UTF-16 code unit (ECMAScript WhiteSpace and LineTerminator). */
function trimmable(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Nearly every assignment is one line: its value (`text` from `valueStart`, the
 * line as read) trimmed in one step (what trimSourceText would give), kept in
 * the compact form.
 */
function lineEntry(section: string, key: string, text: string, valueStart: number, file: string, line: number, column: number, endColumn: number): UnitEntry {
  let a = valueStart;
  while (a < text.length && trimmable(text.charCodeAt(a))) a++;
  let b = text.length;
  while (b > a && trimmable(text.charCodeAt(b - 1))) b--;
  return new LineEntry(section, key, file, text.slice(a, b), line, column, a + 1, endColumn);
}

/** Joins continuation pieces into one value with a segment per piece, then trims outer whitespace. */
function joinValue(pieces: Piece[], valueStart: number, file: string): SourceText {
  let text = '';
  const segments: OffsetSegment[] = [];
  pieces.forEach((p, idx) => {
    const start = idx === 0 ? valueStart : 0;
    if (idx > 0) text += ' ';
    segments.push({ offset: text.length, line: p.line, column: p.column + start });
    const piece = p.text.slice(start);
    text += idx < pieces.length - 1 ? piece.trimEnd() : piece;
  });
  return trimSourceText({ text, file, segments });
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
