/**
 * Runtime values of the Nix evaluator.
 *
 * Besides the Nix types there is `unknown`: whatever the repository alone
 * cannot tell (`pkgs`, options nobody sets, fetchers, `<nixpkgs>`). Unknowns
 * propagate through every operation instead of failing, so a consumer can drop
 * what depends on them and never invent a fact.
 *
 * Values keep where they came from, because every fact needs an exact span:
 * strings carry an offset map back to their literal text, attributes carry the
 * span of their key and of the binding that defined them, and thunks keep the
 * expression they were created from after they are forced.
 */
import type { OffsetSegment, Span } from '../../../model/span.js';
import type { Expr, Lambda as LambdaNode } from '../syntax/ast.js';
import type { Env } from './env.js';

export type Value = NullV | BoolV | IntV | FloatV | StrV | PathV | ListV | AttrsV | LambdaV | PrimOpV | UnknownV;

export interface NullV {
  t: 'null';
}
export interface BoolV {
  t: 'bool';
  v: boolean;
}
/** Nix integers are signed 64-bit and wrap. */
export interface IntV {
  t: 'int';
  v: bigint;
}
export interface FloatV {
  t: 'float';
  v: number;
}

/** Where the characters of a string are in one source file (same model as SourceText). */
export interface StrSource {
  file: string;
  segments: OffsetSegment[];
}

export interface StrV {
  t: 'string';
  s: string;
  /** String context: the store paths (as `pkgs.X` labels) the string refers to. */
  ctx?: ReadonlySet<string>;
  /** Offset map to the source; absent for computed text. */
  src?: StrSource;
  /** The whole literal (quotes included) when the string is exactly one literal as written. */
  lit?: Span;
  /** The literal this text most specifically comes from (the spliced-in name of a generated key). */
  origin?: Span;
}

/** An absolute path (path literals resolve against their file's directory). */
export interface PathV {
  t: 'path';
  p: string;
}

export interface ListV {
  t: 'list';
  items: Thunk[];
}

export interface Attr {
  v: Thunk;
  /** The attribute name as written (or the literal its computed name came from). */
  key?: Span;
  /** The whole binding that defined it (`a.b = 1;`). */
  bind?: Span;
}

export interface AttrsV {
  t: 'attrs';
  map: Map<string, Attr>;
  /** Names in Nix order (byte-wise sorted), computed on first use. */
  sorted?: string[];
  /**
   * A set that stands for a larger one we only partly implement (`lib`): a
   * missing attribute is unknown (labelled `open.name`), not an error.
   */
  open?: string;
}

export interface LambdaV {
  t: 'lambda';
  node: LambdaNode;
  env: Env;
}

/** A built-in function; `args` holds the arguments of a partial application. */
export interface PrimOpV {
  t: 'primop';
  name: string;
  arity: number;
  fn: PrimOpFn;
  args: Thunk[];
}

export interface CallSite {
  /** The application expression, for spans of computed results and errors. */
  span: Span;
}

export type PrimOpFn = (args: Thunk[], site: CallSite) => Value;

export interface UnknownV {
  t: 'unknown';
  /** Why it is unknown, in words (`pkgs is not in the repository`). */
  why: string;
  /** What it stands for, as written: `pkgs.python3`, `config.services.x.enable`. */
  label: string;
  /** A package (anything under `pkgs`): it coerces to an opaque store path whose context remembers `label`. */
  store?: boolean;
  /** Where the unknown was first met. */
  at?: Span;
  /** Arguments it was called with (`pkgs.writeShellScript "x" text`): what it was made from. */
  args?: Thunk[];
  /** Already explained by a diagnostic where it arose: consumers need not say it again. */
  noted?: boolean;
}

// ---- thunks -----------------------------------------------------------------

const PENDING = 0;
const FORCING = 1;
const DONE = 2;

export type Compute = () => Value;

/**
 * A lazy value. Forcing one that is already being forced is Nix's "infinite
 * recursion encountered". The expression stays after forcing: it is where the
 * value was written, which fact extraction needs for spans and removal edits.
 */
export class Thunk {
  state: number;
  value: Value | undefined;
  /** Set by the module system on merged option values: the definitions that made it. */
  meta?: unknown;
  /** Written as an element of a list literal (its expression is that element). */
  listed?: boolean;

  constructor(
    readonly expr: Expr | null,
    public env: Env | null,
    public compute: Compute | null,
    value?: Value,
  ) {
    this.value = value;
    this.state = value === undefined ? PENDING : DONE;
  }

  static of(v: Value): Thunk {
    return new Thunk(null, null, null, v);
  }

