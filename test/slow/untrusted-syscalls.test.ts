/**
 * Nothing from the repository is ever executed and no socket is opened
 * (issue 12): the CLI runs under strace on a repository full of commands,
 * scripts and URLs; the only program started is node itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, ROOT, type Cli } from '../cli-build.js';

const hasStrace = spawnSync('strace', ['-V']).status === 0;

let cli: Cli;
beforeAll(() => {
  if (hasStrace) cli = buildCli('strace');
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
});
