/**
 * One NixOS evaluation: a fresh evaluator session with our `lib`, an opaque
 * `pkgs`, the NixOS schema module and the host's modules, merged into one
 * lazy `config`. Diagnostics about the configuration are collected here.
 */
import { simpleDiagnostic, type Diagnostic } from '../../../model/diagnostic.js';
import type { Span } from '../../../model/span.js';
import type { Expr } from '../syntax/ast.js';
import { NIX_EVAL_ERROR } from '../../../model/builtin-findings.js';
import { createMachine, type FileAccess, type Machine } from '../eval/index.js';
import type { RunBudget } from '../eval/budget.js';
import { Thunk, type AttrsV, type UnknownV, type Value } from '../eval/value.js';
import { evalModuleSet, type ModuleInput, type ModuleScope } from '../modules/eval-modules.js';
import { installPackageHooks, makeLib, PKGS } from '../modules/lib.js';
import { parseNix } from '../syntax/parser.js';
import { SCHEMA, SCHEMA_FILE } from './schema.js';
import { flakePartsFunctions, isFlakePartsLib } from './flake-parts.js';

export interface SessionOptions {
  files: FileAccess;
  cwd: string;
  /** The run's budget, shared by every session of the run. */
  run: RunBudget;
  /** Steps any one file's expressions may take. */
  fileBudget?: number;
  /** `lib.nixosSystem` and `<x>.nixosSystem`: what a flake's host declarations call. */
  nixosSystem?: (m: Machine) => Value;
}

export interface Session {
  m: Machine;
  lib: AttrsV;
  scope: ModuleScope;
  diagnostics: Diagnostic[];
}

let schemaAst: Expr | undefined;

function schema(): Expr {
  if (!schemaAst) {
    const r = parseNix(SCHEMA, SCHEMA_FILE);
    if (!r.ast) throw new Error(`NixOS schema does not parse: ${r.diagnostics[0]?.message}`);
    schemaAst = r.ast;
  }
  return schemaAst;
}

export function createSession(opts: SessionOptions, specialArgs: Map<string, Thunk> = new Map()): Session {
  const diagnostics: Diagnostic[] = [];
  let lib: AttrsV | undefined;
  const m = createMachine({
    files: opts.files,
    cwd: opts.cwd,
    run: opts.run,
    fileBudget: opts.fileBudget,
    hooks: {
      importUnknown: (u: UnknownV, at: Span) => importUnknown(m, () => lib!, u, at),
    },
  });
  const nixosSystem = opts.nixosSystem?.(m);
  lib = makeLib(m, nixosSystem ? { nixosSystem } : {});
  installPackageHooks(m, lib, nixosSystem);
  // flake-parts' mkFlake/evalFlakeModule, on whatever input is named flake-parts.
  const flakeParts = flakePartsFunctions(() => ({ m, lib: lib!, pkgs: PKGS, report: (message, at) => scope.report(message, at) }), new Set());
  const packages = m.onUnknownSelect;
  m.onUnknownSelect = (u, name, at) => packages?.(u, name, at) ?? (isFlakePartsLib(u.label) ? flakeParts.get(name) : undefined);
  const seenReports = new Set<string>();
  const scope: ModuleScope = {
    m,
    lib,
    pkgs: PKGS,
    specialArgs,
    files: new Set(),
    report(message, at) {
      if (!at || at.file.startsWith('<')) return;
      const key = `${at.file}:${at.line}:${at.column}:${message}`;
      if (seenReports.has(key)) return;
      seenReports.add(key);
      diagnostics.push(simpleDiagnostic(NIX_EVAL_ERROR, 'warning', message, at));
    },
  };
  return { m, lib, scope, diagnostics };
}

/** `import <nixpkgs> {}` is `pkgs`; `import <nixpkgs/lib>` is our lib; anything else stays unknown. */
function importUnknown(m: Machine, lib: () => AttrsV, u: UnknownV, at: Span): Value {
  if (u.label === '<nixpkgs>') {
    m.note('import of <nixpkgs>: packages are opaque to the analyzer', at);
    return { t: 'primop', name: 'nixpkgs', arity: 1, args: [], fn: () => PKGS };
  }
  if (u.label === '<nixpkgs/lib>') return lib();
  m.note(`import of ${u.label}: not in the repository`, at);
  return { ...u, label: `import ${u.label}` };
}

/**
 * The NixOS schema module followed by the given modules, as one module set.
 * `scope` defaults to the session's; a host passes its own (its special
 * arguments, its own record of the files it loads).
 */
export function evalNixos(session: Session, modules: ModuleInput[], scope: ModuleScope = session.scope): Thunk {
  const schemaValue = Thunk.lazy(() => session.m.eval(schema(), session.m.globals));
  const set = evalModuleSet(scope, [{ kind: 'value', value: schemaValue, file: SCHEMA_FILE }, ...modules]);
  return set.config;
}
