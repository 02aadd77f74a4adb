/**
 * evalModules: collect a module set (following `imports`, each file once),
 * gather `options` declarations and `config` definitions, and tie `config`
 * as a lazy fixpoint over every module — a module reads another's options
 * through `config` as in NixOS. Submodules (`attrsOf (submodule …)`) are
 * module sets of their own, evaluated the same way.
 */
import { posix } from 'node:path';
import type { Span } from '../../../model/span.js';
import { BudgetExceeded, EvalError } from '../eval/errors.js';
import { fileBudgetMessage } from '../eval/budget.js';
import type { Machine } from '../eval/machine.js';
import { attrs, str, Thunk, unknown, type Attr, type AttrsV, type Value } from '../eval/value.js';
import { addDecls, emptyDecls, type DeclTree } from './decls.js';
import { newDef, type Def } from './defs.js';
import { mergeValue, type MergeContext } from './merge.js';
import type { OptType } from './types.js';
import { spanOf } from '../syntax/positions.js';

export interface ModuleScope {
  m: Machine;
  lib: AttrsV;
  pkgs: Value;
  specialArgs: Map<string, Thunk>;
  /** Every file loaded as a module (absolute), across the sets of this scope. */
  files: Set<string>;
  /** Problems in the configuration (evaluation errors, conflicts), reported as `nix-eval-error`. */
  report(message: string, at: Span | undefined): void;
}

export type ModuleInput =
  /** `guess`: a file nothing imports, evaluated in case it is a module; when it is not a set, that is a note, not a warning. */
  | { kind: 'file'; abs: string; at?: Span; guess?: boolean }
  | { kind: 'value'; value: Thunk; file: string; at?: Span };

/**
 * `x` with the place it was listed at, when known. Added to the object, not spread into a
 * copy: that gives each copy a hidden class of its own (docs/architecture.md, "Speed").
 */
export function listedAt<T extends ModuleInput>(x: T, at: Span | undefined): T {
  return at ? Object.assign(x, { at }) : x;
}

interface LoadedModule {
  file: string;
  options?: Thunk;
  config?: Def;
}

/** Names of a module set that are not config (nixpkgs' shorthand rule). */
const NOT_CONFIG_NAMES = ['_file', 'key', 'disabledModules', 'imports', 'require', 'meta', 'freeformType', '_class'];
const NOT_CONFIG = new Set(NOT_CONFIG_NAMES);

export interface ModuleSet {
  config: Thunk;
  decls: DeclTree;
}

/** `prefix`: where this set's config sits (a submodule's option path), for messages. */
export function evalModuleSet(scope: ModuleScope, inputs: ModuleInput[], extraArgs: Map<string, Thunk> = new Map(), prefix: string[] = []): ModuleSet {
  const { m } = scope;
  // collecting imports → declaring options → ready: config exists only once every declaration is in.
  let phase: 'collecting' | 'declaring' | 'ready' = 'collecting';
  const modules: LoadedModule[] = [];
  let decls: DeclTree = emptyDecls();
  const defs: Def[] = [];
  const ctx: MergeContext = {
    m,
    submodule: (type, d, path) => evalSubmodule(scope, type, d, path),
    warn: (message, at) => scope.report(message, at),
    fail: (e, at) => reportFailure(scope, e, 'a definition could not be evaluated', e instanceof RangeError ? at : e.span ?? at),
  };
  const config: Thunk = Thunk.lazy(() => {
    if (phase === 'collecting') throw new EvalError('config is used while imports are being resolved (imports cannot depend on config)', undefined, 'recursion');
    if (phase === 'declaring') throw new EvalError('config is used while options are being declared (declarations cannot depend on config here)', undefined, 'recursion');
    return mergeValue(ctx, prefix, defs, decls).value;
  });
  // Built on first use: most submodule instances are plain sets, never called.
  let args: Map<string, Thunk> | undefined;
  const seen = new Set<string>();

  const load = (input: ModuleInput): void => {
    let file: string;
    let value: Value;
    try {
      if (input.kind === 'file') {
        let abs = input.abs;
        if (m.files.kind(abs) === 'directory') abs = posix.join(abs, 'default.nix');
        if (seen.has(abs)) return;
        seen.add(abs);
        if (m.files.kind(abs) !== 'outside') scope.files.add(abs);
        file = m.files.display(abs);
        value = m.importFile(abs, input.at ?? spanless(file));
      } else {
        file = input.file;
        value = m.force(input.value);
      }
      if (value.t === 'lambda' || value.t === 'primop' || (value.t === 'attrs' && value.map.has('__functor'))) {
        args ??= moduleArgs(scope, config, extraArgs);
        value = callModule(m, value, args, input.at ?? spanless(file), () => phase === 'ready');
      }
    } catch (e) {
      reportFailure(scope, e, 'module could not be evaluated', (e as EvalError).span ?? input.at);
      return;
    }
    if (value.t === 'unknown') {
      if (!value.noted) m.note(`module is unknown (${value.label}): it is not evaluated`, input.at ?? value.at);
      return;
    }
    if (value.t !== 'attrs') {
      if (input.kind === 'file' && input.guess) m.note(`not a module (a ${value.t}, not a set): not evaluated`, input.at);
      else scope.report(`a module must be a set or a function returning one, not ${value.t}`, input.at);
      return;
    }
    modules.push(readModule(value, file));
    const imports = value.map.get('imports');
    if (imports) {
      for (const item of importList(scope, imports, file)) load(item);
    }
  };

  for (const input of inputs) load(input);
  phase = 'declaring';
  const optionSets: AttrsV[] = [];
  for (let i = 0; i < modules.length; i++) {
    const mod = modules[i]!;
    if (mod.options) {
      try {
        const o = m.force(mod.options);
        if (o.t === 'attrs') optionSets.push(o);
      } catch (e) {
        reportFailure(scope, e, 'options could not be evaluated', (e as EvalError).span);
      }
    }
    if (mod.config) defs.push(mod.config);
  }
  decls = declarations(scope, optionSets);
  phase = 'ready';
  return { config, decls };
}

