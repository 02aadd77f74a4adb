/**
 * The one test of the CLI as users run it: the bundle `npm run build` makes,
 * started through bin/deploy-lint.js as a process. Every other CLI test runs
 * main() in-process (test/helpers/cli.ts).
 */
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
});
