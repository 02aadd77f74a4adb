/**
 * main() in-process: it writes only to the streams it is given, resolves
 * paths against the cwd it is given (not the process's), and returns the
 * exit code instead of setting or exiting with it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIO as io } from './helpers/memory-io.js';

const ROOT = join(import.meta.dirname, '..');

describe('main(argv, io)', () => {
  it('lints relative to io.cwd and returns 1 for an error finding, leaving process.exitCode alone', async () => {
    const before = process.exitCode;
    const x = io(join(ROOT, 'examples'));
    expect(await main(['ci-host', '-f', 'concise'], x)).toBe(1);
    // 'ci-host' is found under io.cwd; the path printed is from the repository root (src/config/root.ts).
    expect(x.out().split('\n')[0]).toMatch(/^examples\/ci-host\/scripts\/warm_reconcile\.py:34:23: error \[health-gate-deadlock\]/);
    expect(x.err()).toBe('');
    expect(process.exitCode).toBe(before);
  });

  it('writes --output-file under io.cwd', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-main-'));
    const x = io(dir);
    expect(await main([join(ROOT, 'examples', 'ci-host'), '-f', 'json', '-o', 'out/r.json', '--exit-zero'], x)).toBe(0);
    expect(x.out()).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'out', 'r.json'), 'utf8'))).toBeTruthy();
  });

  it('usage errors: one line on io.stderr, exit 2; --help and --version go to io.stdout', async () => {
    const x = io(ROOT);
    expect(await main(['--bogus'], x)).toBe(2);
    expect(x.err()).toBe('deploy-lint: Unknown argument: bogus\n');
    const h = io(ROOT);
    expect(await main(['--help'], h)).toBe(0);
    expect(h.out()).toMatch(/^deploy-lint \[paths\.\.\]/);
    const v = io(ROOT);
    expect(await main(['--version'], v)).toBe(0);
    expect(v.out()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
