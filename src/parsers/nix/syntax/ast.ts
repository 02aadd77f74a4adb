/**
 * The Nix syntax tree: source-faithful (parentheses, attrpath bindings and
 * `inherit` stay as written), with exact positions on every node.
 *
 * Desugaring to what Nix itself builds (merged attrpaths, `a > b` as
 * `__lessThan b a`, paths made absolute, …) is not done here: see test/nix-reference/lower.ts.
 *
 * Positions: nodes hold offsets and their file's LineIndex; `spanOf(node)`
 * (positions.ts) gives the span, with 1-based lines and columns, `endColumn`
 * exclusive (src/model/span.ts). Columns and `offset`/`endOffset` count UTF-16
 * code units of the parsed text (identical to byte offsets for ASCII;
 * `utf8Offset` converts). Like Nix, `\r\n` and a lone `\r` each end a line.
 */
import type { Span } from '../../../model/span.js';
import type { LineIndex } from '../../line-index.js';

export interface NodeBase {
  /** The parsed file: its name and line starts, for spanOf. */
  source: LineIndex;
  /** Offset of the first character in the parsed text. */
  offset: number;
  /** Offset just after the last character. */
  endOffset: number;
  /** Set by spanOf on first use. */
  cachedSpan: Span | undefined;
}

/**
 * A slot the evaluator fills once per node: a literal's shared value, a set's
 * or `let`'s binding tree, a string piece's source map. The parser creates it
 * empty, so every node of a kind keeps one shape; a WeakMap keyed by the node
 * was a measurable part of a NixOS host's evaluation (bench/README.md).
 */
export interface Memo {
  memo?: unknown;
}

export type Expr =
  | IntLit
  | FloatLit
  | Str
  | IndStr
  | PathLit
  | SearchPath
  | Uri
  | Var
  | Select
  | HasAttr
  | Apply
  | Lambda
  | Let
  | LegacyLet
  | AttrSet
  | List
  | With
  | Assert
  | If
  | Not
  | Negate
  | BinaryOp
  | Paren;

export type ExprKind = Expr['kind'];

/** `42`. Nix integers are signed 64-bit; literals above 2^63-1 are parse errors. */
export interface IntLit extends NodeBase, Memo {
  kind: 'Int';
  value: bigint;
  raw: string;
}

/** `1.5`, `.5`, `1.`, `2.5e-3`. (`1e10` is not a float: it is `1` applied to `e10`.) */
export interface FloatLit extends NodeBase, Memo {
  kind: 'Float';
  value: number;
  raw: string;
}

/** A literal run inside a string or path: `raw` as written, `value` unescaped. */
export interface StrLit extends NodeBase, Memo {
  kind: 'Lit';
  raw: string;
  value: string;
}

/** `${ expr }` inside a string, indented string or path; the span includes `${` and `}`. */
export interface Interpolation extends NodeBase {
  kind: 'Interp';
  expr: Expr;
}

/** `"…"`. Literal runs between interpolations are single parts (escapes included). */
export interface Str extends NodeBase, Memo {
  kind: 'String';
  parts: Array<StrLit | Interpolation>;
  /** The whole string when it has no interpolation, else null. */
  text: string | null;
}

/**
 * One lexical piece of an indented string, as Nix's lexer cuts it: a run of
 * plain text, or one escape (`'''`, `''$`, `''\n`, a lone `$` or `'`).
 */
export interface IndStrLit extends NodeBase, Memo {
  kind: 'IndLit';
  raw: string;
  /** The piece's text before indentation stripping (escapes decoded). */
  value: string;
  /** True for escapes: they are never indentation and end a line's leading whitespace. */
  escape: boolean;
  /** The piece's text after indentation stripping (what Nix evaluates). */
  cooked: string;
}

/** `''…''`: the raw pieces with spans, each with its cooked (indentation-stripped) text. */
export interface IndStr extends NodeBase, Memo {
  kind: 'IndString';
  parts: Array<IndStrLit | Interpolation>;
  /** The cooked text when there is no interpolation, else null. */
  text: string | null;
}

/**
 * `./a/b`, `/abs`, `a/b`, `~/x`, `./a/${b}.nix`. The first part is the path as
 * written up to the first interpolation (for `~/x` it includes the `~`).
 */
export interface PathLit extends NodeBase {
  kind: 'Path';
  pathKind: 'relative' | 'absolute' | 'home';
  parts: Array<StrLit | Interpolation>;
}

/** `<nixpkgs/lib>` → path `nixpkgs/lib`. */
export interface SearchPath extends NodeBase {
  kind: 'SearchPath';
  path: string;
}

/** `https://example.org/x` (a legacy unquoted URI: a string). */
export interface Uri extends NodeBase {
  kind: 'Uri';
  value: string;
}

/** A variable reference. `true`, `false`, `null` and `__curPos` are variables too. */
export interface Var extends NodeBase {
  kind: 'Var';
  name: string;
}

