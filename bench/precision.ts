/**
 * The precision harness: lints every repository checkout in a folder, each in
 * a process of its own (`--format json`, with a timeout), and prints per
 * repository and per rule the errors, warnings and infos, the wall time and
 * the peak RSS. `--record FILE` keeps the run (counts and every finding);
 * `--compare FILE` prints what changed since a recorded run: counts and the
 * findings that appeared or went away. Classifying the findings true/false is
 * left to a person reading the cited files; this gives them the list and
 * shows what a change did to it.
 *
 *   node dist/bench/precision.js FOLDER [--record FILE] [--compare FILE]
 *        [--bin path/to/deploy-lint.js] [--timeout SECONDS] [--only a,b]
 *        [--list] [-- extra deploy-lint arguments]
 *
 * Each entry of FOLDER (a checkout, or a symbolic link to one) is linted from
 * its own root (`cwd` = the checkout, path `.`), so finding paths are
 * repository-relative and comparable between runs.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

type Severity = 'error' | 'warning' | 'info';
const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
type Counts = Record<Severity, number>;

export interface Finding {
  rule: string;
  severity: Severity;
  file: string;
  line: number;
  message: string;
}

export interface RepoRun {
  /** Exit status of deploy-lint, or null when it was killed (timeout, signal). */
  status: number | null;
  timedOut: boolean;
  wallMs: number;
  /** Peak resident set of the process and its children, in KiB (GNU time's %M), when measurable. */
  peakRssKb: number | null;
  /** First line of stderr when the run did not give JSON. */
  failure?: string;
  counts: Counts;
  rules: Record<string, Counts>;
  findings: Finding[];
}

export interface Recording {
  version: 1;
  recordedAt: string;
  bin: string;
  repos: Record<string, RepoRun>;
}

interface Options {
  folder: string;
  record?: string;
  compare?: string;
  bin: string;
  timeoutSec: number;
  only?: Set<string>;
  list: boolean;
  extra: string[];
}

const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

