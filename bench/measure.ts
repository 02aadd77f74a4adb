/**
 * What every benchmark here needs: the wall and CPU time of a whole process,
 * and the median of repeated runs. CPU time (user + system, all threads)
 * comes from GNU time when /usr/bin/time exists; on a shared machine it is the
 * steadier figure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Timed {
  ms: number;
  /** User + system CPU time of the process, when /usr/bin/time is there to tell. */
  cpuMs?: number;
  /** Peak resident set size of the process in KiB, when /usr/bin/time is there to tell. */
  maxRssKb?: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Runs a process to its end. `output: false` discards its stdout (a large one would only cost the parent memory). */
export function timed(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; output?: boolean } = {}): Timed {
  const timeFile = GNU_TIME ? join(mkdtempSync(join(tmpdir(), 'deploy-lint-time-')), 'time') : null;
  const [c, a] = GNU_TIME && timeFile ? [GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, cmd, ...args]] : [cmd, args];
  const stdout = opts.output === false ? 'ignore' : 'pipe';
  const t = performance.now();
  const r = spawnSync(c, a, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', stdout, 'pipe'] });
  const ms = performance.now() - t;
  let cpuMs: number | undefined;
  let maxRssKb: number | undefined;
  if (timeFile) {
    const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
    const [u, sys, rss] = last.split(' ').map(Number);
    if (u !== undefined && sys !== undefined && !Number.isNaN(u + sys)) cpuMs = (u + sys) * 1000;
    if (rss !== undefined && !Number.isNaN(rss)) maxRssKb = rss;
    rmSync(join(timeFile, '..'), { recursive: true, force: true });
  }
  return { ms, cpuMs, maxRssKb, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