/** A plain name: attribute key, formal, lambda argument. `or` is allowed as an attribute name. */
export interface Ident extends NodeBase {
  kind: 'Ident';
  name: string;
}

/** `"a b"` as an attribute name (static when it has no interpolation). */
export interface StringAttr extends NodeBase {
  kind: 'StringAttr';
  str: Str;
}

/** `${ expr }` as an attribute name; the span includes `${` and `}`. */
export interface DynamicAttr extends NodeBase {
  kind: 'DynamicAttr';
  expr: Expr;
}

export type AttrName = Ident | StringAttr | DynamicAttr;

/** `e.a.b` or `e.a.b or default`. */
export interface Select extends NodeBase {
  kind: 'Select';
  expr: Expr;
  path: AttrName[];
  default: Expr | null;
}

/** `e ? a.b`. */
export interface HasAttr extends NodeBase {
  kind: 'HasAttr';
  expr: Expr;
  path: AttrName[];
}

/**
 * `f x`: one application per argument (`f x y` is Apply(Apply(f, x), y)).
 * `f or` (Nix's backwards-compatible call of `f` with the variable `or`) is
 * Apply(f, Var "or").
 */
export interface Apply extends NodeBase {
  kind: 'Apply';
  fn: Expr;
  arg: Expr;
}

export interface Formal extends NodeBase {
  kind: 'Formal';
  name: Ident;
  default: Expr | null;
}

/** `{ a, b ? 1, ... }` (span from `{` to `}`). */
export interface Formals extends NodeBase {
  kind: 'Formals';
  entries: Formal[];
  ellipsis: boolean;
}

/**
 * `x: body`, `{ … }: body`, `x @ { … }: body` (argFirst) or `{ … } @ x: body`.
 * At least one of `arg` and `formals` is set.
 */
export interface Lambda extends NodeBase {
  kind: 'Lambda';
  arg: Ident | null;
  formals: Formals | null;
  /** True for `x @ { … }:`, false for `{ … } @ x:` (and irrelevant otherwise). */
  argFirst: boolean;
  body: Expr;
}

/** `a.b.c = value;` as written (merging across bindings happens in test/nix-reference/lower.ts). */
export interface AttrDef extends NodeBase {
  kind: 'AttrDef';
  path: AttrName[];
  value: Expr;
}

/** `inherit a "b";` or `inherit (from) a b;`. Names are Ident or static StringAttr/DynamicAttr. */
export interface Inherit extends NodeBase {
  kind: 'Inherit';
  from: Expr | null;
  names: AttrName[];
}

export type Binding = AttrDef | Inherit;

/** `let bindings in body`. */
export interface Let extends NodeBase, Memo {
  kind: 'Let';
  bindings: Binding[];
  body: Expr;
}

/** Legacy `let { bindings }` (= `(rec { bindings }).body`). */
export interface LegacyLet extends NodeBase, Memo {
  kind: 'LegacyLet';
  bindings: Binding[];
}

/** `{ … }` or `rec { … }`. */
export interface AttrSet extends NodeBase, Memo {
  kind: 'AttrSet';
  rec: boolean;
  bindings: Binding[];
}

/** `[ a b c ]`: elements are select-level expressions (`[ f x ]` has two). */
export interface List extends NodeBase {
  kind: 'List';
  elems: Expr[];
}

export interface With extends NodeBase {
  kind: 'With';
  env: Expr;
  body: Expr;
}

export interface Assert extends NodeBase {
  kind: 'Assert';
  cond: Expr;
  body: Expr;
}

export interface If extends NodeBase {
  kind: 'If';
  cond: Expr;
  then: Expr;
  else: Expr;
}

/** `!e`. */
export interface Not extends NodeBase {
  kind: 'Not';
  expr: Expr;
}

/** `-e` (Nix: `__sub 0 e`). */
export interface Negate extends NodeBase {
  kind: 'Negate';
  expr: Expr;
}

export type BinaryOperator =
  | '->'
  | '||'
  | '&&'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '//'
  | '+'
  | '-'
  | '*'
  | '/'
  | '++'
  /** Pipe operators: only with the `pipes` parse option (not in Nix 2.8). */
  | '|>'
  | '<|';

export interface BinaryOp extends NodeBase {
  kind: 'BinaryOp';
  op: BinaryOperator;
  lhs: Expr;
  rhs: Expr;
  /** Offset of the operator token (it ends `op.length` later). */
  opOffset: number;
}

/** `( e )`: kept so spans and formatting stay exact; semantically transparent. */
export interface Paren extends NodeBase {
  kind: 'Paren';
  expr: Expr;
}

/** `# …` (kind line, text without the line break) or `/* … *\/` (kind block). */
export interface Comment extends NodeBase {
  kind: 'line' | 'block';
  /** The comment as written, delimiters included. */
  text: string;
}
