/**
 * Nothing from the repository is ever executed and no socket is opened
 * (issue 12): the CLI runs under strace on a repository full of commands,
 * scripts and URLs; the only program started is node itself. And nothing is
 * opened outside the linted repository and deploy-lint's own package.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, ROOT, type Cli } from '../cli-build.js';

const hasStrace = spawnSync('strace', ['-V']).status === 0;

let cli: Cli;
beforeAll(() => {
  // Built where a checkout has it: no `node_modules` in the bundle's path (yargs looks for one, see below).
  if (hasStrace) cli = buildCli('strace', ROOT);
}, 300_000);
afterAll(() => cli?.dispose());

describe.skipIf(!hasStrace)('system calls', () => {
  it('linting examples/ci-host (units, Nix, Python, stacks, shell): execve only of node, no socket, no connect', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-strace-'));
    const r = spawnSync('strace', ['-f', '-qq', '-ff', '-o', join(dir, 'trace'), '-e', 'trace=execve,connect,socket', process.execPath, cli.entry, 'examples/ci-host', '-f', 'concise'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 120_000,
    });
    expect(r.status).toBe(1); // the deadlock: the run did its work under the tracer
    const calls = readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => /^(execve|connect|socket)\(/.test(l)));
    const execs = calls.filter((c) => c.startsWith('execve(')).map((c) => /^execve\("([^"]*)"/.exec(c)![1]);
    expect(execs).toEqual([process.execPath]);
    expect(calls.filter((c) => !c.startsWith('execve('))).toEqual([]);
  });

  it('run in a checkout below someone else\'s package.json: opens nothing outside the checkout and deploy-lint itself (yargs once read the nearest package.json above the working directory)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-strace-'));
    const outer = join(dir, 'outer');
    const repo = join(outer, 'repo');
    mkdirSync(join(repo, 'units'), { recursive: true });
    // A checkout: the config search stops here (src/config/root.ts), as it does in any git work tree.
    mkdirSync(join(repo, '.git'));
    writeFileSync(join(outer, 'package.json'), '{"name": "someone-else", "version": "6.6.6"}\n');
    writeFileSync(join(repo, 'units', 'a.service'), '[Unit]\nAfter=b.service\n[Service]\nExecStart=/bin/true\n');
    // A link out of the repository where enable links live, not named like a unit: its target is never opened.
    writeFileSync(join(outer, 'notes'), '#!/bin/sh\nSECRET\n');
    mkdirSync(join(repo, 'units', 'multi-user.target.wants'));
    symlinkSync(join(outer, 'notes'), join(repo, 'units', 'multi-user.target.wants', 'notes'));
    const r = spawnSync('strace', ['-f', '-qq', '-o', join(dir, 'trace'), '-e', 'trace=open,openat,getdents64', process.execPath, cli.entry, '.', '-f', 'concise'], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 120_000,
    });
    expect(r.status).toBe(0);
    const opened = readFileSync(join(dir, 'trace'), 'utf8')
      .split('\n')
      .flatMap((l) => /open(?:at)?\((?:AT_FDCWD, )?"([^"]+)"/.exec(l)?.[1] ?? []);
    const real = (f: string): string => {
      try {
        return realpathSync(f);
      } catch {
        return f;
      }
    };
    const outside = opened.map(real).filter((f) => f.startsWith(realpathSync(outer)) && !f.startsWith(realpathSync(repo)));
    expect(outside).toEqual([]);
  });
});
