/**
 * systemd's own command-line syntax (systemd.service(5) "COMMAND LINES",
 * systemd.syntax(7) "QUOTING"): not a shell. Words are split at whitespace, quotes
 * and C escapes are removed, `%` specifiers are expanded, a lone `;` word separates
 * commands, and the first word may carry the `-@:+!` prefixes. Redirections, pipes
 * and `&` are ordinary characters here; `$VAR`/`${VAR}` stay as written because
 * their values come from Environment= at run time.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import { simpleDiagnostic } from '../../model/diagnostic.js';
import { spanIn, type SourceText, type Span } from '../../model/span.js';
import { rangeSpan } from './source-map.js';
import { LazyWord, withEnvironmentInput, type Word } from './word.js';
import { LONG_LINE_MAX } from '../systemd/unit-file.js';
import { PARSE_ERROR } from '../../model/builtin-findings.js';

export interface ExecLineOptions {
  /** The unit the line belongs to (`a@x.service`): enables `%n %N %p %P %i %I %j %J`. */
  unitName?: string;
}

export type ExecPrefix = '-' | '@' | ':' | '+' | '!' | '!!';

export interface ExecCommand {
  /** Prefixes in the order written. */
  prefixes: ExecPrefix[];
  /** What is executed: the program (prefixes removed), then its arguments. */
  argv: Word[];
  /** With `@`: the word passed as argv[0] instead of the program path. */
  argv0?: Word;
  start: number;
  end: number;
  span: Span;
}

export interface ParsedExecLine {
  commands: ExecCommand[];
  diagnostics: Diagnostic[];
}

/**
 * Longest command line analysed: systemd's own limit on a unit file's logical
 * line (LONG_LINE_MAX, 1 MiB), past which it refuses the unit, so no longer
 * command ever runs; NixOS writes ExecStart= from Nix into a unit file line
 * too. Measured at the limit, the worst case (half a million one-letter
 * words) parses in 0.23 s and 134 MB (the whole run: 0.6 s, 200 MB); 16 MiB,
 * Nix's string limit, would take 7 s and 1.4 GB for nothing systemd runs.
 */
export const MAX_EXEC_LINE = LONG_LINE_MAX;

/**
 * A part of a word's value: `text[from, to)` as written, one character per
 * source character, or `value`, made from that source range (an escape, a
 * specifier, `$$`). A word is a few pieces, never a structure per character:
 * memory and time stay linear in the line with a small constant (issue 12: a
 * 7.9 MB line took 1.9 GB and 12 s when every character had its own entries).
 */
interface Piece {
  from: number;
  to: number;
  value?: string;
}

/** Collects a word's characters, merging those copied as written into one run. */
class PieceList {
  readonly pieces: Piece[] = [];
  constructor(private readonly text: string) {}

  /** One UTF-16 unit `c` of the value, made from `text[from, to)`. */
  push(c: string, from: number, to: number): void {
    const last = this.pieces[this.pieces.length - 1];
    if (to === from + 1 && this.text[from] === c) {
      if (last && last.value === undefined && last.to === from) last.to = to;
      else this.pieces.push({ from, to });
    } else if (last && last.value !== undefined && last.from === from && last.to === to) {
      last.value += c;
    } else {
      this.pieces.push({ from, to, value: c });
    }
  }

  /** `value` (any length), every character of it made from `text[from, to)`. */
  pushAll(value: string, from: number, to: number): void {
    for (let i = 0; i < value.length; i++) this.push(value[i]!, from, to);
  }
}

function valueOf(pieces: readonly Piece[], text: string): string {
  if (pieces.length === 1 && pieces[0]!.value === undefined) return text.slice(pieces[0]!.from, pieces[0]!.to);
  let out = '';
  for (const p of pieces) out += p.value ?? text.slice(p.from, p.to);
  return out;
}

/** Each character of the value with its source range, in order. */
function* charsOf(pieces: readonly Piece[], text: string): Generator<[string, number, number]> {
  for (const p of pieces) {
    if (p.value === undefined) for (let i = p.from; i < p.to; i++) yield [text[i]!, i, i + 1];
    else for (const c of p.value.split('')) yield [c, p.from, p.to];
  }
}

/** A word of a systemd command line. */
class ExecWord extends LazyWord {
  constructor(
    src: SourceText,
    start: number,
    end: number,
    value: string,
    /** Absent for a word that is `text[start, end)` as written. */
    private readonly pieces: readonly Piece[] | undefined,
    public literal: boolean,
  ) {
    super(src, start, end, value);
  }

  protected charMap(): { offsets: number[]; ends: number[] } {
    const offsets: number[] = [];
    const ends: number[] = [];
    for (const [, from, to] of charsOf(this.pieces ?? [{ from: this.start, to: this.end }], this.src.text)) {
      offsets.push(from);
      ends.push(to);
    }
    return { offsets, ends };
  }
}

