/**
 * The evaluator: a lazy tree-walking interpreter over the parser's AST.
 *
 * One Machine is one evaluation session (a host's module set): it owns the
 * step budget, the recursion guard, the `import` cache and the notes about
 * unknowns. Nothing here throws anything but EvalError or BudgetExceeded.
 */
import { posix, resolve } from 'node:path';
import { simpleDiagnostic, type Diagnostic } from '../../../model/diagnostic.js';
import type { Span } from '../../../model/span.js';
import type { AttrName, Expr, FloatLit, IntLit, Lambda } from '../syntax/ast.js';
import { evalBindSet, recScope } from './attrsets.js';
import { bindingTree } from './bindings.js';
import { Env } from './env.js';
import { BudgetExceeded, EvalError } from './errors.js';
import { charge, checkLength, RunBudget } from './budget.js';
import { curPos, evalPath, evalString } from './literals.js';
import { evalBinary } from './operators.js';
import { arith } from './ops.js';
import { fakeStoreHash } from './coerce.js';
import { constantLiteralThunk } from './strings.js';
import {
  bool,
  float,
  int,
  list,
  str,
  Thunk,
  typeName,
  unknown,
  type AttrsV,
  type LambdaV,
  type PrimOpV,
  type UnknownV,
  type Value,
} from './value.js';
import { spanOf, type Positioned } from '../syntax/positions.js';
import { LINK_OUTSIDE_ROOT, NIX_UNKNOWN } from '../../../model/builtin-findings.js';

/** Reads repository files for `import`, `readFile` and friends; never outside the root. */
export interface FileAccess {
  /** The parsed file, or why it cannot be had. */
  parse(abs: string): { ast: Expr } | { error: string };
  readText(abs: string): { text: string; file: string } | { error: string };
  kind(abs: string): 'file' | 'directory' | 'symlink' | 'missing' | 'outside';
  list(abs: string): Array<{ name: string; kind: 'regular' | 'directory' | 'symlink' | 'unknown' }> | null;
  /** The path as spans show it (relative to the working directory). */
  display(abs: string): string;
}

export interface MachineOptions {
  files: FileAccess;
  /** Evaluation steps before the session stops with a diagnostic (when no run budget is given). */
  budget?: number;
  /** The run's budget, shared with the other sessions of the run (src/parsers/nix/eval/budget.ts). */
  run?: RunBudget;
  /**
   * Steps the expressions of any one file may take (an infinite loop in one
   * file stops after this many, however large the repository's budget).
   */
  fileBudget?: number;
  /** Nested evaluations before "stack overflow" (kept well inside the JS stack). */
  maxDepth?: number;
  /** Absolute path of the working directory: relative spans resolve against it. */
  cwd: string;
}

export interface Globals {
  builtins: AttrsV;
  /** Names in the global scope besides `builtins` (`map`, `toString`, `__add`, …). */
  scope: Map<string, Thunk>;
}

export type UnknownSelectHook = (u: UnknownV, name: string, at: Span) => Value | undefined;
export type UnknownApplyHook = (u: UnknownV, arg: Thunk, at: Span) => Value | undefined;

const DEFAULT_BUDGET = 5_000_000;
/**
 * Nested evaluations allowed. Measured: the default JS stack of Node 20 runs
 * out near 1,700 (a Nix function recursing ~1,700 times); a margin keeps
 * built-ins that recurse in JS (sort comparators, JSON, equality) safe.
 */
const DEFAULT_DEPTH = 1000;

