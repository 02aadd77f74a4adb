/**
 * Paths are relative to the repository root, not the working directory: a run
 * from a subfolder and one from the root print the same bytes in every format,
 * and write the same baseline (so `baseline prune` from either keeps it).
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { REPORTERS } from '../src/report/index.js';
import { memoryIO } from './helpers/memory-io.js';
import { tempRepo } from './helpers/temp-repo.js';

const CYCLE = {
  'infra/units/a.service': '[Unit]\nAfter=b.service\n[Install]\nWantedBy=multi-user.target\n',
  'infra/units/b.service': '[Unit]\nAfter=a.service\nWants=typo.service\n[Install]\nWantedBy=multi-user.target\n',
  'infra/units/bad.service': '[Unit]\nAfter\n[Install]\nWantedBy=multi-user.target\n',
};

async function cli(argv: string[], cwd: string) {
  const io = memoryIO(cwd);
  const code = await main(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('paths from the repository root', () => {
  it('every format gives the same bytes from the root and from a subfolder (root found by .git)', async () => {
    const repo = tempRepo(CYCLE);
    mkdirSync(join(repo, '.git'));
    for (const format of Object.keys(REPORTERS)) {
      const fromRoot = await cli(['infra', '-f', format], repo);
      const fromSub = await cli(['.', '-f', format], join(repo, 'infra'));
      const fromUnits = await cli(['..', '-f', format], join(repo, 'infra', 'units'));
      expect(fromRoot.code, `${format}: ${fromRoot.stderr}`).toBe(1);
      expect(fromRoot.stdout).toContain('infra/units/a.service');
      expect(fromSub.stdout, format).toBe(fromRoot.stdout);
      expect(fromUnits.stdout, format).toBe(fromRoot.stdout);
    }
  });

  it('a baseline made in a subfolder matches a run from the root, and prune from the root keeps it', async () => {
    const repo = tempRepo(CYCLE);
    writeFileSync(join(repo, 'deploy-lint.config.json'), '{}\n');
    expect((await cli(['baseline', 'create', '.', '--baseline', '../known.json'], join(repo, 'infra'))).code).toBe(0);
    const made = readFileSync(join(repo, 'known.json'), 'utf8');
    expect(made).toContain('infra/units/bad.service');
    const run = await cli(['infra', '--baseline', 'known.json'], repo);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 0, stdout: expect.stringContaining('0 errors') });
    await cli(['baseline', 'prune', 'infra', '--baseline', 'known.json'], repo);
    expect(readFileSync(join(repo, 'known.json'), 'utf8')).toBe(made);
  });

  it('--root names the root; a path outside it is a usage error', async () => {
    const repo = tempRepo(CYCLE);
    mkdirSync(join(repo, '.git'));
    const json = (await cli(['.', '--root', '.', '-f', 'json'], join(repo, 'infra'))).stdout;
    expect(json).toContain('"units/a.service"');
    expect(json).not.toContain('infra/units');
    const outside = await cli(['..', '--root', '.'], join(repo, 'infra'));
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('outside --root');
  });

  it('fix from a subfolder edits the file the root-relative finding names', async () => {
    const repo = tempRepo({});
    mkdirSync(join(repo, '.git'));
    cpSync(join(import.meta.dirname, '..', 'examples', 'ci-host'), join(repo, 'infra'), { recursive: true });
    const before = readFileSync(join(repo, 'infra', 'scripts', 'warm_reconcile.py'), 'utf8');
    const run = await cli(['fix', '--rule', 'health-gate-deadlock', '--option', '1', '.'], join(repo, 'infra'));
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('fixed health-gate-deadlock at infra/scripts/warm_reconcile.py:34:23 with fix 1');
    expect(run.code).toBe(0);
    expect(readFileSync(join(repo, 'infra', 'scripts', 'warm_reconcile.py'), 'utf8')).not.toBe(before);
  });

  it('with no .git and no config above, paths stay relative to the working directory', async () => {
    const repo = tempRepo(CYCLE);
    const json = (await cli(['.', '-f', 'json'], join(repo, 'infra'))).stdout;
    expect(json).toContain('"units/a.service"');
  });
});
