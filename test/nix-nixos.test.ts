/**
 * NixOS options → facts: what each `systemd.*` option becomes (entries as a
 * NixOS-generated unit file would hold them, each at the Nix text that made
 * it), the service modules (docker, OCI containers, nginx, caddy), address
 * ranges, and what happens to unknowns.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AddressRangeFact, Fact, ServesFact, UnitEntry, UnitFact } from '../src/model/facts.js';
import type { Span } from '../src/model/span.js';
import { spanIn } from '../src/model/span.js';
import { RepoFileAccess } from '../src/parsers/nix/eval/file-access.js';
import { evaluateRepo } from '../src/parsers/nix/nixos/evaluate-repo.js';
import { loadShellAnalyzer } from '../src/parsers/shell/analyzer.js';
import { tempRepo } from './helpers/temp-repo.js';

async function evaluate(files: Record<string, string>) {
  const dir = tempRepo(files);
  const nix = Object.keys(files)
    .filter((f) => f.endsWith('.nix'))
    .sort()
    .map((path) => ({ path, absPath: join(dir, path) }));
  const out = evaluateRepo({ files: nix, access: new RepoFileAccess(dir, dir), cwd: dir, shell: await loadShellAnalyzer() });
  const unit = (name: string): UnitFact | undefined => out.facts.find((f): f is UnitFact => f.kind === 'unit' && f.name === name);
  return { ...out, dir, unit };
}

const at = (s: Span): string => `${s.file}:${s.line}:${s.column}-${s.endLine}:${s.endColumn}`;

function entries(u: UnitFact | undefined, key: string): UnitEntry[] {
  return (u?.entries ?? []).filter((e) => `${e.section}.${e.key}` === key);
}

function texts(u: UnitFact | undefined, key: string): string[] {
  return entries(u, key).map((e) => e.value.text);
}

/** Where the whole value text of an entry is, by its own source map. */
function valueAt(e: UnitEntry): string {
  return at(spanIn(e.value, 0, e.value.text.length));
}