export class Machine {
  /** Steps and allocation of the whole run (shared by its sessions). */
  readonly run: RunBudget;
  readonly fileBudget: number;
  private readonly fileSteps = new Map<string, { n: number }>();
  private curFile = '';
  private curCount = { n: 0 };
  depth = 0;
  readonly maxDepth: number;
  readonly files: FileAccess;
  readonly cwd: string;
  /** Info notes about unknowns met while evaluating (deduplicated by place and text). */
  readonly notes: Diagnostic[] = [];
  private readonly noteKeys = new Set<string>();
  readonly imports = new Map<string, Thunk>();
  globals!: Env;
  builtinsValue!: AttrsV;
  onUnknownSelect: UnknownSelectHook | undefined;
  onUnknownApply: UnknownApplyHook | undefined;
  /**
   * Packages made by calling a `pkgs` function, by the store path they were
   * turned into: what a command line naming that path runs (a script written
   * with `pkgs.writeShellScript` is analysed as the unit's own).
   */
  readonly packages = new Map<string, UnknownV>();
  /**
   * Repository paths copied to the store by interpolation (`"${./x.py}"` is
   * `/nix/store/<hash>-x.py`, as on the host): store path → absolute path, so
   * Nix code reading such a string reads the file, and the graph maps command
   * lines back onto the repository (StorePathFact).
   */
  readonly storeSources = new Map<string, string>();
  /** Files whose budget overrun has been reported (once per file). */
  readonly budgetReported = new Set<string>();
  /**
   * The first file step budget that ran out since takeOverrun() was last called:
   * wherever it was caught, what that file defines is missing, so the host
   * being evaluated is incomplete (src/parsers/nix/nixos/evaluate-repo.ts).
   */
  private overrun: { file: string; at: Span | undefined } | undefined;

  /** The first file step budget that ran out since the last call, if any; clears it. */
  takeOverrun(): { file: string; at: Span | undefined } | undefined {
    const o = this.overrun;
    this.overrun = undefined;
    return o;
  }

  /**
   * A host's evaluation begins: each file's step budget starts again. The
   * hosts of one flake share a session, and a module forty of them import is
   * evaluated forty times; counted across them, a module of 10,000 steps ran
   * out at the twentieth host, a false host-incomplete. The run's budget
   * still bounds all hosts together.
   */
  startHost(): void {
    this.fileSteps.clear();
    this.curFile = '';
    this.curCount = { n: 0 };
    this.overrun = undefined;
  }
  /** The last expression evaluation entered, or span charged: a node's span is made only when asked for. */
  private last: Span | Positioned | undefined;
  /** The last expression evaluation entered: where an error without a place of its own is reported. */
  get lastAt(): Span | undefined {
    return placeOf(this.last);
  }
  /** Set once the budget is exhausted: every later step fails at once. */
  exhausted: Span | undefined;

  constructor(opts: MachineOptions) {
    this.files = opts.files;
    this.cwd = opts.cwd;
    this.run = opts.run ?? new RunBudget(opts.budget ?? DEFAULT_BUDGET);
    this.fileBudget = opts.fileBudget ?? this.run.maxSteps;
    this.maxDepth = opts.maxDepth ?? DEFAULT_DEPTH;
  }

  install(g: Globals): void {
    this.builtinsValue = g.builtins;
    const scope = new Map(g.scope);
    scope.set('builtins', Thunk.of(g.builtins));
    this.globals = Env.scope(scope, null);
  }

  /** Every call of note(), duplicates included: lets a reader tell whether its own reading met an unknown. */
  noteCalls = 0;

  note(message: string, at: Span | undefined, rule: string = NIX_UNKNOWN): void {
    this.noteCalls++;
    if (!at || at.file.startsWith('<')) return;
    const key = `${at.file}:${at.line}:${at.column}:${message}`;
    if (this.noteKeys.has(key)) return;
    this.noteKeys.add(key);
    this.notes.push(simpleDiagnostic(rule, 'info', message, at));
  }

  // ---- forcing --------------------------------------------------------------------

  force(t: Thunk): Value {
    if (t.done) return t.value!;
    if (t.forcing) throw new EvalError('infinite recursion encountered', (t.expr ? spanOf(t.expr) : undefined) ?? this.lastAt, 'recursion');
    t.begin();
    try {
      const v = t.compute ? t.compute() : this.eval(t.expr!, t.env!);
      return t.finish(v);
    } catch (e) {
      t.reset();
      throw e;
    }
  }