  static lazy(f: Compute, expr: Expr | null = null): Thunk {
    return new Thunk(expr, null, f);
  }

  get done(): boolean {
    return this.state === DONE;
  }
  get forcing(): boolean {
    return this.state === FORCING;
  }
  begin(): void {
    this.state = FORCING;
  }
  /** After a failure the thunk can be forced again (and fail again), as in Nix. */
  reset(): void {
    this.state = PENDING;
  }
  finish(v: Value): Value {
    this.value = v;
    this.state = DONE;
    this.env = null;
    this.compute = null;
    return v;
  }
}

// ---- constructors -------------------------------------------------------------

export const NULL: NullV = { t: 'null' };
export const TRUE: BoolV = { t: 'bool', v: true };
export const FALSE: BoolV = { t: 'bool', v: false };

export function bool(b: boolean): BoolV {
  return b ? TRUE : FALSE;
}

export function int(v: bigint): IntV {
  return { t: 'int', v: BigInt.asIntN(64, v) };
}

export function float(v: number): FloatV {
  return { t: 'float', v };
}

export function str(s: string, ctx?: ReadonlySet<string>): StrV {
  return ctx && ctx.size ? { t: 'string', s, ctx } : { t: 'string', s };
}

export function list(items: Thunk[]): ListV {
  return { t: 'list', items };
}

export function attrs(map: Map<string, Attr>): AttrsV {
  return { t: 'attrs', map };
}

/**
 * A set standing for a larger one (AttrsV.open), made as a literal, not spread from another:
 * sortedNames adds `sorted` to it later (docs/architecture.md, "Speed").
 */
export function openAttrs(map: Map<string, Attr>, open: string): AttrsV {
  return { t: 'attrs', map, open };
}

/** An attrset from plain values (for built-ins). */
export function attrsOf(entries: Record<string, Value | Thunk>): AttrsV {
  const map = new Map<string, Attr>();
  for (const [k, v] of Object.entries(entries)) map.set(k, { v: v instanceof Thunk ? v : Thunk.of(v) });
  return attrs(map);
}

export function unknown(why: string, label: string, at?: Span): UnknownV {
  const u: UnknownV = { t: 'unknown', why, label };
  if (at) u.at = at;
  return u;
}

/** Byte-wise order of attribute names (Nix sorts by the UTF-8 bytes; code points order the same way). */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Below the surrogates a code unit is its code point; from there the whole code points decide
    // (a pair's high surrogate, U+D800–DBFF, sorts above U+E000–FFFF only as a code point).
    if (x < 0xd800 && y < 0xd800) return x - y;
    return a.codePointAt(i)! - b.codePointAt(i)!;
  }
  return a.length - b.length;
}

export function sortedNames(a: AttrsV): string[] {
  if (!a.sorted || a.sorted.length !== a.map.size) a.sorted = sortNames(Array.from(a.map.keys()));
  return a.sorted;
}

/**
 * Sorts names in place in Nix order. Names without a code unit from U+D800
 * up (nearly all) sort the same by code unit, which the built-in comparison
 * does without calling back into JavaScript for each pair.
 */
function sortNames(names: string[]): string[] {
  // One regular-expression test per name, not a loop over its code units in the interpreter.
  for (let i = 0; i < names.length; i++) if (FROM_SURROGATES.test(names[i]!)) return names.sort(compareNames);
  return names.sort();
}

/** A code unit from U+D800 up (no `u` flag: code units, as charCodeAt sees them). */
const FROM_SURROGATES = /[\uD800-\uFFFF]/;

export function typeName(v: Value): string {
  switch (v.t) {
    case 'null':
      return 'null';
    case 'bool':
      return 'a Boolean';
    case 'int':
      return 'an integer';
    case 'float':
      return 'a float';
    case 'string':
      return 'a string';
    case 'path':
      return 'a path';
    case 'list':
      return 'a list';
    case 'attrs':
      return 'a set';
    case 'lambda':
    case 'primop':
      return 'a function';
    case 'unknown':
      return 'an unknown value';
  }
}

/** `builtins.typeOf`. */
export function nixTypeOf(v: Value): string {
  switch (v.t) {
    case 'null':
      return 'null';
    case 'bool':
      return 'bool';
    case 'int':
      return 'int';
    case 'float':
      return 'float';
    case 'string':
      return 'string';
    case 'path':
      return 'path';
    case 'list':
      return 'list';
    case 'attrs':
      return 'set';
    case 'lambda':
    case 'primop':
      return 'lambda';
    case 'unknown':
      return 'unknown';
  }
}
