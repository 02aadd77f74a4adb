/**
 * The Nix lexer: a hand-written equivalent of Nix 2.8's flex scanner
 * (src/libexpr/lexer.l), over char codes.
 *
 * Flex picks the longest match among all rules at a position (earliest rule on
 * ties) and keeps a stack of start conditions (strings, indented strings, paths,
 * `${` nesting). That machine is independent of the parser, so the whole text is
 * tokenized up front into parallel typed arrays; the parser then has free
 * lookahead. A lexical error (bad number, path with a trailing slash, …) becomes
 * an ERROR token followed by EOF: Nix throws when its parser asks for that token,
 * and our parser reports it at the same point.
 */
import type { Comment } from './ast.js';
import type { LineIndex } from '../../line-index.js';
import * as T from './tokens.js';

// Start conditions (flex states). PATH_START is transient and handled inline.
const S_INITIAL = 0;
const S_DEFAULT = 1;
const S_STRING = 2;
const S_IND = 3;
const S_INPATH = 4;
const S_INPATH_SLASH = 5;

// Character classes over ASCII, as bit flags.
const C_ID_START = 1; // [a-zA-Z_]
const C_ID = 2; // [a-zA-Z0-9_'-]
const C_PATH = 4; // [a-zA-Z0-9._+-]
const C_SCHEME = 8; // [a-zA-Z0-9+.-]
const C_URI = 16; // [a-zA-Z0-9%/?:@&=+$,_.!~*'-]
const C_DIGIT = 32;

// Indexed by UTF-16 code unit (64 KiB, no bounds check needed; NaN past the end reads as 0).
const CLASS = new Uint8Array(65536);
(() => {
  const add = (chars: string, flag: number) => {
    for (let i = 0; i < chars.length; i++) CLASS[chars.charCodeAt(i)]! |= flag;
  };
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const digits = '0123456789';
  add(letters + '_', C_ID_START);
  add(letters + digits + "_'-", C_ID);
  add(letters + digits + '._+-', C_PATH);
  add(letters + digits + '+.-', C_SCHEME);
  add(letters + digits + "%/?:@&=+$,-_.!~*'", C_URI);
  add(digits, C_DIGIT);
})();

const KEYWORDS = new Map<string, number>([
  ['if', T.IF],
  ['then', T.THEN],
  ['else', T.ELSE],
  ['assert', T.ASSERT],
  ['with', T.WITH],
  ['let', T.LET],
  ['in', T.IN],
  ['rec', T.REC],
  ['inherit', T.INHERIT],
  ['or', T.OR_KW],
]);

const KEYWORD_START = new Uint8Array(128);
for (const k of KEYWORDS.keys()) KEYWORD_START[k.charCodeAt(0)] = 1;

const INT64_MAX = 9223372036854775807n;
const DBL_MIN = 2.2250738585072014e-308;

export interface LexOptions {
  /** Lex `|>` and `<|` (Nix ≥ 2.24 with the pipe-operators feature; not Nix 2.8). */
  pipes?: boolean;
}

/**
 * Tokens as parallel arrays (index = token number). Offsets only: lines and
 * columns come from the LineIndex when a span is read.
 */
export interface TokenStream {
  count: number;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  /** ID/keyword text, unescaped STR/IND_ESC text, raw IND_STR/PATH/URI/number text, ERROR message. */
  values: Array<string | undefined>;
  /** 1 where a STR token's value differs from its source text (escapes, CR normalisation). */
  escaped: Uint8Array;
}

export interface LexResult {
  tokens: TokenStream;
  comments: Comment[];
}

export function tokenize(text: string, source: LineIndex, options: LexOptions = {}): LexResult {
  return new Lexer(text, source, options.pipes === true).run();
}

class Lexer {
  private readonly s: string;
  private readonly n: number;
  private pos = 0;
  /** No path or URI starts anywhere before this offset in the current run of path characters (see plainRun). */
  private plainUntil = 0;
  private state = S_INITIAL;
  private readonly stack: number[] = [];
  private readonly comments: Comment[] = [];
  private count = 0;
  private kinds: Uint8Array;
  private starts: Int32Array;
  private ends: Int32Array;
  private escaped: Uint8Array;
  private readonly values: Array<string | undefined>;
  private done = false;