  /** Counts one step and one level of nesting; pair with leave(). */
  /** Steps the run may take. */
  get budget(): number {
    return this.run.maxSteps;
  }

  /**
   * Charges the allocation of `units` list elements, attributes or 64-character
   * string pieces to the run; past its budget the evaluation stops like a step overrun.
   */
  alloc(units: number, at: Span | undefined): void {
    if (!charge(this.run, units)) {
      this.exhausted ??= at;
      throw new BudgetExceeded(at);
    }
  }

  /** A list of `n` elements is about to be built: charged, and refused past the length limit. */
  allocList(n: number, what: string, at: Span | undefined): void {
    checkLength(n, what, at);
    this.alloc(n, at);
  }

  enter(at: Span | Positioned | undefined): void {
    if (at) this.count(at);
    if (++this.run.steps > this.run.maxSteps) {
      this.exhausted ??= placeOf(at);
      throw new BudgetExceeded(placeOf(at));
    }
    if (++this.depth > this.maxDepth) {
      this.depth--;
      throw new EvalError('stack overflow (too deeply nested evaluation; possible infinite recursion)', placeOf(at), 'depth');
    }
  }

  leave(): void {
    this.depth--;
  }

  /** A thunk for `e` in `env`; variables share their binding's thunk (so provenance survives). */
  mk(e: Expr, env: Env): Thunk {
    switch (e.kind) {
      case 'Var': {
        const t = env.lookupStatic(e.name);
        if (t) return t;
        return new Thunk(e, env, null);
      }
      case 'Int':
      case 'Float':
        return constantThunk(e);
      case 'Paren':
        return this.mk(e.expr, env);
      case 'String':
      case 'IndString':
        return constantLiteralThunk(e) ?? new Thunk(e, env, null);
      default:
        return new Thunk(e, env, null);
    }
  }

  /**
   * Thunks written as elements of a list literal, and how often each element
   * expression was evaluated: a fix may delete an element only where it is
   * written once for one list (not inside a generator shared by many).
   */
  readonly listEvaluations = new Map<Expr, number>();

  private listElement(x: Expr, env: Env): Thunk {
    const t = this.mk(x, env);
    if (t.expr === x) {
      t.listed = true;
      this.listEvaluations.set(x, (this.listEvaluations.get(x) ?? 0) + 1);
    }
    return t;
  }

  /**
   * Evaluates `e`. Expressions in tail position (the branch of an `if`, the
   * body of `let`/`with`/`assert`, the body of a called lambda) continue in
   * this loop instead of recursing, so Nix recursion costs little JS stack.
   */
  eval(e: Expr, env: Env): Value {
    // The node, not its span: most evaluated nodes never need one (making each was a few per cent of a NixOS host's evaluation).
    this.enter(e);
    try {
      for (;;) {
        switch (e.kind) {
          case 'Paren':
            e = e.expr;
            break;
          case 'If': {
            const c = this.eval(e.cond, env);
            if (c.t === 'unknown') return c;
            if (c.t !== 'bool') throw this.typeError(c, 'a Boolean', spanOf(e.cond));
            e = c.v ? e.then : e.else;
            break;
          }
          case 'Let':
            env = recScope(this, bindingTree(e, true), env).env;
            e = e.body;
            break;
          case 'With':
            env = Env.with(this.mk(e.env, env), env);
            e = e.body;
            break;
          case 'Assert': {
            const c = this.eval(e.cond, env);
            if (c.t === 'bool') {
              if (!c.v) throw new EvalError('assertion failed', spanOf(e.cond), 'assert');
            } else if (c.t !== 'unknown') throw this.typeError(c, 'a Boolean', spanOf(e.cond));
            e = e.body;
            break;
          }
          case 'Apply': {
            const f = this.eval(e.fn, env);
            const arg = this.mk(e.arg, env);
            if (f.t !== 'lambda') return this.apply(f, arg, spanOf(e));
            env = this.bindLambda(f, arg, e);
            e = f.node.body;
            break;
          }
          default:
            return this.evalInner(e, env);
        }
        this.step(e);
      }
    } finally {
      this.depth--;
    }
  }

