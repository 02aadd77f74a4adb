/**
 * flake-parts (`flake-parts.lib.mkFlake { inherit inputs; } { imports = …; flake = …; }`):
 * the flake's outputs are the `flake` option of a module set of its own, whose
 * modules get `self`, `inputs` and `lib`. Evaluated with the same module
 * system as NixOS configurations, against a schema of the few options
 * flake-parts declares that matter here: `flake.nixosModules.NAME` (and the
 * darwin/home-manager ones) are deferred modules, `flake.nixosConfigurations`
 * and friends are attribute sets of values taken as they are.
 * `perSystem` is not evaluated (packages and shells, not hosts).
 */
import type { Span } from '../../../model/span.js';
import type { Expr } from '../syntax/ast.js';
import { primop } from '../eval/builtins/util.js';
import type { Machine } from '../eval/machine.js';
import { attrs, Thunk, unknown, type Attr, type AttrsV, type Value } from '../eval/value.js';
import { evalModuleSet, type ModuleScope } from '../modules/eval-modules.js';
import { parseNix } from '../syntax/parser.js';
import { spanOf } from '../syntax/positions.js';

export const FLAKE_PARTS_SCHEMA_FILE = '<flake-parts>';

const SCHEMA = `{ lib, ... }:
let
  t = lib.types;
  modules = lib.mkOption { type = t.lazyAttrsOf t.deferredModule; default = { }; };
  values = lib.mkOption { type = t.lazyAttrsOf t.raw; default = { }; };
in
{
  options.systems = lib.mkOption { type = t.listOf t.str; default = [ ]; };
  options.perSystem = lib.mkOption { type = t.deferredModule; default = { }; };
  options.flake = lib.mkOption {
    type = t.submoduleWith {
      modules = [
        {
          options = {
            nixosModules = modules;
            darwinModules = modules;
            homeManagerModules = modules;
            homeModules = modules;
            flakeModules = modules;
            nixosConfigurations = values;
            darwinConfigurations = values;
            homeConfigurations = values;
          };
        }
      ];
    };
    default = { };
  };
}`;

let schemaAst: Expr | undefined;

function schema(): Expr {
  if (!schemaAst) {
    const r = parseNix(SCHEMA, FLAKE_PARTS_SCHEMA_FILE);
    if (!r.ast) throw new Error(`flake-parts schema does not parse: ${r.diagnostics[0]?.message}`);
    schemaAst = r.ast;
  }
  return schemaAst;
}

/** `x.lib.mkFlake` / `x.lib.evalFlakeModule` where `x` is the flake-parts input. */
export function isFlakePartsLib(label: string): boolean {
  return /(^|\.)flake-parts\.lib$/.test(label);
}

/**
 * The two entry points. `scope` gives the session's machine, lib and report;
 * each call evaluates its own module set (its files are recorded in `files`).
 */
export function flakePartsFunctions(scope: () => Omit<ModuleScope, 'specialArgs' | 'files'>, files: Set<string>): Map<string, Value> {
  const make = (name: string, wrap: (config: Thunk, m: Machine) => Value): Value =>
    primop(scope().m, name, 2, (m, [args, module], site) => {
      const config = flakeConfig(m, scope(), files, args!, module!, site.span);
      return wrap(config, m);
    });
  return new Map<string, Value>([
    ['mkFlake', make('mkFlake', (config, m) => select(m, config, 'flake'))],
    ['evalFlakeModule', make('evalFlakeModule', (config) => attrs(new Map<string, Attr>([['config', { v: config }]])))],
  ]);
}

function select(m: Machine, t: Thunk, name: string): Value {
  const v = m.force(t);
  const a = v.t === 'attrs' ? v.map.get(name) : undefined;
  return a ? m.force(a.v) : unknown(`flake-parts: ${name} is not defined`, name);
}

function flakeConfig(m: Machine, base: Omit<ModuleScope, 'specialArgs' | 'files'>, files: Set<string>, args: Thunk, module: Thunk, at: Span): Thunk {
  const a = m.force(args);
  const given: AttrsV = a.t === 'attrs' ? a : { t: 'attrs', map: new Map() };
  const inputs = given.map.get('inputs')?.v ?? Thunk.of(unknown('flake-parts: no inputs given', 'inputs', at));
  const self =
    given.map.get('self')?.v ??
    Thunk.lazy(() => {
      const i = m.force(inputs);
      const s = i.t === 'attrs' ? i.map.get('self') : undefined;
      return s ? m.force(s.v) : unknown('flake-parts: inputs.self is not given', 'self', at);
    });
  const specialArgs = new Map<string, Thunk>([
    ['inputs', inputs],
    ['self', self],
  ]);
  const extra = given.map.get('specialArgs');
  const extraV = extra ? m.force(extra.v) : undefined;
  if (extraV?.t === 'attrs') for (const [k, v] of extraV.map) specialArgs.set(k, v.v);
  const scope: ModuleScope = { ...base, specialArgs, files };
  const schemaValue = Thunk.lazy(() => m.eval(schema(), m.globals));
  const file = module.expr ? spanOf(module.expr).file : at.file;
  const set = evalModuleSet(scope, [
    { kind: 'value', value: schemaValue, file: FLAKE_PARTS_SCHEMA_FILE },
    { kind: 'value', value: module, file, at },
  ]);
  return set.config;
}
