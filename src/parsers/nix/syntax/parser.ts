/**
 * Recursive-descent parser for the whole Nix language, accepting exactly what
 * Nix 2.8's bison grammar (src/libexpr/parser.y) accepts.
 *
 * Operators use precedence climbing with bison's table (weakest first):
 * `->` right, `||` left, `&&` left, `== !=` non-assoc, `< > <= >=` non-assoc,
 * `//` right, `!` prefix, `+ -` left, `* /` left, `++` right, `?` (its right
 * side is an attrpath, so `a ? b ? c` groups to the left), unary `-` prefix;
 * then application, then select (`.` / `or`). Where bison's
 * GLR parser looks two tokens ahead (`{` starting formals or a set), we do too.
 *
 * The public entry never throws: the first error (like Nix, there is no
 * recovery) becomes a `parse-error` diagnostic and the AST is null. Semantic
 * errors Nix's parser raises in its actions (duplicate attributes, duplicate
 * formals, dynamic attributes in `let`/`inherit`) are raised at the same
 * points, with check.ts.
 */
import { simpleDiagnostic, type Diagnostic } from '../../../model/diagnostic.js';
import type { Span } from '../../../model/span.js';
import type {
  AttrName,
  Binding,
  BinaryOperator,
  Comment,
  Expr,
  Formal,
  Formals,
  Ident,
  IndStrLit,
  Interpolation,
  StrLit,
  Str,
} from './ast.js';
import { tokenize, type TokenStream } from './lexer.js';
import { LineIndex } from '../../line-index.js';
import { spanOf } from './positions.js';
import { PRIMER } from './primer.js';
import { addAttr, addInherited, addName, checkFormals, NixSemanticError, type Scope } from './check.js';
import { staticAttrName, stripIndentation, unparen } from './strings.js';
import * as T from './tokens.js';
import { PARSE_ERROR } from '../../../model/builtin-findings.js';

/**
 * Default nesting limit, in levels of the parser's recursion: a lambda, `let`,
 * list or unary operator counts one, a parenthesis, attribute set or
 * interpolation two. Each level costs a few stack frames here and in every
 * later recursive pass (lowering, printing, evaluation); 1000 stays well clear
 * of Node's default stack, and real Nix code nests a few dozen levels.
 */
export const DEFAULT_MAX_DEPTH = 1000;

export interface ParseOptions {
  /** Accept `|>` and `<|` (not part of Nix 2.8). */
  pipes?: boolean;
  /** Maximum expression nesting before a "nested too deeply" diagnostic. */
  maxDepth?: number;
}

export interface ParseResult {
  /** Null when the text is rejected (then `diagnostics` says why). */
  ast: Expr | null;
  /** Every comment, in order, with spans (also for rejected text, up to the error). */
  comments: Comment[];
  diagnostics: Diagnostic[];
}

let primed = false;

/** Parses a Nix file. Never throws. */
export function parseNix(text: string, file: string, options: ParseOptions = {}): ParseResult {
  if (!primed) {
    // Widen V8's field types on every node shape before any parsing code is optimised (see primer.ts).
    primed = true;
    parseNix(PRIMER, '<primer>');
  }
  let comments: Comment[] = [];
  const source = new LineIndex(file, text, 'any'); // like Nix, \r\n and a lone \r end a line
  try {
    const lexed = tokenize(text, source, { pipes: options.pipes === true });
    comments = lexed.comments;
    const parser = new Parser(text, lexed.tokens, source, options.maxDepth ?? DEFAULT_MAX_DEPTH);
    const ast = parser.parseFile();
    return { ast, comments, diagnostics: [] };
  } catch (e) {
    return { ast: null, comments, diagnostics: [toDiagnostic(e, file)] };
  }
}

