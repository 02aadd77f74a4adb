/**
 * Files, the store and the outside world. Repository files are read (never
 * anything outside the linted directory); fetchers, derivations, the
 * environment and the current system are unknown — the analyzer reads files
 * and reasons, it never builds or downloads.
 */
import { posix } from 'node:path';
import { LINK_OUTSIDE_ROOT } from '../../../../model/builtin-findings.js';
import { stringUnits } from '../budget.js';
import type { Span } from '../../../../model/span.js';
import { fakeStoreHash } from '../coerce.js';
import { EvalError } from '../errors.js';
import { canonicalPath } from '../literals.js';
import { UnknownArgument, type Machine } from '../machine.js';
import { attrs, bool, int, str, Thunk, unknown, type Attr, type PathV, type StrV, type UnknownV, type Value } from '../value.js';
import { coerceString, known, needAttrs, needString, primop, type Impl } from './util.js';

export interface FileHooks {
  /** `import` of something unknown (`<nixpkgs>`, a flake input). */
  importUnknown?: (u: UnknownV, at: Span) => Value;
}

/** The absolute path a path or string argument names. */
function pathArg(m: Machine, t: Thunk, at: Span): string {
  const v = known(m, t);
  if (v.t === 'path') return v.p;
  const s = m.fromStore(coerceString(m, t, at).s);
  if (!s.startsWith('/')) throw new EvalError(`string '${s}' doesn't represent an absolute path`, at, 'other');
  return canonicalPath(s);
}

function outside(m: Machine, what: string, abs: string, at: Span): UnknownV {
  const shown = m.files.display(abs);
  m.note(`${what} ${shown}: outside the linted folders (links resolved), not read`, at, LINK_OUTSIDE_ROOT);
  return { ...unknown('outside the linted directory', `${what} ${shown}`, at), noted: true };
}

const readFile: Impl = (m, [p], site) => {
  const abs = pathArg(m, p!, site.span);
  const r = m.files.readText(abs);
  if ('error' in r) {
    if (m.files.kind(abs) === 'outside') return outside(m, 'readFile', abs, site.span);
    throw new EvalError(`opening file '${m.files.display(abs)}': ${r.error}`, site.span, 'other');
  }
  m.alloc(stringUnits(r.text.length), site.span);
  // The text maps onto the file it was read from.
  const v: StrV = { t: 'string', s: r.text, src: { file: r.file, segments: [{ offset: 0, line: 1, column: 1 }] } };
  return v;
};

const pathExists: Impl = (m, [p], site) => {
  const abs = pathArg(m, p!, site.span);
  const kind = m.files.kind(abs);
  if (kind === 'outside') return unknown('outside the linted directory', `pathExists ${abs}`, site.span);
  return bool(kind !== 'missing');
};

const readDir: Impl = (m, [p], site) => {
  const abs = pathArg(m, p!, site.span);
  if (m.files.kind(abs) === 'outside') return outside(m, 'readDir', abs, site.span);
  const entries = m.files.list(abs);
  if (!entries) throw new EvalError(`opening directory '${m.files.display(abs)}': not a directory`, site.span, 'other');
  const map = new Map<string, Attr>();
  for (const e of entries) map.set(e.name, { v: Thunk.of(str(e.kind)) });
  return attrs(map);
};

const baseNameOf: Impl = (m, [p], site) => {
  const s = coerceString(m, p!, site.span).s;
  const trimmed = s.endsWith('/') ? s.slice(0, -1) : s;
  return str(trimmed.slice(trimmed.lastIndexOf('/') + 1));
};

const dirOf: Impl = (m, [p], site) => {
  const v = known(m, p!);
  if (v.t === 'path') return { t: 'path', p: posix.dirname(v.p) } satisfies PathV;
  const s = coerceString(m, p!, site.span).s;
  const i = s.lastIndexOf('/');
  return str(i < 0 ? '.' : i === 0 ? '/' : s.slice(0, i));
};