  /** One more evaluation step without more nesting. */
  private step(at: Positioned): void {
    this.count(at);
    if (++this.run.steps > this.run.maxSteps) {
      this.exhausted ??= placeOf(at);
      throw new BudgetExceeded(placeOf(at));
    }
  }

  /** Charges one step to the file `at` is in (the lib prelude and schema are charged to nobody). */
  private count(at: Span | Positioned): void {
    this.last = at;
    const file = isNode(at) ? at.source.file : at.file;
    if (file !== this.curFile) {
      if (file.startsWith('<')) return;
      this.curFile = file;
      let c = this.fileSteps.get(file);
      if (!c) this.fileSteps.set(file, (c = { n: 0 }));
      this.curCount = c;
    }
    if (++this.curCount.n > this.fileBudget) {
      this.exhausted ??= placeOf(at);
      this.overrun ??= { file, at: placeOf(at) };
      throw new BudgetExceeded(placeOf(at), file);
    }
  }

  private evalInner(e: Expr, env: Env): Value {
    switch (e.kind) {
      case 'Int':
        return int(e.value);
      case 'Float':
        return float(e.value);
      case 'String':
      case 'IndString':
        return evalString(this, e, env);
      case 'Path':
        return evalPath(this, e, env);
      case 'SearchPath':
        return unknown(`<${e.path}> is looked up on the NIX_PATH, not in the repository`, `<${e.path}>`, spanOf(e));
      case 'Uri':
        return str(e.value);
      case 'Var':
        return this.lookup(e.name, env, e);
      case 'Select':
        return this.evalSelect(e.expr, e.path, e.default, env);
      case 'HasAttr':
        return this.evalHasAttr(e.expr, e.path, env);
      case 'Apply':
        return this.apply(this.eval(e.fn, env), this.mk(e.arg, env), spanOf(e));
      case 'Lambda':
        return { t: 'lambda', node: e, env } satisfies LambdaV;
      case 'Let': {
        const inner = recScope(this, bindingTree(e, true), env);
        return this.eval(e.body, inner.env);
      }
      case 'LegacyLet': {
        const set = evalBindSet(this, bindingTree(e, true), env);
        const body = set.map.get('body');
        if (!body) throw new EvalError("attribute 'body' missing", spanOf(e), 'missing');
        return this.force(body.v);
      }
      case 'AttrSet':
        return evalBindSet(this, bindingTree(e, e.rec), env);
      case 'List':
        return list(e.elems.map((x) => this.listElement(x, env)));
      case 'With':
        return this.eval(e.body, Env.with(this.mk(e.env, env), env));
      case 'Assert': {
        const c = this.eval(e.cond, env);
        if (c.t === 'bool') {
          if (!c.v) throw new EvalError('assertion failed', spanOf(e.cond), 'assert');
        } else if (c.t !== 'unknown') throw this.typeError(c, 'a Boolean', spanOf(e.cond));
        return this.eval(e.body, env);
      }
      case 'If': {
        const c = this.eval(e.cond, env);
        if (c.t === 'unknown') return c;
        if (c.t !== 'bool') throw this.typeError(c, 'a Boolean', spanOf(e.cond));
        return this.eval(c.v ? e.then : e.else, env);
      }
      case 'Not': {
        const v = this.eval(e.expr, env);
        if (v.t === 'unknown') return v;
        if (v.t !== 'bool') throw this.typeError(v, 'a Boolean', spanOf(e.expr));
        return bool(!v.v);
      }
      case 'Negate':
        return arith('-', int(0n), this.eval(e.expr, env), spanOf(e));
      case 'Paren':
        return this.eval(e.expr, env);
      case 'BinaryOp':
        return evalBinary(this, e, env);
    }
  }