describe('systemd.services', () => {
  const SERVICE = `{ pkgs, ... }:
{
  systemd.services.web = {
    description = "The web";
    after = [ "network.target" "db.service" ];
    wants = [ "db.service" ];
    wantedBy = [ "multi-user.target" ];
    unitConfig.DefaultDependencies = false;
    serviceConfig = {
      Type = "oneshot";
      TimeoutStartSec = 900;
      RemainAfterExit = true;
      ExecStartPre = [ "/bin/true" "\${pkgs.coreutils}/bin/sleep 1" ];
      Nice = null;
    };
    environment.MODE = "prod";
    path = [ pkgs.curl ];
    script = ''
      echo start
      until curl -fsS http://localhost:8080/; do sleep 1; done
    '';
  };
}
`;

  it('one entry per list element, at its string literal, with an edit that removes just that element', async () => {
    const r = await evaluate({ 'web.nix': SERVICE });
    const web = r.unit('web.service');
    expect(web).toBeDefined();
    expect(at(web!.span)).toBe('web.nix:3:20-3:23');
    expect(web!.origin).toBe('nix');
    const after = entries(web, 'Unit.After');
    expect(after.map((e) => e.value.text)).toEqual(['network.target', 'db.service']);
    expect(after.map((e) => at(e.span))).toEqual(['web.nix:5:15-5:31', 'web.nix:5:32-5:44']);
    // The value maps to the literal's characters (inside the quotes).
    expect(after.map(valueAt)).toEqual(['web.nix:5:16-5:30', 'web.nix:5:33-5:43']);
    expect(after.map((e) => at(e.removal!.span))).toEqual(['web.nix:5:15-5:31', 'web.nix:5:31-5:44']);
    expect(after.every((e) => e.removal!.replacement === '')).toBe(true);
    expect(texts(web, 'Unit.Wants')).toEqual(['db.service']);
    expect(texts(web, 'Install.WantedBy')).toEqual(['multi-user.target']);
    expect(texts(web, 'Unit.Description')).toEqual(['The web']);
  });

  it('unitConfig and serviceConfig verbatim: booleans as true/false, integers, repeated keys for lists, null left out', async () => {
    const r = await evaluate({ 'web.nix': SERVICE });
    const web = r.unit('web.service');
    expect(texts(web, 'Unit.DefaultDependencies')).toEqual(['false']);
    expect(texts(web, 'Service.Type')).toEqual(['oneshot']);
    expect(texts(web, 'Service.TimeoutStartSec')).toEqual(['900']);
    expect(texts(web, 'Service.RemainAfterExit')).toEqual(['true']);
    expect(texts(web, 'Service.Nice')).toEqual([]);
    const pre = entries(web, 'Service.ExecStartPre');
    expect(pre.map((e) => e.value.text)).toEqual(['/bin/true', expect.stringMatching(/^\/nix\/store\/[0-9a-z]{32}-coreutils\/bin\/sleep 1$/)]);
    // The timeout entry is the binding; its value maps to the integer literal.
    const timeout = entries(web, 'Service.TimeoutStartSec')[0]!;
    expect(at(timeout.span)).toBe('web.nix:11:7-11:29');
    expect(valueAt(timeout)).toBe('web.nix:11:25-11:28');
  });

  it('script is ExecStart= holding the script text, mapped to the indented string, analysed as shell', async () => {
    const r = await evaluate({ 'web.nix': SERVICE });
    const [script] = entries(r.unit('web.service'), 'Service.ExecStart');
    expect(script!.shellScript).toBe(true);
    expect(script!.value.text).toBe('echo start\nuntil curl -fsS http://localhost:8080/; do sleep 1; done\n');
    const curl = script!.value.text.indexOf('curl');
    expect(at(spanIn(script!.value, curl, curl + 4))).toBe('web.nix:20:13-20:17');
    const url = script!.value.text.indexOf('http');
    expect(at(spanIn(script!.value, url, url + 'http://localhost:8080/'.length))).toBe('web.nix:20:23-20:45');
    // The shell analysis sees the wait loop, at its place in the Nix file.
    const wait = script!.shell!.waits[0]!;
    expect(wait.endpoint.value).toContain('localhost:8080');
    expect(wait.span.line).toBe(20);
  });

  it('environment and path are Environment= entries', async () => {
    const r = await evaluate({ 'web.nix': SERVICE });
    const env = texts(r.unit('web.service'), 'Service.Environment');
    expect(env[0]).toBe('MODE=prod');
    expect(env[1]).toMatch(/^PATH=\/nix\/store\/[0-9a-z]{32}-curl\/bin:\/nix\/store\/[0-9a-z]{32}-curl\/sbin$/);
  });

  it('ExecStart strings are analysed as systemd command lines; paths are store copies of the repository files', async () => {
    const r = await evaluate({
      'm.nix': `{ pkgs, ... }: {
  systemd.services.deploy.serviceConfig.ExecStart = "\${pkgs.python3}/bin/python3 \${./scripts/run.py} traefik";
}`,
      'scripts/run.py': 'print(1)\n',
    });
    const [e] = entries(r.unit('deploy.service'), 'Service.ExecStart');
    expect(e!.shellScript).toBeUndefined();
    expect(e!.value.text).toMatch(/ \/nix\/store\/[0-9a-z]{32}-run\.py traefik$/);
    const inv = e!.shell!.invocations[0]!;
    expect(inv.program.value).toMatch(/^\/nix\/store\/[0-9a-z]{32}-run\.py$/);
    expect(r.facts.some((f) => f.kind === 'store-path' && f.storePath === inv.program.value && f.path === 'scripts/run.py')).toBe(true);
    expect(inv.args.map((a) => [a.value, at(a.span)])).toEqual([['traefik', 'm.nix:2:102-2:109']]);
    // The path text maps onto its interpolation, never past it.
    expect(at(inv.program.span)).toBe('m.nix:2:82-2:101');
  });

  it('a script written with pkgs.writeShellScript is analysed where it is written', async () => {
    const r = await evaluate({
      'm.nix': `{ pkgs, ... }: {
  systemd.services.gate.serviceConfig = {
    Type = "oneshot";
    ExecStart = pkgs.writeShellScript "gate" ''
      until curl -fsS https://ci.example.net/health; do sleep 5; done
    '';
  };
}`,
    });
    const [e] = entries(r.unit('gate.service'), 'Service.ExecStart');
    expect(e!.value.text).toMatch(/^\/nix\/store\/[0-9a-z]{32}-gate$/);
    const wait = e!.shell!.waits[0]!;
    expect(wait.endpoint.value).toContain('ci.example.net');
    expect(wait.span.line).toBe(5);
  });

  it('enable = false means no unit; lists and lines merge across modules in order', async () => {
    const r = await evaluate({
      'a.nix': `{ lib, ... }: {
  systemd.services.off = { enable = false; script = "true"; };
  systemd.services.x = { after = [ "a.service" ]; preStart = "echo a"; };
}`,
      'b.nix': `{ lib, ... }: {
  systemd.services.x = { after = lib.mkBefore [ "b.service" ]; preStart = "echo b"; };
}`,
    });
    expect(r.unit('off.service')).toBeUndefined();
    const x = r.unit('x.service');
    expect(texts(x, 'Unit.After')).toEqual(['b.service', 'a.service']);
    // lines from two files: one ExecStartPre per piece (their source maps cannot be joined).
    expect(entries(x, 'Service.ExecStartPre').map((e) => [e.value.text, e.span.file])).toEqual([
      ['echo a', 'a.nix'],
      ['echo b', 'b.nix'],
    ]);
  });

  it('startAt makes a timer; targets, sockets, timers, paths and slices are units of their kind; mounts are named by where', async () => {
    const r = await evaluate({
      'm.nix': `{ ... }: {
  systemd.services.backup = { startAt = "daily"; script = "true"; };
  systemd.targets.stack = { wants = [ "backup.service" ]; };
  systemd.sockets.api = { listenStreams = [ "8080" ]; socketConfig.Accept = false; wantedBy = [ "sockets.target" ]; };
  systemd.timers.poll = { timerConfig.OnUnitActiveSec = "5m"; };
  systemd.paths.watch.pathConfig.PathChanged = "/etc/app";
  systemd.slices.apps.sliceConfig.MemoryMax = "1G";
  systemd.mounts = [ { what = "store:/export"; where = "/mnt/data-1"; type = "nfs"; wantedBy = [ "remote-fs.target" ]; } ];
}`,
    });
    const timer = r.unit('backup.timer');
    expect(texts(timer, 'Timer.OnCalendar')).toEqual(['daily']);
    expect(texts(timer, 'Install.WantedBy')).toEqual(['timers.target']);
    expect(texts(r.unit('stack.target'), 'Unit.Wants')).toEqual(['backup.service']);
    expect(texts(r.unit('api.socket'), 'Socket.ListenStream')).toEqual(['8080']);
    expect(texts(r.unit('api.socket'), 'Socket.Accept')).toEqual(['false']);
    expect(texts(r.unit('poll.timer'), 'Timer.OnUnitActiveSec')).toEqual(['5m']);
    expect(texts(r.unit('watch.path'), 'Path.PathChanged')).toEqual(['/etc/app']);
    expect(texts(r.unit('apps.slice'), 'Slice.MemoryMax')).toEqual(['1G']);
    const mount = r.unit('mnt-data\\x2d1.mount');
    expect(texts(mount, 'Mount.What')).toEqual(['store:/export']);
    expect(texts(mount, 'Mount.Type')).toEqual(['nfs']);
    expect(texts(mount, 'Install.WantedBy')).toEqual(['remote-fs.target']);
  });

  it('generated units carry the spans of the generator and of the element that produced each', async () => {
    const r = await evaluate({
      'm.nix': `{ lib, ... }:
let
  stacks = [ "proxy" "dash" ];
in {
  systemd.services = lib.genAttrs stacks (s: {
    after = [ "docker.service" ];
  }) // lib.listToAttrs (map (s: lib.nameValuePair "deploy-\${s}" { wants = [ "\${s}.service" ]; }) stacks);
}`,
    });
    // genAttrs: the unit is declared at the name's literal in the list.
    expect(at(r.unit('proxy.service')!.span)).toBe('m.nix:3:14-3:21');
    expect(at(r.unit('dash.service')!.span)).toBe('m.nix:3:22-3:28');
    // The shared literal inside the generator: no removal edit (deleting it would change every unit).
    const after = entries(r.unit('proxy.service'), 'Unit.After')[0]!;
    expect(at(after.span)).toBe('m.nix:6:15-6:31');
    expect(after.removal).toBeUndefined();
    // listToAttrs over a mapped list: the key is the literal the name was spliced from.
    expect(at(r.unit('deploy-dash.service')!.span)).toBe('m.nix:3:22-3:28');
    const wants = entries(r.unit('deploy-dash.service'), 'Unit.Wants')[0]!;
    expect(wants.value.text).toBe('dash.service');
    expect(at(wants.span)).toBe('m.nix:7:78-7:92');
  });
});

