/**
 * Which NixOS hosts a repository declares, and with which modules:
 *
 * - a flake's `nixosConfigurations.NAME = <anything>.nixosSystem { modules =
 *   [ … ]; specialArgs = …; }` — found by evaluating `outputs` with opaque
 *   inputs, where any `.nixosSystem` records its argument (nixpkgs is not
 *   there, so this is recognised by shape);
 * - `hosts/NAME/default.nix` (or `configuration.nix`): a host whose root
 *   module imports the rest.
 */
import { posix } from 'node:path';
import type { Span } from '../../../model/span.js';
import type { Machine } from '../eval/machine.js';
import { attrs, str, Thunk, unknown, type Attr, type AttrsV, type Value } from '../eval/value.js';
import { listedAt, type ModuleInput } from '../modules/eval-modules.js';
import { guard, real, type Reader } from './read.js';
import { spanOf } from '../syntax/positions.js';

const HOST_MARKER = '__deployLintNixosSystem';

/** `nixosSystem args`: a value that remembers its arguments (and whose `config` is unknown to Nix code). */
export function nixosSystemPrimop(): Value {
  return {
    t: 'primop',
    name: 'nixosSystem',
    arity: 1,
    args: [],
    fn: ([a]) => {
      const map = new Map<string, Attr>();
      map.set(HOST_MARKER, { v: a! });
      map.set('_type', { v: Thunk.of(str('configuration')) });
      for (const k of ['config', 'options', 'pkgs']) map.set(k, { v: Thunk.of(unknown('a host configuration is read by the analyzer, not by Nix code', `nixosSystem.${k}`)) });
      return attrs(map);
    },
  };
}

export interface HostDecl {
  name: string;
  span: Span;
  modules: ModuleInput[];
  specialArgs: Map<string, Thunk>;
}

function attrsOf(v: Value | undefined): AttrsV | undefined {
  return v?.t === 'attrs' ? v : undefined;
}