  typeError(v: Value, expected: string, at: Span | undefined): EvalError {
    return new EvalError(`value is ${typeName(v)} while ${expected} was expected`, at, 'type');
  }

  // ---- variables -------------------------------------------------------------------

  /** `at`: where the name is written (a node's span is made only if a message or `__curPos` needs it). */
  lookup(name: string, env: Env, node: Span | Positioned): Value {
    const t = env.lookupStatic(name);
    if (t) return this.force(t);
    const at = placeOf(node)!;
    if (name === '__curPos') return curPos(this, at);
    // `with` scopes, innermost first; an unknown scope (`with pkgs;`) only answers
    // when no known scope has the name, since `pkgs` rarely shadows `lib`.
    let opaque: UnknownV | undefined;
    let open: string | undefined;
    for (let e: Env | null = env; e !== null; e = e.parent) {
      if (e.withScope === null) continue;
      const s = this.force(e.withScope);
      if (s.t === 'attrs') {
        const a = s.map.get(name);
        if (a) return this.force(a.v);
        open ??= s.open;
      } else if (s.t === 'unknown') opaque ??= s;
      else throw this.typeError(s, 'a set', at);
    }
    const g = this.globals.lookupStatic(name);
    if (g) return this.force(g);
    if (opaque) return this.selectUnknown(opaque, name, at);
    if (open) return this.openMissing(open, name, at);
    throw new EvalError(`undefined variable '${name}'`, at, 'missing');
  }

  /** The absolute path of a file the span points into. */
  absFile(file: string): string {
    return resolve(this.cwd, file);
  }

  // ---- attribute sets ----------------------------------------------------------------

  attrName(a: AttrName, env: Env): string | UnknownV {
    return this.attrNameOrNull(a, env) ?? unknown('a dynamic attribute name is null', 'null', spanOf(a));
  }

  /** A dynamic name that is null names nothing (`{ ${null} = 1; }` is `{ }`). */
  attrNameOrNull(a: AttrName, env: Env): string | UnknownV | null {
    if (a.kind === 'Ident') return a.name;
    const v = a.kind === 'StringAttr' ? evalString(this, a.str, env) : this.eval(a.expr, env);
    if (v.t === 'unknown') return v;
    if (v.t === 'null') return null;
    if (v.t !== 'string') throw this.typeError(v, 'a string', spanOf(a));
    return v.s;
  }

  private evalSelect(target: Expr, path: AttrName[], def: Expr | null, env: Env): Value {
    let v = this.eval(target, env);
    for (let i = 0; i < path.length; i++) {
      const a = path[i]!;
      const name = this.attrName(a, env);
      if (typeof name !== 'string') return name;
      if (v.t === 'unknown') {
        v = this.selectUnknown(v, name, spanOf(a));
        continue;
      }
      if (v.t !== 'attrs') {
        if (def) return this.eval(def, env);
        throw this.typeError(v, 'a set', spanOf(a));
      }
      const found = v.map.get(name);
      if (!found) {
        if (def) return this.eval(def, env);
        if (v.open) return this.openMissing(v.open, name, spanOf(a));
        throw new EvalError(`attribute '${name}' missing`, spanOf(a), 'missing');
      }
      v = this.force(found.v);
    }
    return v;
  }

  /** A name our partial `lib` does not have: unknown, and said so once. */
  openMissing(open: string, name: string, at: Span): UnknownV {
    const why =
      open === 'config' || open.startsWith('config.')
        ? 'is not defined in the repository (its NixOS default is not known here)'
        : open === 'inputs'
          ? 'is not a declared flake input'
          : 'is not implemented by the analyzer';
    this.note(`${open}.${name} ${why}: its value is unknown`, at);
    return unknown(`${open}.${name} ${why}`, `${open}.${name}`, at);
  }

