/**
 * The dependencies systemd adds by itself: default dependencies per unit type
 * (systemd.service(5), .socket(5), .timer(5), .path(5), .target(5), .mount(5),
 * .swap(5), .slice(5), .automount(5) "Default Dependencies"), activation
 * ordering of sockets/timers/paths, and the target rule: a target is ordered
 * after the units it wants. A cycle through any of these is still a cycle.
 */
import type { UnitEntry } from '../../model/facts.js';
import type { DeployGraph, EdgeKind, Provenance, UnitNode } from '../model.js';
import type { Span } from '../../model/span.js';
import { directiveKey } from '../../model/string-pool.js';
import { expandSpecifiers, hasUnresolvedSpecifier } from '../../systemd/specifiers.js';
import { lastValue, parseBool } from '../../systemd/values.js';
import { listedUnits, type EdgeSink } from './unit-edges.js';

type Dep = [EdgeKind, string, 'forward' | 'reverse'];

const SHUTDOWN: Dep[] = [['conflicts', 'shutdown.target', 'forward'], ['after', 'shutdown.target', 'reverse']];
const UMOUNT: Dep[] = [['conflicts', 'umount.target', 'forward'], ['after', 'umount.target', 'reverse']];
const SYSINIT: Dep[] = [['requires', 'sysinit.target', 'forward'], ['after', 'sysinit.target', 'forward']];

const BY_TYPE: Partial<Record<UnitNode['type'], Dep[]>> = {
  service: [...SYSINIT, ['after', 'basic.target', 'forward'], ...SHUTDOWN],
  socket: [['after', 'sockets.target', 'reverse'], ...SYSINIT, ...SHUTDOWN],
  timer: [...SYSINIT, ['after', 'timers.target', 'reverse'], ...SHUTDOWN],
  path: [['after', 'paths.target', 'reverse'], ...SYSINIT, ...SHUTDOWN],
  target: SHUTDOWN,
  slice: SHUTDOWN,
  automount: [...UMOUNT, ['after', 'local-fs-pre.target', 'forward'], ['after', 'local-fs.target', 'reverse']],
  swap: [...UMOUNT, ['after', 'swap.target', 'reverse']],
};

const TYPE_WORD: Record<string, string> = {
  service: 'services', socket: 'sockets', timer: 'timers', path: 'path units', target: 'targets',
  slice: 'slices', mount: 'mounts', automount: 'automounts', swap: 'swaps',
};

export function addDefaultDependencies(node: UnitNode, sink: EdgeSink): void {
  if (!node.defaultDependencies) return;
  const own = node.type === 'mount' ? mountDependencies(node) : (BY_TYPE[node.type] ?? []);
  const deps = node.type === 'timer' && node.directives.get('Timer.OnCalendar')?.length ? [...own, ...TIME_SET] : own;
  for (const dep of deps) {
    const id = sink.ref(dep[1], node.span);
    if (!id) continue;
    const reason = new DefaultReason(node, dep);
    if (dep[2] === 'forward') sink.addReason(node.id, id, dep[0], reason);
    else sink.addReason(id, node.id, dep[0], reason);
  }
}

const TIME_SET: Dep[] = [['after', 'time-set.target', 'forward'], ['after', 'time-sync.target', 'forward']];

/**
 * Why a default dependency exists. Every unit has several and most are never
 * printed: the words are made when read (a 5,000-unit graph made 30,000
 * such sentences, 3% of what a lint allocates).
 */
class DefaultReason implements Provenance {
  readonly implicit = true;
  constructor(
    private readonly node: UnitNode,
    private readonly dep: Dep,
  ) {}

  get span(): Span {
    return this.node.span;
  }

  get explanation(): string {
    const { node } = this;
    const [kind, other, dir] = this.dep;
    const why = `default dependency of ${TYPE_WORD[node.type] ?? node.type} (DefaultDependencies=yes)`;
    return dir === 'forward' ? `${why}: ${node.name} ${describe(kind)} ${other}` : `${why}: ${node.name} is ordered before ${other}`;
  }
}

/** fstype_is_network() in systemd 252 (a `fuse.` prefix is looked through). */
const NETWORK_FS = new Set([
  'afs', 'ceph', 'cifs', 'smb3', 'smbfs', 'sshfs', 'ncpfs', 'ncp', 'nfs', 'nfs4', 'gfs', 'gfs2', 'glusterfs', 'gpfs', 'pvfs2', 'ocfs2', 'lustre', 'davfs',
]);

/**
 * mount_add_default_dependencies() (systemd.mount(5) "Default Dependencies"):
 * nothing for /, /usr and mounts under /run/initramfs, /proc, /sys, /dev; a
 * network mount (`_netdev`, or a network file system type) is ordered after
 * network.target and network-online.target (which it wants) and
 * remote-fs-pre.target and before remote-fs.target, any other after
 * local-fs-pre.target and before local-fs.target; with `nofail` it is not
 * ordered before the target; a tmpfs is ordered after swap.target.
 */
