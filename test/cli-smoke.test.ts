/**
 * The one test of the CLI as users run it: the bundle `npm run build` makes,
 * started through bin/deploy-lint.js as a process. Every other CLI test runs
 * main() in-process (test/helpers/cli.ts).
 */
import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, ROOT, type Cli } from './cli-build.js';

let cli: Cli;
beforeAll(() => {
  cli = buildCli('smoke');
}, 300_000);
afterAll(() => cli?.dispose());

describe('bin/deploy-lint.js', () => {
  it('lints the README example: the deadlock on stdout, exit 1, nothing on stderr', () => {
    const r = cli.run(['examples/ci-host', '-f', 'concise'], { cwd: ROOT });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^examples\/ci-host\/scripts\/warm_reconcile\.py:\d+:\d+: error \[health-gate-deadlock\]/);
    expect(r.status).toBe(1);
  });

  it('a usage error is one line on stderr and exit 2', () => {
    const r = cli.run(['--bogus'], { cwd: ROOT });
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('deploy-lint: Unknown argument: bogus\n');
    expect(r.status).toBe(2);
  });

  describe('the V8 code cache the build makes (bin/load-bundle.js)', () => {
    const dist = () => join(dirname(cli.entry), '..', 'dist', 'deploy-lint');
    const cacheFile = () => join(dist(), readdirSync(dist()).find((f) => /^cli\.[0-9a-f]{16}\.cache$/.test(f))!);
    const debugRun = () => cli.run(['examples/ci-host', '-f', 'concise'], { cwd: ROOT, env: { DEPLOY_LINT_DEBUG: '1' } });

    it('is made by the build and used by a run', () => {
      const r = debugRun();
      expect(r.stderr).toMatch(/code cache used/);
      expect(r.status).toBe(1);
    });

    it('a cache V8 rejects (corrupt) or of another bundle (other id) is not used, and the run is the same', () => {
      const expected = cli.run(['examples/ci-host', '-f', 'concise'], { cwd: ROOT }).stdout;
      const file = cacheFile();
      const other = file.replace(/cli\.[0-9a-f]{16}/, 'cli.0000000000000000');
      renameSync(file, other);
      const none = debugRun();
      expect(none.stderr).toMatch(/code cache none/);
      expect(none.stdout).toBe(expected);
      writeFileSync(file, Buffer.alloc(4096, 7));
      const rejected = debugRun();
      expect(rejected.stderr).toMatch(/code cache rejected/);
      expect(rejected.stdout).toBe(expected);
      renameSync(other, file);
    });
  });
});