interface RawWord {
  /** Absent for a word that is `text[start, end)` as written. */
  pieces?: Piece[];
  value: string;
  start: number;
  end: number;
  /** The word is exactly an unquoted `;`: a command separator. */
  separator: boolean;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  '\\': '\\', '"': '"', "'": "'", s: ' ', ';': ';',
};

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** A run of characters tokenize() copies as they are outside quotes: none of isSpace's, no quote, backslash or `%`. */
const PLAIN_RUN = /[^ \t\n\r"'\\%]+/y;

/** Splits a command line into commands of unquoted words. */
export function parseExecLine(src: SourceText, options: ExecLineOptions = {}): ParsedExecLine {
  const diagnostics: Diagnostic[] = [];
  if (src.text.length > MAX_EXEC_LINE) {
    const message = `command line of ${src.text.length} characters, longer than systemd reads (${MAX_EXEC_LINE}): systemd refuses the unit; its commands are not analysed`;
    diagnostics.push(simpleDiagnostic(PARSE_ERROR, 'error', message, spanIn(src, 0, 0)));
    return { commands: [], diagnostics };
  }
  // Only a line with a `%` has specifiers to expand.
  const specifiers = options.unitName === undefined || !src.text.includes('%') ? undefined : unitSpecifiers(options.unitName);
  const words = tokenize(src, specifiers, diagnostics);
  const commands: ExecCommand[] = [];
  let group: RawWord[] = [];
  const flush = (): void => {
    const cmd = buildCommand(src, group, diagnostics);
    if (cmd) commands.push(cmd);
    group = [];
  };
  for (const w of words) {
    if (w.separator) flush();
    else group.push(w);
  }
  flush();
  return { commands, diagnostics };
}

function tokenize(src: SourceText, specifiers: Map<string, string> | undefined, diagnostics: Diagnostic[]): RawWord[] {
  const text = src.text;
  const out: RawWord[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isSpace(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    // Most words are a plain run of the line: their pieces are made only when one is not.
    let word: PieceList | undefined;
    const pieces = (): PieceList => {
      if (!word) {
        word = new PieceList(text);
        if (i > start) word.pieces.push({ from: start, to: i });
      }
      return word;
    };
    let quote: string | null = null;
    let quoteAt = -1;
    let quoted = false;
    while (i < text.length) {
      if (word === undefined) {
        // Unquoted plain characters of a word not yet in pieces: skipped in one search, not a turn of this loop each.
        PLAIN_RUN.lastIndex = i;
        if (PLAIN_RUN.test(text)) i = PLAIN_RUN.lastIndex;
        if (i >= text.length) break;
      }
      const c = text[i]!;
      if (quote === null && isSpace(c)) break;
      if (quote === null && (c === '"' || c === "'")) {
        pieces();
        quote = c;
        quoteAt = i;
        quoted = true;
        i++;
        continue;
      }
      if (quote !== null && c === quote) {
        quote = null;
        i++;
        continue;
      }
      if (c === '\\') {
        const n = unescape(text, i);
        pieces().pushAll(n.value, i, i + n.length);
        i += n.length;
        continue;
      }
      if (c === '%' && i + 1 < text.length) {
        const key = text[i + 1]!;
        const value = key === '%' ? '%' : specifiers?.get(key);
        if (value !== undefined) {
          pieces().pushAll(value, i, i + 2);
          i += 2;
          continue;
        }
      }
      word?.push(c, i, i + 1);
      i++;
    }
    if (quote !== null) {
      diagnostics.push(
        simpleDiagnostic(PARSE_ERROR, 'error', `unterminated ${quote === '"' ? 'double' : 'single'} quote in command line`, rangeSpan(src, quoteAt, quoteAt + 1)),
      );
    }
    const separator = !quoted && i - start === 1 && text[start] === ';';
    const made = word as PieceList | undefined;
    out.push(made ? { pieces: made.pieces, value: valueOf(made.pieces, text), start, end: i, separator } : { value: text.slice(start, i), start, end: i, separator });
  }
  return out;
}

/** One C escape at text[at] (a backslash): its value and how many source characters it spans. */
function unescape(text: string, at: number): { value: string; length: number } {
  const c = text[at + 1];
  if (c === undefined) return { value: '\\', length: 1 };
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return { value: simple, length: 2 };
  const hex = (digits: number): { value: string; length: number } | undefined => {
    const h = text.slice(at + 2, at + 2 + digits);
    if (h.length !== digits || !/^[0-9a-fA-F]+$/.test(h)) return undefined;
    const cp = parseInt(h, 16);
    if (cp > 0x10ffff) return undefined;
    return { value: String.fromCodePoint(cp), length: 2 + digits };
  };
  const r = c === 'x' ? hex(2) : c === 'u' ? hex(4) : c === 'U' ? hex(8) : undefined;
  if (r) return r;
  const oct = text.slice(at + 1, at + 4);
  if (/^[0-7]{3}$/.test(oct)) return { value: String.fromCharCode(parseInt(oct, 8)), length: 4 };
  // systemd accepts unknown escapes with a warning and keeps them as written.
  return { value: `\\${c}`, length: 2 };
}

const PREFIX_CHARS = new Set(['-', '@', ':', '+', '!']);

function buildCommand(src: SourceText, group: RawWord[], diagnostics: Diagnostic[]): ExecCommand | undefined {
  const first = group[0];
  const last = group[group.length - 1];
  if (!first || !last) return undefined;
  const prefixes: ExecPrefix[] = [];
  let k = 0;
  while (k < first.value.length && PREFIX_CHARS.has(first.value[k]!)) {
    const c = first.value[k] as ExecPrefix;
    if (c === '!' && first.value[k + 1] === '!') {
      prefixes.push('!!');
      k += 2;
    } else {
      prefixes.push(c);
      k++;
    }
  }
  const span = rangeSpan(src, first.start, last.end);
  const privilege = prefixes.filter((p) => p === '+' || p === '!' || p === '!!');
  if (privilege.length > 1) {
    diagnostics.push(simpleDiagnostic(PARSE_ERROR, 'error', `only one of the prefixes "+", "!", "!!" may be used (found ${privilege.map((p) => `"${p}"`).join(', ')})`, span));
  }
  const noEnv = prefixes.includes(':');
  const words: Word[] = group.map((w, idx) => {
    let pieces = w.pieces;
    let value = w.value;
    if (idx === 0 && k > 0) {
      pieces = dropChars(pieces ?? [{ from: w.start, to: w.end }], k, src.text);
      value = value.slice(k);
    }
    // Environment references are filled in by systemd at run time: not literal.
    const literal = noEnv || !hasEnvReference(value);
    if (!noEnv && value.includes('$$')) {
      pieces = collapseDollars(pieces ?? [{ from: w.start, to: w.end }], src.text);
      value = valueOf(pieces, src.text);
    }
    const word = new ExecWord(src, w.start, w.end, value, pieces, literal);
    return literal ? word : withEnvironmentInput(word);
  });
  let argv = words;
  let argv0: Word | undefined;
  if (prefixes.includes('@')) {
    argv0 = words[1];
    argv = words.slice(0, 1).concat(words.slice(2));
  }
  if (argv[0]?.value === '') {
    diagnostics.push(simpleDiagnostic(PARSE_ERROR, 'error', 'command line has prefixes but no program', span));
    return undefined;
  }
  const command: ExecCommand = { prefixes, argv, start: first.start, end: last.end, span };
  if (argv0) command.argv0 = argv0;
  return command;
}

function hasEnvReference(value: string): boolean {
  for (let i = value.indexOf('$'); i >= 0 && i < value.length; i = value.indexOf('$', i + 1)) {
    const n = value[i + 1];
    if (n === '$') i++;
    else if (n !== undefined && /[{A-Za-z_]/.test(n)) return true;
  }
  return false;
}

/** The word without its first `k` characters (the prefixes). */
function dropChars(pieces: readonly Piece[], k: number, text: string): Piece[] {
  const out = new PieceList(text);
  let n = 0;
  for (const [c, from, to] of charsOf(pieces, text)) if (n++ >= k) out.push(c, from, to);
  return out.pieces;
}

/** `$$` is systemd's way to write a literal `$`: one character made from both. */
function collapseDollars(pieces: readonly Piece[], text: string): Piece[] {
  const out = new PieceList(text);
  let pending: [string, number, number] | undefined;
  for (const ch of charsOf(pieces, text)) {
    if (pending?.[0] === '$' && ch[0] === '$') {
      out.push('$', pending[1], ch[2]);
      pending = undefined;
      continue;
    }
    if (pending) out.push(...pending);
    pending = ch;
  }
  if (pending) out.push(...pending);
  return out.pieces;
}

/** systemd.unit(5) specifiers that depend only on the unit name. */
export function unitSpecifiers(unitName: string): Map<string, string> {
  const dot = unitName.lastIndexOf('.');
  const stem = dot > 0 ? unitName.slice(0, dot) : unitName;
  const at = stem.indexOf('@');
  const prefix = at >= 0 ? stem.slice(0, at) : stem;
  const instance = at >= 0 ? stem.slice(at + 1) : '';
  const dash = prefix.lastIndexOf('-');
  const final = dash >= 0 ? prefix.slice(dash + 1) : prefix;
  return new Map([
    ['n', unitName],
    ['N', stem],
    ['p', prefix],
    ['P', unescapeUnitName(prefix)],
    ['i', instance],
    ['I', unescapeUnitName(instance)],
    ['j', final],
    ['J', unescapeUnitName(final)],
  ]);
}

/** Reverses systemd-escape: `-` is `/`, `\xNN` a byte. */
export function unescapeUnitName(s: string): string {
  // Most names have nothing to unescape; this runs for three specifiers of every command line.
  if (!s.includes('-') && !s.includes('\\')) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const hex = s.slice(i + 2, i + 4);
    if (c === 0x5c && s[i + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else if (c === 0x2d) {
      bytes.push(0x2f);
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      const cp = s.codePointAt(i)!;
      for (const b of Buffer.from(String.fromCodePoint(cp), 'utf8')) bytes.push(b);
      if (cp > 0xffff) i++;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