describe('unknowns never invent entries', () => {
  it('an unknown after element is dropped with an info note; an unknown name creates no unit; an unknown type adds no Type=', async () => {
    const r = await evaluate({
      'm.nix': `{ config, pkgs, ... }: {
  systemd.services.a = {
    after = [ config.services.db.unitName "b.service" ];
    serviceConfig.Type = config.app.type;
  };
  systemd.services.\${config.networking.hostName} = { script = "true"; };
  systemd.services.c = pkgs.lib.mkIf pkgs.stdenv.isLinux { script = "true"; };
}`,
    });
    expect(texts(r.unit('a.service'), 'Unit.After')).toEqual(['b.service']);
    expect(texts(r.unit('a.service'), 'Service.Type')).toEqual([]);
    expect(r.facts.filter((f) => f.kind === 'unit').map((f) => (f as UnitFact).name)).toEqual(['a.service']);
    const notes = r.diagnostics.filter((d) => d.rule === 'nix-unknown').map((d) => d.message);
    expect(notes).toEqual(
      expect.arrayContaining([
        expect.stringContaining('an element of systemd.services.a.after is unknown'),
        expect.stringContaining('systemd.services.a.serviceConfig.Type is unknown'),
        expect.stringContaining('attribute name is unknown'),
        expect.stringContaining('systemd.services.c is defined only under an unknown condition'),
      ]),
    );
    expect(r.diagnostics.every((d) => d.severity === 'info')).toBe(true);
  });
});