  selectUnknown(u: UnknownV, name: string, at: Span): Value {
    const hooked = this.onUnknownSelect?.(u, name, at);
    if (hooked) return hooked;
    const out: UnknownV = { t: 'unknown', why: u.why, label: `${u.label}.${name}` };
    if (u.store) out.store = true;
    out.at = u.at ?? at;
    return out;
  }

  private evalHasAttr(target: Expr, path: AttrName[], env: Env): Value {
    let v = this.eval(target, env);
    for (let i = 0; i < path.length; i++) {
      const a = path[i]!;
      const name = this.attrName(a, env);
      if (typeof name !== 'string') return name;
      if (v.t === 'unknown') return unknown(v.why, `${v.label} ? ${name}`, spanOf(a));
      if (v.t !== 'attrs') return bool(false);
      const found = v.map.get(name);
      if (!found) return v.open ? unknown(`${v.open} is only partly known`, `${v.open} ? ${name}`, spanOf(a)) : bool(false);
      v = this.force(found.v);
    }
    return bool(true);
  }

  // ---- functions -------------------------------------------------------------------------

  apply(f: Value, arg: Thunk, at: Span): Value {
    switch (f.t) {
      case 'lambda':
        return this.callLambda(f, arg, at);
      case 'primop':
        return this.callPrimOp(f, arg, at);
      case 'attrs': {
        const functor = f.map.get('__functor');
        if (!functor) break;
        const g = this.apply(this.force(functor.v), Thunk.of(f), at);
        return this.apply(g, arg, at);
      }
      case 'unknown':
        return this.onUnknownApply?.(f, arg, at) ?? { ...f, label: f.label, at: f.at ?? at };
    }
    throw new EvalError(`attempt to call something which is not a function but ${typeName(f)}`, at, 'type');
  }

  /** Calls with several arguments (for built-ins that call back into Nix). */
  call(f: Value, args: Thunk[], at: Span): Value {
    let v = f;
    for (const a of args) v = this.apply(v, a, at);
    return v;
  }

  private callLambda(f: LambdaV, arg: Thunk, at: Span): Value {
    return this.eval(f.node.body, this.bindLambda(f, arg, at));
  }

  /** The scope a lambda's body runs in: its argument and formals bound (`call`: the application, for messages). */
  private bindLambda(f: LambdaV, arg: Thunk, call: Span | Positioned): Env {
    const node: Lambda = f.node;
    if (!node.formals) return Env.one(node.arg!.name, arg, f.env);
    const vars = new Map<string, Thunk>();
    if (node.arg) vars.set(node.arg.name, arg);
    const env = Env.scope(vars, f.env);
    const v = this.force(arg);
    if (v.t === 'unknown') {
      for (const formal of node.formals.entries) {
        const name = formal.name.name;
        vars.set(name, Thunk.of(this.selectUnknown(v, name, spanOf(formal))));
      }
    } else {
      if (v.t !== 'attrs') throw this.typeError(v, 'a set', placeOf(call));
      const formals = node.formals.entries;
      for (let i = 0; i < formals.length; i++) {
        const formal = formals[i]!;
        const name = formal.name.name;
        const a = v.map.get(name);
        if (a) vars.set(name, a.v);
        else if (formal.default) vars.set(name, this.mk(formal.default, env));
        else throw new EvalError(`function called without required argument '${name}'`, placeOf(call), 'missing');
      }
      if (!node.formals.ellipsis && v.map.size > node.formals.entries.length) {
        const names = new Set(node.formals.entries.map((x) => x.name.name));
        for (const k of v.map.keys()) {
          if (!names.has(k)) throw new EvalError(`function called with unexpected argument '${k}'`, placeOf(call), 'type');
        }
      }
    }
    return env;
  }

