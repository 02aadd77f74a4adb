/**
 * Benchmark: deploy-lint against `systemd-analyze verify` on the same unit
 * files, whole-process wall time for both, in the same run:
 *
 *  - a generated set of 5,000 units (test/helpers/unit-gen.ts: services,
 *    targets, sockets, timers, path units, templates, drop-ins, .wants/ links,
 *    and a few planted ordering cycles) in a temporary folder;
 *  - this machine's /usr/lib/systemd/system.
 *
 * deploy-lint: `node bin/deploy-lint.js --format json DIR` (one process).
 * systemd: `systemd-analyze verify --man=no FILE…` with every unit file of the
 * set on one command line (template instances by name), SYSTEMD_UNIT_PATH set
 * to the folder and the vendor units, as the differential test runs it.
 *
 * Built by `npm run build` (tsconfig.build.json includes bench/):
 *   node dist/bench/units.js [--units 5000] [--seed 1] [--runs 3] [--keep] [--profile]
 * --profile also writes a V8 CPU profile of one deploy-lint run (node --cpu-prof)
 * and prints its hottest functions.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateUnitSet, parseVerifyOutput, writeUnitSet } from '../test/helpers/unit-gen.js';
import { median, timed, type Timed } from './measure.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const BIN = join(ROOT, 'bin', 'deploy-lint.js');
const VENDOR = '/usr/lib/systemd/system';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const UNITS = arg('units', 5000);
const SEED = arg('seed', 1);
const RUNS = arg('runs', 3);
const KEEP = process.argv.includes('--keep');
const PROFILE = process.argv.includes('--profile');

interface Row {
  name: string;
  units: number;
  lint: Timed[];
  verify: Timed[];
  boot: Timed[];
}

function measure(name: string, dir: string, verifyArgs: string[], units: number): Row {
  const env = { SYSTEMD_UNIT_PATH: dir === VENDOR ? VENDOR : `${dir}:${VENDOR}`, SYSTEMD_LOG_COLOR: '0' };
  const row: Row = { name, units, lint: [], verify: [], boot: [] };
  for (let i = 0; i < RUNS; i++) {
    row.lint.push(timed(process.execPath, [BIN, '--format', 'json', '.'], { cwd: dir }));
    row.verify.push(timed('systemd-analyze', ['verify', '--man=no', ...verifyArgs], { cwd: dir, env }));
    // Only the boot transaction: what a CI check that names the default target would run.
    row.boot.push(timed('systemd-analyze', ['verify', '--man=no', 'multi-user.target'], { cwd: dir, env }));
  }
  return row;
}

/** Unit files systemd can verify by path: not templates, not alias or mask symlinks. */
function vendorFiles(): string[] {
  return readdirSync(VENDOR)
    .filter((n) => /\.(service|socket|timer|target|path|mount|automount|slice|swap)$/.test(n) && !n.includes('@.'))
    .filter((n) => {
      const st = lstatSync(join(VENDOR, n));
      return st.isFile() || (st.isSymbolicLink() && readlinkSync(join(VENDOR, n)).endsWith(`/${n}`));
    })
    .map((n) => join(VENDOR, n));
}

function summary(t: Timed[]): string {
  const wall = `${(median(t.map((x) => x.ms)) / 1000).toFixed(2)} s`;
  const cpu = t.every((x) => x.cpuMs !== undefined) ? ` (cpu ${(median(t.map((x) => x.cpuMs!)) / 1000).toFixed(2)} s)` : '';
  return wall + cpu;
}

function findings(t: Timed): string {
  try {
    const out = JSON.parse(t.stdout) as { diagnostics: { rule: string }[] };
    const cycles = out.diagnostics.filter((d) => d.rule === 'ordering-cycle').length;
    return `${out.diagnostics.length} findings, ${cycles} ordering cycles, exit ${t.status}`;
  } catch {
    return `exit ${t.status}, unparseable output: ${t.stderr.split('\n')[0] ?? ''}`;
  }
}

function verifyFindings(t: Timed): string {
  const v = parseVerifyOutput(t.stdout + t.stderr);
  return `${v.chains.length} cycle chains printed, exit ${t.status}`;
}

function profile(dir: string): void {
  const profDir = mkdtempSync(join(tmpdir(), 'deploy-lint-prof-'));
  spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, BIN, '--format', 'json', '.'], { cwd: dir, stdio: 'ignore' });
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return;
  type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
  const p = JSON.parse(readFileSync(join(profDir, file), 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`\nCPU profile of one deploy-lint run (${join(profDir, file)}), self time:`);
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    console.log(`  ${(us / 1000).toFixed(0).padStart(6)} ms  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`);
  }
}

function main(): void {
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'))) throw new Error('run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-bench-'));
  const set = generateUnitSet({ seed: SEED, units: UNITS, plants: 4, kinds: ['after-chain', 'boot-only', 'default-dep', 'target-order', 'island'] });
  writeUnitSet(dir, set);
  const args = set.units.map((u) => (set.files.has(u) ? join(dir, u) : u));
  const rows = [measure(`generated (seed ${SEED}, ${set.planted.length} planted cycles)`, dir, args, set.unitCount)];
  const vendor = vendorFiles();
  rows.push(measure(VENDOR, VENDOR, vendor, vendor.length));

  const w = Math.max(...rows.map((r) => r.name.length));
  console.log(`\n${'data set'.padEnd(w)} | units | deploy-lint --format json | verify --man=no FILES… | verify --man=no multi-user.target`);
  console.log(`${'-'.repeat(w)}-|-------|---------------------------|------------------------|----------------------------------`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(w)} | ${String(r.units).padStart(5)} | ${summary(r.lint).padStart(25)} | ${summary(r.verify).padStart(22)} | ${summary(r.boot).padStart(32)}`);
  }
  console.log(`\n(median of ${RUNS} runs each, whole processes: wall time, and user + system CPU time)`);
  for (const r of rows) {
    console.log(`${r.name}: deploy-lint ${findings(r.lint[0]!)}; verify FILES… ${verifyFindings(r.verify[0]!)}; verify multi-user.target ${verifyFindings(r.boot[0]!)}`);
  }
  if (PROFILE) profile(dir);
  if (KEEP) console.log(`\nunit set kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

main();
