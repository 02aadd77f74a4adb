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
import type { Word } from './word.js';
import { makeWord } from './word.js';
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

/** Longest command line analysed: far past real ones (Linux limits one argument to 128 KiB). */
export const MAX_EXEC_LINE = 128 * 1024;

interface RawWord {
  chars: string[];
  offsets: number[];
  ends: number[];
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

/** Splits a command line into commands of unquoted words. */
export function parseExecLine(src: SourceText, options: ExecLineOptions = {}): ParsedExecLine {
  const diagnostics: Diagnostic[] = [];
  if (src.text.length > MAX_EXEC_LINE) {
    // Memory here grows with characters (a 7.9 MB line took 1 GB): past any real command line, not analysed.
    const at = spanIn(src, 0, 0);
    diagnostics.push(simpleDiagnostic(PARSE_ERROR, 'warning', `command line of ${src.text.length} characters, longer than deploy-lint analyses (${MAX_EXEC_LINE}); its commands are not analysed`, at));
    return { commands: [], diagnostics };
  }
  const specifiers = options.unitName === undefined ? undefined : unitSpecifiers(options.unitName);
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
    const chars: string[] = [];
    const offsets: number[] = [];
    const ends: number[] = [];
    const push = (c: string, from: number, to: number): void => {
      chars.push(c);
      offsets.push(from);
      ends.push(to);
    };
    let quote: string | null = null;
    let quoteAt = -1;
    let quoted = false;
    while (i < text.length) {
      const c = text[i]!;
      if (quote === null && isSpace(c)) break;
      if (quote === null && (c === '"' || c === "'")) {
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
        for (const ch of n.value.split('')) push(ch, i, i + n.length);
        i += n.length;
        continue;
      }
      if (c === '%' && i + 1 < text.length) {
        const key = text[i + 1]!;
        const value = key === '%' ? '%' : specifiers?.get(key);
        if (value !== undefined) {
          for (const ch of value.split('')) push(ch, i, i + 2);
          i += 2;
          continue;
        }
      }
      push(c, i, i + 1);
      i++;
    }
    if (quote !== null) {
      diagnostics.push(
        simpleDiagnostic(PARSE_ERROR, 'error', `unterminated ${quote === '"' ? 'double' : 'single'} quote in command line`, rangeSpan(src, quoteAt, quoteAt + 1)),
      );
    }
    const separator = !quoted && i - start === 1 && text[start] === ';';
    out.push({ chars, offsets, ends, start, end: i, separator });
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
  while (k < first.chars.length && PREFIX_CHARS.has(first.chars[k]!)) {
    const c = first.chars[k] as ExecPrefix;
    if (c === '!' && first.chars[k + 1] === '!') {
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
    let chars = w.chars;
    let offsets = w.offsets;
    let ends = w.ends;
    if (idx === 0) {
      chars = chars.slice(k);
      offsets = offsets.slice(k);
      ends = ends.slice(k);
    }
    // Environment references are filled in by systemd at run time: not literal.
    const literal = noEnv || !hasEnvReference(chars);
    if (!noEnv) [chars, offsets, ends] = collapseDollars(chars, offsets, ends);
    return makeWord(src, w.start, w.end, chars.join(''), offsets, ends, literal);
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
  return { prefixes, argv, ...(argv0 ? { argv0 } : {}), start: first.start, end: last.end, span };
}

function hasEnvReference(chars: string[]): boolean {
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] !== '$') continue;
    const n = chars[i + 1];
    if (n === '$') i++;
    else if (n !== undefined && /[{A-Za-z_]/.test(n)) return true;
  }
  return false;
}

/** `$$` is systemd's way to write a literal `$`. */
function collapseDollars(chars: string[], offsets: number[], ends: number[]): [string[], number[], number[]] {
  const c: string[] = [];
  const o: number[] = [];
  const e: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    c.push(chars[i]!);
    o.push(offsets[i]!);
    if (chars[i] === '$' && chars[i + 1] === '$') i++;
    e.push(ends[i]!);
  }
  return [c, o, e];
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
