/**
 * Seeded random systemd unit sets, for the differential test against
 * `systemd-analyze verify` and for the benchmark.
 *
 * A set is a DAG of services, targets, sockets, timers, path units and
 * template instances (every ordering edge, explicit or implicit, goes from a
 * higher rank to a lower one), plus planted ordering cycles of known kinds and
 * "decoys" that look like cycles but are not (systemd's direct-loop avoidance,
 * DefaultDependencies=no). Units are enabled the way `systemctl enable` and
 * NixOS do it: `[Install] WantedBy=` *and* a `.wants/` symlink.
 *
 * Invariants the differential test relies on (see its header):
 *  - every unit is loadable by systemd (ExecStart=/bin/true, valid names);
 *  - every non-island unit is in the boot transaction (pulled in from
 *    multi-user.target, sockets.target, timers.target or paths.target);
 *  - "island" units are started only by their island's anchor, and no
 *    ordering edge joins two islands, or a boot unit to an island unit. So the
 *    start transactions of the island anchors and of multi-user.target
 *    (`roots`) hold every start transaction of the set, and verifying them in
 *    that order (islands first) gives each one as it would be on its own: none
 *    can reach a job that an earlier one left installed.
 *  - no Conflicts= (stop jobs would change the transaction), no Requires= on
 *    a unit that does not exist.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type PlantKind =
  | 'after-chain' // 2–4 services, After=/Before= (some in drop-ins) in a circle, one transaction
  | 'boot-only' // services only multi-user.target pulls in together, After= in a circle
  | 'default-dep' // Before= a stock early target the unit is ordered after by default dependencies
  | 'target-order' // through a target's implicit After= on the units it wants
  | 'requisite' // closed through a Requisite= (a verify-active job)
  | 'island' // only in the start transaction of a unit nothing enables
  | 'dropin-reset' // one edge survives an empty `After=` in a drop-in (dependencies cannot be reset)
  | 'alias' // one edge names the unit by an alias symlink
  | 'template' // between a template instance (via %i) and a plain unit
  | 'escaped' // through a unit whose name holds a \x2d escape
  | 'activation' // a service ordered before the socket/timer/path unit that activates it
  | 'mount' // a service ordered before a mount that local-fs.target (or remote-fs.target) is after
  | 'slice'; // a service ordered before the slice it runs in (Slice=)

export type DecoyKind =
  | 'direct-loop' // After= the very target that wants it: systemd skips the implicit edge
  | 'no-default-deps' // Before=basic.target with DefaultDependencies=no, or Before=timers.target
  | 'mount-nofail'; // as 'mount', but nofail or a network mount: not ordered before local-fs.target

export interface Planted {
  kind: PlantKind | DecoyKind;
  /** Units of the repo that are part of it (the cycle also holds stock units for some kinds). */
  units: string[];
  cyclic: boolean;
}

export interface GeneratedSet {
  /** Relative path → file content (unit files and drop-ins). */
  files: Map<string, string>;
  /** Relative path of a symlink → its target (relative to the link's folder). */
  links: Map<string, string>;
  /**
   * Every unit of the set, as `systemd-analyze verify` takes them: file paths
   * (relative) for unit files, names for template instances.
   */
  units: string[];
  /**
   * The roots of the set's independent start transactions: each island's
   * anchor, then `multi-user.target` (the boot). Every other unit's start
   * transaction is contained in one of these.
   */
  roots: string[];
  planted: Planted[];
  /** Number of unit files, instances counted, links and drop-ins not. */
  unitCount: number;
}

export interface GenOptions {
  seed: number;
  /** Approximate number of units (planted ones included). */
  units: number;
  /** Number of planted structures (cycles and decoys); default 0–3 at random. */
  plants?: number;
  /** Name prefix, so several sets can share one folder; default `g<seed>-`. */
  prefix?: string;
  /** Restrict planted kinds (default: all). */
  kinds?: readonly (PlantKind | DecoyKind)[];
}