  constructor(
    text: string,
    private readonly source: LineIndex,
    private readonly pipes: boolean,
  ) {
    this.s = text;
    this.n = text.length;
    const cap = (text.length >> 2) + 16;
    this.kinds = new Uint8Array(cap);
    this.starts = new Int32Array(cap);
    this.ends = new Int32Array(cap);
    this.escaped = new Uint8Array(cap);
    this.values = new Array<string | undefined>(cap);
  }

  run(): LexResult {
    while (!this.done) {
      switch (this.state) {
        case S_INITIAL:
        case S_DEFAULT:
          this.lexDefault();
          break;
        case S_STRING:
          this.lexString();
          break;
        case S_IND:
          this.lexInd();
          break;
        default:
          this.lexInPath();
      }
    }
    return {
      tokens: {
        count: this.count,
        kinds: this.kinds,
        starts: this.starts,
        ends: this.ends,
        values: this.values,
        escaped: this.escaped,
      },
      comments: this.comments,
    };
  }

  // ---- emitting -------------------------------------------------------------

  private grow(): void {
    const cap = this.kinds.length * 2;
    const g8 = (a: Uint8Array) => {
      const b = new Uint8Array(cap);
      b.set(a);
      return b;
    };
    const g32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.kinds = g8(this.kinds);
    this.escaped = g8(this.escaped);
    this.starts = g32(this.starts);
    this.ends = g32(this.ends);
  }

  /** Records a token and moves past it. */
  private emit(kind: number, start: number, end: number, value?: string): void {
    if (this.count === this.kinds.length) this.grow();
    const i = this.count++;
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    if (value !== undefined) this.values[i] = value;
    this.pos = end;
  }

  private emitError(at: number, message: string): void {
    this.emit(T.ERROR, at, Math.min(at + 1, this.n), message);
    this.emit(T.EOF, this.n, this.n);
    this.done = true;
  }

  private emitEof(): void {
    this.emit(T.EOF, this.n, this.n);
    this.done = true;
  }

  private push(state: number): void {
    this.stack.push(this.state);
    this.state = state;
  }

  private pop(): void {
    this.state = this.stack.pop() ?? S_INITIAL;
  }

  // ---- DEFAULT state ----------------------------------------------------------

