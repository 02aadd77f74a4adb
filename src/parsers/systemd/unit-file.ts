/**
 * systemd unit file syntax (systemd.syntax(7)): sections, `#`/`;` comments,
 * backslash continuations (comment lines inside one are skipped), `Key=Value`
 * with whitespace around `=` ignored. Values are kept raw here: quoting and
 * specifiers mean different things per directive, so they are resolved later.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import { simpleDiagnostic } from '../../model/diagnostic.js';
import type { UnitEntry } from '../../model/facts.js';
import type { OffsetSegment, SourceText, Span } from '../../model/span.js';
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
    // non-comment line (systemd replaces the backslash with a space).
    const pieces: Piece[] = [];
    let cur = raw.slice(lead);
    let curLine = lineNo;
    let curCol = lead + 1;
    let endLine = lineNo;
    let endCol = raw.length + 1;
    let unterminated = false;
    for (;;) {
      const continued = endsWithContinuation(cur);
      pieces.push({ text: continued ? cur.slice(0, -1) : cur, line: curLine, column: curCol });
      if (!continued) break;
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
      cur = lines[j]!;
      curLine = j + 1;
      curCol = 1;
      endLine = curLine;
      endCol = cur.length + 1;
    }
    const whole = (): Span => span(file, lineNo, lead + 1, endLine, endCol);
    if (unterminated) {
      out.diagnostics.push(simpleDiagnostic(PARSE_ERROR, 'warning', 'line continuation (trailing backslash) at end of file; the value ends here', span(file, endLine, Math.max(1, endCol - 1), endLine, endCol)));
    }

    // systemd reads a logical line of at most LONG_LINE_MAX (1 MiB, src/shared/conf-parser.c) and refuses
    // the file past it; one error, and the line is not analysed (a 7.9 MB ExecStart= once took 1 GB).
    const length = pieces.reduce((n, p) => n + p.text.length, 0);
    if (length > LONG_LINE_MAX) {
      out.diagnostics.push(simpleDiagnostic(PARSE_ERROR, 'error', `line of ${length} characters, longer than systemd reads (${LONG_LINE_MAX}): systemd refuses this file; the line is not analysed`, span(file, lineNo, lead + 1)));
      continue;
    }
    const first = pieces[0]!.text;
    const eq = first.indexOf('=');
    if (eq < 0) {
      out.diagnostics.push(simpleDiagnostic(PARSE_ERROR, 'error', `expected 'Key=Value', found '${clip(first)}' (missing '=')`, whole()));
      continue;
    }
    const key = UNIT_NAMES.get(first.slice(0, eq).trim());
    if (section === null) {
      out.diagnostics.push(simpleDiagnostic(PARSE_ERROR, 'error', `assignment '${clip(key)}=' outside of any section; expected a [Section] header before it`, whole()));
      continue;
    }
    if (key === '') {
      out.diagnostics.push(simpleDiagnostic(PARSE_ERROR, 'error', "expected a key before '='", whole()));
      continue;
    }
    if (pieces.length === 1) out.entries.push(lineEntry(section, key, pieces[0]!, eq + 1, file, lineNo, lead + 1, endCol));
    else out.entries.push({ section, key, value: joinValue(pieces, eq + 1, file), span: whole() });
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

/** Nearly every assignment is one line: its value trimmed in one step (what trimSourceText would give), kept in the compact form. */
function lineEntry(section: string, key: string, p: Piece, valueStart: number, file: string, line: number, column: number, endColumn: number): UnitEntry {
  let a = valueStart;
  while (a < p.text.length && trimmable(p.text.charCodeAt(a))) a++;
  let b = p.text.length;
  while (b > a && trimmable(p.text.charCodeAt(b - 1))) b--;
  return new LineEntry(section, key, file, p.text.slice(a, b), line, column, p.column + a, endColumn);
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