function mountDependencies(node: UnitNode): Dep[] {
  const where = lastValue(node.directives, 'Mount.Where')?.value.text.trim();
  if (where && (/^\/(usr\/?)?$/.test(where) || /^\/(run\/initramfs|proc|sys|dev)(\/|$)/.test(where))) return [];
  const options = (lastValue(node.directives, 'Mount.Options')?.value.text ?? '').split(',').map((o) => o.trim());
  const type = lastValue(node.directives, 'Mount.Type')?.value.text.trim() ?? '';
  const network = options.includes('_netdev') || NETWORK_FS.has(type.replace(/^fuse\./, ''));
  let nofail = false;
  for (const o of options) if (o === 'nofail' || o === 'fail') nofail = o === 'nofail';
  const deps: Dep[] = [];
  if (network) deps.push(['after', 'network.target', 'forward'], ['wants', 'network-online.target', 'forward'], ['after', 'network-online.target', 'forward']);
  if (!nofail) deps.push(['after', network ? 'remote-fs.target' : 'local-fs.target', 'reverse']);
  deps.push(['after', network ? 'remote-fs-pre.target' : 'local-fs-pre.target', 'forward'], ...UMOUNT);
  if (type === 'tmpfs') deps.push(['after', 'swap.target', 'forward']);
  return deps;
}

function describe(kind: EdgeKind): string {
  return kind === 'after' ? 'is ordered after' : kind === 'requires' ? 'requires' : kind === 'conflicts' ? 'conflicts with' : kind;
}

/** Sockets, timers, path units and automounts activate a unit and are ordered before it. */
export function addActivation(node: UnitNode, sink: EdgeSink): void {
  if (node.type === 'automount') {
    // An automount always activates the mount unit of the same name (automount_add_trigger_dependencies()).
    const target = `${node.name.slice(0, -'.automount'.length)}.mount`;
    const id = sink.ref(target, node.span);
    if (!id) return;
    sink.add(node.id, id, 'triggers', node.span, `${node.name} activates ${target}`);
    sink.add(id, node.id, 'after', node.span, `implicit: ${node.name} is ordered before ${target}, the unit it activates`, { implicit: true });
    return;
  }
  const section = node.type === 'socket' ? 'Socket' : node.type === 'timer' ? 'Timer' : node.type === 'path' ? 'Path' : null;
  if (!section) return;
  const explicit = lastValue(node.directives, section === 'Socket' ? 'Socket.Service' : `${section}.Unit`);
  const accept = section === 'Socket' && /^(yes|true|1|on)$/i.test(lastValue(node.directives, 'Socket.Accept')?.value.text ?? '');
  const stem = node.name.slice(0, node.name.lastIndexOf('.'));
  const target = explicit?.value.text ?? (accept ? `${stem}@.service` : `${stem}.service`);
  if (accept) return; // per-connection instances are not started by the socket's own start job
  const at = explicit?.span ?? node.span;
  const id = sink.ref(target, at);
  if (!id) return;
  sink.add(node.id, id, 'triggers', at, `${node.name} activates ${target}`);
  sink.add(id, node.id, 'after', at, `implicit: ${node.name} is ordered before ${target}, the unit it activates`, { implicit: true });
}

const EXEC_SECTION: Partial<Record<UnitNode['type'], string>> = { service: 'Service', socket: 'Socket', mount: 'Mount', swap: 'Swap' };
const JOURNAL_OUTPUT = /^(journal|kmsg|syslog)(\+console)?$/;
const STATE_DIRECTORIES = ['StateDirectory', 'CacheDirectory', 'LogsDirectory'];

/**
 * Implicit dependencies of the execution environment (systemd.exec(5),
 * systemd.service(5) "Implicit Dependencies"; systemd 252
 * unit_add_exec_dependencies() and service_setup_bus_name()), whatever
 * DefaultDependencies= says: PrivateTmp=yes → After=systemd-tmpfiles-setup.service;
 * StateDirectory=, CacheDirectory=, LogsDirectory= → After=systemd-remount-fs.service;
 * StandardOutput=/StandardError= journal, kmsg or syslog (with or without
 * +console) → After=systemd-journald.socket; RootImage= →
 * After=systemd-udevd.service; Type=dbus (also implied by BusName= without
 * Type=) → Requires= and After=dbus.socket. The mount dependencies of paths
 * (/tmp, /var/tmp, RequiresMountsFor=) are not modelled.
 */
