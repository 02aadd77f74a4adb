/**
 * No silent green (issue 12): a failure loses only what it touches, and says
 * so at error level, so the run cannot pass.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { parseEach } from '../src/parsers/adapter.js';
import type { SourceFile } from '../src/discover/source-file.js';
import { RepoFileAccess } from '../src/parsers/nix/eval/file-access.js';
import { RunBudget } from '../src/parsers/nix/eval/budget.js';
import { evaluateRepo } from '../src/parsers/nix/nixos/evaluate-repo.js';
import { loadShellAnalyzer } from '../src/parsers/shell/analyzer.js';
import { RULES } from '../rules/registry.js';
import type { Rule } from '../rules/api.js';
import { tempRepo } from './helpers/temp-repo.js';
import { CYCLE, NIX_CYCLE } from './helpers/planted-cycle.js';

async function nix(files: Record<string, string>, run?: RunBudget, stepsPerFile?: number) {
  const dir = tempRepo(files);
  const nixFiles = Object.keys(files)
    .filter((f) => f.endsWith('.nix'))
    .sort()
    .map((path) => ({ path, absPath: join(dir, path) }));
  return evaluateRepo({ files: nixFiles, access: new RepoFileAccess(dir, dir), cwd: dir, shell: await loadShellAnalyzer(), ...(run ? { run } : {}), ...(stepsPerFile ? { stepsPerFile } : {}) });
}

describe('no silent green', () => {
  it('a parser throwing on one file is an internal-error at that file; the other files are still read', () => {
    const files: SourceFile[] = ['a.service', 'b.service'].map((p) => ({ path: p, absPath: `/nonexistent/${p}`, kind: 'unit' }));
    const out = parseEach(files, { files, read: () => ({ ok: true, text: '' }) }, (f) => {
      if (f.path === 'a.service') throw new TypeError("Cannot read properties of undefined (reading 'v')");
      return { facts: [{ kind: 'host', name: f.path, span: { file: f.path, line: 1, column: 1, endLine: 1, endColumn: 1 } }], diagnostics: [] };
    });
    expect(out.diagnostics.map((d) => [d.rule, d.severity, d.location.file])).toEqual([['internal-error', 'error', 'a.service']]);
    expect(out.diagnostics[0]!.message).toContain("TypeError: Cannot read properties of undefined (reading 'v')");
    expect(out.facts).toHaveLength(1);
  });

  it('a rule throwing is an internal-error naming it; the other rules still report', async () => {
    const dir = tempRepo(CYCLE);
    const broken: Rule = { meta: { ...RULES[0]!.meta, id: 'broken-rule' }, check: () => { throw new Error('boom'); } };
    const r = await lint({ paths: ['.'], cwd: dir, rules: [broken, ...RULES] });
    const internal = r.diagnostics.filter((d) => d.rule === 'internal-error');
    expect(internal.map((d) => [d.severity, d.message])).toEqual([['error', 'internal error in rule broken-rule: boom; what it covers is not checked']]);
    expect(r.diagnostics.some((d) => d.rule === 'ordering-cycle')).toBe(true);
  });

  it('internal errors cannot be switched off by config, --ignore-rule or an inline comment', async () => {
    // The finding is reported at the first file, which carries a file-wide disable comment.
    const dir = tempRepo({ ...CYCLE, 'units/a.service': `# deploy-lint-disable internal-error -- hidden\n${CYCLE['units/a.service']}` });
    const broken: Rule = { meta: { ...RULES[0]!.meta, id: 'broken-rule' }, check: () => { throw new Error('boom'); } };
    const r = await lint({
      paths: ['.'],
      cwd: dir,
      rules: [broken],
      ignoreRules: ['internal-error'],
      config: { rules: { 'internal-error': 'off' }, overrides: [], ignore: [], baseDir: dir } as never,
    });
    expect(r.diagnostics.filter((d) => d.rule === 'internal-error').map((d) => d.severity)).toEqual(['error']);
  });

  it('a Nix file no host imports that never ends costs nothing to the hosts (`(x: x x) (x: x x)`)', async () => {
    const out = await nix({
      'hosts/h1/configuration.nix': '{ ... }: { imports = [ ../../cycle.nix ]; }',
      'hosts/h2/configuration.nix': '{ ... }: { imports = [ ../../cycle.nix ]; }',
      'cycle.nix': NIX_CYCLE,
      'omega.nix': '(x: x x) (x: x x)',
    });
    const units = out.facts.filter((f) => f.kind === 'unit').map((f) => `${(f as { host?: string }).host}:${(f as { name: string }).name}`);
    expect(units).toEqual(expect.arrayContaining(['h1:a.service', 'h1:b.service', 'h2:a.service', 'h2:b.service']));
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it("the run's budget running out is an error naming each host it cut short", async () => {
    const out = await nix(
      {
        'hosts/big/configuration.nix': `{ ... }: { imports = [ ../../cycle.nix ]; systemd.services.x.script = toString (builtins.foldl' (a: b: a + b) 0 (builtins.genList (i: i) 100000)); }`,
        'cycle.nix': NIX_CYCLE,
      },
      new RunBudget(50_000),
    );
    const errors = out.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.rule, d.host])).toEqual([['host-incomplete', 'big']]);
    expect(errors[0]!.message).toMatch(/^host big: the Nix evaluation step budget \(50000 steps\) ran out here/);
  });

  it("an imported module running out of its own step budget is an error naming the host that imports it; the other host keeps its facts", async () => {
    // A million additions over one 1,000-element list: heavy in steps, light in allocation (the run's budgets do not trip).
    const heavy = `{ ... }: let l = builtins.genList (i: i) 1000; in { systemd.services.x.script = toString (builtins.foldl' (a: i: builtins.foldl' (b: j: b + 1) a l) 0 l); }`;
    const run = new RunBudget(40_000_000);
    const out = await nix(
      {
        'hosts/h1/configuration.nix': '{ ... }: { imports = [ ../../cycle.nix ../../heavy.nix ]; }',
        'hosts/h2/configuration.nix': '{ ... }: { imports = [ ../../cycle.nix ]; }',
        'cycle.nix': NIX_CYCLE,
        'heavy.nix': heavy,
      },
      run,
    );
    expect(run.spent).toBe(false);
    const errors = out.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.rule, d.host, d.location.file])).toEqual([['host-incomplete', 'h1', 'heavy.nix']]);
    expect(errors[0]!.message).toMatch(/^host h1: the Nix evaluation step budget of one file \(heavy\.nix\) ran out here/);
    const units = out.facts.filter((f) => f.kind === 'unit').map((f) => `${(f as { host?: string }).host}:${(f as { name: string }).name}`);
    expect(units).toEqual(expect.arrayContaining(['h1:a.service', 'h1:b.service', 'h2:a.service', 'h2:b.service']));
  });

  it('a module every host of a flake imports has its step budget per host: eight hosts, none incomplete', async () => {
    // Under 5,000 steps per host, the file budget here: counted across the eight (one session per flake), hosts h1
    // to h7 were incomplete (at the real budget, forty hosts of a 12,500-step module: the seventeenth on).
    const hosts = Array.from({ length: 8 }, (_, i) => `h${i}`);
    const files: Record<string, string> = {
      'flake.nix': `{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.05";
  outputs = inputs: let mk = name: inputs.nixpkgs.lib.nixosSystem { modules = [ ./common.nix ./hosts/\${name}.nix ]; }; in {
    nixosConfigurations = builtins.listToAttrs (map (n: { name = n; value = mk n; }) [ ${hosts.map((h) => `"${h}"`).join(' ')} ]);
  };
}`,
      'common.nix': `{ ... }: let users = builtins.genList (i: "u\${toString i}") 300; groups = builtins.foldl' (acc: u: acc // { \${u} = [ u ]; }) { } users; in {
  systemd.services.common.script = "echo \${toString (builtins.length (builtins.attrNames groups))}";
}`,
    };
    for (const h of hosts) files[`hosts/${h}.nix`] = `{ ... }: { systemd.services.only-${h}.script = "true"; }`;
    const out = await nix(files, undefined, 5_000);
    expect(out.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message)).toEqual([]);
    const units = new Set(out.facts.filter((f) => f.kind === 'unit').map((f) => `${(f as { host?: string }).host}:${(f as { name: string }).name}`));
    for (const h of hosts) expect(units.has(`${h}:only-${h}.service`) && units.has(`${h}:common.service`), h).toBe(true);
  });

  it("hosts after the run's budget is spent are errors naming them; the hosts read before keep their facts", async () => {
    // Each host's session evaluates the lib prelude: that threw past a spent budget, out of the whole Nix evaluation.
    const out = await nix(
      {
        'hosts/a/configuration.nix': '{ ... }: { imports = [ ../../cycle.nix ]; }',
        'hosts/b/configuration.nix': `{ ... }: { imports = [ ../../cycle.nix ]; systemd.services.x.script = toString (builtins.foldl' (a: b: a + b) 0 (builtins.genList (i: i) 100000)); }`,
        'hosts/c/configuration.nix': '{ ... }: { imports = [ ../../cycle.nix ]; }',
        'cycle.nix': NIX_CYCLE,
        'alone.nix': '{ ... }: { systemd.services.alone.script = "true"; }',
      },
      new RunBudget(50_000),
    );
    const errors = out.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.rule, d.host])).toEqual([['host-incomplete', 'b'], ['host-incomplete', 'c']]);
    expect(errors[1]!.message).toBe('host c: not evaluated: the Nix evaluation step budget (50000 steps) ran out before its turn, so its findings are incomplete');
    const units = out.facts.filter((f) => f.kind === 'unit').map((f) => `${(f as { host?: string }).host}:${(f as { name: string }).name}`);
    expect(units).toEqual(expect.arrayContaining(['a:a.service', 'a:b.service']));
    const warnings = out.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message);
    expect(warnings).toEqual(['alone.nix (no host read to its end imports it; hosts b, c stopped early): not evaluated: the Nix evaluation step budget (50000 steps) ran out before its turn']);
    // The allocation budget spent the same way: the host after it is not evaluated either (it was "ran out here" at its first line).
    const alloc = await nix(
      {
        'hosts/b/configuration.nix': `{ ... }: { imports = [ ../../cycle.nix ]; systemd.services.x.script = toString (builtins.length (builtins.genList (i: i) 100000)); }`,
        'hosts/c/configuration.nix': '{ ... }: { imports = [ ../../cycle.nix ]; }',
        'cycle.nix': NIX_CYCLE,
      },
      new RunBudget(10_000_000, 20_000),
    );
    expect(alloc.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([
      expect.stringMatching(/^host b: the Nix evaluation allocation budget \(20000 units .*\) ran out here; the rest of its configuration is not read/),
      expect.stringMatching(/^host c: not evaluated: the Nix evaluation allocation budget \(20000 units .*\) ran out before its turn/),
    ]);
  });

  it('a module a host never reached, its evaluation cut short, is not called one no host imports', async () => {
    const heavyImports = (n: number) => `{ ... }: { imports = builtins.seq (builtins.foldl' (a: b: a + b) 0 (builtins.genList (i: i) ${n})) [ ./later.nix ]; }`;
    const files = (heavy: string) => ({
      'hosts/h/configuration.nix': '{ ... }: { imports = [ ../../cycle.nix ../../heavy.nix ]; }',
      'cycle.nix': NIX_CYCLE,
      'heavy.nix': heavy,
      'later.nix': '{ ... }: { systemd.services.later.script = throw "boom"; }',
    });
    // The run's budget runs out in heavy.nix: later.nix cannot be evaluated either.
    const spent = await nix(files(heavyImports(100_000)), new RunBudget(50_000));
    const texts = spent.diagnostics.map((d) => d.message);
    expect(texts).toContain('later.nix (no host read to its end imports it; host h stopped early): not evaluated: the Nix evaluation step budget (50000 steps) ran out before its turn');
    // heavy.nix runs out of its own budget (the run's is not spent): later.nix is read on its own, and what it says is labelled so.
    const overrun = await nix(files(heavyImports(300_000)));
    expect(overrun.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.rule, d.host, d.location.file])).toEqual([['host-incomplete', 'h', 'heavy.nix']]);
    expect(overrun.diagnostics.map((d) => d.message)).toContain('a definition could not be evaluated: boom (no host read to its end imports this file; host h stopped early)');
    for (const out of [spent, overrun]) expect(out.diagnostics.map((d) => d.message).join('\n')).not.toContain('no host imports');
  });

  it('a large Nix file no host imports is parsed after the hosts: it cannot starve them', async () => {
    // ~110,000 characters: more than the allocation budget below holds, and sorted before every host's file.
    const big = `{ ... }: {\n${Array.from({ length: 2000 }, (_, i) => `  x${i} = "${'v'.repeat(40)}";`).join('\n')}\n}\n`;
    const run = new RunBudget(10_000_000, 3_000);
    const out = await nix(
      {
        'a-vendored.nix': big,
        'hosts/h1/configuration.nix': '{ ... }: { imports = [ ../../cycle.nix ]; }',
        'hosts/h2/configuration.nix': '{ ... }: { imports = [ ../../cycle.nix ]; }',
        'cycle.nix': NIX_CYCLE,
      },
      run,
    );
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const units = out.facts.filter((f) => f.kind === 'unit').map((f) => `${(f as { host?: string }).host}:${(f as { name: string }).name}`);
    expect(units).toEqual(expect.arrayContaining(['h1:a.service', 'h1:b.service', 'h2:a.service', 'h2:b.service']));
    expect(out.diagnostics.filter((d) => d.severity === 'warning').map((d) => [d.location.file, d.message])).toEqual([
      ['a-vendored.nix', expect.stringMatching(/^a-vendored\.nix \(no host imports it\): the Nix evaluation allocation budget \(3000 units/)],
    ]);
  });

  it("a module's imports running out of its file's step budget lose that module, not the host's other modules", async () => {
    // The overrun escaped the module system (it was rethrown as if the run's budget were spent): the host lost everything.
    const out = await nix({
      'hosts/h/configuration.nix': '{ ... }: { imports = [ ../../cycle.nix ../../heavy.nix ]; }',
      'cycle.nix': NIX_CYCLE,
      'heavy.nix': `{ ... }: { imports = builtins.seq (builtins.foldl' (a: b: a + b) 0 (builtins.genList (i: i) 300000)) [ ./later.nix ]; }`,
      'later.nix': '{ ... }: { systemd.services.later.script = "true"; }',
    });
    const units = out.facts.filter((f) => f.kind === 'unit' && f.host === 'h').map((f) => (f as { name: string }).name);
    expect(units).toEqual(expect.arrayContaining(['a.service', 'b.service']));
    expect(out.diagnostics.filter((d) => d.severity !== 'info').map((d) => [d.rule, d.severity, d.location.file, d.message])).toEqual([
      ['host-incomplete', 'error', 'heavy.nix', 'host h: the Nix evaluation step budget of one file (heavy.nix) ran out here; what that file defines is not read, so its findings are incomplete'],
      ['nix-eval-error', 'warning', 'heavy.nix', "evaluation budget exceeded: this file's expressions took more than 200000 steps (an endless loop, or a computation too large to follow); the rest of it is not evaluated"],
    ]);
  });

  it('one budget for the run: hosts sharing modules do not each get a fresh one', async () => {
    const run = new RunBudget(10_000_000);
    const heavy = `{ ... }: { systemd.services.x.script = toString (builtins.foldl' (a: b: a + b) 0 (builtins.genList (i: i) 20000)); }`;
    const files: Record<string, string> = { 'heavy.nix': heavy, 'cycle.nix': NIX_CYCLE };
    for (let h = 0; h < 4; h++) files[`hosts/h${h}/configuration.nix`] = '{ ... }: { imports = [ ../../heavy.nix ../../cycle.nix ]; }';
    await nix(files, run);
    const one = new RunBudget(10_000_000);
    await nix({ 'heavy.nix': heavy, 'cycle.nix': NIX_CYCLE, 'hosts/h0/configuration.nix': files['hosts/h0/configuration.nix']! }, one);
    expect(run.steps).toBeGreaterThan(3 * one.steps);
  });

  it('allocation is charged: genList of ten million elements is refused before it is built', async () => {
    const out = await nix({
      'hosts/h/configuration.nix': '{ ... }: { imports = [ ../../cycle.nix ../../bomb.nix ]; }',
      'cycle.nix': NIX_CYCLE,
      'bomb.nix': '{ ... }: { systemd.services.x.script = toString (builtins.length (builtins.genList (i: i) 9999999)); }',
    });
    expect(out.diagnostics.map((d) => d.message)).toContainEqual(expect.stringContaining('genList of 9999999 elements is larger than deploy-lint evaluates'));
    expect(out.facts.filter((f) => f.kind === 'unit').map((f) => (f as { name: string }).name)).toEqual(expect.arrayContaining(['a.service', 'b.service']));
  });

  it('a string doubled past the length limit is an error in that module, not a V8 crash', async () => {
    const out = await nix({
      'hosts/h/configuration.nix': '{ ... }: { imports = [ ../../cycle.nix ../../bomb.nix ]; }',
      'cycle.nix': NIX_CYCLE,
      'bomb.nix': '{ ... }: let dbl = s: n: if n == 0 then s else dbl (s + s) (n - 1); in { systemd.services.x.script = dbl "x" 28; }',
    });
    expect(out.diagnostics.map((d) => d.message)).toContainEqual(expect.stringContaining('is longer than deploy-lint evaluates'));
    expect(out.facts.filter((f) => f.kind === 'unit').map((f) => (f as { name: string }).name)).toEqual(expect.arrayContaining(['a.service', 'b.service']));
  });
});