const toPath: Impl = (m, [p], site) => str(pathArg(m, p!, site.span));

/** `builtins.path { path; … }` and `filterSource f path`: the repository path itself. */
const pathBuiltin: Impl = (m, [a], site) => {
  const set = needAttrs(m, a!, site.span);
  const p = set.map.get('path');
  if (!p) throw new EvalError("'path' required", site.span, 'missing');
  return { t: 'path', p: pathArg(m, p.v, site.span) };
};

const filterSource: Impl = (m, [, p], site) => ({ t: 'path', p: pathArg(m, p!, site.span) });

const opaque =
  (name: string, store: boolean): Impl =>
  (m, args, site) => {
    let label = `builtins.${name}`;
    const first = args[0] ? m.force(args[0]) : undefined;
    if (first?.t === 'attrs') {
      const n = first.map.get('name');
      const nv = n ? m.force(n.v) : undefined;
      if (nv?.t === 'string') label += ` "${nv.s}"`;
    }
    const u = unknown(`${name} is not evaluated by the analyzer`, label, site.span);
    if (store) u.store = true;
    return u;
  };

const toFile: Impl = (m, [n, s], site) => {
  const name = needString(m, n!, site.span).s;
  const text = needString(m, s!, site.span);
  const path = `/nix/store/${fakeStoreHash(`${name}\0${text.s}`)}-${name}`;
  return str(path, new Set([`builtins.toFile "${name}"`]));
};

const placeholder: Impl = (m, [o], site) => str(`/${fakeStoreHash(`placeholder:${needString(m, o!, site.span).s}`)}`);

export function fileBuiltins(m: Machine, hooks: FileHooks): Record<string, Value> {
  const importImpl: Impl = (mm, [p], site) => {
    const v = mm.force(p!);
    if (v.t === 'unknown') {
      if (hooks.importUnknown) return hooks.importUnknown(v, site.span);
      throw new UnknownArgument(v);
    }
    return mm.importFile(pathArg(mm, p!, site.span), site.span);
  };
  const system = unknown('the build platform is not known statically', 'builtins.currentSystem');
  return {
    import: primop(m, 'import', 1, importImpl),
    readFile: primop(m, 'readFile', 1, readFile),
    pathExists: primop(m, 'pathExists', 1, pathExists),
    readDir: primop(m, 'readDir', 1, readDir),
    baseNameOf: primop(m, 'baseNameOf', 1, baseNameOf),
    dirOf: primop(m, 'dirOf', 1, dirOf),
    toPath: primop(m, 'toPath', 1, toPath),
    path: primop(m, 'path', 1, pathBuiltin),
    filterSource: primop(m, 'filterSource', 2, filterSource),
    fetchurl: primop(m, 'fetchurl', 1, opaque('fetchurl', true)),
    fetchTarball: primop(m, 'fetchTarball', 1, opaque('fetchTarball', true)),
    fetchGit: primop(m, 'fetchGit', 1, opaque('fetchGit', true)),
    fetchMercurial: primop(m, 'fetchMercurial', 1, opaque('fetchMercurial', true)),
    fetchTree: primop(m, 'fetchTree', 1, opaque('fetchTree', true)),
    derivation: primop(m, 'derivation', 1, opaque('derivation', true)),
    derivationStrict: primop(m, 'derivationStrict', 1, opaque('derivation', true)),
    getEnv: primop(m, 'getEnv', 1, opaque('getEnv', false)),
    toFile: primop(m, 'toFile', 2, toFile),
    placeholder: primop(m, 'placeholder', 1, placeholder),
    storePath: primop(m, 'storePath', 1, opaque('storePath', true)),
    currentSystem: system,
    currentTime: unknown('the time of evaluation is not known statically', 'builtins.currentTime'),
    nixPath: unknown('NIX_PATH is not read', 'builtins.nixPath'),
    storeDir: str('/nix/store'),
    nixVersion: str('2.8.0'),
    langVersion: int(6n),
  };
}