describe('service modules', () => {
  it('docker: docker.service and docker.socket, firewall.service, and the daemon ranges', async () => {
    const r = await evaluate({
      'm.nix': `{ ... }: {
  virtualisation.docker.enable = true;
  virtualisation.docker.daemon.settings = {
    bip = "172.26.0.1/16";
    default-address-pools = [ { base = "10.200.0.0/16"; size = 24; } ];
  };
}`,
    });
    const docker = r.unit('docker.service');
    expect(texts(docker, 'Unit.After')).toEqual(['network-online.target docker.socket firewall.service']);
    expect(texts(docker, 'Unit.Wants')).toEqual(['network-online.target']);
    expect(texts(docker, 'Unit.Requires')).toEqual(['docker.socket']);
    expect(texts(docker, 'Install.WantedBy')).toEqual(['multi-user.target']);
    expect(at(docker!.span)).toBe('m.nix:2:3-2:39');
    expect(texts(r.unit('docker.socket'), 'Install.WantedBy')).toEqual(['sockets.target']);
    expect(r.unit('firewall.service')).toBeDefined();
    const ranges = r.facts.filter((f): f is AddressRangeFact => f.kind === 'address-range').map((f) => [f.role, f.cidr.value, at(f.cidr.span)]);
    expect(ranges).toEqual([
      ['docker-bip', '172.26.0.1/16', 'm.nix:4:11-4:26'],
      ['docker-pool', '10.200.0.0/16', 'm.nix:5:40-5:55'],
    ]);
  });

  it('docker with the firewall off: no firewall.service, and docker.service is not ordered after it', async () => {
    const r = await evaluate({ 'm.nix': '{ ... }: { virtualisation.docker.enable = true; networking.firewall.enable = false; }' });
    expect(r.unit('firewall.service')).toBeUndefined();
    expect(texts(r.unit('docker.service'), 'Unit.After')).toEqual(['network-online.target docker.socket']);
  });

  it('OCI containers: <backend>-<name>.service, dependsOn as Requires+After, autoStart, published ports', async () => {
    const r = await evaluate({
      'm.nix': `{ ... }: {
  virtualisation.oci-containers.backend = "docker";
  virtualisation.oci-containers.containers = {
    db = { image = "postgres:16"; autoStart = false; };
    app = { image = "app:1"; dependsOn = [ "db" ]; ports = [ "127.0.0.1:8080:80" ]; };
  };
}`,
    });
    const app = r.unit('docker-app.service');
    expect(texts(app, 'Unit.Requires')).toEqual(['docker-db.service']);
    expect(texts(app, 'Unit.After')).toEqual(['network-online.target docker.service docker.socket', 'docker-db.service']);
    // The reference spans the written name.
    const dep = entries(app, 'Unit.Requires')[0]!;
    expect(at(dep.span)).toBe('m.nix:5:44-5:48');
    expect(valueAt(dep)).toBe('m.nix:5:45-5:47');
    expect(texts(app, 'Install.WantedBy')).toEqual(['multi-user.target']);
    expect(texts(r.unit('docker-db.service'), 'Install.WantedBy')).toEqual([]);
    const serves = r.facts.filter((f): f is ServesFact => f.kind === 'serves');
    expect(serves.map((s) => [s.unit, s.endpoint.value])).toEqual([['docker-app.service', 'localhost:8080']]);
  });

  it('OCI containers: the backend follows system.stateVersion; unknown, the units are left out', async () => {
    const podman = await evaluate({ 'm.nix': '{ ... }: { system.stateVersion = "24.05"; virtualisation.oci-containers.containers.web.image = "nginx"; }' });
    expect(podman.unit('podman-web.service')).toBeDefined();
    const old = await evaluate({ 'm.nix': '{ ... }: { system.stateVersion = "21.11"; virtualisation.oci-containers.containers.web.image = "nginx"; }' });
    expect(old.unit('docker-web.service')).toBeDefined();
    const unknown = await evaluate({ 'm.nix': '{ ... }: { virtualisation.oci-containers.containers.web.image = "nginx"; }' });
    expect(unknown.facts.filter((f) => f.kind === 'unit')).toEqual([]);
    expect(unknown.diagnostics.map((d) => d.message)).toContainEqual(expect.stringContaining('the container backend is unknown'));
  });

  it('nginx and caddy virtual hosts: a unit, and what it serves (names, serverName, aliases) at their literals', async () => {
    const r = await evaluate({
      'm.nix': `{ ... }: {
  services.nginx.enable = true;
  services.nginx.virtualHosts."ci.example.net" = { serverAliases = [ "www.ci.example.net" ]; };
  services.nginx.virtualHosts.other = { serverName = "other.example.net"; };
  services.caddy = { enable = true; virtualHosts."git.example.net" = { }; };
  services.caddy.virtualHosts.named.hostName = "named.example.net";
}`,
    });
    expect(texts(r.unit('nginx.service'), 'Install.WantedBy')).toEqual(['multi-user.target']);
    expect(r.unit('caddy.service')).toBeDefined();
    const serves = r.facts.filter((f): f is ServesFact => f.kind === 'serves').map((s) => [s.unit, s.endpoint.value, at(s.endpoint.span)]);
    expect(serves).toEqual([
      ['nginx.service', 'ci.example.net', 'm.nix:3:31-3:47'],
      ['nginx.service', 'www.ci.example.net', 'm.nix:3:70-3:90'],
      ['nginx.service', 'other.example.net', 'm.nix:4:54-4:73'],
      ['caddy.service', 'git.example.net', 'm.nix:5:50-5:67'],
      ['caddy.service', 'named.example.net', 'm.nix:6:48-6:67'],
    ]);
  });

  it('traefik router labels of OCI containers, from labels and from --label in extraOptions, at the host inside the literal', async () => {
    const r = await evaluate({
      'm.nix': `{ ... }: {
  virtualisation.oci-containers.backend = "docker";
  virtualisation.oci-containers.containers.a.labels."traefik.http.routers.a.rule" = "Host(\\\`a.example.net\\\`)";
  virtualisation.oci-containers.containers.b.extraOptions = [ "--label" "traefik.http.routers.b.rule=Host(\\\`b.example.net\\\`)" "--label=traefik.http.routers.c.rule=Host(\\\`c.example.net\\\`)" ];
  virtualisation.oci-containers.containers.off.extraOptions = [ "-l" "traefik.enable=false" "-l" "traefik.http.routers.d.rule=Host(\\\`d.example.net\\\`)" ];
}`,
    });
    const serves = r.facts.filter((f): f is ServesFact => f.kind === 'serves').map((s) => [s.unit, s.endpoint.value, at(s.endpoint.span)]);
    expect(serves).toEqual([
      ['docker-a.service', 'a.example.net', 'm.nix:3:91-3:108'],
      ['docker-b.service', 'b.example.net', 'm.nix:4:107-4:124'],
      ['docker-b.service', 'c.example.net', 'm.nix:4:169-4:186'],
    ]);
  });

  it('a disabled nginx serves nothing', async () => {
    const r = await evaluate({ 'm.nix': '{ ... }: { services.nginx.virtualHosts.x.serverAliases = [ "y" ]; }' });
    expect(r.facts).toEqual([]);
  });
});