function usage(msg: string): never {
  process.stderr.write(`precision: ${msg}\nusage: node dist/bench/precision.js FOLDER [--record FILE] [--compare FILE] [--bin deploy-lint.js] [--timeout S] [--only a,b] [--list] [-- args]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const here = dirname(fileURLToPath(import.meta.url));
  let bin = resolve(here, '../../bin/deploy-lint.js');
  let folder: string | undefined;
  let record: string | undefined;
  let compare: string | undefined;
  let timeoutSec = 180;
  let only: Set<string> | undefined;
  let list = false;
  const extra: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => argv[++i] ?? usage(`${a} needs a value`);
    if (a === '--') {
      extra.push(...argv.slice(i + 1));
      break;
    } else if (a === '--record') record = resolve(value());
    else if (a === '--compare') compare = resolve(value());
    else if (a === '--bin') bin = resolve(value());
    else if (a === '--timeout') timeoutSec = Number(value());
    else if (a === '--only') only = new Set(value().split(',').filter(Boolean));
    else if (a === '--list') list = true;
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (folder === undefined) folder = resolve(a);
    else usage(`one folder only (got ${folder} and ${a})`);
  }
  if (!folder) usage('no folder of checkouts given');
  if (!(timeoutSec > 0)) usage('--timeout must be a positive number of seconds');
  if (!existsSync(bin)) usage(`no deploy-lint at ${bin}`);
  return { folder, record, compare, bin, timeoutSec, only, list, extra };
}

/** The checkouts in the folder: directories and links to directories, sorted by name. */
function checkouts(folder: string, only?: Set<string>): { name: string; dir: string }[] {
  const out: { name: string; dir: string }[] = [];
  for (const name of readdirSync(folder).sort()) {
    if (only && !only.has(name)) continue;
    let dir: string;
    try {
      dir = realpathSync(join(folder, name));
      if (!statSync(dir).isDirectory()) continue;
    } catch {
      continue;
    }
    out.push({ name, dir });
  }
  return out;
}

const zero = (): Counts => ({ error: 0, warning: 0, info: 0 });

/** Runs deploy-lint on one checkout in a process group of its own, so a timeout kills all of it. */
function lintOne(opts: Options, dir: string): Promise<RepoRun> {
  const timeFile = GNU_TIME ? join(mkdtempSync(join(tmpdir(), 'deploy-lint-precision-')), 'time') : null;
  const args = [opts.bin, '.', '--format', 'json', '--exit-zero', ...opts.extra];
  const [cmd, argv] = GNU_TIME && timeFile ? [GNU_TIME, ['-f', '%M', '-o', timeFile, process.execPath, ...args]] : [process.execPath, args];
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(cmd, argv, { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, opts.timeoutSec * 1000);
    child.on('close', (status) => {
      clearTimeout(timer);
      const wallMs = performance.now() - t0;
      let peakRssKb: number | null = null;
      if (timeFile) {
        try {
          const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
          const kb = Number(last);
          if (last !== '' && Number.isFinite(kb)) peakRssKb = kb;
        } catch {
          /* killed before GNU time wrote it */
        }
        rmSync(dirname(timeFile), { recursive: true, force: true });
      }
      const run: RepoRun = { status: timedOut ? null : status, timedOut, wallMs, peakRssKb, counts: zero(), rules: {}, findings: [] };
      const stdout = Buffer.concat(out).toString('utf8');
      try {
        const json = JSON.parse(stdout) as { diagnostics: { rule: string; severity: Severity; message: string; location?: { file: string; line: number } }[] };
        for (const d of json.diagnostics) {
          run.counts[d.severity]++;
          (run.rules[d.rule] ??= zero())[d.severity]++;
          run.findings.push({ rule: d.rule, severity: d.severity, file: d.location?.file ?? '', line: d.location?.line ?? 0, message: d.message });
        }
      } catch {
        const firstErr = Buffer.concat(err).toString('utf8').trim().split('\n')[0] ?? '';
        run.failure = timedOut ? `timed out after ${opts.timeoutSec} s` : firstErr || `exit ${status}, no JSON on stdout`;
      }
      done(run);
    });
  });
}

const pad = (s: string | number, n: number): string => String(s).padStart(n);
const fmtMs = (ms: number): string => (ms / 1000).toFixed(1) + ' s';
const fmtRss = (kb: number | null): string => (kb === null ? '?' : `${Math.round(kb / 1024)} MB`);
const fmtCounts = (c: Counts): string => `${pad(c.error, 4)} E ${pad(c.warning, 4)} W ${pad(c.info, 5)} I`;

function printRun(name: string, run: RepoRun, list: boolean): void {
  const state = run.failure ? `  FAILED: ${run.failure}` : '';
  process.stdout.write(`\n${name}: ${fmtCounts(run.counts)}  ${fmtMs(run.wallMs)}  peak ${fmtRss(run.peakRssKb)}  exit ${run.status ?? 'killed'}${state}\n`);
  for (const rule of Object.keys(run.rules).sort()) process.stdout.write(`  ${rule.padEnd(36)} ${fmtCounts(run.rules[rule]!)}\n`);
  if (list) {
    for (const f of run.findings) {
      if (f.severity === 'info') continue;
      process.stdout.write(`    ${f.severity === 'error' ? 'E' : 'W'} ${f.rule} ${f.file}:${f.line} ${f.message.split('\n')[0]}\n`);
    }
  }
}

const key = (f: Finding): string => `${f.severity}\u0000${f.rule}\u0000${f.file}\u0000${f.line}\u0000${f.message}`;

/** Findings in `a` and not in `b`, counted as a multiset (two identical findings are two). */
function minus(a: Finding[], b: Finding[]): Finding[] {
  const left = new Map<string, number>();
  for (const f of b) left.set(key(f), (left.get(key(f)) ?? 0) + 1);
  const out: Finding[] = [];
  for (const f of a) {
    const n = left.get(key(f)) ?? 0;
    if (n > 0) left.set(key(f), n - 1);
    else out.push(f);
  }
  return out;
}

const delta = (now: number, then: number): string => (now === then ? `${now}` : `${then}→${now}`);

function printComparison(name: string, now: RepoRun | undefined, then: RepoRun | undefined): void {
  if (!now || !then) {
    process.stdout.write(`  ${name}: ${now ? 'new (not in the recording)' : 'in the recording, not run now'}\n`);
    return;
  }
  const c = SEVERITIES.map((s) => `${s[0]!.toUpperCase()} ${delta(now.counts[s], then.counts[s])}`).join('  ');
  process.stdout.write(`  ${name}: ${c}  time ${fmtMs(then.wallMs)}→${fmtMs(now.wallMs)}  peak ${fmtRss(then.peakRssKb)}→${fmtRss(now.peakRssKb)}\n`);
  const gone = minus(then.findings, now.findings).filter((f) => f.severity !== 'info');
  const added = minus(now.findings, then.findings).filter((f) => f.severity !== 'info');
  for (const [sign, fs] of [['-', gone], ['+', added]] as const) {
    for (const f of fs) process.stdout.write(`    ${sign} ${f.severity} ${f.rule} ${f.file}:${f.line} ${f.message.split('\n')[0]}\n`);
  }
  const infoGone = minus(then.findings, now.findings).length - gone.length;
  const infoAdded = minus(now.findings, then.findings).length - added.length;
  if (infoGone || infoAdded) process.stdout.write(`    infos: ${infoGone} gone, ${infoAdded} new\n`);
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const repos = checkouts(opts.folder, opts.only);
  if (repos.length === 0) usage(`no checkout in ${opts.folder}`);
  const recording: Recording = { version: 1, recordedAt: new Date().toISOString(), bin: opts.bin, repos: {} };
  process.stdout.write(`deploy-lint ${opts.bin} on ${repos.length} checkout(s) in ${opts.folder} (timeout ${opts.timeoutSec} s each)\n`);
  for (const { name, dir } of repos) {
    const run = await lintOne(opts, dir);
    recording.repos[name] = run;
    printRun(name, run, opts.list);
  }
  const total = zero();
  let wall = 0;
  for (const run of Object.values(recording.repos)) {
    for (const s of SEVERITIES) total[s] += run.counts[s];
    wall += run.wallMs;
  }
  process.stdout.write(`\ntotal: ${fmtCounts(total)}  ${fmtMs(wall)}\n`);
  if (opts.compare) {
    const then = JSON.parse(readFileSync(opts.compare, 'utf8')) as Recording;
    process.stdout.write(`\ncompared with ${opts.compare} (recorded ${then.recordedAt} with ${then.bin}):\n`);
    const names = [...new Set([...Object.keys(then.repos).filter((n) => !opts.only || opts.only.has(n)), ...Object.keys(recording.repos)])].sort();
    for (const n of names) printComparison(n, recording.repos[n], then.repos[n]);
  }
  if (opts.record) {
    writeFileSync(opts.record, JSON.stringify(recording, null, 1) + '\n');
    process.stdout.write(`\nrecorded in ${opts.record}\n`);
  }
}

await main();
