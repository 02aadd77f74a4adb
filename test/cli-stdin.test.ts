/**
 * `--stdin-filename PATH`: what editors without LSP use. Standard input stands
 * in for PATH's contents; the rest of the repository is read from disk.
 */
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIO } from './helpers/memory-io.js';

const EXAMPLE = join(import.meta.dirname, '..', 'examples', 'ci-host');
const DASHBOARD = 'nix/modules/dashboard.nix';

function run(args: string[], stdin: string) {
  const io = { ...memoryIO(EXAMPLE), stdin: Readable.from([Buffer.from(stdin)]) };
  return main(args, io).then((code) => ({ code, out: io.out(), err: io.err() }));
}

describe('--stdin-filename', () => {
  it('lints the unsaved text instead of the file: the saved example has the deadlock, the buffer without the ordering has none', async () => {
    const saved = readFileSync(join(EXAMPLE, DASHBOARD), 'utf8');
    const same = await run(['--format', 'concise', '--stdin-filename', DASHBOARD], saved);
    expect(same.code).toBe(1);
    expect(same.out).toContain('health-gate-deadlock');
    const fixed = await run(['--format', 'concise', '--stdin-filename', DASHBOARD], saved.replace(' "deploy-proxy.service"', ''));
    expect(fixed.err).toBe('');
    expect(fixed.out).not.toContain('health-gate-deadlock');
    expect(fixed.code).toBe(0);
  });

  it('a syntax error in the buffer is a parse-error finding at its line, quoted from the buffer', async () => {
    const r = await run(['--format', 'concise', '--stdin-filename', DASHBOARD], '{ broken = ;\n');
    expect(r.out).toMatch(/nix\/modules\/dashboard\.nix:1:\d+: error \[parse-error\]/);
    expect(r.code).toBe(1);
    const stylish = await run(['--stdin-filename', DASHBOARD], '{ broken = ;\n');
    expect(stylish.out).toContain('{ broken = ;');
  });

  it('names a file that exists, or it is a usage error (exit 2, one line)', async () => {
    const r = await run(['--stdin-filename', 'nix/modules/nope.nix'], '{}');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('--stdin-filename');
  });
});
