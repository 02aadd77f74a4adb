/**
 * Confinement (issue 12): nothing outside the linted roots is read, whatever
 * links the repository plants; links out are infos naming the link, never
 * their target's content.
 */
import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { readSource } from '../src/discover/read.js';
import { loadConfig } from '../src/config/load.js';
import { readBaseline } from '../src/baseline/baseline.js';
import { CYCLE, NIX_CYCLE } from './helpers/planted-cycle.js';
import { main } from '../src/cli/main.js';
import { memoryIO } from './helpers/memory-io.js';

const SECRET = 'SECRET_TOKEN=abc123';
/** A repository beside a folder outside it holding a secret, a unit and a module. */
function setup(files: Record<string, string>, links: Record<string, string> = {}): { repo: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'deploy-lint-conf-'));
  const outside = join(base, 'outside');
  mkdirSync(join(outside, 'units'), { recursive: true });
  writeFileSync(join(outside, 'secret'), `${SECRET}\n`);
  writeFileSync(join(outside, 'units', 'out.service'), `[Unit]\nDescription=${SECRET}\nAfter=${SECRET}.service\n[Service]\nExecStart=/bin/true\n`);
  writeFileSync(join(outside, 'module.nix'), `{ ... }: { systemd.services.out.script = "${SECRET}"; }`);
  writeFileSync(join(outside, 'config.json'), `{"${SECRET}": 1`);
  const repo = join(base, 'repo');
  for (const [p, text] of Object.entries({ ...CYCLE, ...files })) {
    mkdirSync(join(repo, p, '..'), { recursive: true });
    writeFileSync(join(repo, p), text);
  }
  for (const [p, target] of Object.entries(links)) {
    mkdirSync(join(repo, p, '..'), { recursive: true });
    symlinkSync(target.replace('$OUT', outside), join(repo, p));
  }
  return { repo, outside };
}

async function run(repo: string, paths = ['.']) {
  const r = await lint({ paths, cwd: repo });
  const text = JSON.stringify(r.diagnostics);
  return { r, text, rules: r.diagnostics.map((d) => `${d.rule} ${d.severity} ${d.location.file}`) };
}

