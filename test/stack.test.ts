import { describe, expect, it } from 'vitest';
import type { Fact, StackFact, StackService } from '../src/model/facts.js';
import type { Located } from '../src/model/span.js';
import { parseStackFile, stackAdapter } from '../src/parsers/stack/adapter.js';
import { proxyOfImage } from '../src/parsers/stack/proxy.js';
import { at, runAdapter } from './data/harness.js';

const FILE = 'stacks/dashboard.yml';
const stackOf = (facts: Fact[]) => {
  const s = facts.find((f): f is StackFact => f.kind === 'stack');
  if (!s) throw new Error('no stack fact');
  return s;
};
const service = (s: StackFact, name: string): StackService => {
  const found = s.services.find((x) => x.name === name);
  if (!found) throw new Error(`no service ${name}`);
  return found;
};
const loc = (xs: Located<string>[] | undefined) => (xs ?? []).map((x) => [x.value, ...at(x)!]);

describe('stack services', () => {
  it('reads list-form deploy.labels with a multi-host rule, image, proxy, networks and healthcheck', () => {
    const src = [
      'version: "3.8"', // 1
      'services:', // 2
      '  dashboard:', // 3
      '    image: nginx:1.27-alpine', // 4
      '    deploy:', // 5
      '      labels:', // 6
      '        - "traefik.enable=true"', // 7
      '        - "traefik.http.routers.dash.rule=Host(`ci.commoninternet.net`) || Host(`www.ci.commoninternet.net`)"', // 8
      '        - traefik.http.routers.v2.rule=Host(`a.example.org`, `b.example.org`)', // 9
      '    networks:', // 10
      '      - proxy', // 11
      '    healthcheck:', // 12
      '      test: ["CMD", "wget", "-q", "http://localhost/"]', // 13
    ].join('\n');
    const out = parseStackFile(FILE, src);
    expect(out.diagnostics).toEqual([]);
    const s = stackOf(out.facts);
    expect(s.file).toBe(FILE);
    expect(at(s.span)).toEqual([1, 1, 1, 15]);
    const d = service(s, 'dashboard');
    expect(at(d.span)).toEqual([3, 3, 3, 12]);
    expect(d.image?.value).toBe('nginx:1.27-alpine');
    expect(at(d.image)).toEqual([4, 12, 4, 29]);
    expect(d.proxy).toBe('nginx');
    // The host literal inside the label, backticks included.
    expect(loc(d.serves)).toEqual([
      ['ci.commoninternet.net', 8, 48, 8, 71],
      ['www.ci.commoninternet.net', 8, 81, 8, 108],
      ['a.example.org', 9, 45, 9, 60],
      ['b.example.org', 9, 62, 9, 77],
    ]);
    expect(d.servePatterns).toBeUndefined();
    expect(loc(d.networks)).toEqual([['proxy', 11, 9, 11, 14]]);
    expect(at(d.healthcheck)).toEqual([12, 5, 12, 16]);
  });

  it('reads map-form labels, escapes in double quotes, patterns, ports in both syntaxes and depends_on maps', () => {
    const src = [
      'services:', // 1
      '  traefik:', // 2
      '    image: docker.io/library/traefik:v3.1@sha256:abc', // 3
      '    labels:', // 4
      '      traefik.http.routers.api.rule: "Host(\\"traefik.example.org\\") && PathPrefix(`/api`)"', // 5
      '      traefik.http.routers.wild.rule: HostRegexp(`^.+\\.example\\.org$`) || Host(`${DOMAIN}`)', // 6
      '    ports:', // 7
      '      - "80:80"', // 8
      '      - 8080', // 9
      '      - target: 443', // 10
      '        published: 8443', // 11
      '        protocol: tcp', // 12
      '    networks:', // 13
      '      proxy:', // 14
      '        aliases: [edge]', // 15
      '    depends_on:', // 16
      '      socket-proxy:', // 17
      '        condition: service_started', // 18
      '    healthcheck:', // 19
      '      disable: true', // 20
    ].join('\n');
    const out = parseStackFile('stacks/traefik.yml', src);
    expect(out.diagnostics).toEqual([]);
    const t = service(stackOf(out.facts), 'traefik');
    expect(t.proxy).toBe('traefik');
    expect(loc(t.serves)).toEqual([['traefik.example.org', 5, 44, 5, 67]]);
    expect(loc(t.servePatterns)).toEqual([
      ['^.+\\.example\\.org$', 6, 50, 6, 70],
      ['${DOMAIN}', 6, 80, 6, 91],
    ]);
    expect(loc(t.ports)).toEqual([
      ['80:80', 8, 9, 8, 16],
      ['8080', 9, 9, 9, 13],
      ['8443:443/tcp', 10, 9, 12, 22],
    ]);
    expect(loc(t.networks)).toEqual([['proxy', 14, 7, 14, 12]]);
    expect(loc(t.dependsOn)).toEqual([['socket-proxy', 17, 7, 17, 19]]);
    expect(t.healthcheck).toBeUndefined();
  });

  it('skips traefik rules of a service with traefik.enable=false, and reads caddy labels and VIRTUAL_HOST', () => {
    const src = [
      'services:',
      '  off:',
      '    labels: ["traefik.enable=false", "traefik.http.routers.o.rule=Host(`off.example.org`)"]',
      '  caddy-site:',
      '    labels:',
      '      caddy: "https://site.example.org, *.example.org"',
      '  legacy:',
      '    environment:',
      '      - VIRTUAL_HOST=a.example.org,b.example.org',
      '    depends_on: [db]',
    ].join('\n');
    const s = stackOf(parseStackFile(FILE, src).facts);
    expect(service(s, 'off').serves).toEqual([]);
    expect(loc(service(s, 'caddy-site').serves)).toEqual([['site.example.org', 6, 23, 6, 39]]);
    expect(loc(service(s, 'caddy-site').servePatterns)).toEqual([['*.example.org', 6, 41, 6, 54]]);
    expect(loc(service(s, 'legacy').serves)).toEqual([
      ['a.example.org', 9, 22, 9, 35],
      ['b.example.org', 9, 36, 9, 49],
    ]);
    expect(loc(service(s, 'legacy').dependsOn)).toEqual([['db', 10, 18, 10, 20]]);
  });

  it('follows anchors and merge keys into labels', () => {
    const src = [
      'x-labels: &labels',
      '  traefik.http.routers.a.rule: Host(`a.example.org`)',
      'services:',
      '  a:',
      '    image: ghcr.io/example/app:1',
      '    deploy:',
      '      labels:',
      '        <<: *labels',
      '        traefik.enable: "true"',
    ].join('\n');
    const a = service(stackOf(parseStackFile(FILE, src).facts), 'a');
    expect(loc(a.serves)).toEqual([['a.example.org', 2, 37, 2, 52]]);
    expect(a.proxy).toBeUndefined();
  });
});

