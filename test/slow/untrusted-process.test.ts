/**
 * The CLI as a process on hostile output streams (issue 12): a reader that
 * goes away (`| head -1`) ends the run quietly with the exit code the findings
 * deserve; a full disk is one line and exit 2.
 */
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, ROOT, type Cli } from '../cli-build.js';

let cli: Cli;
beforeAll(() => {
  cli = buildCli('streams');
}, 300_000);
afterAll(() => cli?.dispose());

/** Runs the CLI, reads one line of its stdout, then closes the pipe as `head -1` does. */
function headOne(args: string[]): Promise<{ line: string; status: number | null; stderr: string }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [cli.entry, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) p.stdout.destroy();
    });
    p.on('close', (status) => done({ line: out.split('\n')[0]!, status, stderr: err }));
  });
}

describe('streams', () => {
  it('EPIPE: quiet, exit 1 for the findings, exit 0 under --exit-zero', async () => {
    const args = ['examples/ci-host', '-f', 'concise', '--verbose'];
    const a = await headOne(args);
    expect(a.line).toMatch(/^examples\/ci-host\//);
    expect(a.stderr).toBe('');
    expect(a.status).toBe(1);
    const b = await headOne([...args, '--exit-zero']);
    expect(b.stderr).toBe('');
    expect(b.status).toBe(0);
  });

  it('a full disk on stdout is one line and exit 2', () => {
    const fd = openSync('/dev/full', 'w');
    const r = spawnSync(process.execPath, [cli.entry, 'examples/ci-host', '-f', 'concise'], { cwd: ROOT, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stderr).toBe('deploy-lint: cannot write to standard output: ENOSPC\n');
    expect(r.status).toBe(2);
  });
});