describe('confinement', () => {
  it('a unit file linked to a file outside: an info naming the link, its content never read', async () => {
    const { repo } = setup({}, { 'units/x.service': '$OUT/secret', 'units/passwd.service': '/etc/passwd' });
    const { text, rules } = await run(repo);
    expect(rules).toContain('link-outside-root info units/x.service');
    expect(rules).toContain('link-outside-root info units/passwd.service');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('root:x:0');
    expect(rules).toContain('ordering-cycle error units/a.service');
  });

  it('the printed report never quotes the target of a link out: the code frame under the info stays empty', async () => {
    const { repo } = setup({}, { 'units/x.service': '$OUT/secret', 'units/passwd.service': '/etc/passwd' });
    const io = memoryIO(repo);
    const code = await main(['.', '--fail-on', 'info'], io);
    expect(io.out()).toContain('link-outside-root');
    expect(io.out()).not.toContain(SECRET);
    expect(io.out()).not.toContain('root:x:0');
    expect(code).toBe(1);
  });

  it('a folder linked outside (or to /) is not walked', async () => {
    const { repo } = setup({}, { dir: '$OUT/units', rootfs: '/' });
    const { r, text, rules } = await run(repo);
    expect(rules.filter((x) => x.startsWith('link-outside-root'))).toEqual(['link-outside-root info dir', 'link-outside-root info rootfs']);
    expect(r.files.map((f) => f.path)).toEqual(['units/a.service', 'units/b.service']);
    expect(text).not.toContain(SECRET);
  });

  it('links systemd resolves by name are kept: enable links in .wants/, aliases, masks', async () => {
    const { repo } = setup({}, {
      'units/multi-user.target.wants/a.service': '/etc/systemd/system/a.service',
      'units/dbus-org.x.service': '/lib/systemd/system/real-x.service',
      'units/masked.service': '/dev/null',
    });
    const { r, rules } = await run(repo);
    expect(rules.filter((x) => x.startsWith('link-outside-root'))).toEqual([]);
    expect(r.files.map((f) => `${f.path} ${f.kind}`)).toEqual(
      expect.arrayContaining(['units/multi-user.target.wants/a.service unit-link', 'units/dbus-org.x.service unit', 'units/masked.service unit']),
    );
  });

  it('Nix readFile, import and readDir through links out are infos, nothing read; the host still has its cycle', async () => {
    const { repo } = setup(
      {
        'hosts/h/configuration.nix': '{ ... }: { imports = [ ../../cycle.nix ../../rf.nix ../../mod.nix ../../rd.nix ]; }',
        'cycle.nix': NIX_CYCLE,
        'rf.nix': '{ ... }: { systemd.services.${builtins.readFile ./tok} = { script = "true"; }; }',
        'rd.nix': '{ ... }: { systemd.services = builtins.mapAttrs (n: v: { script = n; }) (builtins.readDir ./od); }',
      },
      { tok: '$OUT/secret', 'mod.nix': '$OUT/module.nix', od: '$OUT/units' },
    );
    const { r, text } = await run(repo);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('out.service');
    const outsideNotes = r.diagnostics.filter((d) => d.rule === 'link-outside-root').map((d) => `${d.location.file} ${d.message}`);
    expect(outsideNotes).toEqual(
      expect.arrayContaining([
        'rf.nix readFile tok: outside the linted folders (links resolved), not read',
        'rd.nix readDir od: outside the linted folders (links resolved), not read',
        'hosts/h/configuration.nix import of mod.nix: outside the linted folders (links resolved), not read',
      ]),
    );
    expect(r.diagnostics.filter((d) => d.rule === 'ordering-cycle').map((d) => d.host)).toEqual(['h']);
  });

  it('a file discovery listed as regular and since replaced by a link out is not followed when read', () => {
    // The Nix evaluator trusts such a file to be inside without asking realpath(3): the read itself refuses the link.
    const { repo } = setup({}, { 'swapped.nix': '$OUT/module.nix' });
    const r = readSource({ path: 'swapped.nix', absPath: join(repo, 'swapped.nix'), kind: 'nix', symlink: false });
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toContain(SECRET);
    expect(r.ok ? '' : r.diagnostic.message).toBe('cannot read file (ELOOP)');
  });

  it('each given path is its own root: a second path does not widen what Nix may read to their common ancestor', async () => {
    const { repo, outside } = setup({
      'hosts/h/configuration.nix': '{ ... }: { imports = [ ../../cycle.nix ../../rf.nix ]; }',
      'cycle.nix': NIX_CYCLE,
      'rf.nix': '{ ... }: { systemd.services.${builtins.readFile ../outside/secret} = { script = "true"; }; }',
    });
    const { text } = await run(repo, ['.', join(outside, 'units')]);
    expect(text).toContain('readFile ../outside/secret: outside the linted folders');
    expect(text).not.toContain(`"${SECRET}`);
  });

  it('Nix readFile of a FIFO or of a file over the size limit fails in that module, without blocking or reading it', async () => {
    const { repo } = setup({
      'hosts/h/configuration.nix': '{ ... }: { imports = [ ../../cycle.nix ../../rf.nix ]; }',
      'cycle.nix': NIX_CYCLE,
      'rf.nix': '{ ... }: { systemd.services.x.script = builtins.readFile ./fifo; systemd.services.y.script = builtins.readFile ./big; }',
    });
    execFileSync('mkfifo', [join(repo, 'fifo')]);
    writeFileSync(join(repo, 'big'), '');
    truncateSync(join(repo, 'big'), 300 * 1024 * 1024); // sparse: 300 MB that cost no disk
    const { r } = await run(repo);
    const messages = r.diagnostics.filter((d) => d.location.file === 'rf.nix').map((d) => d.message);
    expect(messages).toEqual(expect.arrayContaining([expect.stringContaining("opening file '"), expect.stringContaining('cannot be read')]));
    expect(r.diagnostics.filter((d) => d.rule === 'ordering-cycle').map((d) => d.host)).toEqual(['h']);
  });

  it('a config or baseline linked outside its folder is refused without quoting it', () => {
    const { repo } = setup({}, { 'deploy-lint.config.json': '$OUT/config.json', 'bl.json': '$OUT/secret' });
    expect(() => loadConfig('deploy-lint.config.json', repo)).toThrow('deploy-lint.config.json: config file: it is a symbolic link leading out of its folder: not read');
    expect(() => readBaseline('bl.json', repo)).toThrow('bl.json: baseline: it is a symbolic link leading out of its folder: not read');
  });
});