describe('stack networks', () => {
  it('reads driver, ipam subnets, external forms and the docker name', () => {
    const src = [
      'networks:', // 1
      '  proxy:', // 2
      '    driver: overlay', // 3
      '    attachable: true', // 4
      '    ipam:', // 5
      '      config:', // 6
      '        - subnet: 10.10.0.0/16', // 7
      '        - subnet: "10.11.0.0/16"', // 8
      '  default:', // 9
      '  host_ext:', // 10
      '    external: true', // 11
      '  old_ext:', // 12
      '    external:', // 13
      '      name: shared-net', // 14
      '  named:', // 15
      '    name: real-name', // 16
      '    driver: bridge', // 17
    ].join('\n');
    const s = stackOf(parseStackFile(FILE, src).facts);
    const brief = s.networks.map((n) => ({
      name: n.name,
      span: at(n.span),
      driver: n.driver && [n.driver.value, ...at(n.driver)!],
      subnets: loc(n.subnets),
      external: n.external,
      dockerName: n.dockerName && [n.dockerName.value, ...at(n.dockerName)!],
    }));
    expect(brief).toEqual([
      {
        name: 'proxy',
        span: [2, 3, 2, 8],
        driver: ['overlay', 3, 13, 3, 20],
        subnets: [['10.10.0.0/16', 7, 19, 7, 31], ['10.11.0.0/16', 8, 19, 8, 33]],
        external: false,
        dockerName: undefined,
      },
      { name: 'default', span: [9, 3, 9, 10], driver: undefined, subnets: [], external: false, dockerName: undefined },
      { name: 'host_ext', span: [10, 3, 10, 11], driver: undefined, subnets: [], external: true, dockerName: undefined },
      { name: 'old_ext', span: [12, 3, 12, 10], driver: undefined, subnets: [], external: true, dockerName: ['shared-net', 14, 13, 14, 23] },
      { name: 'named', span: [15, 3, 15, 8], driver: ['bridge', 17, 13, 17, 19], subnets: [], external: false, dockerName: ['real-name', 16, 11, 16, 20] },
    ]);
  });
});