export const ALL_KINDS: readonly (PlantKind | DecoyKind)[] = [
  'after-chain', 'boot-only', 'default-dep', 'target-order', 'requisite', 'island', 'dropin-reset', 'alias',
  'template', 'escaped', 'activation', 'mount', 'slice', 'direct-loop', 'no-default-deps', 'mount-nofail',
];

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Section = 'Unit' | 'Service' | 'Socket' | 'Timer' | 'Path' | 'Mount' | 'Slice' | 'Install';
interface Line {
  section: Section;
  key: string;
  value: string;
}
interface Spec {
  name: string;
  type: 'service' | 'target' | 'socket' | 'timer' | 'path' | 'mount' | 'slice';
  lines: Line[];
  dropins: { file: string; lines: Line[] }[];
  /** Template file (`x@.service`): written, but verified through its instances. */
  template?: boolean;
  /** Ordering rank: every DAG ordering edge goes from a higher rank to a lower one. */
  rank: number;
  island?: number;
  defaultDeps: boolean;
  /** Sockets, timers and path units: no explicit ordering against repo units. */
  early?: boolean;
  enabled?: boolean;
}

/** Stock units a repo unit may be ordered after (none of them is after a repo unit in the DAG part). */
const STOCK_LOW = [
  'network.target', 'network-online.target', 'local-fs.target', 'remote-fs.target', 'time-sync.target',
  'nss-lookup.target', 'basic.target', 'sysinit.target', 'sockets.target', 'timers.target', 'paths.target',
];
const SERVICE_TYPES = ['simple', 'exec', 'oneshot', 'notify', 'forking'];