function toDiagnostic(e: unknown, file: string): Diagnostic {
  if (e instanceof SyntaxFailure || e instanceof NixSemanticError) {
    return simpleDiagnostic(PARSE_ERROR, 'error', e.message, e.span);
  }
  const start: Span = { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  if (e instanceof RangeError) {
    return simpleDiagnostic(PARSE_ERROR, 'error', 'expression nested too deeply to parse', start);
  }
  const why = e instanceof Error ? e.message : String(e);
  return simpleDiagnostic(PARSE_ERROR, 'error', `internal error in the Nix parser: ${why}`, start);
}

/** The first syntax error; caught by parseNix. */
export class SyntaxFailure extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

// Binary operator levels (bison precedence, weakest = 1). 0 = not a binary operator.
const L_PIPE = 1;
const L_IMPL = 2;
const L_OR = 3;
const L_AND = 4;
const L_EQ = 5;
const L_CMP = 6;
const L_UPDATE = 7;
const L_NOT = 8;
const L_ADD = 9;
const L_MUL = 10;
const L_CONCAT = 11;
const L_HAS = 12;
const L_NEGATE = 13;

const LEVEL = new Uint8Array(64);
LEVEL[T.PIPE_FROM] = L_PIPE;
LEVEL[T.PIPE_INTO] = L_PIPE;
LEVEL[T.IMPL] = L_IMPL;
LEVEL[T.OR] = L_OR;
LEVEL[T.AND] = L_AND;
LEVEL[T.EQ] = L_EQ;
LEVEL[T.NEQ] = L_EQ;
LEVEL[T.LT] = L_CMP;
LEVEL[T.GT] = L_CMP;
LEVEL[T.LEQ] = L_CMP;
LEVEL[T.GEQ] = L_CMP;
LEVEL[T.UPDATE] = L_UPDATE;
LEVEL[T.PLUS] = L_ADD;
LEVEL[T.MINUS] = L_ADD;
LEVEL[T.STAR] = L_MUL;
LEVEL[T.SLASH] = L_MUL;
LEVEL[T.CONCAT] = L_CONCAT;
LEVEL[T.QUESTION] = L_HAS;

const OPERATOR: Array<BinaryOperator | undefined> = [];
OPERATOR[T.PIPE_FROM] = '|>';
OPERATOR[T.PIPE_INTO] = '<|';
OPERATOR[T.IMPL] = '->';
OPERATOR[T.OR] = '||';
OPERATOR[T.AND] = '&&';
OPERATOR[T.EQ] = '==';
OPERATOR[T.NEQ] = '!=';
OPERATOR[T.LT] = '<';
OPERATOR[T.GT] = '>';
OPERATOR[T.LEQ] = '<=';
OPERATOR[T.GEQ] = '>=';
OPERATOR[T.UPDATE] = '//';
OPERATOR[T.PLUS] = '+';
OPERATOR[T.MINUS] = '-';
OPERATOR[T.STAR] = '*';
OPERATOR[T.SLASH] = '/';
OPERATOR[T.CONCAT] = '++';

/** Tokens that can start a select-level expression (an application argument or list element). */
const STARTS_SIMPLE = new Uint8Array(64);
for (const k of [T.ID, T.INT, T.FLOAT, T.DQUOTE, T.IND_OPEN, T.PATH, T.HPATH, T.SPATH, T.URI, T.LPAREN, T.LET, T.REC, T.LBRACE, T.LBRACK]) {
  STARTS_SIMPLE[k] = 1;
}

class Parser {
  private p = 0;
  private depth = 0;
  /** The attribute set parsed last and its names: a binding whose value is that set can merge into it. */
  private lastSet: Expr | null = null;
  private lastScope: Scope | null = null;
  /** Set by parseBindings: the scope built and whether a top-level name is dynamic. */
  private bindingsScope: Scope = new Map();
  private bindingsDynamic = false;
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly values: Array<string | undefined>;
  private readonly escaped: Uint8Array;

  constructor(
    private readonly text: string,
    tokens: TokenStream,
    private readonly source: LineIndex,
    private readonly maxDepth: number,
  ) {
    this.kinds = tokens.kinds;
    this.starts = tokens.starts;
    this.ends = tokens.ends;
    this.values = tokens.values;
    this.escaped = tokens.escaped;
  }

  parseFile(): Expr {
    const e = this.parseFunction();
    if (this.kinds[this.p] !== T.EOF) this.fail(`expected end of file after the expression, found ${this.describe(this.p)}`);
    return e;
  }

  // ---- positions ---------------------------------------------------------------

  // Nodes carry offsets only (spanOf computes spans when read); these are for errors.

  /** Span from token `a` to the last consumed token. */
  private spanFrom(a: number): Span {
    return this.source.span(this.starts[a]!, this.ends[this.p - 1]!);
  }

  /** Span of token `a`. */
  private tokSpan(a: number): Span {
    return this.source.span(this.starts[a]!, this.ends[a]!);
  }

  /** `line:column` of token `a`, for messages. */
  private where(a: number): string {
    const s = this.tokSpan(a);
    return `${s.line}:${s.column}`;
  }

  // ---- errors ------------------------------------------------------------------

  private fail(message: string, at = this.p): never {
    if (this.kinds[at] === T.ERROR) message = this.values[at]!;
    throw new SyntaxFailure(message, this.tokSpan(at));
  }

  private describe(i: number): string {
    const k = this.kinds[i]!;
    switch (k) {
      case T.EOF:
        return 'end of file';
      case T.ID:
        return `identifier '${this.values[i]}'`;
      case T.INT:
      case T.FLOAT:
      case T.URI:
        return `'${this.values[i]}'`;
      case T.PATH:
      case T.HPATH:
        return `path '${this.values[i]}'`;
      case T.SPATH:
        return `'<${this.values[i]}>'`;
      case T.STR:
      case T.IND_STR:
        return 'string text';
      case T.IND_ESC:
        return 'string escape';
      case T.OTHER:
        return `unexpected character '${this.values[i]}'`;
      default:
        return T.tokenKindName(k);
    }
  }

  private expect(kind: number, what: string): number {
    if (this.kinds[this.p] !== kind) this.fail(`expected ${T.tokenKindName(kind)} ${what}, found ${this.describe(this.p)}`);
    return this.p++;
  }

  /** Written out as `if (++this.depth > this.maxDepth) this.tooDeep();` where it is hot. */
  private enter(): void {
    if (++this.depth > this.maxDepth) this.tooDeep();
  }

  private tooDeep(): never {
    this.fail(`expression nested too deeply (more than ${this.maxDepth} levels)`);
  }

  // ---- expressions -----------------------------------------------------------------

  /** expr_function: lambdas, assert, with, let … in; else an if/operator expression. */
  private parseFunction(): Expr {
    if (++this.depth > this.maxDepth) this.tooDeep();
    const k = this.kinds;
    const start = this.p;
    let e: Expr;
    switch (k[start]) {
      case T.ID: {
        const k1 = k[start + 1];
        if (k1 === T.COLON) {
          const arg = this.ident(start);
          this.p = start + 2;
          const body = this.parseFunction();
          e = { kind: 'Lambda', arg, formals: null, argFirst: false, body, source: this.source, offset: this.starts[start]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined };
        } else if (k1 === T.AT) {
          const arg = this.ident(start);
          this.p = start + 2;
          if (k[this.p] !== T.LBRACE) this.fail(`expected '{' after '@' in a function argument pattern, found ${this.describe(this.p)}`);
          const formals = this.parseFormals();
          this.expect(T.COLON, 'after the function argument pattern');
          const body = this.parseFunction();
          checkFormals(formals, arg);
          e = { kind: 'Lambda', arg, formals, argFirst: true, body, source: this.source, offset: this.starts[start]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined };
        } else {
          e = this.parseOp(1);
        }
        break;
      }
      case T.LBRACE:
        if (this.formalsAhead()) {
          const formals = this.parseFormals();
          let arg: Ident | null = null;
          if (k[this.p] === T.AT) {
            this.p++;
            if (k[this.p] !== T.ID) this.fail(`expected an identifier after '@', found ${this.describe(this.p)}`);
            arg = this.ident(this.p++);
          }
          this.expect(T.COLON, 'after the function argument pattern');
          const body = this.parseFunction();
          checkFormals(formals, arg);
          e = { kind: 'Lambda', arg, formals, argFirst: false, body, source: this.source, offset: this.starts[start]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined };
        } else {
          e = this.parseOp(1);
        }
        break;
      case T.ASSERT: {
        this.p++;
        const cond = this.parseFunction();
        this.expect(T.SEMI, "after the assertion's condition");
        const body = this.parseFunction();
        e = { kind: 'Assert', cond, body, source: this.source, offset: this.starts[start]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined };
        break;
      }
      case T.WITH: {
        this.p++;
        const env = this.parseFunction();
        this.expect(T.SEMI, "after 'with' expression");
        const body = this.parseFunction();
        e = { kind: 'With', env, body, source: this.source, offset: this.starts[start]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined };
        break;
      }
      case T.LET:
        if (k[start + 1] === T.LBRACE) {
          e = this.parseOp(1); // legacy `let { … }` is a simple expression
        } else {
          this.p++;
          const bindings = this.parseBindings(T.IN);
          const dynamic = this.bindingsDynamic;
          this.p++; // `in`
          const body = this.parseFunction();
          if (dynamic) throw new NixSemanticError('dynamic attributes not allowed in let', this.spanFrom(start));
          e = { kind: 'Let', bindings, body, source: this.source, offset: this.starts[start]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined, memo: undefined };
        }
        break;
      case T.IF:
        e = this.parseIf();
        break;
      default:
        e = this.parseOp(1);
    }
    this.depth--;
    return e;
  }

  /**
   * After `{`: formals or an attribute set? Bison's GLR parser decides on the
   * token after the name (`,` `?` `}` mean formals) or, for `{ }`, on the token
   * after it (`:` or `@`).
   */
  private formalsAhead(): boolean {
    const k = this.kinds;
    const p = this.p;
    switch (k[p + 1]) {
      case T.ELLIPSIS:
        return true;
      case T.RBRACE:
        return k[p + 2] === T.COLON || k[p + 2] === T.AT;
      case T.ID: {
        const k2 = k[p + 2];
        return k2 === T.COMMA || k2 === T.QUESTION || k2 === T.RBRACE;
      }
      default:
        return false;
    }
  }

  /** `{ a, b ? d, ... }`: formals are comma-separated, may end with `,` or `...`. */
  private parseFormals(): Formals {
    const start = this.p++;
    const k = this.kinds;
    const entries: Formal[] = [];
    let ellipsis = false;
    for (;;) {
      const t = k[this.p];
      if (t === T.RBRACE) break;
      if (t === T.ELLIPSIS) {
        this.p++;
        ellipsis = true;
        if (k[this.p] !== T.RBRACE) this.fail(`expected '}' after '...', found ${this.describe(this.p)}`);
        break;
      }
      if (t !== T.ID) this.fail(`expected a formal parameter name, '...' or '}', found ${this.describe(this.p)}`);
      const fstart = this.p;
      const name = this.ident(this.p++);
      let def: Expr | null = null;
      if (k[this.p] === T.QUESTION) {
        this.p++;
        def = this.parseFunction();
      }
      entries.push({ kind: 'Formal', name, default: def, source: this.source, offset: this.starts[fstart]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined });
      if (k[this.p] === T.COMMA) {
        this.p++;
        continue;
      }
      if (k[this.p] !== T.RBRACE) this.fail(`expected ',' or '}' after formal parameter '${name.name}', found ${this.describe(this.p)}`);
      break;
    }
    this.p++; // `}`
    return { kind: 'Formals', entries: fit(entries), ellipsis, source: this.source, offset: this.starts[start]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined };
  }

  private parseIf(): Expr {
    const start = this.p++;
    const cond = this.parseFunction();
    this.expect(T.THEN, "after the 'if' condition");
    const then = this.parseFunction();
    this.expect(T.ELSE, "after the 'then' branch");
    const els = this.parseFunction();
    return { kind: 'If', cond, then, else: els, source: this.source, offset: this.starts[start]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined };
  }

  /**
   * Operators of level ≥ min, by precedence climbing. Chains of one
   * right-associative level are collected and folded without recursion.
   */
  private parseOp(min: number): Expr {
    const k = this.kinds;
    const t0 = k[this.p];
    let lhs = t0 === T.BANG || t0 === T.MINUS ? this.parseUnary(t0) : this.parseApp();
    let chain = 0; // nodes stacked on `lhs` here, counted against the depth limit
    for (;;) {
      const t = k[this.p]!;
      const level = LEVEL[t]!;
      if (level < min || level === 0) return lhs;
      if (++chain + this.depth > this.maxDepth) this.tooDeep();
      const opTok = this.p++;
      switch (level) {
        case L_HAS: {
          const path = this.parseAttrPath();
          // The right side is an attrpath, so bison never meets a `?`/`?` conflict: `a ? b ? c` is `(a ? b) ? c`.
          lhs = { kind: 'HasAttr', expr: lhs, path, source: this.source, offset: lhs.offset, endOffset: path[path.length - 1]!.endOffset, cachedSpan: undefined };
          break;
        }
        case L_IMPL:
        case L_UPDATE:
        case L_CONCAT: {
          // Right-associative: a op b op c = a op (b op c).
          const operands: Expr[] = [lhs, this.parseOp(level + 1)];
          const ops: number[] = [opTok];
          while (k[this.p] === t) {
            if (++chain + this.depth > this.maxDepth) this.tooDeep();
            ops.push(this.p++);
            operands.push(this.parseOp(level + 1));
          }
          let rhs = operands[operands.length - 1]!;
          for (let i = ops.length - 1; i >= 0; i--) {
            const l = operands[i]!;
            rhs = this.binary(ops[i]!, l, rhs);
          }
          lhs = rhs;
          break;
        }
        case L_PIPE: {
          if (t === T.PIPE_FROM) {
            lhs = this.binary(opTok, lhs, this.parseOp(level + 1));
            if (k[this.p] === T.PIPE_INTO) this.fail(`'|>' and '<|' cannot be mixed without parentheses`);
          } else {
            const operands: Expr[] = [lhs, this.parseOp(level + 1)];
            const ops: number[] = [opTok];
            while (k[this.p] === T.PIPE_INTO) {
              ops.push(this.p++);
              operands.push(this.parseOp(level + 1));
            }
            if (k[this.p] === T.PIPE_FROM) this.fail(`'|>' and '<|' cannot be mixed without parentheses`);
            let rhs = operands[operands.length - 1]!;
            for (let i = ops.length - 1; i >= 0; i--) rhs = this.binary(ops[i]!, operands[i]!, rhs);
            lhs = rhs;
          }
          break;
        }
        case L_EQ:
        case L_CMP: {
          lhs = this.binary(opTok, lhs, this.parseOp(level + 1));
          if (LEVEL[k[this.p]!] === level) {
            this.fail(`${this.describe(this.p)} cannot follow ${this.describe(opTok)} without parentheses (the operators are not associative)`);
          }
          break;
        }
        default:
          // Left-associative: || && + - * /
          lhs = this.binary(opTok, lhs, this.parseOp(level + 1));
      }
    }
  }

  private binary(opTok: number, lhs: Expr, rhs: Expr): Expr {
    return {
      kind: 'BinaryOp',
      op: OPERATOR[this.kinds[opTok]!]!,
      lhs,
      rhs,
      opOffset: this.starts[opTok]!,
      source: this.source, offset: lhs.offset, endOffset: rhs.endOffset, cachedSpan: undefined,
    };
  }

  /** `!e` (operand: operators stronger than `!`) or `-e` (operand: an application); t is the operator token. */
  private parseUnary(t: number): Expr {
    this.enter();
    const start = this.p++;
    const e: Expr =
      t === T.BANG
        ? { kind: 'Not', expr: this.parseOp(L_NOT + 1), source: this.source, offset: this.starts[start]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined }
        : { kind: 'Negate', expr: this.parseOp(L_NEGATE), source: this.source, offset: this.starts[start]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined };
    this.depth--;
    return e;
  }

  /** Application by juxtaposition, left-associative. */
  private parseApp(): Expr {
    let fn = this.parseSelect();
    let chain = 0;
    while (STARTS_SIMPLE[this.kinds[this.p]!] === 1) {
      if (++chain + this.depth > this.maxDepth) this.tooDeep();
      const arg = this.parseSelect();
      fn = { kind: 'Apply', fn, arg, source: this.source, offset: fn.offset, endOffset: arg.endOffset, cachedSpan: undefined };
    }
    return fn;
  }

  /** `e.a.b`, `e.a.b or d`, and `e or` (the call of e with the variable `or`). */
  private parseSelect(): Expr {
    const e = this.parseSimple();
    const k = this.kinds[this.p];
    if (k === T.DOT) {
      this.p++;
      const path = this.parseAttrPath();
      if (this.kinds[this.p] === T.OR_KW) {
        this.p++;
        this.enter();
        const def = this.parseSelect();
        this.depth--;
        return { kind: 'Select', expr: e, path, default: def, source: this.source, offset: e.offset, endOffset: def.endOffset, cachedSpan: undefined };
      }
      return { kind: 'Select', expr: e, path, default: null, source: this.source, offset: e.offset, endOffset: path[path.length - 1]!.endOffset, cachedSpan: undefined };
    }
    if (k === T.OR_KW) {
      const orTok = this.p++;
      const arg: Expr = { kind: 'Var', name: 'or', source: this.source, offset: this.starts[orTok]!, endOffset: this.ends[orTok]!, cachedSpan: undefined };
      return { kind: 'Apply', fn: e, arg, source: this.source, offset: e.offset, endOffset: arg.endOffset, cachedSpan: undefined };
    }
    return e;
  }

  private parseSimple(): Expr {
    const k = this.kinds;
    const start = this.p;
    switch (k[start]) {
      case T.ID:
        this.p++;
        return { kind: 'Var', name: this.values[start]!, source: this.source, offset: this.starts[start]!, endOffset: this.ends[start]!, cachedSpan: undefined };
      case T.INT: {
        this.p++;
        const raw = this.values[start]!;
        return { kind: 'Int', value: BigInt(raw), raw, source: this.source, offset: this.starts[start]!, endOffset: this.ends[start]!, cachedSpan: undefined, memo: undefined };
      }
      case T.FLOAT: {
        this.p++;
        const raw = this.values[start]!;
        return { kind: 'Float', value: Number(raw), raw, source: this.source, offset: this.starts[start]!, endOffset: this.ends[start]!, cachedSpan: undefined, memo: undefined };
      }
      case T.DQUOTE:
        return this.parseString();
      case T.IND_OPEN:
        return this.parseIndString();
      case T.PATH:
      case T.HPATH:
        return this.parsePath();
      case T.SPATH:
        this.p++;
        return { kind: 'SearchPath', path: this.values[start]!, source: this.source, offset: this.starts[start]!, endOffset: this.ends[start]!, cachedSpan: undefined };
      case T.URI:
        this.p++;
        return { kind: 'Uri', value: this.values[start]!, source: this.source, offset: this.starts[start]!, endOffset: this.ends[start]!, cachedSpan: undefined };
      default:
        break;
    }
    this.enter();
    let e: Expr;
    switch (k[start]) {
      case T.LPAREN: {
        this.p++;
        const inner = this.parseFunction();
        if (k[this.p] !== T.RPAREN) this.fail(`expected ')' to close '(' at ${this.where(start)}, found ${this.describe(this.p)}`);
        this.p++;
        e = { kind: 'Paren', expr: inner, source: this.source, offset: this.starts[start]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined };
        break;
      }
      case T.LBRACE:
      case T.REC: {
        const rec = k[start] === T.REC;
        this.p++;
        if (rec) this.expect(T.LBRACE, "after 'rec'");
        const bindings = this.parseBindings(T.RBRACE);
        const scope = this.bindingsScope;
        this.p++;
        e = { kind: 'AttrSet', rec, bindings, source: this.source, offset: this.starts[start]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined, memo: undefined };
        this.lastSet = e;
        this.lastScope = scope;
        break;
      }
      case T.LET: {
        this.p++;
        this.expect(T.LBRACE, "after 'let' here (only the legacy 'let { … }' form can appear in this position)");
        const bindings = this.parseBindings(T.RBRACE);
        this.p++;
        e = { kind: 'LegacyLet', bindings, source: this.source, offset: this.starts[start]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined, memo: undefined };
        break;
      }
      case T.LBRACK: {
        this.p++;
        const elems: Expr[] = [];
        while (k[this.p] !== T.RBRACK) {
          if (STARTS_SIMPLE[k[this.p]!] !== 1) {
            const hint = k[this.p] === T.MINUS ? ' (a list element cannot start with unary minus: write (-x))' : '';
            this.fail(`expected a list element or ']', found ${this.describe(this.p)}${hint}`);
          }
          elems.push(this.parseSelect());
        }
        this.p++;
        e = { kind: 'List', elems: fit(elems), source: this.source, offset: this.starts[start]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined };
        break;
      }
      default:
        this.fail(`expected an expression, found ${this.describe(start)}`);
    }
    this.depth--;
    return e;
  }

  // ---- bindings ------------------------------------------------------------------

  /** Bindings up to (not consuming) `end` (`}` or `in`). */
  private parseBindings(end: number): Binding[] {
    const k = this.kinds;
    const out: Binding[] = [];
    const scope: Scope = new Map();
    let dynamic = false;
    for (;;) {
      const t = k[this.p];
      if (t === end) {
        this.bindingsScope = scope;
        this.bindingsDynamic = dynamic;
        return fit(out);
      }
      const start = this.p;
      if (t === T.INHERIT) {
        this.p++;
        let from: Expr | null = null;
        if (k[this.p] === T.LPAREN) {
          this.p++;
          from = this.parseFunction();
          this.expect(T.RPAREN, "after 'inherit (' expression");
        }
        const names: AttrName[] = [];
        const statics: string[] = [];
        for (;;) {
          const n = k[this.p];
          if (n !== T.ID && n !== T.OR_KW && n !== T.DQUOTE && n !== T.DOLLAR_CURLY) break;
          const a = this.parseAttrName();
          const s = staticAttrName(a);
          if (s === null) throw new NixSemanticError('dynamic attributes not allowed in inherit', spanOf(a));
          names.push(a);
          statics.push(s);
        }
        this.expect(T.SEMI, 'after inherited names');
        addInherited(scope, names, statics, from === null);
        out.push({ kind: 'Inherit', from, names: fit(names), source: this.source, offset: this.starts[start]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined });
      } else if (t === T.ID || t === T.OR_KW || t === T.DQUOTE || t === T.DOLLAR_CURLY) {
        let path: AttrName[];
        if (t === T.ID && k[start + 1] === T.ASSIGN) {
          // `name = …`, most bindings: no attrpath loop, `=` already seen.
          path = [this.ident(start)];
          this.p = start + 2;
        } else {
          path = this.parseAttrPath();
          this.expect(T.ASSIGN, 'after attribute name');
        }
        const value = this.parseFunction();
        if (k[this.p] !== T.SEMI) this.expect(T.SEMI, 'after attribute value');
        this.p++;
        const set = value.kind === 'Paren' ? unparen(value) : value;
        const valueScope = set === this.lastSet ? this.lastScope : null;
        const first = path[0]!;
        if (path.length === 1 && first.kind === 'Ident') {
          addName(scope, first.name, valueScope, first, null); // `name = value;`, most bindings
        } else {
          addAttr(scope, path, valueScope, first);
          if (staticAttrName(first) === null) dynamic = true;
        }
        out.push({ kind: 'AttrDef', path, value, source: this.source, offset: this.starts[start]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined });
      } else {
        const closer = end === T.IN ? "'in'" : "'}'";
        this.fail(`expected an attribute name, 'inherit' or ${closer}, found ${this.describe(this.p)}`);
      }
    }
  }

  private parseAttrPath(): AttrName[] {
    const path: AttrName[] = [this.parseAttrName()];
    while (this.kinds[this.p] === T.DOT) {
      this.p++;
      path.push(this.parseAttrName());
    }
    return fit(path);
  }

  private parseAttrName(): AttrName {
    const start = this.p;
    switch (this.kinds[start]) {
      case T.ID:
      case T.OR_KW:
        this.p++;
        return this.ident(start);
      case T.DQUOTE: {
        const str = this.parseString();
        return { kind: 'StringAttr', str, source: this.source, offset: this.starts[start]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined };
      }
      case T.DOLLAR_CURLY: {
        this.p++;
        this.enter();
        const expr = this.parseFunction();
        this.depth--;
        this.expect(T.RBRACE, "to close '${'");
        return { kind: 'DynamicAttr', expr, source: this.source, offset: this.starts[start]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined };
      }
      default:
        this.fail(`expected an attribute name, found ${this.describe(start)}`);
    }
  }

  private ident(i: number): Ident {
    return { kind: 'Ident', name: this.values[i]!, source: this.source, offset: this.starts[i]!, endOffset: this.ends[i]!, cachedSpan: undefined };
  }

  // ---- strings and paths ---------------------------------------------------------------

  private interpolation(): Interpolation {
    const start = this.p++;
    this.enter();
    const expr = this.parseFunction();
    this.depth--;
    this.expect(T.RBRACE, "to close '${'");
    return { kind: 'Interp', expr, source: this.source, offset: this.starts[start]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined };
  }

  private parseString(): Str {
    const start = this.p++;
    const k = this.kinds;
    const parts: Array<StrLit | Interpolation> = [];
    for (;;) {
      const t = k[this.p];
      if (t === T.STR) {
        const i = this.p++;
        const value = this.values[i]!;
        parts.push({ kind: 'Lit', raw: this.escaped[i] === 1 ? this.raw(i) : value, value, source: this.source, offset: this.starts[i]!, endOffset: this.ends[i]!, cachedSpan: undefined, memo: undefined });
      } else if (t === T.DOLLAR_CURLY) {
        parts.push(this.interpolation());
      } else if (t === T.DQUOTE) {
        this.p++;
        break;
      } else if (t === T.EOF) {
        this.fail(`unterminated string: expected '"' to close the string at ${this.where(start)}`);
      } else {
        this.fail(`expected '"', found ${this.describe(this.p)}`);
      }
    }
    const first = parts[0];
    const text = parts.length === 0 ? '' : parts.length === 1 && first!.kind === 'Lit' ? first!.value : null;
    return { kind: 'String', parts: fit(parts), text, source: this.source, offset: this.starts[start]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined, memo: undefined };
  }

  private parseIndString(): Expr {
    const start = this.p++;
    const k = this.kinds;
    const parts: Array<IndStrLit | Interpolation> = [];
    for (;;) {
      const t = k[this.p];
      if (t === T.IND_STR || t === T.IND_ESC) {
        const i = this.p++;
        const value = this.values[i]!;
        const escape = t === T.IND_ESC;
        parts.push({ kind: 'IndLit', raw: escape ? this.raw(i) : value, value, escape, cooked: value, source: this.source, offset: this.starts[i]!, endOffset: this.ends[i]!, cachedSpan: undefined, memo: undefined });
      } else if (t === T.DOLLAR_CURLY) {
        parts.push(this.interpolation());
      } else if (t === T.IND_CLOSE) {
        this.p++;
        break;
      } else if (t === T.EOF) {
        this.fail(`unterminated indented string: expected "''" to close the string at ${this.where(start)}`);
      } else {
        this.fail(`expected "''", found ${this.describe(this.p)}`);
      }
    }
    stripIndentation(parts);
    let text: string | null = '';
    for (let i = 0; i < parts.length && text !== null; i++) {
      const part = parts[i]!;
      text = part.kind === 'IndLit' ? text + part.cooked : null;
    }
    return { kind: 'IndString', parts: fit(parts), text, source: this.source, offset: this.starts[start]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined, memo: undefined };
  }

  /** PATH/HPATH, then (`${…}` | STR)* with an interpolation first or second, then PATH_END. */
  private parsePath(): Expr {
    const start = this.p++;
    const k = this.kinds;
    const first = this.values[start]!;
    const parts: Array<StrLit | Interpolation> = [{ kind: 'Lit', raw: first, value: first, source: this.source, offset: this.starts[start]!, endOffset: this.ends[start]!, cachedSpan: undefined, memo: undefined }];
    if (k[this.p] === T.STR) {
      const i = this.p++;
      parts.push({ kind: 'Lit', raw: this.values[i]!, value: this.values[i]!, source: this.source, offset: this.starts[i]!, endOffset: this.ends[i]!, cachedSpan: undefined, memo: undefined });
      if (k[this.p] !== T.DOLLAR_CURLY) this.fail(`expected '\${' in path, found ${this.describe(this.p)}`);
    }
    for (;;) {
      const t = k[this.p];
      if (t === T.PATH_END) {
        this.p++;
        break;
      }
      if (t === T.DOLLAR_CURLY) parts.push(this.interpolation());
      else if (t === T.STR) {
        const i = this.p++;
        parts.push({ kind: 'Lit', raw: this.values[i]!, value: this.values[i]!, source: this.source, offset: this.starts[i]!, endOffset: this.ends[i]!, cachedSpan: undefined, memo: undefined });
      } else this.fail(`expected the rest of the path, found ${this.describe(this.p)}`);
    }
    const pathKind = k[start] === T.HPATH ? 'home' : first.charCodeAt(0) === 47 ? 'absolute' : 'relative';
    return { kind: 'Path', pathKind, parts: fit(parts), source: this.source, offset: this.starts[start]!, endOffset: this.ends[this.p - 1]!, cachedSpan: undefined };
  }

  /** Raw source text of token i (string runs keep their escapes). */
  private raw(i: number): string {
    return this.text.slice(this.starts[i]!, this.ends[i]!);
  }
}

/**
 * A small array of the tree at its exact size. An array grown by push keeps
 * room for 16 more elements, which the syntax tree would hold for the whole
 * run: most strings have one part, most attrpaths one or two names.
 */
function fit<T>(a: T[]): T[] {
  return a.length === 0 || a.length >= 16 ? a : a.slice();
}
