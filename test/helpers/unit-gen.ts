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
import { spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DeployGraph } from '../../src/graph/model.js';

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
  | 'slice' // a service ordered before the slice it runs in (Slice=)
  | 'exec-implicit'; // ordered before what PrivateTmp=, StateDirectory=, StandardOutput=journal or Type=dbus orders it after

export type DecoyKind =
  | 'direct-loop' // After= the very target that wants it: systemd skips the implicit edge
  | 'no-default-deps' // Before=basic.target with DefaultDependencies=no, or Before=timers.target
  | 'mount-nofail' // as 'mount', but nofail or a network mount: not ordered before local-fs.target
  | 'busname-notify'; // BusName= with Type=notify ordered before dbus.socket: only Type=dbus gets the implicit edge

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
  'template', 'escaped', 'activation', 'mount', 'slice', 'exec-implicit', 'direct-loop', 'no-default-deps', 'mount-nofail',
  'busname-notify',
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
      case 'exec-implicit':
      case 'busname-notify': {
        const s = service(fresh('exi'));
        // Bus names must be unique among all units loaded together (sets share a dump process).
        const bus = `org.deploylint.${p.replace(/[^a-z0-9]/gi, '')}.gen${counter++}`;
        const [key, value, other] =
          kind === 'busname-notify'
            ? ['BusName', bus, 'dbus.socket']
            : pick([
                ['PrivateTmp', 'yes', 'systemd-tmpfiles-setup.service'],
                ['StateDirectory', `gen${counter++}`, 'systemd-remount-fs.service'],
                ['StandardOutput', pick(['journal', 'journal+console', 'kmsg']), 'systemd-journald.socket'],
                ['BusName', bus, 'dbus.socket'],
              ] as const);
        if (key === 'BusName') {
          // Type=dbus by default once BusName= is set; the decoy says Type=notify.
          s.lines = s.lines.filter((l) => l.key !== 'Type' && l.key !== 'ExecStart' && l.key !== 'RemainAfterExit');
          if (kind === 'busname-notify') add(s, 'Service', 'Type', 'notify');
          else if (chance(0.5)) add(s, 'Service', 'Type', 'dbus');
          add(s, 'Service', 'ExecStart', '/usr/bin/sleep infinity');
        }
        add(s, 'Service', key, value);
        // Without default dependencies, so that only the implicit edge can close the circle
        // (dbus.socket and the journal socket are before sockets.target, which basic.target is after).
        noDefaultDeps(s);
        add(s, 'Unit', 'Before', other);
        add(s, 'Unit', 'Wants', other);
        enable(s, 'multi-user.target');
        planted.push({ kind, units: [s.name], cyclic: kind === 'exec-implicit' });
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
      // Sometimes the pair is named explicitly from both sides: Service= on the socket, Sockets= on the service.
      const named = isSock && chance(0.3);
      const svc = service(named ? `${stem}-d.service` : `${stem}.service`);
      if (named) {
        add(act, 'Socket', 'Service', svc.name);
        add(svc, 'Service', 'Sockets', act.name);
      }
      dag.push(act, svc);
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
  // In rank order (ranks are handed out as units are made), so "lower" is a prefix: linear, for the benchmark's 5,000.
  const orderable = dag.filter((s) => !s.early);
  const targets = orderable.filter((o) => o.type === 'target');
  let firstHigherTarget = 0;
  orderable.forEach((s, idx) => {
    const lower = orderable.slice(0, idx);
    const afterCount = Math.floor(r() * 3);
    const afters = new Set<Spec>();
    for (let i = 0; i < afterCount && lower.length; i++) afters.add(pick(lower));
    if (afters.size > 1 && chance(0.4)) add(s, 'Unit', 'After', [...afters].map((o) => o.name).join(' '));
    else for (const o of afters) order(s, o, chance(0.15));
    if (chance(0.4)) add(s, 'Unit', 'After', pick(STOCK_LOW));
    if (chance(0.15)) add(s, 'Unit', 'Before', 'multi-user.target');
    // Pull-ins without ordering go any direction, except a target's (it is ordered after what it wants).
    if (chance(0.3)) {
      let other: Spec | undefined;
      if (s.type === 'target' && s.defaultDeps) other = lower.length ? pick(lower) : undefined;
      else if (orderable.length > 1) {
        const j = Math.floor(r() * (orderable.length - 1)); // any unit but s itself
        other = orderable[j < idx ? j : j + 1];
      }
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
    if (s.type === 'service') {
      if (chance(0.1)) add(s, 'Service', 'PrivateTmp', pick(['yes', 'true', 'no']));
      if (chance(0.08)) add(s, 'Service', pick(['StateDirectory', 'CacheDirectory', 'LogsDirectory']), `gen/${s.name.replace(/\.service$/, '')}`);
      if (chance(0.06)) add(s, 'Service', pick(['StandardOutput', 'StandardError']), pick(['journal', 'journal+console', 'kmsg', 'null', 'inherit']));
      if (chance(0.06)) {
        s.lines = s.lines.filter((l) => l.key !== 'Type' && l.key !== 'RemainAfterExit');
        add(s, 'Service', 'Type', pick(['dbus', 'notify', 'simple']));
        add(s, 'Service', 'BusName', `org.deploylint.${s.name.replace(/[^a-z0-9]/gi, '')}`);
      }
    }
    // Enable: in multi-user.target, or in a repo target ordered above it.
    const roll = r();
    if (roll < 0.5) enable(s, 'multi-user.target');
    else if (roll < 0.7) {
      while (firstHigherTarget < targets.length && targets[firstHigherTarget]!.rank <= s.rank) firstHigherTarget++;
      const higher = targets.slice(firstHigherTarget);
      if (higher.length) enable(s, pick(higher).name);
    }
  });
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

// ---------------------------------------------------------------------------
// The systemd side: running `systemd-analyze verify` and reading what it prints.
// (Shared by the differential test, the stock-unit smoke test and the benchmark.)

export interface VerifyOutput {
  /** Each cycle as printed: unit names, each ordered after the next, the last after the first. */
  chains: string[][];
  /** Lines that are neither cycle reports nor their known consequences. */
  unexpected: string[];
  raw: string;
}

const V252_ON = /^(\S+): Found ordering cycle on (\S+)\/([\w-]+)$/;
const V252_DEP = /^(\S+): Found dependency on (\S+)\/([\w-]+)$/;
const V258 = /^(\S+): Found ordering cycle: (.*) - after (\S+)$/;
const CONSEQUENCES = [
  /: Job \S+ deleted to break ordering cycle starting with \S+$/,
  /: Unable to break cycle starting with \S+$/,
  /^Requested transaction contains an unfixable cyclic ordering dependency: /,
  /: Failed to create \S+: Transaction order is cyclic\. /,
];

/** Parses verify's output (v252 multi-line format and the v258 one-line format). */
export function parseVerifyOutput(raw: string): VerifyOutput {
  const chains: string[][] = [];
  const unexpected: string[] = [];
  let open: { prefix: string; chain: string[] } | null = null;
  for (const line of raw.split('\n')) {
    if (line.trim() === '') continue;
    const on = V252_ON.exec(line);
    const dep = V252_DEP.exec(line);
    const one = V258.exec(line);
    if (on) {
      open = { prefix: on[1]!, chain: [on[2]!] };
      chains.push(open.chain);
    } else if (dep && open && dep[1] === open.prefix) {
      open.chain.push(dep[2]!);
    } else if (one) {
      open = null;
      chains.push(one[2]!.split(' after ').map((job) => job.slice(0, job.lastIndexOf('/'))));
    } else {
      open = null;
      if (!CONSEQUENCES.some((re) => re.test(line))) unexpected.push(line);
    }
  }
  return { chains, unexpected, raw };
}

/**
 * Runs `systemd-analyze verify --man=no ARGS` in `dir` with
 * `SYSTEMD_UNIT_PATH=<unitDirs…>:/usr/lib/systemd/system` (default: `dir`
 * alone; no trailing colon, so /etc and /run stay out), resolving to its output
 * (stdout and stderr). With `dump`, at debug level, resolving to stdout only:
 * the dependency dump of every unit named.
 */
export function runVerify(dir: string, args: string[], opts: { dump?: boolean; unitDirs?: string[]; vendorDir?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('systemd-analyze', ['verify', '--man=no', ...args], {
      cwd: dir,
      env: {
        ...process.env,
        SYSTEMD_UNIT_PATH: [...(opts.unitDirs ?? [dir]), opts.vendorDir ?? '/usr/lib/systemd/system'].join(':'),
        SYSTEMD_LOG_COLOR: '0',
        LC_ALL: 'C',
        // At debug level verify prints each named unit's loaded dependencies on stdout.
        ...(opts.dump ? { SYSTEMD_LOG_LEVEL: 'debug' } : {}),
      },
      stdio: ['ignore', 'pipe', opts.dump ? 'ignore' : 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(out));
  });
}

/**
 * The dependency dump (`-> Unit X:` then `\t\tAfter: Y (origin-…)` lines) that
 * verify prints at debug level for every unit named on its command line, after
 * loading: explicit, default, implicit and target dependencies, from both sides.
 */
export type DependencyDump = Map<string, Map<string, Map<string, string>>>;

export function parseDependencyDump(stdout: string): DependencyDump {
  const out: DependencyDump = new Map();
  let cur: Map<string, Map<string, string>> | undefined;
  for (const line of stdout.split('\n')) {
    const unit = /^\t-> Unit (.+):$/.exec(line);
    if (unit) {
      cur = new Map();
      out.set(unit[1]!, cur);
      continue;
    }
    const dep = /^\t\t([A-Za-z]+): (\S+) \(([^)]*)\)$/.exec(line);
    if (dep && cur) {
      const byKey = cur.get(dep[1]!) ?? new Map<string, string>();
      byKey.set(dep[2]!, dep[3]!);
      cur.set(dep[1]!, byKey);
    }
  }
  return out;
}

/** systemd's pull-in dependencies as seen from the unit (forward) and from the other side (reverse). */
const PULL_FORWARD = ['Wants', 'Requires', 'BindsTo', 'Upholds'];
const PULL_REVERSE = ['WantedBy', 'RequiredBy', 'BoundBy', 'UpheldBy'];
const DL_PULLS = ['wants', 'requires', 'binds-to', 'upholds', 'installs'] as const;

/**
 * Dependencies deploy-lint does not model: the load-order dependent target
 * ordering of PartOf= (below), and by design the default slice
 * (system.slice, system-<template>.slice, -.slice) and a slice's parent implied
 * by its name, and the mount dependencies systemd derives from paths
 * (RequiresMountsFor=, a socket's or mount's own path: -.mount and friends).
 */
function unmodelled(unit: string, other: string, origins: string, deps: Map<string, Map<string, string>>): boolean {
  // systemd 252 orders a target after a unit it is PartOf= only when that unit was loaded
  // first (verify naming the unit before the target: edge; the target first: none). deploy-lint
  // leaves it out, like a boot that loads the target first.
  if (origins.includes('default') && unit.endsWith('.target') && deps.get('PartOf')?.has(other)) return true;
  if (origins.includes('default') && other.endsWith('.target') && deps.get('ConsistsOf')?.has(other)) return true;
  if (other === 'system.slice' || other === '-.slice' || /^system-.+\.slice$/.test(other)) return true;
  if (unit.endsWith('.slice') && other.endsWith('.slice') && origins.includes('implicit')) return true;
  if (other.endsWith('.mount') && (other === '-.mount' || /(origin|destination)-(path|implicit)/.test(origins) || deps.has('RequiresMountsFor'))) return true;
  return false;
}

export interface CompareOptions {
  /**
   * Compare only pairs of units that both have a dump (were named, so loaded
   * from a file): leaves out units only the stock-unit catalog knows (it was
   * built from Debian's packages; the machine may lack some, e.g. udev in a
   * container), instances deploy-lint creates for a drop-in folder that nothing
   * references, and units nothing defines.
   */
  onlyLoaded?: boolean;
  /**
   * Leave out what deploy-lint derives from an [Install] WantedBy=/RequiredBy=
   * line alone, without a .wants/ or .requires/ link: deploy-lint reads a
   * repo's [Install] as the intent to enable (NixOS writes both), systemd only
   * follows links.
   */
  installTextIsNotEnabled?: boolean;
}

/**
 * Edge-level comparison for every unit systemd dumped: its ordering edges
 * (After=/Before= seen from both sides) and its pull-in edges (Wants=,
 * Requires=, BindsTo=, Upholds=, .wants/ and .requires/ links, both sides) must
 * be the same in deploy-lint's graph, apart from what `unmodelled` and the
 * options list.
 */
export function compareDependencies(graph: DeployGraph, dump: DependencyDump, opts: CompareOptions = {}): { problems: string[]; compared: number } {
  const installOnly = (from: string, to: string): boolean => {
    const inst = graph.edge(from, to, 'installs');
    return (
      inst !== undefined &&
      inst.provenance.every((p) => p.via !== undefined && !p.via.startsWith('.')) &&
      !(['wants', 'requires', 'binds-to', 'upholds', 'requisite', 'part-of'] as const).some((k) => graph.edge(from, to, k))
    );
  };
  /** The target ordering (target after unit) that deploy-lint derives from that installs edge alone. */
  const installOrderingOnly = (from: string, to: string): boolean => {
    const inst = graph.edge(from, to, 'installs');
    const after = graph.edge(from, to, 'after');
    return !!inst && !!after && installOnly(from, to) && after.provenance.every((p) => p.implicit && inst.provenance.some((q) => q.span === p.span || JSON.stringify(q.span) === JSON.stringify(p.span)));
  };
  const problems: string[] = [];
  let compared = 0;
  for (const [unit, deps] of dump) {
    if (!graph.unit(unit)) {
      problems.push(`systemd loaded ${unit}; deploy-lint's graph has no such unit`);
      continue;
    }
    const outOfScope = (other: string): boolean => opts.onlyLoaded === true && !dump.has(other);
    // A pair systemd has for a reason deploy-lint does not model is left out on both sides.
    const ignored = new Set<string>();
    const sys = new Map<string, string>();
    const note = (key: string, other: string, origins: string): void => {
      if (unmodelled(unit, other, origins, deps) || outOfScope(other)) ignored.add(key);
      else sys.set(key, origins);
    };
    for (const [other, o] of deps.get('After') ?? []) note(`${unit} after ${other}`, other, o);
    for (const [other, o] of deps.get('Before') ?? []) note(`${other} after ${unit}`, other, o);
    for (const k of PULL_FORWARD) for (const [other, o] of deps.get(k) ?? []) note(`${unit} pulls in ${other}`, other, o);
    for (const k of PULL_REVERSE) for (const [other, o] of deps.get(k) ?? []) note(`${other} pulls in ${unit}`, other, o);
    const dl = new Set<string>();
    for (const e of [...graph.outEdges(unit, ['after', ...DL_PULLS]), ...graph.inEdges(unit, ['after', ...DL_PULLS])]) {
      const key = `${e.from} ${e.kind === 'after' ? 'after' : 'pulls in'} ${e.to}`;
      const other = e.from === unit ? e.to : e.from;
      if (ignored.has(key) || unmodelled(unit, other, '', deps) || outOfScope(other)) continue;
      if (opts.installTextIsNotEnabled && (e.kind === 'installs' ? installOnly(e.from, e.to) : e.kind === 'after' && installOrderingOnly(e.from, e.to))) continue;
      dl.add(key);
    }
    for (const [e, o] of sys) if (!dl.has(e)) problems.push(`systemd has "${e}" (${o}); deploy-lint does not`);
    for (const e of dl) if (!sys.has(e)) problems.push(`deploy-lint has "${e}"; systemd does not`);
    compared += sys.size;
  }
  return { problems, compared };
}