  /** Skips whitespace and comments; returns false at end of input. */
  private skipTrivia(): void {
    const s = this.s;
    const n = this.n;
    let i = this.pos;
    for (;;) {
      if (i >= n) break;
      const c = s.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) {
        i++;
      } else if (c === 35 /* # */) {
        let j = i + 1;
        while (j < n) {
          const d = s.charCodeAt(j);
          if (d === 10 || d === 13) break;
          j++;
        }
        this.addComment('line', i, j);
        i = j;
      } else if (c === 47 /* / */ && i + 1 < n && s.charCodeAt(i + 1) === 42 /* * */) {
        const close = s.indexOf('*/', i + 2);
        if (close < 0) break; // unterminated: lexDefault reports it
        const end = close + 2;
        this.addComment('block', i, end);
        i = end;
      } else {
        break;
      }
    }
    this.pos = i;
  }

  private addComment(kind: 'line' | 'block', start: number, end: number): void {
    this.comments.push({ kind, text: this.s.slice(start, end), source: this.source, offset: start, endOffset: end, cachedSpan: undefined });
  }

  private lexDefault(): void {
    this.skipTrivia();
    const s = this.s;
    const n = this.n;
    const i = this.pos;
    if (i >= n) return this.emitEof();
    const c = s.charCodeAt(i);
    const c1 = i + 1 < n ? s.charCodeAt(i + 1) : -1;
    switch (c) {
      case 0:
        // Nix's lexer returns a NUL byte as token 0, which its parser takes as end of input.
        return this.emitEof();
      case 34 /* " */:
        this.emit(T.DQUOTE, i, i + 1);
        return this.push(S_STRING);
      case 39 /* ' */:
        if (c1 === 39) {
          // `''` plus an optional run of spaces and a newline, which belong to the opener.
          let j = i + 2;
          while (j < n && s.charCodeAt(j) === 32) j++;
          if (j < n && s.charCodeAt(j) === 10) this.emit(T.IND_OPEN, i, j + 1);
          else this.emit(T.IND_OPEN, i, i + 2);
          return this.push(S_IND);
        }
        return this.emit(T.OTHER, i, i + 1, "'");
      case 36 /* $ */:
        if (c1 === 123) {
          this.emit(T.DOLLAR_CURLY, i, i + 2);
          return this.push(S_DEFAULT);
        }
        return this.emit(T.OTHER, i, i + 1, '$');
      case 123 /* { */:
        this.emit(T.LBRACE, i, i + 1);
        return this.push(S_DEFAULT);
      case 125 /* } */:
        this.emit(T.RBRACE, i, i + 1);
        if (this.state !== S_INITIAL) this.pop();
        return;
      case 40:
        return this.emit(T.LPAREN, i, i + 1);
      case 41:
        return this.emit(T.RPAREN, i, i + 1);
      case 91:
        return this.emit(T.LBRACK, i, i + 1);
      case 93:
        return this.emit(T.RBRACK, i, i + 1);
      case 59:
        return this.emit(T.SEMI, i, i + 1);
      case 58:
        return this.emit(T.COLON, i, i + 1);
      case 44:
        return this.emit(T.COMMA, i, i + 1);
      case 64:
        return this.emit(T.AT, i, i + 1);
      case 63:
        return this.emit(T.QUESTION, i, i + 1);
      case 42:
        return this.emit(T.STAR, i, i + 1);
      case 61 /* = */:
        return c1 === 61 ? this.emit(T.EQ, i, i + 2) : this.emit(T.ASSIGN, i, i + 1);
      case 33 /* ! */:
        return c1 === 61 ? this.emit(T.NEQ, i, i + 2) : this.emit(T.BANG, i, i + 1);
      case 38 /* & */:
        return c1 === 38 ? this.emit(T.AND, i, i + 2) : this.emit(T.OTHER, i, i + 1, '&');
      case 124 /* | */:
        if (c1 === 124) return this.emit(T.OR, i, i + 2);
        if (c1 === 62 && this.pipes) return this.emit(T.PIPE_FROM, i, i + 2);
        return this.emit(T.OTHER, i, i + 1, '|');
      case 62 /* > */:
        return c1 === 61 ? this.emit(T.GEQ, i, i + 2) : this.emit(T.GT, i, i + 1);
      case 60 /* < */: {
        const sp = this.scanSearchPath(i);
        if (sp > 0) return this.emit(T.SPATH, i, i + sp, s.slice(i + 1, i + sp - 1));
        if (c1 === 61) return this.emit(T.LEQ, i, i + 2);
        if (c1 === 124 && this.pipes) return this.emit(T.PIPE_INTO, i, i + 2);
        return this.emit(T.LT, i, i + 1);
      }
      case 126 /* ~ */:
        return this.lexHome(i);
      case 47 /* / */:
        if (c1 === 42) {
          // skipTrivia stopped here, so this `/*` is never closed.
          return this.emitError(i, 'unterminated comment');
        }
        if (c1 === 47) return this.emit(T.UPDATE, i, i + 2);
        return this.lexPathish(i, 1, T.SLASH);
      case 46 /* . */: {
        let best = 1;
        let kind = T.DOT;
        if (c1 === 46 && i + 2 < n && s.charCodeAt(i + 2) === 46) {
          best = 3;
          kind = T.ELLIPSIS;
        }
        const fl = this.scanFloat(i);
        if (fl > best) {
          best = fl;
          kind = T.FLOAT;
        }
        return this.lexPathish(i, best, kind);
      }
      case 43 /* + */:
        return c1 === 43 ? this.lexPathish(i, 2, T.CONCAT) : this.lexPathish(i, 1, T.PLUS);
      case 45 /* - */:
        return c1 === 62 ? this.lexPathish(i, 2, T.IMPL) : this.lexPathish(i, 1, T.MINUS);
      default:
        break;
    }
    if (c >= 48 && c <= 57) return this.lexNumber(i);
    if ((CLASS[c]! & C_ID_START) !== 0) return this.lexWord(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) return; // unreachable: trivia
    // Any other character (control, non-ASCII, `%`, `^`, backtick, backslash) is a token of its own in Nix.
    const cp = s.codePointAt(i) ?? c;
    const len = cp > 0xffff ? 2 : 1;
    return this.emit(T.OTHER, i, i + len, String.fromCodePoint(cp));
  }

  /** Identifier or keyword, unless a URI or path starting here is longer. */
  private lexWord(i: number): void {
    const s = this.s;
    const n = this.n;
    let j = i + 1;
    while (j < n && (CLASS[s.charCodeAt(j)]! & C_ID) !== 0) j++;
    const next = j < n ? s.charCodeAt(j) : -1;
    // Only `/`, `.`, `+` or `:` right after the name can make a longer path or URI.
    if ((next === 47 || next === 46 || next === 43 || next === 58) && !this.plainRun(i)) {
      const uri = (CLASS[s.charCodeAt(i)]! & C_SCHEME) !== 0 ? this.scanUri(i) : 0;
      if (uri > j - i && uri >= this.scanPath(i) && uri >= this.scanSegDollar(i)) {
        return this.emit(T.URI, i, i + uri, s.slice(i, i + uri));
      }
      if (this.tryPath(i, j - i)) return;
    }
    const word = s.slice(i, j);
    // Keywords are 2–7 lower-case letters starting with one of a e i l o r t w: skip the lookup otherwise.
    const len = j - i;
    if (len <= 7 && len >= 2 && (KEYWORD_START[s.charCodeAt(i)] ?? 0) === 1) {
      const kw = KEYWORDS.get(word);
      if (kw !== undefined) return this.emit(kw, i, j, word);
    }
    return this.emit(T.ID, i, j, word);
  }

  private lexNumber(i: number): void {
    const s = this.s;
    const n = this.n;
    let j = i + 1;
    while (j < n && (CLASS[s.charCodeAt(j)]! & C_DIGIT) !== 0) j++;
    let best = j - i;
    let kind = T.INT;
    const fl = this.scanFloat(i);
    if (fl > best) {
      best = fl;
      kind = T.FLOAT;
    }
    const next = i + best < n ? s.charCodeAt(i + best) : -1;
    if ((next === 47 || (CLASS[next]! & C_PATH) !== 0) && !this.plainRun(i) && this.tryPath(i, best)) return;
    const raw = s.slice(i, i + best);
    if (kind === T.INT) {
      if (best > 18 && BigInt(raw) > INT64_MAX) return this.emitError(i, `invalid integer '${raw}'`);
      return this.emit(T.INT, i, i + best, raw);
    }
    return this.emitFloat(i, raw);
  }

  private emitFloat(i: number, raw: string): void {
    const v = Number(raw);
    // glibc's strtod reports ERANGE on overflow and on results below DBL_MIN; Nix rejects both.
    if (v === Infinity || (v < DBL_MIN && /[1-9]/.test(raw.replace(/[eE].*$/, '')))) {
      return this.emitError(i, `invalid float '${raw}'`);
    }
    this.emit(T.FLOAT, i, i + raw.length, raw);
  }

  /**
   * At a character that can start a path (`/`, `.`, `+`, `-`): the operator or
   * number already matched has length `best`; a path wins when longer.
   */
  private lexPathish(i: number, best: number, kind: number): void {
    if (!this.plainRun(i) && this.tryPath(i, best)) return;
    if (kind === T.FLOAT) return this.emitFloat(i, this.s.slice(i, i + best));
    this.emit(kind, i, i + best);
  }

  /**
   * True when no path or URI can start at i. Every path ({PATH}, {PATH_SEG}
   * before `\${`) needs a `/` right after a run of path characters, and a URI
   * needs a `:` after its scheme, whose characters are path characters too; so
   * when the run of path characters from i ends at neither, nothing but plain
   * tokens starts anywhere inside that run. Remembering its end keeps
   * `config.services.web.after` from being rescanned at every name and dot.
   */
  private plainRun(i: number): boolean {
    if (i < this.plainUntil) return true;
    const s = this.s;
    let k = i;
    while (k < this.n && (CLASS[s.charCodeAt(k)]! & C_PATH) !== 0) k++;
    const c = s.charCodeAt(k);
    if (c === 47 || c === 58) return false;
    this.plainUntil = k;
    return true;
  }

  /** Emits a PATH token if a path (or path segment before `${`) longer than `than` starts at i. */
  private tryPath(i: number, than: number): boolean {
    const p = this.scanPath(i);
    if (p > than) {
      const text = this.s.slice(i, i + p);
      this.emit(T.PATH, i, i + p, text);
      this.push(text.charCodeAt(text.length - 1) === 47 ? S_INPATH_SLASH : S_INPATH);
      return true;
    }
    const seg = this.scanSegDollar(i);
    if (seg > than) {
      // `{PATH_SEG}\$\{`: the token is the segment up to its `/`; `${` comes next.
      this.emit(T.PATH, i, i + seg - 2, this.s.slice(i, i + seg - 2));
      this.push(S_INPATH_SLASH);
      return true;
    }
    return false;
  }

  private lexHome(i: number): void {
    const s = this.s;
    const n = this.n;
    // HPATH: ~(/{PATH_CHAR}+)+/?
    let j = i + 1;
    let end = 0;
    while (j + 1 < n && s.charCodeAt(j) === 47 && (CLASS[s.charCodeAt(j + 1)]! & C_PATH) !== 0) {
      j += 2;
      while (j < n && (CLASS[s.charCodeAt(j)]! & C_PATH) !== 0) j++;
      end = j;
    }
    if (end > 0) {
      if (end < n && s.charCodeAt(end) === 47) end++;
      const text = s.slice(i, end);
      this.emit(T.HPATH, i, end, text);
      return this.push(text.charCodeAt(text.length - 1) === 47 ? S_INPATH_SLASH : S_INPATH);
    }
    // HPATH_START before `${`: `~/${`
    if (s.startsWith('/${', i + 1)) {
      this.emit(T.HPATH, i, i + 2, '~/');
      return this.push(S_INPATH_SLASH);
    }
    this.emit(T.OTHER, i, i + 1, '~');
  }

  // ---- scanners (lengths of the longest match at i, 0 if none) ----------------

  /** {PATH}: {PATH_CHAR}*(\/{PATH_CHAR}+)+\/? */
  private scanPath(i: number): number {
    const s = this.s;
    const n = this.n;
    let j = i;
    while (j < n && (CLASS[s.charCodeAt(j)]! & C_PATH) !== 0) j++;
    let end = 0;
    while (j + 1 < n && s.charCodeAt(j) === 47 && (CLASS[s.charCodeAt(j + 1)]! & C_PATH) !== 0) {
      j += 2;
      while (j < n && (CLASS[s.charCodeAt(j)]! & C_PATH) !== 0) j++;
      end = j;
    }
    if (end === 0) return 0;
    if (end < n && s.charCodeAt(end) === 47) end++;
    return end - i;
  }

  /** {PATH_SEG}\$\{ : {PATH_CHAR}*\/\$\{ (length includes the `${`). */
  private scanSegDollar(i: number): number {
    const s = this.s;
    let j = i;
    while (j < this.n && (CLASS[s.charCodeAt(j)]! & C_PATH) !== 0) j++;
    if (s.charCodeAt(j) === 47 && s.charCodeAt(j + 1) === 36 && s.charCodeAt(j + 2) === 123) return j + 3 - i;
    return 0;
  }

  /** {FLOAT}: (([1-9][0-9]*\.[0-9]*)|(0?\.[0-9]+))([Ee][+-]?[0-9]+)? */
  private scanFloat(i: number): number {
    const s = this.s;
    const n = this.n;
    let j = i;
    const c = s.charCodeAt(j);
    if (c >= 49 && c <= 57) {
      j++;
      while (j < n && (CLASS[s.charCodeAt(j)]! & C_DIGIT) !== 0) j++;
      if (s.charCodeAt(j) !== 46) return 0;
      j++;
      while (j < n && (CLASS[s.charCodeAt(j)]! & C_DIGIT) !== 0) j++;
    } else {
      if (c === 48) j++;
      if (s.charCodeAt(j) !== 46 || (CLASS[s.charCodeAt(j + 1)]! & C_DIGIT) === 0) return 0;
      j += 2;
      while (j < n && (CLASS[s.charCodeAt(j)]! & C_DIGIT) !== 0) j++;
    }
    const e = s.charCodeAt(j);
    if (e === 69 || e === 101) {
      let k = j + 1;
      const sign = s.charCodeAt(k);
      if (sign === 43 || sign === 45) k++;
      if ((CLASS[s.charCodeAt(k)]! & C_DIGIT) !== 0) {
        k++;
        while (k < n && (CLASS[s.charCodeAt(k)]! & C_DIGIT) !== 0) k++;
        j = k;
      }
    }
    return j - i;
  }

  /** {URI}: [a-zA-Z][a-zA-Z0-9\+\-\.]*\:[uri chars]+ */
  private scanUri(i: number): number {
    const s = this.s;
    const n = this.n;
    let j = i + 1;
    while (j < n && (CLASS[s.charCodeAt(j)]! & C_SCHEME) !== 0) j++;
    if (s.charCodeAt(j) !== 58) return 0;
    let k = j + 1;
    while (k < n && (CLASS[s.charCodeAt(k)]! & C_URI) !== 0) k++;
    return k > j + 1 ? k - i : 0;
  }

  /** {SPATH}: \<{PATH_CHAR}+(\/{PATH_CHAR}+)*\> */
  private scanSearchPath(i: number): number {
    const s = this.s;
    const n = this.n;
    let j = i + 1;
    if ((CLASS[s.charCodeAt(j)]! & C_PATH) === 0) return 0;
    while (j < n && (CLASS[s.charCodeAt(j)]! & C_PATH) !== 0) j++;
    while (s.charCodeAt(j) === 47 && (CLASS[s.charCodeAt(j + 1)]! & C_PATH) !== 0) {
      j += 2;
      while (j < n && (CLASS[s.charCodeAt(j)]! & C_PATH) !== 0) j++;
    }
    return s.charCodeAt(j) === 62 ? j + 1 - i : 0;
  }

  // ---- paths after their first token (INPATH / INPATH_SLASH) -------------------

  private lexInPath(): void {
    const s = this.s;
    const i = this.pos;
    if (s.charCodeAt(i) === 36 && s.charCodeAt(i + 1) === 123) {
      this.pop();
      this.push(S_INPATH);
      this.emit(T.DOLLAR_CURLY, i, i + 2);
      return this.push(S_DEFAULT);
    }
    // {PATH}|{PATH_SEG}|{PATH_CHAR}+, longest.
    let len = this.scanPath(i);
    let j = i;
    while (j < this.n && (CLASS[s.charCodeAt(j)]! & C_PATH) !== 0) j++;
    const seg = s.charCodeAt(j) === 47 ? j + 1 - i : 0;
    if (seg > len) len = seg;
    if (j - i > len) len = j - i;
    if (len > 0) {
      const text = s.slice(i, i + len);
      this.pop();
      this.push(text.charCodeAt(len - 1) === 47 ? S_INPATH_SLASH : S_INPATH);
      return this.emit(T.STR, i, i + len, text);
    }
    if (this.state === S_INPATH_SLASH) return this.emitError(i, 'path has a trailing slash');
    this.pop();
    this.emit(T.PATH_END, i, i);
  }

  // ---- "…" strings ------------------------------------------------------------

  private lexString(): void {
    const s = this.s;
    const n = this.n;
    const i = this.pos;
    if (i >= n) return this.emitEof();
    const c = s.charCodeAt(i);
    if (c === 34) {
      this.emit(T.DQUOTE, i, i + 1);
      return this.pop();
    }
    if (c === 36 && s.charCodeAt(i + 1) === 123) {
      this.emit(T.DOLLAR_CURLY, i, i + 2);
      return this.push(S_DEFAULT);
    }
    // A run of ([^$"\\] | \$[^{"\\] | \\ANY | \$\\ANY)*, absorbing a `$` right before the closing quote.
    let j = i;
    let plain = true;
    for (;;) {
      if (j >= n) break;
      const d = s.charCodeAt(j);
      if (d === 34) break;
      if (d === 92) {
        if (j + 1 >= n) break;
        plain = false;
        j += 2;
      } else if (d === 36) {
        if (j + 1 >= n) break;
        const e = s.charCodeAt(j + 1);
        if (e === 123) break;
        if (e === 34) {
          j++;
          break;
        }
        if (e === 92) {
          if (j + 2 >= n) break;
          plain = false;
          j += 3;
        } else {
          if (e === 13) plain = false; // CR normalisation applies to `$\r` too
          j += 2;
        }
      } else {
        if (d === 13) plain = false;
        j++;
      }
    }
    if (j === i) {
      // Only a `$`, `\` or `$\` right at the end of input: Nix returns it as text and then fails on EOF.
      const raw = s.slice(i, n);
      this.emit(T.STR, i, n, raw);
      return this.emitEof();
    }
    const raw = s.slice(i, j);
    this.emit(T.STR, i, j, plain ? raw : unescapeStr(raw));
    if (!plain) this.escaped[this.count - 1] = 1;
  }

  // ---- ''…'' indented strings -----------------------------------------------------

  private lexInd(): void {
    const s = this.s;
    const n = this.n;
    const i = this.pos;
    if (i >= n) return this.emitEof();
    const c = s.charCodeAt(i);
    const c1 = i + 1 < n ? s.charCodeAt(i + 1) : -1;
    if (c === 39 && c1 === 39) {
      const c2 = i + 2 < n ? s.charCodeAt(i + 2) : -1;
      if (c2 === 39) return this.emit(T.IND_ESC, i, i + 3, "''");
      if (c2 === 36) return this.emit(T.IND_ESC, i, i + 3, '$');
      if (c2 === 92 && i + 3 < n) {
        const x = s.charCodeAt(i + 3);
        const v = x === 110 ? '\n' : x === 114 ? '\r' : x === 116 ? '\t' : s[i + 3]!;
        return this.emit(T.IND_ESC, i, i + 4, v);
      }
      this.emit(T.IND_CLOSE, i, i + 2);
      return this.pop();
    }
    if (c === 36) {
      if (c1 === 123) {
        this.emit(T.DOLLAR_CURLY, i, i + 2);
        return this.push(S_DEFAULT);
      }
      if (c1 === 39 || c1 === -1) return this.emit(T.IND_ESC, i, i + 1, '$');
    } else if (c === 39 && (c1 === 36 || c1 === -1)) {
      return this.emit(T.IND_ESC, i, i + 1, "'");
    }
    // A run of ([^$'] | \$[^{'] | \'[^'$])+
    let j = i;
    while (j < n) {
      const d = s.charCodeAt(j);
      if (d === 36) {
        if (j + 1 >= n) break;
        const e = s.charCodeAt(j + 1);
        if (e === 123 || e === 39) break;
        j += 2;
      } else if (d === 39) {
        if (j + 1 >= n) break;
        const e = s.charCodeAt(j + 1);
        if (e === 39 || e === 36) break;
        j += 2;
      } else {
        j++;
      }
    }
    const raw = s.slice(i, j);
    this.emit(T.IND_STR, i, j, raw);
  }
}

/**
 * Nix's unescapeStr for `"…"` runs: `\n \r \t` are control characters, `\x` is
 * x, and a raw CR or CR LF becomes LF.
 */
export function unescapeStr(raw: string): string {
  let out = '';
  const n = raw.length;
  let runStart = 0;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c === 92) {
      out += raw.slice(runStart, i);
      const x = raw.charCodeAt(i + 1);
      out += x === 110 ? '\n' : x === 114 ? '\r' : x === 116 ? '\t' : raw.charAt(i + 1);
      i++;
      runStart = i + 1;
    } else if (c === 13) {
      out += raw.slice(runStart, i) + '\n';
      if (raw.charCodeAt(i + 1) === 10) i++;
      runStart = i + 1;
    }
  }
  return out + raw.slice(runStart);
}