describe('networking', () => {
  it('interface addresses and routes, gateways and WireGuard addresses are address ranges at their literals', async () => {
    const r = await evaluate({
      'm.nix': `{ ... }: {
  networking.interfaces.ens3.ipv4.addresses = [ { address = "203.0.113.10"; prefixLength = 24; } ];
  networking.interfaces.ens3.ipv4.routes = [ { address = "10.0.0.0"; prefixLength = 8; via = "203.0.113.1"; } ];
  networking.interfaces.ens3.ipv6.addresses = [ { address = "2001:db8::1"; prefixLength = 64; } ];
  networking.defaultGateway = "203.0.113.1";
  networking.defaultGateway6 = { address = "2001:db8::ff"; interface = "ens3"; };
  networking.wireguard.interfaces.wg0.ips = [ "10.100.0.1/24" ];
}`,
    });
    const ranges = r.facts.filter((f): f is AddressRangeFact => f.kind === 'address-range').map((f) => [f.role, f.cidr.value, at(f.cidr.span), f.label]);
    expect(ranges).toEqual([
      ['interface', '203.0.113.10/24', 'm.nix:2:61-2:75', 'networking.interfaces.ens3.ipv4.addresses'],
      ['route', '10.0.0.0/8', 'm.nix:3:58-3:68', 'networking.interfaces.ens3.ipv4.routes'],
      ['interface', '2001:db8::1/64', 'm.nix:4:61-4:74', 'networking.interfaces.ens3.ipv6.addresses'],
      ['gateway', '203.0.113.1/32', 'm.nix:5:31-5:44', 'networking.defaultGateway'],
      ['gateway', '2001:db8::ff/128', 'm.nix:6:44-6:58', 'networking.defaultGateway6'],
      ['vpn', '10.100.0.1/24', 'm.nix:7:47-7:62', 'networking.wireguard.interfaces.wg0.ips'],
    ]);
  });
});

export type { Fact };