/** The hosts of one flake, evaluated in `r`'s session. */
export function flakeHosts(r: Reader, flakeAbs: string): HostDecl[] {
  const { m } = r;
  const file = m.files.display(flakeAbs);
  const top: Span = { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  const flake = attrsOf(guard(r, top, undefined, () => m.importFile(flakeAbs, top)));
  const outputsA = flake?.map.get('outputs');
  if (!outputsA) return [];
  // `self` is the flake's own outputs (with outPath, its folder), as Nix ties it: `self.nixosModules.x`.
  const result: Thunk = Thunk.lazy(() => {
    const outputs = m.force(outputsA.v);
    return m.apply(outputs, Thunk.of(inputsArg(m, flake!, outputs, self)), real(outputsA.bind) ?? top);
  });
  const self: Thunk = Thunk.lazy(() => {
    const v = m.force(result);
    if (v.t !== 'attrs') return v;
    const map = new Map(v.map);
    map.set('outPath', { v: Thunk.of({ t: 'path', p: posix.dirname(flakeAbs) }) });
    map.set('outputs', { v: result });
    map.set('_type', { v: Thunk.of(str('flake')) });
    return attrs(map);
  });
  const out = attrsOf(guard(r, outputsA.key, undefined, () => m.force(result)));
  const configs = attrsOf(guard(r, outputsA.key, undefined, () => (out?.map.get('nixosConfigurations') ? m.force(out.map.get('nixosConfigurations')!.v) : undefined)));
  if (!configs) return [];
  const hosts: HostDecl[] = [];
  for (const [name, a] of [...configs.map].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    const span = real(a.key) ?? real(a.bind) ?? top;
    const v = attrsOf(guard(r, span, undefined, () => m.force(a.v)));
    const argsA = v?.map.get(HOST_MARKER);
    if (!argsA) {
      m.note(`nixosConfigurations.${name} is not a nixosSystem call the analyzer can read: not evaluated`, span);
      continue;
    }
    const args = attrsOf(guard(r, span, undefined, () => m.force(argsA.v)));
    hosts.push({ name, span, modules: moduleList(r, args, file), specialArgs: specialArgs(r, args) });
  }
  return hosts;
}

/** Flake inputs are opaque; `nixpkgs.lib` answers with our lib (see installPackageHooks). */
function inputsArg(m: Machine, flake: AttrsV, outputs: Value, self: Thunk): AttrsV {
  const names = new Set<string>(['self']);
  const declared = flake.map.get('inputs');
  const inputs = declared ? m.force(declared.v) : undefined;
  if (inputs?.t === 'attrs') for (const k of inputs.map.keys()) names.add(k);
  const formals = outputs.t === 'lambda' ? outputs.node.formals : null;
  for (const f of formals?.entries ?? []) names.add(f.name.name);
  const map = new Map<string, Attr>();
  const wanted = formals && !formals.ellipsis ? new Set(formals.entries.map((f) => f.name.name)) : names;
  for (const n of names) if (wanted.has(n)) map.set(n, { v: n === 'self' ? self : Thunk.of(unknown(`flake input ${n} is not in the repository`, n)) });
  // An input used but not declared is as opaque as a declared one.
  return { t: 'attrs', map, open: 'inputs' };
}

function moduleList(r: Reader, args: AttrsV | undefined, file: string): ModuleInput[] {
  const out: ModuleInput[] = [];
  const mods = args?.map.get('modules');
  const list = mods ? guard(r, mods.key, undefined, () => r.m.force(mods.v)) : undefined;
  if (list?.t !== 'list') return out;
  for (const item of list.items) {
    const at = real(item.expr ? spanOf(item.expr) : undefined);
    const v = guard(r, at, undefined, () => r.m.force(item));
    if (!v) continue;
    if (v.t === 'path') out.push(listedAt({ kind: 'file', abs: v.p }, at));
    else if (v.t === 'string' && v.s.startsWith('/')) out.push(listedAt({ kind: 'file', abs: r.m.fromStore(v.s) }, at));
    else if (v.t === 'attrs' || v.t === 'lambda') out.push(listedAt({ kind: 'value', value: item, file: item.expr ? spanOf(item.expr).file : file }, at));
    else if (v.t === 'unknown') r.m.note(`module ${v.label} is not in the repository: not evaluated`, at);
  }
  return out;
}

function specialArgs(r: Reader, args: AttrsV | undefined): Map<string, Thunk> {
  const out = new Map<string, Thunk>();
  const sa = args?.map.get('specialArgs');
  const v = sa ? guard(r, sa.key, undefined, () => r.m.force(sa.v)) : undefined;
  if (v?.t === 'attrs') for (const [k, a] of v.map) out.set(k, a.v);
  return out;
}

export interface FolderHost {
  name: string;
  root: string;
  /** The folder that holds the hosts folder (names a host when two repositories have one of that name). */
  base: string;
}

/**
 * Host roots by layout, most explicit first (`rank` orders two roots of one host):
 * - `hosts/NAME/default.nix` (or `configuration.nix`), also `machines/` (clan
 *   and many hand-written repositories) and `hosts/nixos/NAME/`;
 * - nixos-unified's `configurations/nixos/NAME.nix` or `NAME/default.nix`,
 *   ez-configs' `nixos-configurations/NAME…`;
 * - `hosts/NAME.nix`, when the file shows it is a machine (it sets
 *   networking.hostName, system.stateVersion, fileSystems or boot.loader):
 *   `hosts/common.nix` beside them is a module, not a host.
 */
const HOST_LAYOUTS: Array<{ re: RegExp; rank: (m: RegExpExecArray) => number; evidence?: boolean }> = [
  { re: /^(.*?)(?:hosts|machines)\/(?:nixos\/)?([^/]+)\/(default|configuration)\.nix$/, rank: (m) => (m[3] === 'default' ? 0 : 1) },
  { re: /^(.*?)(?:configurations\/nixos|nixos-configurations)\/([^/]+?)(?:\/default)?\.nix$/, rank: () => 0 },
  { re: /^(.*?)(?:hosts|machines)\/([^/]+)\.nix$/, rank: () => 2, evidence: true },
];

const MACHINE_EVIDENCE = /^\s*(?:networking\.hostName|system\.stateVersion|fileSystems|boot\.loader)\b/m;

export function folderHosts(nixFiles: ReadonlyArray<{ path: string; absPath: string }>, text: (abs: string) => string | undefined = () => undefined): FolderHost[] {
  const byHost = new Map<string, FolderHost & { rank: number }>();
  for (const f of nixFiles) {
    for (const layout of HOST_LAYOUTS) {
      const m = layout.re.exec(f.path);
      if (!m) continue;
      const name = m[2]!;
      if (name === 'default' || name === 'common' || name === 'darwin' || name === 'nixos') continue;
      if (layout.evidence && !MACHINE_EVIDENCE.test(text(f.absPath) ?? '')) continue;
      const base = m[1]!.replace(/\/$/, '') || '.';
      const key = `${base}\0${name}`;
      const rank = layout.rank(m);
      const prev = byHost.get(key);
      if (!prev || rank < prev.rank) byHost.set(key, { name, root: f.absPath, base, rank });
      break;
    }
  }
  return [...byHost.values()].map(({ name, root, base }) => ({ name, root, base })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.root < b.root ? -1 : 1));
}

/**
 * Not NixOS: nix-darwin and home-manager configurations, by where they live
 * (`darwin/`, `darwin-configurations/`, `configurations/home/`,
 * `home-manager/`, …) or by what they set at their top (`home.stateVersion`,
 * `homebrew`, `system.defaults`). Files no host imports that are such are not
 * evaluated as NixOS modules.
 */
export function notNixos(path: string, text: string | undefined): boolean {
  if (/(?:^|\/)(?:darwin|darwin-configurations|home-configurations|home-manager|hm|nix-darwin)\//.test(path)) return true;
  if (/(?:^|\/)(?:configurations|hosts|machines)\/(?:darwin|home)\//.test(path)) return true;
  if (/(?:^|\/)(?:hosts|machines)\/darwin[-_][^/]*\//.test(path)) return true;
  if (!text) return false;
  if (/^\s*(?:homebrew|system\.defaults|launchd\.(?:agents|daemons|user))\b/m.test(text)) return true;
  return /^\s*home\.(?:stateVersion|username|homeDirectory|packages|file|sessionVariables)\b/m.test(text) && !/\bhome-manager\.(?:users|useGlobalPkgs|useUserPackages)/.test(text);
}
