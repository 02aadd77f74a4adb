/**
 * Hosts: a flake's nixosConfigurations (recognised by shape — nixpkgs is not
 * there) and hosts/NAME/ folders are each their own module set and their own
 * graph; modules no host loads are evaluated together and join no host's graph.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Fact, HostFact, UnitFact } from '../src/model/facts.js';
import { lint, parseAll } from '../src/lint.js';
import { discover } from '../src/discover/walk.js';
import { tempRepo } from './helpers/temp-repo.js';

async function factsOf(files: Record<string, string>): Promise<Fact[]> {
  const cwd = tempRepo(files);
  return (await parseAll(discover(['.'], { cwd }))).facts;
}

function units(facts: Fact[], host?: string): string[] {
  return facts
    .filter((f): f is UnitFact => f.kind === 'unit' && f.origin === 'nix' && f.host === host)
    .map((f) => f.name)
    .sort();
}

const SHARED = `{ config, lib, ... }: {
  options.role = lib.mkOption { type = lib.types.str; };
  config.systemd.services."role-\${config.role}" = { script = "true"; wantedBy = [ "multi-user.target" ]; };
}`;

describe('flake hosts', () => {
  it('each nixosConfigurations entry is a host with its own evaluation of the shared modules', async () => {
    const facts = await factsOf({
      'flake.nix': `{
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.05";
  outputs = { self, nixpkgs, ... }@inputs: {
    nixosConfigurations.web = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      specialArgs = { inherit inputs; site = "web"; };
      modules = [ ./shared.nix ({ site, ... }: { role = site; }) ];
    };
    nixosConfigurations.db = inputs.nixpkgs.lib.nixosSystem {
      modules = [ ./shared.nix { role = "db"; } ];
    };
    nixosConfigurations.weird = import ./not-a-system.nix;
  };
}`,
      'shared.nix': SHARED,
      'not-a-system.nix': '{ config = { }; }',
    });
    const hosts = facts.filter((f): f is HostFact => f.kind === 'host');
    expect(hosts.map((h) => [h.name, `${h.span.file}:${h.span.line}:${h.span.column}`])).toEqual([
      ['db', 'flake.nix:9:25'],
      ['web', 'flake.nix:4:25'],
    ]);
    expect(units(facts, 'web')).toEqual(['role-web.service']);
    expect(units(facts, 'db')).toEqual(['role-db.service']);
    expect(units(facts, undefined)).toEqual([]);
  });

  it('any <x>.nixosSystem call is recognised, also through a helper function', async () => {
    const facts = await factsOf({
      'flake.nix': `{
  inputs.stable.url = "github:NixOS/nixpkgs/nixos-24.05";
  outputs = inputs: let mk = name: inputs.stable.lib.nixosSystem { modules = [ ./hosts/\${name}.nix ]; }; in {
    nixosConfigurations = builtins.listToAttrs (map (n: { name = n; value = mk n; }) [ "a" "b" ]);
  };
}`,
      'hosts/a.nix': '{ ... }: { systemd.services.only-a.script = "true"; }',
      'hosts/b.nix': '{ ... }: { systemd.services.only-b.script = "true"; }',
    });
    expect(units(facts, 'a')).toEqual(['only-a.service']);
    expect(units(facts, 'b')).toEqual(['only-b.service']);
  });

  it('outputs merged onto something opaque (flake-utils) still have their nixosConfigurations', async () => {
    const facts = await factsOf({
      'flake.nix': `{
  inputs = { nixpkgs.url = "github:NixOS/nixpkgs"; flake-utils.url = "github:numtide/flake-utils"; };
  outputs = { self, nixpkgs, flake-utils }:
    flake-utils.lib.eachDefaultSystem (system: { devShells.default = nixpkgs.legacyPackages.\${system}.mkShell { }; })
    // { nixosConfigurations.box = nixpkgs.lib.nixosSystem { modules = [ ./box.nix ]; }; };
}`,
      'box.nix': '{ ... }: { systemd.services.boxed.script = "true"; }',
    });
    expect(units(facts, 'box')).toEqual(['boxed.service']);
  });
});

describe('several repositories in one run', () => {
  it('hosts with the same name in two flakes are told apart by their flake (as flake references)', async () => {
    const flake = (unit: string): string => `{ outputs = { nixpkgs, ... }: { nixosConfigurations.ci = nixpkgs.lib.nixosSystem { modules = [ { systemd.services.${unit}.script = "true"; } ]; }; }; }`;
    const facts = await factsOf({ 'a/flake.nix': flake('from-a'), 'b/flake.nix': flake('from-b'), 'flake.nix': flake('from-root') });
    expect(facts.filter((f) => f.kind === 'host').map((f) => (f as HostFact).name).sort()).toEqual(['.#ci', 'a#ci', 'b#ci']);
    expect(units(facts, 'a#ci')).toEqual(['from-a.service']);
    expect(units(facts, 'b#ci')).toEqual(['from-b.service']);
    expect(units(facts, '.#ci')).toEqual(['from-root.service']);
  });
});

describe('hosts/ folders', () => {
  it('hosts/NAME/default.nix (or configuration.nix) roots a host; modules no host imports share no host', async () => {
    const facts = await factsOf({
      'hosts/alpha/default.nix': '{ ... }: { imports = [ ./configuration.nix ../../modules/shared.nix ]; }',
      'hosts/alpha/configuration.nix': '{ ... }: { role = "alpha"; }',
      'hosts/beta/configuration.nix': '{ ... }: { imports = [ ../../modules/shared.nix ]; role = "beta"; }',
      'modules/shared.nix': SHARED,
      'modules/lonely.nix': '{ ... }: { systemd.services.lonely.script = "true"; }',
    });
    expect(facts.filter((f) => f.kind === 'host' && !f.alone).map((f) => (f as HostFact).name)).toEqual(['alpha', 'beta']);
    expect(units(facts, 'alpha')).toEqual(['role-alpha.service']);
    expect(units(facts, 'beta')).toEqual(['role-beta.service']);
    // With hosts declared, a leftover is evaluated on its own, as a partial graph named by its path.
    expect(units(facts, 'modules/lonely.nix')).toEqual(['lonely.service']);
    expect(facts.some((f) => f.kind === 'host' && f.alone === true && f.name === 'modules/lonely.nix')).toBe(true);
  });

  it('machines/NAME/ folders are hosts too (clan and many repositories name them so)', async () => {
    const facts = await factsOf({
      'machines/eva/configuration.nix': '{ ... }: { imports = [ ../../modules/shared.nix ]; networking.hostName = "eva"; role = "eva"; }',
      'machines/eve/configuration.nix': '{ ... }: { imports = [ ../../modules/shared.nix ]; networking.hostName = "eve"; role = "eve"; }',
      'modules/shared.nix': SHARED,
    });
    expect(facts.filter((f) => f.kind === 'host').map((f) => (f as HostFact).name)).toEqual(['eva', 'eve']);
    expect(units(facts, 'eva')).toEqual(['role-eva.service']);
    expect(units(facts, 'eve')).toEqual(['role-eve.service']);
  });

  it('hosts/NAME.nix that says it is a machine, configurations/nixos/NAME, and no darwin or home-manager file as NixOS', async () => {
    const repo = join(import.meta.dirname, '..', 'fixtures', 'nix-hosts-layouts', 'repo');
    const facts = (await parseAll(discover(['.'], { cwd: repo }))).facts;
    expect(facts.filter((f) => f.kind === 'host' && !f.alone).map((f) => (f as HostFact).name).sort()).toEqual(['alpha', 'beta', 'gamma']);
    // hosts/common.nix is a module of alpha and beta, not a host; mac.nix and alice.nix are not NixOS at all.
    expect(units(facts, 'alpha')).toEqual(['heartbeat.service']);
    expect(units(facts, 'beta')).toEqual(['heartbeat.service', 'report.service']);
    expect(units(facts, 'gamma')).toEqual(['sync.service']);
    expect(facts.filter((f) => f.kind === 'host' && f.alone)).toEqual([]);
  });

  it('without hosts every module is evaluated together and its facts have no host', async () => {
    const facts = await factsOf({
      'nix/a.nix': '{ ... }: { imports = [ ./b.nix ]; systemd.services.a.after = [ "b.service" ]; }',
      'nix/b.nix': '{ ... }: { systemd.services.b.script = "true"; }',
      'nix/c.nix': '{ ... }: { systemd.services.a.wants = [ "c.service" ]; }',
    });
    expect(facts.some((f) => f.kind === 'host')).toBe(false);
    expect(units(facts, undefined)).toEqual(['a.service', 'b.service']);
    const a = facts.find((f): f is UnitFact => f.kind === 'unit' && f.name === 'a.service')!;
    expect(a.entries.map((e) => `${e.key}=${e.value.text}`)).toEqual(['Wants=c.service', 'After=b.service']);
  });
});

describe('one graph per host', () => {
  it('lint builds a graph per host and one for the modules no host imports; nothing leaks between them', async () => {
    const cwd = tempRepo({
      'hosts/one/default.nix': '{ ... }: { systemd.services.x = { after = [ "y.service" ]; script = "true"; }; systemd.services.y.script = "true"; }',
      'hosts/two/default.nix': '{ ... }: { systemd.services.y = { after = [ "x.service" ]; script = "true"; }; systemd.services.x.script = "true"; }',
      'modules/orphan.nix': '{ ... }: { systemd.services.z.before = [ "x.service" ]; }',
    });
    const result = await lint({ paths: ['.'], cwd });
    const byHost = new Map(result.graphs.map((g) => [g.host ?? '(none)', g]));
    expect([...byHost.keys()].sort()).toEqual(['modules/orphan.nix', 'one', 'two']);
    const one = byHost.get('one')!;
    const two = byHost.get('two')!;
    expect(one.edge('x.service', 'y.service', 'after')).toBeDefined();
    expect(one.edge('y.service', 'x.service', 'after')).toBeUndefined();
    expect(two.edge('y.service', 'x.service', 'after')).toBeDefined();
    expect(two.edge('x.service', 'y.service', 'after')).toBeUndefined();
    // The two hosts together would be a cycle; neither host has one.
    expect(result.diagnostics.filter((d) => d.rule === 'ordering-cycle')).toEqual([]);
    expect(one.unit('z.service')).toBeUndefined();
    const orphan = byHost.get('modules/orphan.nix')!;
    expect(orphan.unit('z.service')?.source).toBe('repo');
    expect(orphan.partial).toBe(true);
    expect(one.partial).toBe(false);
    // x.service is defined by the hosts, not by the orphan module: on its own, that is not a dangling reference.
    expect(result.diagnostics.filter((d) => d.rule === 'dangling-reference')).toEqual([]);
  });

  it('files no host imports are each evaluated alone: never merged, no finding across two of them', async () => {
    const cwd = tempRepo({
      'hosts/one/default.nix': '{ ... }: { networking.hostName = "one"; systemd.services.x = { script = "true"; wantedBy = [ "multi-user.target" ]; }; }',
      // Two alternative modules nobody imports: merged, they would conflict and order a and b in a circle.
      'modules/a.nix': '{ ... }: { networking.hostName = "a"; systemd.services.a = { after = [ "b.service" ]; script = "true"; }; }',
      'modules/b.nix': '{ ... }: { networking.hostName = "b"; systemd.services.b = { after = [ "a.service" ]; script = "true"; }; }',
    });
    const result = await lint({ paths: ['.'], cwd });
    expect(result.diagnostics.map((d) => `${d.rule} ${d.message}`)).toEqual([]);
    const a = result.graphs.find((g) => g.host === 'modules/a.nix')!;
    expect(a.unit('a.service')?.source).toBe('repo');
    expect(a.unit('b.service')?.source).not.toBe('repo');
  });
});
