/**
 * `lib` and `pkgs` for one evaluation session. `lib` is the Nix prelude plus a
 * few native functions; `pkgs` is an unknown whose attributes are packages
 * (opaque store paths that remember which `pkgs.X` they are), whose `lib` is
 * our `lib`, and whose functions return packages too.
 */
import type { Expr } from '../syntax/ast.js';
import { nameString } from '../eval/builtins/attrsets.js';
import { needAttrs, needFunction, needString, primop } from '../eval/builtins/util.js';
import { coerceToString } from '../eval/coerce.js';
import { EvalError } from '../eval/errors.js';
import type { Machine } from '../eval/machine.js';
import { StrBuilder } from '../eval/strings.js';
import { attrs, openAttrs, str, Thunk, type Attr, type AttrsV, type UnknownV, type Value } from '../eval/value.js';
import { parseNix } from '../syntax/parser.js';
import { PRELUDE, PRELUDE_FILE } from './prelude.js';
import { spanOf } from '../syntax/positions.js';

let preludeAst: Expr | undefined;

function prelude(): Expr {
  if (!preludeAst) {
    const r = parseNix(PRELUDE, PRELUDE_FILE);
    if (!r.ast) throw new Error(`lib prelude does not parse: ${r.diagnostics[0]?.message}`);
    preludeAst = r.ast;
  }
  return preludeAst;
}

/** `filterAttrs` keeping each attribute as it was (its key and binding spans). */
function filterAttrs(m: Machine): Value {
  return primop(m, 'filterAttrs', 2, (mm, [p, s], site) => {
    const pred = needFunction(mm, p!, site.span);
    const set = needAttrs(mm, s!, site.span);
    const map = new Map<string, Attr>();
    for (const [k, a] of set.map) {
      const keep = mm.call(pred, [Thunk.of(nameString(k, a)), a.v], site.span);
      if (keep.t === 'unknown') {
        mm.note(`whether ${k} is kept is unknown (${keep.label}): it is left out`, a.key ?? site.span);
        continue;
      }
      if (keep.t !== 'bool') throw mm.typeError(keep, 'a Boolean', site.span);
      if (keep.v) map.set(k, a);
    }
    return attrs(map);
  });
}

/**
 * `flatten`: nested lists made flat. An unknown element (a module list from a
 * flake input) stays one element, so `imports = lib.flatten [ (scanPaths ./.) inputs.x.nixosModules.y ]`
 * still yields the repository's files; in Nix it is a list or a value, and either way its neighbours are known.
 */
function flatten(m: Machine): Value {
  return primop(m, 'flatten', 1, (mm, [x]) => {
    const out: Thunk[] = [];
    const walk = (t: Thunk, depth: number): void => {
      const v = mm.force(t);
      if (v.t === 'list' && depth < 10_000) for (const item of v.items) walk(item, depth + 1);
      else out.push(t);
    };
    walk(x!, 0);
    return { t: 'list', items: out };
  });
}

/** `getOutput "bin" pkg`: a package's output; for an opaque package, the package itself. */
function getOutput(m: Machine): Value {
  return primop(m, 'getOutput', 2, (mm, [o, p], site) => {
    const output = needString(mm, o!, site.span).s;
    const pkg = mm.force(p!);
    if (pkg.t !== 'attrs') return pkg;
    const specified = pkg.map.get('outputSpecified');
    if (specified) {
      const v = mm.force(specified.v);
      if (v.t === 'bool' && v.v) return pkg;
    }
    const out = pkg.map.get(output) ?? pkg.map.get('out');
    return out ? mm.force(out.v) : pkg;
  });
}

/** `getExe pkg`: `<pkg>/bin/<main program>`; an opaque package's program is its attribute name. */
function getExe(m: Machine): Value {
  return primop(m, 'getExe', 1, (mm, [p], site) => {
    const pkg = mm.force(p!);
    let program: string | undefined;
    if (pkg.t === 'unknown') {
      if (!pkg.store) return pkg;
      const quoted = /"([^"]+)"/.exec(pkg.label);
      program = quoted ? quoted[1]! : pkg.label.split('.').pop()!;
    } else if (pkg.t === 'attrs') {
      const meta = pkg.map.get('meta');
      const metaV = meta ? mm.force(meta.v) : undefined;
      const main = metaV?.t === 'attrs' ? metaV.map.get('mainProgram') : undefined;
      const name = main ?? pkg.map.get('pname') ?? pkg.map.get('name');
      const nv = name ? mm.force(name.v) : undefined;
      if (nv?.t === 'unknown') return nv;
      if (nv?.t !== 'string') throw new EvalError('getExe: the package has no name', site.span, 'missing');
      program = main || pkg.map.has('pname') ? nv.s : nv.s.replace(/-[0-9].*$/, '');
    } else throw mm.typeError(pkg, 'a package', site.span);
    const base = coerceToString(mm, pkg, 'interp', site.span);
    if (base.t === 'unknown') return base;
    const b = new StrBuilder();
    b.addString(base, undefined, true);
    b.addString(str(`/bin/${program}`), undefined, false);
    return b.build();
  });
}

