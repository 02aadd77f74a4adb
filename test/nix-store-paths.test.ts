/**
 * Nix path interpolation as on the host: `"${./x.py}"` is the store path the
 * file is copied to (`/nix/store/<hash>-x.py`), `toString ./x.py` the path
 * itself. Command lines then never carry the checkout's path, so a checkout
 * whose path has a space still gives the A1 finding, and Nix code reading a
 * store path (`import "${./dir}/x.nix"`) reads the repository file.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { createMachine, RepoFileAccess } from '../src/parsers/nix/eval/index.js';
import { parseNix } from '../src/parsers/nix/syntax/parser.js';
import { tempRepo } from './helpers/temp-repo.js';

const ROOT = join(import.meta.dirname, '..');

function evalIn(dir: string, text: string) {
  const m = createMachine({ files: new RepoFileAccess(dir, dir), cwd: dir, budget: 1_000_000 });
  return { m, v: m.eval(parseNix(text, 'x.nix').ast!, m.globals) };
}

describe('repository paths in strings', () => {
  it('"${./x.py}" is a store path named after the file; toString ./x.py is the path', () => {
    const dir = tempRepo({ 'scripts/x.py': 'print(1)\n' });
    const { m, v } = evalIn(dir, '[ "${./scripts/x.py}" (toString ./scripts/x.py) ]');
    expect(v.t).toBe('list');
    const [a, b] = (v as { items: Parameters<typeof m.force>[0][] }).items.map((t) => m.force(t));
    expect(a).toMatchObject({ t: 'string' });
    expect((a as { s: string }).s).toMatch(/^\/nix\/store\/[0-9a-z]{32}-x\.py$/);
    expect((b as { s: string }).s).toBe(join(dir, 'scripts/x.py'));
  });

  it('the store path does not depend on where the checkout is', () => {
    const files = { 'scripts/x.py': 'print(1)\n' };
    const one = evalIn(tempRepo(files), '"${./scripts/x.py}"');
    const two = evalIn(tempRepo(files), '"${./scripts/x.py}"');
    expect(one.v).toMatchObject({ t: 'string' });
    expect((one.v as { s: string }).s).toBe((two.v as { s: string }).s);
  });

  it('Nix code reading a store path reads the repository file', () => {
    const dir = tempRepo({ 'lib/a.nix': '{ x = 41; }', 'lib/b.txt': 'hello' });
    const { m, v } = evalIn(dir, '[ (import "${./lib}/a.nix").x (builtins.readFile "${./lib}/b.txt") ]');
    const items = (v as { items: Parameters<typeof m.force>[0][] }).items.map((t) => m.force(t));
    expect(items[0]).toMatchObject({ t: 'int', v: 41n });
    expect(items[1]).toMatchObject({ t: 'string', s: 'hello' });
  });
});

describe('a checkout path with a space', () => {
  it('examples/ci-host copied under a path with spaces still gives the A1 finding', async () => {
    const base = mkdtempSync(join(tmpdir(), 'deploy lint '));
    const repo = join(base, 'ci host');
    cpSync(join(ROOT, 'examples/ci-host'), repo, { recursive: true });
    const result = await lint({ paths: ['ci host'], cwd: base });
    expect(result.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.rule} ${d.subject} ${d.location.file}:${d.location.line}`)).toEqual([
      'health-gate-deadlock deploy-proxy.service ci host/scripts/warm_reconcile.py:34',
    ]);
  });
});