export function generateUnitSet(opts: GenOptions): GeneratedSet {
  const r = rng(opts.seed);
  const p = opts.prefix ?? `g${opts.seed}-`;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const chance = (x: number): boolean => r() < x;
  const specs: Spec[] = [];
  const links = new Map<string, string>();
  const planted: Planted[] = [];
  const instances: string[] = [];
  const islandAnchors: string[] = [];
  let rank = 0;
  let counter = 0;
  const fresh = (kind: string): string => `${p}${kind}${counter++}`;

  const add = (s: Spec, section: Section, key: string, value: string): void => {
    s.lines.push({ section, key, value });
  };
  const service = (stem: string, extra: Partial<Spec> = {}): Spec => {
    const name = stem.endsWith('.service') ? stem : `${stem}.service`;
    const s: Spec = { name, type: 'service', lines: [], dropins: [], rank: rank++, defaultDeps: true, ...extra };
    const type = pick(SERVICE_TYPES);
    add(s, 'Unit', 'Description', `generated ${name}`);
    add(s, 'Service', 'Type', type);
    add(s, 'Service', 'ExecStart', type === 'oneshot' || type === 'forking' ? '/bin/true' : '/usr/bin/sleep infinity');
    if (type === 'oneshot' && chance(0.5)) add(s, 'Service', 'RemainAfterExit', 'yes');
    specs.push(s);
    return s;
  };
  const target = (stem: string, extra: Partial<Spec> = {}): Spec => {
    const name = stem.endsWith('.target') ? stem : `${stem}.target`;
    const s: Spec = { name, type: 'target', lines: [], dropins: [], rank: rank++, defaultDeps: true, ...extra };
    add(s, 'Unit', 'Description', `generated ${name}`);
    specs.push(s);
    return s;
  };
  const noDefaultDeps = (s: Spec): void => {
    s.defaultDeps = false;
    add(s, 'Unit', 'DefaultDependencies', 'no');
  };
  /** `.wants/` symlink + `[Install] WantedBy=`: enabled, as `systemctl enable` leaves it. */
  const enable = (s: Spec, by: string): void => {
    links.set(`${by}.wants/${s.name}`, `../${s.template ? s.name.replace(/@[^.]*\./, '@.') : s.name}`);
    if (!s.template) add(s, 'Install', 'WantedBy', by);
    s.enabled = true;
  };
  /** `a` is ordered after `b`, written as After= on a or Before= on b (optionally in a drop-in). */
  const order = (a: Spec, b: Spec | string, dropin = false): void => {
    const bName = typeof b === 'string' ? b : b.name;
    const onB = typeof b !== 'string' && chance(0.4);
    const holder = onB ? b : a;
    const line: Line = onB ? { section: 'Unit', key: 'Before', value: a.name } : { section: 'Unit', key: 'After', value: bName };
    if (dropin) {
      holder.dropins.push({ file: `${holder.name}.d/${10 + holder.dropins.length}-order.conf`, lines: [line] });
    } else holder.lines.push(line);
  };

  // ---- planted structures (their units are fresh, so the DAG part cannot interfere) ----
  const kinds = opts.kinds ?? ALL_KINDS;
  const plantCount = opts.plants ?? Math.floor(r() * 4);
  for (let k = 0; k < plantCount; k++) plant(pick(kinds));

  function plant(kind: PlantKind | DecoyKind): void {
    switch (kind) {
      case 'after-chain': {
        const n = 2 + Math.floor(r() * 3);
        const ring = Array.from({ length: n }, () => service(fresh('ring')));
        ring.forEach((s, i) => {
          const next = ring[(i + 1) % n]!;
          order(s, next, chance(0.25));
          if (i < n - 1) add(s, 'Unit', chance(0.7) ? 'Wants' : 'Requires', next.name);
        });
        enable(ring[0]!, 'multi-user.target');
        planted.push({ kind, units: ring.map((s) => s.name), cyclic: true });
        return;
      }
      case 'boot-only': {
        const n = 2 + Math.floor(r() * 2);
        const ring = Array.from({ length: n }, () => service(fresh('boot')));
        ring.forEach((s, i) => order(s, ring[(i + 1) % n]!));
        for (const s of ring) enable(s, 'multi-user.target');
        planted.push({ kind, units: ring.map((s) => s.name), cyclic: true });
        return;
      }
      case 'default-dep': {
        const s = service(fresh('early'));
        // basic.target is after sysinit, sockets and paths (and sysinit after local-fs), not after timers.
        add(s, 'Unit', 'Before', pick(['basic.target', 'sysinit.target', 'sockets.target', 'paths.target', 'local-fs.target']));
        enable(s, 'multi-user.target');
        planted.push({ kind, units: [s.name], cyclic: true });
        return;
      }
      case 'target-order': {
        const variant = Math.floor(r() * 3);
        const s = service(fresh('tsvc'));
        if (variant === 0) {
          // s is wanted by T (T after s); s is after T2, T2 after T.
          const t = target(fresh('tgt'));
          const t2 = target(fresh('tgt'));
          enable(t, 'multi-user.target');
          enable(s, t.name);
          add(s, 'Unit', 'After', t2.name);
          add(s, 'Unit', 'Wants', t2.name);
          order(t2, t);
          planted.push({ kind, units: [s.name, t.name, t2.name], cyclic: true });
        } else if (variant === 1) {
          // multi-user.target wants s (after s); s after T2; T2 after multi-user.target.
          const t2 = target(fresh('tgt'));
          enable(s, 'multi-user.target');
          add(s, 'Unit', 'After', t2.name);
          add(s, 'Unit', 'Wants', t2.name);
          add(t2, 'Unit', 'After', 'multi-user.target');
          planted.push({ kind, units: [s.name, t2.name], cyclic: true });
        } else {
          // The classic: After=graphical.target on a unit multi-user.target wants, graphical pulled in.
          enable(s, 'multi-user.target');
          add(s, 'Unit', 'After', 'graphical.target');
          add(s, 'Unit', 'Wants', 'graphical.target');
          planted.push({ kind, units: [s.name], cyclic: true });
        }
        return;
      }
      case 'requisite': {
        const a = service(fresh('req'));
        const b = service(fresh('req'));
        add(a, 'Unit', 'Requisite', b.name);
        add(a, 'Unit', 'After', b.name);
        add(b, 'Unit', 'After', a.name);
        enable(a, 'multi-user.target');
        planted.push({ kind, units: [a.name, b.name], cyclic: true });
        return;
      }
      case 'island': {
        const island = counter;
        const anchor = chance(0.5) ? service(fresh('isl'), { island }) : target(fresh('isl'), { island });
        const n = 2 + Math.floor(r() * 2);
        const ring = Array.from({ length: n }, () => service(fresh('isl'), { island }));
        ring.forEach((s, i) => order(s, ring[(i + 1) % n]!));
        for (const s of ring) add(anchor, 'Unit', 'Wants', s.name);
        islandAnchors.push(anchor.name);
        planted.push({ kind, units: ring.map((s) => s.name), cyclic: true });
        return;
      }
      case 'dropin-reset': {
        const a = service(fresh('rst'));
        const b = service(fresh('rst'));
        add(a, 'Unit', 'After', b.name);
        add(a, 'Unit', 'Wants', b.name);
        add(b, 'Unit', 'After', a.name);
        // systemd.unit(5): dependencies cannot be reset to an empty list; `After=` is ignored.
        a.dropins.push({ file: `${a.name}.d/50-reset.conf`, lines: [{ section: 'Unit', key: 'After', value: '' }] });
        enable(a, 'multi-user.target');
        planted.push({ kind, units: [a.name, b.name], cyclic: true });
        return;
      }
      case 'alias': {
        const a = service(fresh('real'));
        const b = service(fresh('ali'));
        const alias = `${fresh('alias')}.service`;
        add(a, 'Install', 'Alias', alias);
        links.set(alias, a.name);
        add(b, 'Unit', 'After', alias);
        add(b, 'Unit', 'Wants', alias);
        add(a, 'Unit', 'After', b.name);
        enable(b, 'multi-user.target');
        planted.push({ kind, units: [a.name, b.name], cyclic: true });
        return;
      }
      case 'template': {
        const stem = fresh('tpl');
        const tpl = service(`${stem}@.service`, { template: true });
        const inst = `${stem}@${pick(['a', 'b', 'x1'])}.service`;
        const helperStem = fresh('hlp');
        const helper = service(`${helperStem}-${inst.slice(stem.length + 1, -'.service'.length)}.service`);
        // %i expands to the instance: the instance is after the helper of the same name.
        add(tpl, 'Unit', 'After', `${helperStem}-%i.service`);
        add(tpl, 'Unit', 'Wants', `${helperStem}-%i.service`);
        add(helper, 'Unit', 'After', inst);
        const instSpec: Spec = { ...tpl, name: inst, lines: [], dropins: [] };
        enable(instSpec, 'multi-user.target');
        instances.push(inst);
        planted.push({ kind, units: [inst, helper.name], cyclic: true });
        return;
      }
      case 'escaped': {
        const a = service(`${fresh('esc')}-data\\x2dvol.service`);
        const b = service(fresh('esc'));
        order(a, b);
        add(a, 'Unit', 'Wants', b.name);
        add(b, 'Unit', 'After', a.name);
        enable(a, 'multi-user.target');
        planted.push({ kind, units: [a.name, b.name], cyclic: true });
        return;
      }
      case 'activation': {
        // The activating unit is ordered before the unit it activates (named by default or by
        // Service=/Unit=); the service is ordered before it in turn.
        const stem = fresh('act');
        const variant = pick(['socket', 'timer', 'path'] as const);
        const named = chance(0.5);
        const s = service(named ? fresh('actsvc') : `${stem}.service`);
        const act: Spec = { name: `${stem}.${variant}`, type: variant, lines: [], dropins: [], rank: rank++, defaultDeps: true, early: true };
        if (variant === 'socket') add(act, 'Socket', 'ListenStream', `/run/${stem}.sock`);
        if (variant === 'timer') add(act, 'Timer', 'OnActiveSec', '5min');
        if (variant === 'path') add(act, 'Path', 'PathExists', `/run/${stem}.flag`);
        if (named) add(act, variant === 'socket' ? 'Socket' : variant === 'timer' ? 'Timer' : 'Path', variant === 'socket' ? 'Service' : 'Unit', s.name);
        specs.push(act);
        enable(act, `${variant}s.target`);
        add(s, 'Unit', 'Before', act.name);
        enable(s, 'multi-user.target');
        planted.push({ kind, units: [s.name, act.name], cyclic: true });
        return;
      }
      case 'mount':
      case 'mount-nofail': {
        // Where=/mnt/<x> must match the name; a '-' in the path is escaped as \x2d in the name.
        const leaf = `${p.replace(/-$/, '')}-m${counter++}`;
        const m: Spec = { name: `mnt-${leaf.replace(/-/g, '\\x2d')}.mount`, type: 'mount', lines: [], dropins: [], rank: rank++, defaultDeps: true, early: true };
        add(m, 'Unit', 'Description', `generated ${m.name}`);
        add(m, 'Mount', 'What', 'tmpfs');
        add(m, 'Mount', 'Where', `/mnt/${leaf}`);
        add(m, 'Mount', 'Type', 'tmpfs');
        const variant = kind === 'mount' ? 'local' : pick(['nofail', 'netdev'] as const);
        if (variant === 'nofail') add(m, 'Mount', 'Options', 'nofail');
        if (variant === 'netdev') add(m, 'Mount', 'Options', '_netdev');
        specs.push(m);
        enable(m, 'multi-user.target');
        const s = service(fresh('msvc'));
        add(s, 'Unit', 'Before', m.name);
        enable(s, 'multi-user.target');
        planted.push({ kind, units: [s.name, m.name], cyclic: kind === 'mount' });
        return;
      }
      case 'slice': {
        const sl: Spec = { name: `${fresh('sl')}.slice`, type: 'slice', lines: [], dropins: [], rank: rank++, defaultDeps: true, early: true };
        add(sl, 'Unit', 'Description', `generated ${sl.name}`);
        specs.push(sl);
        const s = service(fresh('slsvc'));
        add(s, 'Service', 'Slice', sl.name);
        add(sl, 'Unit', 'After', s.name);
        enable(s, 'multi-user.target');
        planted.push({ kind, units: [s.name, sl.name], cyclic: true });
        return;
      }
      case 'direct-loop': {
        const s = service(fresh('dl'));
        if (chance(0.5)) {
          enable(s, 'multi-user.target');
          add(s, 'Unit', 'After', 'multi-user.target');
        } else {
          const t = target(fresh('dlt'));
          enable(t, 'multi-user.target');
          enable(s, t.name);
          order(s, t);
        }
        planted.push({ kind, units: [s.name], cyclic: false });
        return;
      }
      case 'no-default-deps': {
        const s = service(fresh('ndd'));
        if (chance(0.7)) {
          noDefaultDeps(s);
          add(s, 'Unit', 'Before', pick(['basic.target', 'sysinit.target', 'sockets.target']));
          add(s, 'Unit', 'After', 'local-fs-pre.target');
        } else {
          // With default dependencies, but basic.target only wants timers.target, it is not ordered after it.
          add(s, 'Unit', 'Before', 'timers.target');
        }
        enable(s, 'multi-user.target');
        planted.push({ kind, units: [s.name], cyclic: false });
        return;
      }
    }
  }

  // ---- the DAG part ----
  const dag: Spec[] = [];
  const plantedCount = specs.length + instances.length;
  const remaining = Math.max(0, opts.units - plantedCount);
  while (dag.length < remaining) {
    const roll = r();
    if (roll < 0.12) {
      const t = target(fresh('t'));
      if (chance(0.1)) noDefaultDeps(t);
      dag.push(t);
    } else if (roll < 0.2 && dag.length + 2 <= remaining) {
      // A socket or a timer and the service it activates.
      const stem = fresh(chance(0.5) ? 'sock' : 'tim');
      const isSock = stem.includes('sock');
      const act: Spec = { name: `${stem}.${isSock ? 'socket' : 'timer'}`, type: isSock ? 'socket' : 'timer', lines: [], dropins: [], rank: rank++, defaultDeps: true, early: true };
      if (isSock) add(act, 'Socket', 'ListenStream', `/run/${stem}.sock`);
      else if (chance(0.5)) add(act, 'Timer', 'OnCalendar', 'daily');
      else add(act, 'Timer', 'OnActiveSec', '1h');
      specs.push(act);
      enable(act, isSock ? 'sockets.target' : 'timers.target');
      dag.push(act, service(`${stem}.service`));
    } else if (roll < 0.23 && dag.length + 2 <= remaining) {
      const stem = fresh('pth');
      const act: Spec = { name: `${stem}.path`, type: 'path', lines: [], dropins: [], rank: rank++, defaultDeps: true, early: true };
      add(act, 'Path', 'PathExists', `/run/${stem}.flag`);
      specs.push(act);
      enable(act, 'paths.target');
      dag.push(act, service(`${stem}.service`));
    } else {
      const s = service(fresh('svc'));
      if (chance(0.08)) noDefaultDeps(s);
      dag.push(s);
    }
  }
  const orderable = dag.filter((s) => !s.early);
  for (const s of orderable) {
    const lower = orderable.filter((o) => o.rank < s.rank);
    const afterCount = Math.floor(r() * 3);
    const afters = new Set<Spec>();
    for (let i = 0; i < afterCount && lower.length; i++) afters.add(pick(lower));
    if (afters.size > 1 && chance(0.4)) add(s, 'Unit', 'After', [...afters].map((o) => o.name).join(' '));
    else for (const o of afters) order(s, o, chance(0.15));
    if (chance(0.4)) add(s, 'Unit', 'After', pick(STOCK_LOW));
    if (chance(0.15)) add(s, 'Unit', 'Before', 'multi-user.target');
    // Pull-ins without ordering go any direction, except a target's (it is ordered after what it wants).
    if (chance(0.3)) {
      const pool = s.type === 'target' && s.defaultDeps ? lower : orderable.filter((o) => o !== s);
      const other = pool.length ? pick(pool) : undefined;
      if (other) add(s, 'Unit', pick(['Wants', 'Wants', 'Requires', 'BindsTo']), other.name);
    }
    if (chance(0.05) && lower.length) {
      const other = pick(lower);
      add(s, 'Unit', 'Requisite', other.name);
      add(s, 'Unit', 'After', other.name);
    }
    if (chance(0.05) && lower.length) add(s, 'Unit', 'PartOf', pick(lower).name);
    if (chance(0.05) && lower.length) add(s, 'Unit', 'OnFailure', pick(lower).name);
    if (chance(0.1)) add(s, 'Unit', 'Wants', 'network-online.target');
    // Enable: in multi-user.target, or in a repo target ordered above it.
    const roll = r();
    if (roll < 0.5) enable(s, 'multi-user.target');
    else if (roll < 0.7) {
      const higher = orderable.filter((o) => o.type === 'target' && o.rank > s.rank);
      if (higher.length) enable(s, pick(higher).name);
    }
  }
  // Anything not reached from the boot transaction gets enabled in multi-user.target.
  const reached = bootReachable(specs, links);
  for (const s of specs) {
    if (s.island !== undefined || s.template || reached.has(s.name)) continue;
    enable(s, 'multi-user.target');
  }
  // Islands: started only by their anchor, never enabled.
  // (Their anchor is verified on the command line; nothing else names them.)

  // ---- render ----
  const files = new Map<string, string>();
  for (const s of specs) {
    files.set(s.name, render(s.lines, r));
    for (const d of s.dropins) files.set(d.file, render(d.lines, r));
  }
  const units = [...specs.filter((sp) => !sp.template).map((sp) => sp.name), ...instances];
  const roots = [...islandAnchors, 'multi-user.target'];
  return { files, links, units, roots, planted, unitCount: specs.filter((s) => !s.template).length + instances.length };
}