export interface LibExtras {
  /** Extra functions (`nixosSystem` for flakes). */
  [name: string]: Value;
}

/** Evaluates the prelude for this session and adds the native parts and namespaces. */
export function makeLib(m: Machine, extras: LibExtras = {}): AttrsV {
  const natives = new Map<string, Attr>([
    ['filterAttrs', { v: Thunk.of(filterAttrs(m)) }],
    ['getOutput', { v: Thunk.of(getOutput(m)) }],
    ['getExe', { v: Thunk.of(getExe(m)) }],
    ['flatten', { v: Thunk.of(flatten(m)) }],
  ]);
  const fn = m.eval(prelude(), m.globals);
  const arg = attrs(new Map([['builtins', { v: Thunk.of(m.builtinsValue) }], ['native', { v: Thunk.of(attrs(natives)) }]]));
  const base = m.apply(fn, Thunk.of(arg), spanOf(prelude()));
  if (base.t !== 'attrs') throw new Error('lib prelude did not evaluate to a set');
  const map = new Map(base.map);
  for (const [k, v] of Object.entries(extras)) map.set(k, { v: Thunk.of(v) });
  const lib: AttrsV = { t: 'attrs', map, open: 'lib' };
  // nixpkgs' sub-namespaces (lib.strings.x, lib.lists.x, …) all answer from the same set here.
  for (const ns of ['strings', 'lists', 'attrsets', 'trivial', 'options', 'modules', 'fixedPoints', 'debug', 'versions', 'asserts', 'meta']) {
    map.set(ns, { v: Thunk.of(lib) });
  }
  const types = map.get('types');
  if (types) {
    const t = m.force(types.v);
    if (t.t === 'attrs') map.set('types', { v: Thunk.of(openAttrs(t.map, 'lib.types')) });
  }
  return lib;
}

/** Package functions whose second argument (or `text`) is a shell script we can read. */
const SCRIPT_WRITERS = new Set(['writeShellScript', 'writeShellScriptBin', 'writeScript', 'writeScriptBin', 'writeBash', 'writeBashBin', 'writeShellApplication']);

/** The script text a `pkgs.writeShellScript "name" ''…''`-style package was made from, if any. */
export function scriptOf(m: Machine, u: UnknownV): Thunk | undefined {
  const fn = /^pkgs\.(?:writers\.)?([A-Za-z]+)/.exec(u.label)?.[1];
  if (!fn || !SCRIPT_WRITERS.has(fn) || !u.args) return undefined;
  if (fn === 'writeShellApplication') {
    const a = u.args[0] ? m.force(u.args[0]) : undefined;
    return a?.t === 'attrs' ? a.map.get('text')?.v : undefined;
  }
  return u.args[1];
}

export const PKGS: UnknownV = { t: 'unknown', why: 'packages are not in the repository', label: 'pkgs', store: true };

/** Wires `pkgs` (and anything unknown that has a `nixosSystem`) into a session. */
export function installPackageHooks(m: Machine, lib: AttrsV, nixosSystem?: Value): void {
  m.onUnknownSelect = (u, name) => {
    if (name === 'lib' && (u.label === 'pkgs' || /(^|\.)nixpkgs$/.test(u.label))) return lib;
    if (name === 'nixosSystem' && nixosSystem) return nixosSystem;
    return undefined;
  };
  m.onUnknownApply = (u, arg) => {
    if (!u.store) return undefined;
    const args = [...(u.args ?? []), arg];
    let label = u.label;
    if (!u.args?.length) {
      // Name the result after its first argument when that is a plain string (`writeShellScript "deploy"`).
      const first = safeForce(m, arg);
      if (first?.t === 'string') label = `${u.label} "${first.s}"`;
      else if (first?.t === 'attrs') {
        const n = first.map.get('name') ?? first.map.get('pname');
        const nv = n ? safeForce(m, n.v) : undefined;
        if (nv?.t === 'string') label = `${u.label} "${nv.s}"`;
      }
    }
    const out: UnknownV = { t: 'unknown', why: u.why, label, store: true, args };
    if (u.at) out.at = u.at;
    return out;
  };
}

function safeForce(m: Machine, t: Thunk): Value | undefined {
  try {
    return m.force(t);
  } catch (e) {
    if (e instanceof EvalError) return undefined;
    throw e;
  }
}