/**
 * The declaration tree of a sequence of `options` sets. Every instance of a
 * submodule type (each `systemd.services.<name>`) declares the same sets:
 * the tree is built once per sequence and shared (it is only read).
 */
const declCache = new WeakMap<AttrsV, Array<{ rest: AttrsV[]; tree: DeclTree }>>();

function declarations(scope: ModuleScope, sets: AttrsV[]): DeclTree {
  const first = sets[0];
  if (!first) return emptyDecls();
  const rest = sets.slice(1);
  const entries = declCache.get(first) ?? [];
  const hit = entries.find((e) => e.rest.length === rest.length && e.rest.every((x, i) => x === rest[i]));
  if (hit) return hit.tree;
  const tree = emptyDecls();
  for (const o of sets) {
    try {
      addDecls(scope.m, tree, o);
    } catch (e) {
      reportFailure(scope, e, 'options could not be evaluated', (e as EvalError).span);
    }
  }
  entries.push({ rest, tree });
  declCache.set(first, entries);
  return tree;
}

function readModule(value: AttrsV, file: string): LoadedModule {
  const mod: LoadedModule = { file };
  if (value.map.has('config') || value.map.has('options')) {
    const options = value.map.get('options');
    if (options) mod.options = options.v;
    const c = value.map.get('config');
    if (c) {
      mod.config = newDef(c.v, file, [], c.key, c.bind);
    }
    return mod;
  }
  // Shorthand: everything but the module's own keys is config (the set itself when it has none, the common case).
  let config = value;
  if (NOT_CONFIG_NAMES.some((k) => value.map.has(k))) {
    const map = new Map<string, Attr>();
    value.map.forEach((a, name) => {
      if (!NOT_CONFIG.has(name)) map.set(name, a);
    });
    config = attrs(map);
  }
  mod.config = newDef(Thunk.of(config), file, [], undefined, undefined);
  return mod;
}

function importList(scope: ModuleScope, imports: Attr, file: string): ModuleInput[] {
  const { m } = scope;
  const out: ModuleInput[] = [];
  let listV: Value;
  try {
    listV = m.force(imports.v);
  } catch (e) {
    reportFailure(scope, e, 'imports could not be evaluated', (e as EvalError).span ?? imports.bind);
    return out;
  }
  if (listV.t === 'unknown') {
    m.note(`imports are unknown (${listV.label}): not followed`, imports.bind);
    return out;
  }
  if (listV.t !== 'list') {
    scope.report('imports must be a list', imports.bind);
    return out;
  }
  for (const item of listV.items) {
    const at = (item.expr ? spanOf(item.expr) : undefined) ?? imports.bind;
    let v: Value;
    try {
      v = m.force(item);
    } catch (e) {
      reportFailure(scope, e, 'import could not be evaluated', (e as EvalError).span ?? at);
      continue;
    }
    if (v.t === 'path') out.push(listedAt({ kind: 'file', abs: v.p }, at));
    else if (v.t === 'string' && v.s.startsWith('/')) out.push(listedAt({ kind: 'file', abs: m.fromStore(v.s) }, at));
    else if (v.t === 'attrs' || v.t === 'lambda' || v.t === 'primop') out.push(listedAt({ kind: 'value', value: item, file }, at));
    else if (v.t === 'unknown') m.note(`import of ${v.label} is not in the repository: not followed`, at);
    else scope.report(`cannot import ${v.t === 'string' ? `"${v.s}"` : v.t}`, at);
  }
  return out;
}

/** Standard module arguments; anything else a module asks for comes from `config._module.args`. */
const baseArgs = new WeakMap<ModuleScope, Map<string, Thunk>>();