/** Names reachable from the boot transaction's roots over the pull-in directives and links of the set. */
function bootReachable(specs: Spec[], links: Map<string, string>): Set<string> {
  const pulls = new Map<string, string[]>();
  const edge = (from: string, to: string): void => {
    const list = pulls.get(from);
    if (list) list.push(to);
    else pulls.set(from, [to]);
  };
  for (const [path] of links) {
    const m = /^(.+)\.wants\/(.+)$/.exec(path);
    if (m) edge(m[1]!, m[2]!);
  }
  for (const s of specs) {
    for (const l of [...s.lines, ...s.dropins.flatMap((d) => d.lines)]) {
      // Requisite= counts: its unit gets a verify-active job in the transaction, which is ordered too.
      if (l.section === 'Unit' && ['Wants', 'Requires', 'BindsTo', 'Requisite'].includes(l.key)) edge(s.name, l.value);
    }
  }
  const seen = new Set<string>();
  const stack = ['multi-user.target', 'sockets.target', 'timers.target', 'paths.target'];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const m of pulls.get(n) ?? []) if (!seen.has(m)) stack.push(m);
  }
  return seen;
}

function render(lines: Line[], r: () => number): string {
  const order: Section[] = ['Unit', 'Service', 'Socket', 'Timer', 'Path', 'Mount', 'Slice', 'Install'];
  let out = '';
  for (const section of order) {
    const mine = lines.filter((l) => l.section === section);
    if (mine.length === 0) continue;
    out += `${out ? '\n' : ''}[${section}]\n`;
    for (const l of mine) {
      // Some syntax variety that must not change the meaning: comments, spaces around '=',
      // and a list split over a continuation line.
      if (r() < 0.05) out += '# generated\n';
      if (l.key === 'After' && l.value.includes(' ') && r() < 0.5) {
        const [first, ...rest] = l.value.split(' ');
        out += `After=${first} \\\n  ${rest.join(' ')}\n`;
      } else if (r() < 0.05) out += `${l.key} = ${l.value}\n`;
      else out += `${l.key}=${l.value}\n`;
    }
  }
  return out;
}

export function writeUnitSet(dir: string, set: GeneratedSet): void {
  mkdirSync(dir, { recursive: true });
  for (const [path, text] of set.files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  for (const [path, target] of set.links) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    symlinkSync(target, join(dir, path));
  }
}