export function addExecDependencies(node: UnitNode, sink: EdgeSink): void {
  const section = EXEC_SECTION[node.type];
  if (!section) return;
  // Keys as the parser pooled them (string-pool.ts): no string built per unit and key.
  const value = (key: string): UnitEntry | undefined => lastValue(node.directives, directiveKey(section, key));
  const deps: [EdgeKind, string, UnitEntry | undefined, string][] = [];
  const privateTmp = value('PrivateTmp');
  if (privateTmp && parseBool(privateTmp.value.text)) deps.push(['after', 'systemd-tmpfiles-setup.service', privateTmp, 'PrivateTmp=yes']);
  const stateDir = STATE_DIRECTORIES.map(value).find((e) => e !== undefined && e.value.text.trim() !== '');
  if (stateDir) deps.push(['after', 'systemd-remount-fs.service', stateDir, `${stateDir.key}=`]);
  const output = ['StandardOutput', 'StandardError'].map(value).find((e) => e !== undefined && JOURNAL_OUTPUT.test(e.value.text.trim()));
  if (output) deps.push(['after', 'systemd-journald.socket', output, `${output.key}=${output.value.text.trim()}`]);
  const rootImage = value('RootImage');
  if (rootImage && rootImage.value.text.trim() !== '') deps.push(['after', 'systemd-udevd.service', rootImage, 'RootImage=']);
  if (node.type === 'service' && node.serviceType === 'dbus') {
    const why = value('Type') ?? value('BusName');
    deps.push(['requires', 'dbus.socket', why, 'Type=dbus'], ['after', 'dbus.socket', why, 'Type=dbus']);
  }
  for (const [kind, other, entry, cause] of deps) {
    const at = entry?.span ?? node.span;
    const id = sink.ref(other, at);
    if (!id) continue;
    sink.add(node.id, id, kind, at, `implicit: ${node.name} has ${cause}, so it ${describe(kind)} ${other}`, { implicit: true });
  }
}

/**
 * `Sockets=` on a service (config_parse_service_sockets()): the service wants,
 * and is ordered after, each socket it names, and is triggered by it.
 */
export function addServiceSockets(node: UnitNode, sink: EdgeSink): void {
  if (node.type !== 'service') return;
  for (const w of listedUnits(node, 'Service.Sockets')) {
    if (!w.value.endsWith('.socket')) continue;
    const id = sink.ref(w.value, w);
    if (!id) continue;
    sink.add(node.id, id, 'wants', w.span, `${node.name} has Sockets=${w.value}: it wants the socket`);
    sink.add(node.id, id, 'after', w.span, `${node.name} has Sockets=${w.value}: it is ordered after the socket`);
    sink.add(id, node.id, 'triggers', w.span, `${w.value} activates ${node.name} (Sockets=)`);
  }
}

const CGROUP_SECTION: Partial<Record<UnitNode['type'], string>> = { service: 'Service', socket: 'Socket', mount: 'Mount', swap: 'Swap' };

/**
 * unit_add_slice_dependencies(): a unit with a cgroup requires, and is ordered
 * after, the slice it runs in (`Slice=`), whatever its DefaultDependencies=.
 * The implicit default slice (system.slice) is not modelled.
 */
export function addSlice(node: UnitNode, sink: EdgeSink): void {
  const section = CGROUP_SECTION[node.type];
  const entry = section ? lastValue(node.directives, directiveKey(section, 'Slice')) : undefined;
  if (!entry) return;
  const name = expandSpecifiers(entry.value.text.trim(), node.name);
  if (!name.endsWith('.slice') || hasUnresolvedSpecifier(name)) return;
  const id = sink.ref(name, entry.span);
  if (!id) return;
  sink.add(node.id, id, 'requires', entry.span, `${node.name} has Slice=${name}: it requires its slice`);
  sink.add(node.id, id, 'after', entry.span, `${node.name} has Slice=${name}: it is ordered after its slice`);
}

const TARGET_PULLS: readonly EdgeKind[] = ['wants', 'requires', 'binds-to', 'requisite', 'upholds', 'installs'];

/**
 * systemd's unit_add_default_target_dependency(): a target is ordered after every
 * unit it pulls in, unless either has DefaultDependencies=no or the unit is
 * already ordered after the target (direct loop avoidance only).
 */
export function addTargetOrdering(graph: DeployGraph): void {
  for (const t of graph.units()) {
    if (t.type !== 'target' || !t.defaultDependencies) continue;
    for (const e of graph.outEdges(t.id, TARGET_PULLS)) {
      const u = graph.unit(e.to);
      if (!u || u.id === t.id || !u.defaultDependencies) continue;
      if (graph.edge(u.id, t.id, 'after')) continue;
      graph.addEdge(t.id, u.id, 'after', new TargetOrderingReason(t, u, e.label.provenance[0]!));
    }
  }
}

/**
 * Why a target is ordered after a unit it pulls in: where the pull is written.
 * A target that 5,000 units are enabled in has 5,000 of these, rarely printed:
 * the span and the words are made when read.
 */
class TargetOrderingReason implements Provenance {
  readonly implicit = true;
  constructor(
    private readonly target: UnitNode,
    private readonly unit: UnitNode,
    private readonly pull: Provenance,
  ) {}

  get span(): Span {
    return this.pull.span;
  }

  get explanation(): string {
    return `implicit: ${this.target.name} is ordered after ${this.unit.name}, which it pulls in (a target is ordered after the units it wants)`;
  }
}
