/**
 * Differential test: deploy-lint's `ordering-cycle` findings against
 * `systemd-analyze verify` (the real transaction engine) on seeded random unit
 * sets (test/helpers/unit-gen.ts), plus hand-written fixtures for the bugs this
 * test found. deploy-lint runs with `ordering-cycle` alone selected: with
 * every rule on, a cycle through a default dependency is reported by
 * default-dependencies-before-sysinit instead (Rule.supersedes), and what is
 * compared here is the cycle search.
 *
 * How systemd is run. One `systemd-analyze verify --man=no` process per set,
 * with `SYSTEMD_UNIT_PATH=<set dir>:/usr/lib/systemd/system` (no trailing
 * colon: the set's folder and the vendor units only, so what the administrator
 * enabled under /etc on this machine does not leak into the comparison).
 * `--recursive-errors` stays at its default: `=no` would stop loading
 * dependencies and hide every cycle (reference §0.3).
 *
 * Which units are named on its command line matters, and "all of them" is not
 * fair. verify builds one start transaction per name, in order, and never
 * runs a job, so every job of an earlier transaction stays installed and the
 * later transactions see it: (1) two units ordered after each other that no
 * transaction starts together are reported as a cycle once both were named
 * (an artifact: on a running system the first job is long done); (2) worse, a
 * cycle that runs through an installed job cannot be broken (only jobs of the
 * current transaction can be deleted), so the later transaction is refused at
 * that cycle ("Unable to break cycle … Transaction order is cyclic") and the
 * other cycles in it are never looked at: with every unit named before
 * multi-user.target, verify missed boot cycles that it finds when
 * multi-user.target is named alone. So the generator (test/helpers/unit-gen.ts)
 * makes every start transaction of a set part of one of its `roots` (the
 * anchors of its "islands", units nothing enables, then multi-user.target),
 * keeps the roots' transactions apart (no ordering edge from one into another),
 * and only the roots are named. Each transaction systemd builds is then the one
 * a real boot or `systemctl start` builds, and every unit's own start
 * transaction is inside one of them (deploy-lint reports a cycle once, in the
 * largest scope).
 *
 * What systemd reports. Each cycle it finds in a transaction is printed as a
 * chain (`Found ordering cycle on X/start`, `Found dependency on Y/start`…; in
 * v258+ one line `Found ordering cycle: X/start after Y/start … - after X`),
 * each element ordered after the next, the last after the first. It then
 * deletes one job to break it (or gives up on that transaction), re-checks, and
 * may find more. The victim is chosen by hash order, so when several cycles
 * share units, deleting one job can make the others disappear: systemd reports
 * *some* cycles of a strongly connected component, not necessarily all, and
 * not the same ones from run to run. deploy-lint reports one finding (the
 * shortest cycle) per cyclic component per transaction.
 *
 * So "equal" means, per set, with G = deploy-lint's graph and the components
 * taken over G's `after` edges:
 *  1. every chain systemd prints is a cycle of G: each "X after Y" step is an
 *     `after` edge X→Y in G (deploy-lint knows every ordering edge systemd
 *     used, explicit or implicit, repo or stock);
 *  2. every deploy-lint `ordering-cycle` path is a cycle of G (self-check);
 *  3. the components that hold a systemd chain are exactly the components that
 *     hold a deploy-lint finding (no cycle missed, none invented, per component);
 *  4. in a component that is one simple cycle (as many internal edges as
 *     units, so there is only one cycle to find), the units systemd names and the
 *     units deploy-lint names are the same set, namely the component;
 *  5. and the summary counts sets where the union of units in systemd's chains
 *     equals the union of `path[].node` of deploy-lint's findings exactly.
 * Plus checks that keep the test honest: systemd printed nothing but cycle
 * reports (an unloadable unit would make the comparison vacuous), every planted
 * cycle was seen by systemd, and no planted decoy was.
 *
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { stronglyConnected } from '../../src/graph/algorithms/scc.js';
import type { DeployGraph } from '../../src/graph/model.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { transactionJobs } from '../../src/graph/algorithms/closure.js';
import {
  ALL_KINDS,
  compareDependencies,
  generateUnitSet,
  parseDependencyDump,
  parseVerifyOutput,
  runVerify,
  writeUnitSet,
  type DependencyDump,
  type GeneratedSet,
  type VerifyOutput,
} from '../helpers/unit-gen.js';

/** The rule this test compares (see the header). */
const ONLY_CYCLES = ['ordering-cycle'];