describe('stack errors', () => {
  it('a rule that is only text once compose interpolates it is not a parse error (its hosts are unknown)', () => {
    const src = ['services:', '  app:', '    deploy:', '      labels:', '        - "traefik.http.routers.app.rule=Host(`${DOMAIN}`${EXTRA_DOMAINS})"'].join('\n');
    const out = parseStackFile(FILE, src);
    expect(out.diagnostics).toEqual([]);
    expect(service(stackOf(out.facts), 'app').serves).toEqual([]);
  });

  it('warns at the label of a router rule that does not parse and keeps reading', () => {
    const src = [
      'services:',
      '  web:',
      '    deploy:',
      '      labels:',
      '        - "traefik.http.routers.web.rule=Host(`web.example.org`) &&"',
      '        - "traefik.http.routers.ok.rule=Host(`ok.example.org`)"',
      '    labels:',
      '      traefik.http.routers.x.rule: Host(x.example.org)',
    ].join('\n');
    const out = parseStackFile(FILE, src);
    expect(out.diagnostics.map((d) => [d.rule, d.severity, ...at(d.location)!])).toEqual([
      ['parse-error', 'warning', 5, 11, 5, 69],
      ['parse-error', 'warning', 8, 7, 8, 55],
    ]);
    expect(out.diagnostics[0]!.message).toBe(
      'traefik rule of service "web" does not parse: expected a matcher such as Host(`example.org`), `!` or `(`, found the end of the rule ' +
        '(character 27 of `Host(`web.example.org`) &&`); its hosts are not known',
    );
    expect(out.diagnostics[1]!.message).toContain('expected a quoted argument to Host(), found `x.example.org`');
    expect(loc(service(stackOf(out.facts), 'web').serves)).toEqual([['ok.example.org', 6, 46, 6, 62]]);
  });

  it('reports malformed YAML with its position and still reads the services before it', () => {
    const src = ['services:', '  web:', '    image: traefik:v3', '  db:', '    image: [postgres', 'networks:', '  n: {}'].join('\n');
    const out = parseStackFile(FILE, src);
    expect(out.diagnostics.length).toBeGreaterThan(0);
    expect(out.diagnostics.every((d) => d.rule === 'parse-error' && d.severity === 'error')).toBe(true);
    expect(at(out.diagnostics[0]!.location)).toEqual([6, 1, 6, 2]);
    expect(out.diagnostics[0]!.message).toMatch(/^YAML: /);
    const s = stackOf(out.facts);
    expect(service(s, 'web').proxy).toBe('traefik');
  });

  it('passes read failures through and never throws on odd shapes', async () => {
    const out = await runAdapter(stackAdapter, 'stack', {
      'stacks/bin.yml': Buffer.from([0, 1, 2]),
      'stacks/odd.yml': 'services: [1, 2]\nnetworks: 3\n---\nservices:\n  a: null\n  b: 7\n',
      'stacks/empty.yml': '',
    });
    expect(out.diagnostics.map((d) => d.location.file)).toEqual(['stacks/bin.yml']);
    const odd = out.facts.filter((f): f is StackFact => f.kind === 'stack' && f.file === 'stacks/odd.yml')[0]!;
    expect(odd.services.map((s) => s.name)).toEqual(['a', 'b']);
    expect(out.facts.filter((f) => f.kind === 'stack').length).toBe(2);
  });
});

describe('proxy of an image', () => {
  it('recognises proxies by the repository name, not sidecars named after them', () => {
    expect(proxyOfImage('traefik:v3.1')).toBe('traefik');
    expect(proxyOfImage('docker.io/library/traefik@sha256:0123')).toBe('traefik');
    expect(proxyOfImage('nginxinc/nginx-unprivileged:1.27')).toBe('nginx');
    expect(proxyOfImage('lucaslorentz/caddy-docker-proxy:ci-alpine')).toBe('caddy');
    expect(proxyOfImage('haproxytech/haproxy-alpine:2.9')).toBe('haproxy');
    expect(proxyOfImage('registry:5000/team/traefik:v2')).toBe('traefik');
    expect(proxyOfImage('nginx/nginx-prometheus-exporter:1.1')).toBeUndefined();
    expect(proxyOfImage('traefik/whoami')).toBeUndefined();
    expect(proxyOfImage('postgres:16')).toBeUndefined();
  });
});