/** The arguments every module of a scope gets (built once per scope). */
function scopeArgs(scope: ModuleScope): Map<string, Thunk> {
  let args = baseArgs.get(scope);
  if (!args) {
    args = new Map<string, Thunk>();
    args.set('lib', Thunk.of(scope.lib));
    args.set('pkgs', Thunk.of(scope.pkgs));
    args.set('options', Thunk.of(unknown('option declarations are not inspected', 'options')));
    args.set('modulesPath', Thunk.of(unknown('nixpkgs is not in the repository', 'modulesPath')));
    args.set('utils', Thunk.of(unknown('nixpkgs is not in the repository', 'utils')));
    args.set('specialArgs', Thunk.of(attrs(new Map([...scope.specialArgs].map(([k, v]) => [k, { v }])))));
    for (const [k, v] of scope.specialArgs) args.set(k, v);
    baseArgs.set(scope, args);
  }
  return args;
}

function moduleArgs(scope: ModuleScope, config: Thunk, extra: Map<string, Thunk>): Map<string, Thunk> {
  const args = new Map(scopeArgs(scope));
  args.set('config', config);
  extra.forEach((v, k) => args.set(k, v));
  return args;
}

/**
 * Calls a module function with the module arguments. A formal that is not one
 * of them comes, as in nixpkgs, from `config._module.args`; while imports are
 * still being collected config does not exist yet, so it is unknown then (it
 * may be a specialArg of a host this file is not evaluated with).
 */
function callModule(m: Machine, f: Value, args: Map<string, Thunk>, at: Span, configReady: () => boolean): Value {
  const fromConfig = (name: string): Thunk =>
    Thunk.lazy(() => {
      if (!configReady()) return unknown(`module argument ${name} is not provided (needed while imports are collected or options declared)`, name, at);
      const c = m.force(args.get('config')!);
      const mod = c.t === 'attrs' ? c.map.get('_module') : undefined;
      const modV = mod ? m.force(mod.v) : undefined;
      const a = modV?.t === 'attrs' ? modV.map.get('args') : undefined;
      const argsV = a ? m.force(a.v) : undefined;
      const found = argsV?.t === 'attrs' ? argsV.map.get(name) : undefined;
      return found ? m.force(found.v) : unknown(`module argument ${name} is not provided in the repository`, name, at);
    });
  const map = new Map<string, Attr>();
  const formals = f.t === 'lambda' ? f.node.formals : null;
  if (formals) {
    for (let i = 0; i < formals.entries.length; i++) {
      const name = formals.entries[i]!.name.name;
      const t = args.get(name);
      if (t) map.set(name, { v: t });
      else if (!formals.entries[i]!.default) map.set(name, { v: fromConfig(name) });
    }
    if (formals.ellipsis)
      args.forEach((v, k) => {
        if (!map.has(k)) map.set(k, { v });
      });
  } else {
    args.forEach((v, k) => map.set(k, { v }));
  }
  return m.apply(f, Thunk.of(attrs(map)), at);
}

function evalSubmodule(scope: ModuleScope, type: Extract<OptType, { kind: 'submodule' }>, defs: Def[], path: string[]): Value {
  const name = path[path.length - 1] ?? '';
  const inputs = type.modules.map((t): ModuleInput => ({ kind: 'value', value: t, file: t.expr ? t.expr.source.file : '<type>' }));
  for (let i = 0; i < defs.length; i++) {
    const d = defs[i]!;
    const at = d.bind ?? d.key;
    inputs.push(at ? { kind: 'value', value: d.v, file: d.file, at } : { kind: 'value', value: d.v, file: d.file });
  }
  const nameT = Thunk.of(str(name));
  const set = evalModuleSet(scope, inputs, new Map([['name', nameT]]), path);
  return scope.m.force(set.config);
}

function spanless(file: string): Span {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

/** An evaluation failure while loading modules: reported (a file over its budget once), unless it must stop everything. */
function reportFailure(scope: ModuleScope, e: unknown, what: string, at: Span | undefined): void {
  rethrowFatal(e);
  if (e instanceof BudgetExceeded && e.file !== undefined) {
    if (scope.m.budgetReported.has(e.file)) return;
    scope.m.budgetReported.add(e.file);
    scope.report(fileBudgetMessage(scope.m.fileBudget), at);
    return;
  }
  scope.report(`${what}: ${e instanceof Error ? e.message : String(e)}`, at);
}

function rethrowFatal(e: unknown): void {
  // The run's budget stops everything; one file's stops that file (reported once by reportFailure).
  if (e instanceof BudgetExceeded) {
    if (e.file === undefined) throw e;
    return;
  }
  if (!(e instanceof EvalError)) {
    if (e instanceof RangeError) return; // JS stack exhausted: report like an evaluation error
    throw e;
  }
}