const SETS = Number(process.env.DIFF_SETS ?? 200);
/** Thousands of small files: a tmpfs when there is one. */
const TMP = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const UNITS = Number(process.env.DIFF_UNITS ?? 20);
const SEED0 = Number(process.env.DIFF_SEED ?? 1);
/** Every dependency kind, Requisite= included (its verify-active job is ordered too). */
const KINDS = ALL_KINDS;

// ---------------------------------------------------------------------------
// systemd side

/** verify needs file paths (a bare name is looked up as a unit name): files by path, others by name. */
function verifyArgs(dir: string, set: GeneratedSet): string[] {
  return set.roots.map((v) => (set.files.has(v) ? join(dir, v) : v));
}

// ---------------------------------------------------------------------------
// the comparison

export interface Verdict {
  problems: string[];
  /** Component index of each unit in a cyclic component of deploy-lint's graph. */
  sccOf: Map<string, number>;
  /** Components that hold a cycle systemd printed. */
  systemdComponents: Set<number>;
  /** Union of units in systemd chains equals union of deploy-lint path nodes. */
  exact: boolean;
  systemdCycles: number;
  findings: number;
}

export function compare(graph: DeployGraph, diagnostics: Diagnostic[], sys: VerifyOutput): Verdict {
  const problems: string[] = [];
  const isAfter = (x: string, y: string): boolean => graph.edge(x, y, 'after') !== undefined;
  const closedWalk = (units: string[]): string | null => {
    for (let i = 0; i < units.length; i++) {
      const x = units[i]!;
      const y = units[(i + 1) % units.length]!;
      if (!isAfter(x, y)) return `${x} after ${y}`;
    }
    return null;
  };
  const all = new Set(graph.units().map((u) => u.id));
  const sccs = stronglyConnected(graph, all, ['after']);
  const sccOf = new Map<string, number>();
  sccs.forEach((c, i) => c.forEach((u) => sccOf.set(u, i)));

  const sysUnits = new Set<string>();
  const sysSccs = new Map<number, Set<string>>();
  for (const chain of sys.chains) {
    const missing = closedWalk(chain);
    if (missing) problems.push(`systemd cycle ${chain.join(' → ')}: deploy-lint's graph has no edge "${missing}"`);
    for (const u of chain) sysUnits.add(u);
    const k = sccOf.get(chain[0]!);
    if (k === undefined) continue;
    const set = sysSccs.get(k) ?? new Set<string>();
    for (const u of chain) set.add(u);
    sysSccs.set(k, set);
  }

  const cycles = diagnostics.filter((d) => d.rule === 'ordering-cycle');
  const dlUnits = new Set<string>();
  const dlSccs = new Map<number, Set<string>>();
  for (const d of cycles) {
    const nodes = d.path.map((s) => s.node);
    const missing = closedWalk(nodes);
    if (missing) problems.push(`deploy-lint finding "${d.message}" is not a cycle of its own graph ("${missing}")`);
    for (const u of nodes) dlUnits.add(u);
    const k = sccOf.get(nodes[0]!);
    if (k === undefined) continue;
    const set = dlSccs.get(k) ?? new Set<string>();
    for (const u of nodes) set.add(u);
    dlSccs.set(k, set);
  }

  for (const [k, units] of sysSccs) {
    if (!dlSccs.has(k)) problems.push(`systemd found a cycle through ${[...units].sort().join(', ')}; deploy-lint reports none in that component {${sccs[k]!.join(', ')}}`);
  }
  for (const [k, units] of dlSccs) {
    if (!sysSccs.has(k)) {
      const msgs = cycles.filter((d) => sccOf.get(d.path[0]!.node) === k).map((d) => d.message);
      problems.push(`deploy-lint reports ${msgs.join(' | ')}; systemd found no cycle in that component (units ${[...units].sort().join(', ')})`);
    }
  }
  for (const [k, sysSet] of sysSccs) {
    const dlSet = dlSccs.get(k);
    const comp = sccs[k]!;
    const members = new Set(comp);
    const internal = graph.edges(['after']).filter((e) => members.has(e.from) && members.has(e.to)).length;
    if (!dlSet || internal !== comp.length) continue;
    const want = [...comp].sort().join(', ');
    if ([...sysSet].sort().join(', ') !== want || [...dlSet].sort().join(', ') !== want) {
      problems.push(`simple cycle {${want}}: systemd names {${[...sysSet].sort().join(', ')}}, deploy-lint {${[...dlSet].sort().join(', ')}}`);
    }
  }
  const exact = sysUnits.size === dlUnits.size && [...sysUnits].every((u) => dlUnits.has(u));
  return { problems, sccOf, systemdComponents: new Set(sysSccs.keys()), exact, systemdCycles: sys.chains.length, findings: cycles.length };
}