  private callPrimOp(f: PrimOpV, arg: Thunk, at: Span): Value {
    const args = f.args.concat(arg);
    if (args.length < f.arity) return { ...f, args };
    this.enter(at);
    try {
      return f.fn(args, { span: at });
    } catch (e) {
      if (e instanceof UnknownArgument) return e.value;
      throw e;
    } finally {
      this.depth--;
    }
  }

  // ---- operators --------------------------------------------------------------------------

  // ---- files ----------------------------------------------------------------------------

  /** The store path a repository path is copied to: named by its basename, hashed from its place in the repository. */
  storePathOf(abs: string): string {
    const base = posix.basename(abs).replace(/[^A-Za-z0-9+\-._?=]/g, '-') || 'source';
    const p = `/nix/store/${fakeStoreHash(`path:${this.files.display(abs)}`)}-${base}`;
    this.storeSources.set(p, abs);
    return p;
  }

  /** A string naming a repository path through its store copy (`${./dir}/x.nix`) → that path; otherwise the string. */
  fromStore(s: string): string {
    if (!s.startsWith('/nix/store/')) return s;
    const end = s.indexOf('/', '/nix/store/'.length);
    const root = end < 0 ? s : s.slice(0, end);
    const abs = this.storeSources.get(root);
    return abs === undefined ? s : abs + (end < 0 ? '' : s.slice(end));
  }

  /** `import path`: the file's value, evaluated once per session. */
  importFile(abs: string, at: Span): Value {
    if (abs.startsWith('/nix/store/')) {
      // A file of a package (`import (pkgs + "/nixos/lib/testing-python.nix")`): nixpkgs is not here; not a link out of the repository.
      this.note(`import of ${abs}: a file of a package, not in the repository`, at);
      return { ...unknown('a file of a package', `import ${abs}`, at), noted: true };
    }
    let target = abs;
    if (this.files.kind(target) === 'directory') target = posix.join(target, 'default.nix');
    let t = this.imports.get(target);
    if (!t) {
      const kind = this.files.kind(target);
      const shown = this.files.display(target);
      if (kind === 'outside') {
        this.note(`import of ${shown}: outside the linted folders (links resolved), not read`, at, LINK_OUTSIDE_ROOT);
        return { ...unknown('outside the linted directory', `import ${shown}`, at), noted: true };
      }
      if (kind === 'missing') throw new EvalError(`getting status of '${shown}': No such file or directory`, at, 'other');
      const parsed = this.files.parse(target);
      if ('error' in parsed) {
        // A syntax error is reported once, as the file's parse-error; importing it says no more.
        return { ...unknown(parsed.error, `import ${shown}`, at), noted: true };
      }
      t = new Thunk(parsed.ast, this.globals, null);
      this.imports.set(target, t);
    }
    return this.force(t);
  }
}

/**
 * A literal's value never changes: one (already forced) thunk per literal,
 * kept in the node's memo, is shared by every evaluation of it, which spares
 * the allocator and the GC.
 */
function constantThunk(e: IntLit | FloatLit): Thunk {
  let t = e.memo as Thunk | undefined;
  if (!t) {
    t = new Thunk(e, null, null, e.kind === 'Int' ? int(e.value) : float(e.value));
    e.memo = t;
  }
  return t;
}

/** Thrown by built-ins that meet an unknown argument: the call's value is that unknown. */
export class UnknownArgument extends Error {
  constructor(readonly value: UnknownV) {
    super('unknown argument');
  }
}

function isNode(at: Span | Positioned): at is Positioned {
  return (at as Positioned).source !== undefined;
}

/** A span, or a syntax node's span (made on this first use). */
function placeOf(at: Span | Positioned | undefined): Span | undefined {
  return at && isNode(at) ? spanOf(at) : at;
}