/**
 * Checks that keep the generated sets honest: systemd printed nothing but cycle
 * reports; each planted cycle is in a component where systemd found a cycle
 * (when planted cycles share units, deleting one job can break several, so the
 * one planted may not be the one printed); no decoy unit is in a printed cycle.
 */
function sanity(set: GeneratedSet, sys: VerifyOutput, verdict: Verdict): string[] {
  const problems = sys.unexpected.map((l) => `unexpected systemd output: ${l}`);
  const named = new Set(sys.chains.flat());
  for (const pl of set.planted) {
    const k = verdict.sccOf.get(pl.units[0]!);
    if (pl.cyclic && (k === undefined || !verdict.systemdComponents.has(k))) {
      problems.push(`planted ${pl.kind} cycle through ${pl.units.join(', ')} was not reported by systemd`);
    }
    if (!pl.cyclic && pl.units.some((u) => named.has(u))) problems.push(`planted ${pl.kind} decoy ${pl.units.join(', ')} was reported by systemd`);
  }
  return problems;
}

// ---------------------------------------------------------------------------
// running a set through both tools

async function pool<T, R>(items: T[], width: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

interface SetRun {
  edges: { problems: string[]; compared: number };
  seed: number;
  dir: string;
  set: GeneratedSet;
  verdict: Verdict;
  sanity: string[];
  sys: VerifyOutput;
  dl: Diagnostic[];
}

const timing = { lintMs: 0, waitMs: 0 };

/** CPU seconds of this process's waited-for children (Linux /proc; 0 elsewhere): load-independent cost of systemd. */
function childCpuSeconds(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime, in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

async function runSets(seeds: number[], units: number, root: string): Promise<SetRun[]> {
  const sets = seeds.map((seed) => {
    const set = generateUnitSet({ seed, units, kinds: KINDS });
    const dir = join(root, `set-${seed}`);
    writeUnitSet(dir, set);
    return { seed, dir, set };
  });
  // systemd in the background (one process per set, as many at once as there are cores) …
  // The dependency dump does not depend on transactions, so ten sets share one process
  // (their names are distinct, their folders all on the unit path): far cheaper than one each.
  const batches: (typeof sets)[] = [];
  for (let i = 0; i < sets.length; i += 10) batches.push(sets.slice(i, i + 10));
  type Task = { kind: 'cycles'; i: number } | { kind: 'dump'; batch: typeof sets };
  const tasks: Task[] = [...batches.map((batch): Task => ({ kind: 'dump', batch })), ...sets.map((_, i): Task => ({ kind: 'cycles', i }))];
  const cycleOut: string[] = new Array(sets.length);
  let dumpOut: DependencyDump = new Map();
  const sysOut = pool(tasks, Math.max(1, availableParallelism()), async (t) => {
    if (t.kind === 'cycles') {
      const { dir, set } = sets[t.i]!;
      cycleOut[t.i] = await runVerify(dir, verifyArgs(dir, set));
      return;
    }
    const args = t.batch.flatMap(({ dir, set }) => set.units.map((u) => (set.files.has(u) ? join(dir, u) : u)));
    const out = await runVerify(root, args, { dump: true, unitDirs: t.batch.map((b) => b.dir) });
    dumpOut = new Map([...dumpOut, ...parseDependencyDump(out)]);
  });
  // … while deploy-lint runs here, yielding so child-process events are handled.
  const lints: { graph: DeployGraph; diagnostics: Diagnostic[] }[] = [];
  const t0 = Date.now();
  for (const { dir } of sets) {
    const res = await lint({ paths: ['.'], cwd: dir, select: ONLY_CYCLES });
    expect(res.graphs).toHaveLength(1);
    lints.push({ graph: res.graphs[0]!, diagnostics: res.diagnostics });
    await new Promise((r) => setImmediate(r));
  }
  const t1 = Date.now();
  await sysOut;
  timing.lintMs += t1 - t0;
  timing.waitMs += Date.now() - t1;
  return sets.map(({ seed, dir, set }, i) => {
    const sys = parseVerifyOutput(cycleOut[i]!);
    const { graph, diagnostics } = lints[i]!;
    const verdict = compare(graph, diagnostics, sys);
    const mine: DependencyDump = new Map(set.units.map((u) => [u, dumpOut.get(u) ?? new Map()]));
    const missing = set.units.filter((u) => !dumpOut.has(u)).map((u) => `systemd printed no dependency dump for ${u}`);
    const edges = compareDependencies(graph, mine);
    edges.problems.unshift(...missing);
    return { seed, dir, set, sys, dl: diagnostics, verdict, edges, sanity: sanity(set, sys, verdict) };
  });
}

function explain(run: SetRun): string {
  return [
    `set seed=${run.seed} (${run.dir}):`,
    ...run.verdict.problems.map((p) => `  ${p}`),
    ...run.edges.problems.map((p) => `  edge: ${p}`),
    ...run.sanity.map((p) => `  ${p}`),
    `  planted: ${run.set.planted.map((p) => `${p.kind}[${p.units.join(' ')}]`).join('; ') || 'none'}`,
    `  systemd chains: ${run.sys.chains.map((c) => c.join('→')).join(' | ') || 'none'}`,
    `  deploy-lint: ${run.dl.filter((d) => d.rule === 'ordering-cycle').map((d) => d.message).join(' | ') || 'none'}`,
    ...run.dl.filter((d) => d.rule !== 'ordering-cycle').map((d) => `  deploy-lint other: ${d.rule} ${d.message}`),
  ].join('\n');
}

// ---------------------------------------------------------------------------

describe('parseVerifyOutput', () => {
  it('reads the v252 multi-line report, chain in print order', () => {
    const out = parseVerifyOutput(
      [
        'a.service: Found ordering cycle on c.service/start',
        'a.service: Found dependency on b.service/start',
        'a.service: Found dependency on a.service/start',
        'a.service: Job c.service/start deleted to break ordering cycle starting with a.service/start',
        'b.service: Found ordering cycle on a.service/start',
        'b.service: Found dependency on b.service/verify-active',
        'b.service: Unable to break cycle starting with b.service/verify-active',
        'Requested transaction contains an unfixable cyclic ordering dependency: Transaction order is cyclic. See system logs for details.',
        'a.service: Failed to create a.service/start: Transaction order is cyclic. See system logs for details.',
        '/x/y.service:3: Unknown key name \'Foo\' in section \'Unit\', ignoring.',
      ].join('\n'),
    );
    expect(out.chains).toEqual([
      ['c.service', 'b.service', 'a.service'],
      ['a.service', 'b.service'],
    ]);
    expect(out.unexpected).toEqual(["/x/y.service:3: Unknown key name 'Foo' in section 'Unit', ignoring."]);
  });

  it('reads the v258 one-line report', () => {
    const out = parseVerifyOutput(
      'sockets.target: Found ordering cycle: gpg-agent-ssh.socket/start after set-SSH_AUTH_SOCK.service/start after basic.target/start after sockets.target/start - after gpg-agent-ssh.socket\n' +
        'sockets.target: Job gpg-agent-ssh.socket/start deleted to break ordering cycle starting with sockets.target/start\n',
    );
    expect(out.chains).toEqual([['gpg-agent-ssh.socket', 'set-SSH_AUTH_SOCK.service', 'basic.target', 'sockets.target']]);
    expect(out.unexpected).toEqual([]);
  });
});

/**
 * Hand-written sets for the disagreements the random sets found, each run
 * through both tools with the outcome written down: systemd's answer is the
 * expectation, deploy-lint must match it.
 */
describe('fixtures checked against systemd-analyze verify', () => {
  const svc = (unit: string): string => `[Unit]\n${unit}[Service]\nExecStart=/bin/true\n`;
  async function both(files: Record<string, string>, enabled: string[]): Promise<{ sys: string[]; dl: string[]; verdict: Verdict }> {
    const dir = mkdtempSync(join(TMP, 'deploy-lint-fx-'));
    const set: GeneratedSet = { files: new Map(Object.entries(files)), links: new Map(), units: [], roots: ['multi-user.target'], planted: [], unitCount: 0 };
    for (const u of enabled) set.links.set(`multi-user.target.wants/${u}`, `../${u}`);
    writeUnitSet(dir, set);
    const [raw, res] = await Promise.all([runVerify(dir, verifyArgs(dir, set)), lint({ paths: ['.'], cwd: dir, select: ONLY_CYCLES })]);
    const sys = parseVerifyOutput(raw);
    const dl = res.diagnostics.filter((d) => d.rule === 'ordering-cycle');
    rmSync(dir, { recursive: true, force: true });
    return {
      sys: [...new Set(sys.chains.flat())].sort(),
      dl: [...new Set(dl.flatMap((d) => d.path.map((p) => p.node)))].sort(),
      verdict: compare(res.graphs[0]!, res.diagnostics, sys),
    };
  }

  it('an empty After= in a drop-in does not reset dependencies (the cycle stays)', async () => {
    const r = await both(
      {
        'a.service': svc('After=b.service\nWants=b.service\n'),
        'b.service': svc('After=a.service\n'),
        'a.service.d/10-reset.conf': '[Unit]\nAfter=\nAfter=network.target\n',
      },
      ['a.service'],
    );
    expect(r.sys).toEqual(['a.service', 'b.service']);
    expect(r.dl).toEqual(['a.service', 'b.service']);
    expect(r.verdict.problems).toEqual([]);
  });

  it('a \\x2d escape in a dependency list is part of the unit name', async () => {
    const r = await both(
      {
        'a.service': svc('After=mnt-b\\x2d1.service\nWants=mnt-b\\x2d1.service\n'),
        'mnt-b\\x2d1.service': svc('Before=a.service\n'.replace('Before', 'After')),
      },
      ['a.service'],
    );
    expect(r.sys).toEqual(['a.service', 'mnt-b\\x2d1.service']);
    expect(r.dl).toEqual(r.sys);
    expect(r.verdict.problems).toEqual([]);
  });

  // A Requisite= unit has a verify-active job that is ordered like any other job.
  it('a cycle closed through a Requisite= unit (verify-active job) is reported', async () => {
    const r = await both(
      {
        'a.service': svc('Requisite=b.service\nAfter=b.service\n'),
        'b.service': svc('After=a.service\n'),
      },
      ['a.service'],
    );
    expect(r.sys).toEqual(['a.service', 'b.service']);
    expect(r.dl).toEqual(['a.service', 'b.service']);
  });

  it('transactionJobs() holds the Requisite= unit; startClosure() does not', async () => {
    const dir = mkdtempSync(join(TMP, 'deploy-lint-fx-'));
    writeUnitSet(dir, {
      files: new Map([
        ['a.service', svc('Requisite=b.service\nAfter=b.service\n')],
        ['b.service', svc('Wants=c.service\n')],
        ['c.service', svc('')],
      ]),
      links: new Map(),
      units: [],
      roots: [],
      planted: [],
      unitCount: 3,
    });
    const res = await lint({ paths: ['.'], cwd: dir, select: ONLY_CYCLES });
    rmSync(dir, { recursive: true, force: true });
    const jobs = transactionJobs(res.graphs[0]!, 'a.service');
    // b gets a verify-active job; it is not started, so what it wants is not pulled in.
    expect(jobs.has('b.service')).toBe(true);
    expect(jobs.has('c.service')).toBe(false);
  });

  const mount = (where: string, extra: string): string => `[Mount]\nWhat=tmpfs\nWhere=${where}\nType=tmpfs\n${extra}`;

  it('a mount is before local-fs.target, so a service ordered before it closes a boot cycle', async () => {
    const r = await both({ 'mnt-a.mount': mount('/mnt/a', ''), 's.service': svc('Before=mnt-a.mount\n') }, ['mnt-a.mount', 's.service']);
    expect(r.sys).toContain('mnt-a.mount');
    expect(r.dl).toContain('mnt-a.mount');
    expect(r.verdict.problems).toEqual([]);
  });

  it('a nofail mount is not before local-fs.target: no cycle', async () => {
    const r = await both({ 'mnt-a.mount': mount('/mnt/a', 'Options=nofail\n'), 's.service': svc('Before=mnt-a.mount\n') }, ['mnt-a.mount', 's.service']);
    expect(r.sys).toEqual([]);
    expect(r.dl).toEqual([]);
  });

  it('a network mount (_netdev) is before remote-fs.target, not local-fs.target', async () => {
    const r = await both(
      { 'mnt-a.mount': mount('/mnt/a', 'Options=_netdev\n'), 's.service': svc('Before=mnt-a.mount\nAfter=remote-fs.target\nWants=remote-fs.target\n') },
      ['mnt-a.mount', 's.service'],
    );
    expect(r.sys).toEqual(['mnt-a.mount', 'remote-fs.target', 's.service']);
    expect(r.dl).toEqual(r.sys);
  });

  it('Slice= orders a unit after its slice', async () => {
    const r = await both({ 'x.slice': '[Unit]\nAfter=s.service\n', 's.service': svc('').replace('[Service]\n', '[Service]\nSlice=x.slice\n') }, ['s.service']);
    expect(r.sys).toEqual(['s.service', 'x.slice']);
    expect(r.dl).toEqual(r.sys);
  });

  it('PrivateTmp=yes, StateDirectory= and StandardOutput=journal order a unit after what sets them up', async () => {
    for (const [setting, other] of [
      ['PrivateTmp=yes', 'systemd-tmpfiles-setup.service'],
      ['StateDirectory=x', 'systemd-remount-fs.service'],
      ['StandardOutput=journal+console', 'systemd-journald.socket'],
    ] as const) {
      const unit = `[Unit]\nDefaultDependencies=no\nBefore=${other}\nWants=${other}\n[Service]\nExecStart=/bin/true\n${setting}\n`;
      const r = await both({ 's.service': unit }, ['s.service']);
      expect([setting, r.sys]).toEqual([setting, [other, 's.service'].sort()]);
      expect([setting, r.dl]).toEqual([setting, r.sys]);
    }
  });

  it('Type=dbus (BusName= without Type=) is ordered after dbus.socket; BusName= with Type=notify is not', async () => {
    const unit = (type: string): string =>
      `[Unit]\nDefaultDependencies=no\nBefore=dbus.socket\nWants=dbus.socket\n[Service]\n${type}BusName=org.example.a\nExecStart=/usr/bin/sleep infinity\n`;
    const dbus = await both({ 's.service': unit('') }, ['s.service']);
    expect(dbus.sys).toEqual(['dbus.socket', 's.service']);
    expect(dbus.dl).toEqual(dbus.sys);
    const notify = await both({ 's.service': unit('Type=notify\n') }, ['s.service']);
    expect(notify.sys).toEqual([]);
    expect(notify.dl).toEqual([]);
  });

  it('an automount is ordered before its mount', async () => {
    const r = await both(
      // The automount does not pull its mount in: Wants= puts both in one transaction.
      { 'mnt-a.automount': '[Unit]\nAfter=mnt-a.mount\nWants=mnt-a.mount\n[Automount]\nWhere=/mnt/a\n', 'mnt-a.mount': mount('/mnt/a', '') },
      ['mnt-a.automount'],
    );
    expect(r.sys).toEqual(['mnt-a.automount', 'mnt-a.mount']);
    expect(r.dl).toEqual(r.sys);
  });

  it('a quoted name in After= is not unquoted: systemd ignores it, so no cycle', async () => {
    const r = await both(
      {
        'a.service': svc('After="b.service"\nWants=b.service\n'),
        'b.service': svc('After=a.service\n'),
      },
      ['a.service'],
    );
    expect(r.sys).toEqual([]);
    expect(r.dl).toEqual([]);
  });
});

describe('differential: ordering-cycle vs systemd-analyze verify', () => {
  it(`agrees on ${SETS} random sets of ~${UNITS} units`, async () => {
    const root = mkdtempSync(join(TMP, 'deploy-lint-diff-'));
    const started = Date.now();
    const cpu0 = process.cpuUsage();
    const child0 = childCpuSeconds();
    const seeds = Array.from({ length: SETS }, (_, i) => SEED0 + i);
    const runs = await runSets(seeds, UNITS, root);
    const failed = runs.filter((r) => r.verdict.problems.length || r.sanity.length || r.edges.problems.length);
    const edges = runs.reduce((n, r) => n + r.edges.compared, 0);
    const units = runs.reduce((n, r) => n + r.set.unitCount, 0);
    const withCycles = runs.filter((r) => r.verdict.systemdCycles > 0).length;
    const exact = runs.filter((r) => r.verdict.exact).length;
    const planted = runs.flatMap((r) => r.set.planted);
    console.log(
      `differential: ${SETS} sets × ~${UNITS} units (${units} units): ${SETS - failed.length}/${SETS} agree; ` +
        `systemd reported ${runs.reduce((n, r) => n + r.verdict.systemdCycles, 0)} cycle chains in ${withCycles} sets, ` +
        `deploy-lint ${runs.reduce((n, r) => n + r.verdict.findings, 0)} findings; exact unit-set equality in ${exact}/${SETS}; ` +
        `${planted.filter((p) => p.cyclic).length} planted cycles, ${planted.filter((p) => !p.cyclic).length} decoys; ` +
        `${edges} ordering and pull-in edges of repo units compared with verify's dependency dump; ${((Date.now() - started) / 1000).toFixed(1)} s ` +
        `(deploy-lint ${(timing.lintMs / 1000).toFixed(1)} s, then waiting for systemd ${(timing.waitMs / 1000).toFixed(1)} s; ` +
        `CPU: this process ${((process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1e6).toFixed(1)} s, systemd-analyze ${(childCpuSeconds() - child0).toFixed(1)} s)`,
    );
    if (failed.length === 0) rmSync(root, { recursive: true, force: true });
    expect(failed.slice(0, 5).map(explain).join('\n\n')).toBe('');
    // The generator must exercise both outcomes, or the comparison proves little.
    expect(withCycles).toBeGreaterThan(SETS / 3);
    expect(withCycles).toBeLessThan(SETS);
    expect(edges).toBeGreaterThan(SETS * UNITS);
  });
});
