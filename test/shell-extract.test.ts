import { beforeAll, describe, expect, it } from 'vitest';
import type { ShellAnalyzer } from '../src/parsers/shell/analyzer.js';
import { at, execValue, file, nixScript, shellAnalyzer } from './helpers/shell.js';

let a: ShellAnalyzer;
beforeAll(async () => {
  a = await shellAnalyzer();
});

const invocations = (text: string) =>
  a.analyzeScript(file(text)).facts.invocations.map((i) => ({
    program: i.program.value,
    interpreter: i.interpreter,
    args: i.args.map((x) => x.value),
  }));

describe('script invocations', () => {
  it('takes the script of an interpreter, with every remaining word and exact spans', () => {
    const r = a.analyzeScript(file('set -e\n  python3 -u /srv/deploy/warm_reconcile.py traefik --force\n'));
    expect(r.diagnostics).toEqual([]);
    const [inv] = r.facts.invocations;
    expect(inv!.program.value).toBe('/srv/deploy/warm_reconcile.py');
    expect(inv!.interpreter).toBe('python3');
    expect(at(inv!.program.span)).toBe('2:14-2:43');
    expect(inv!.args.map((x) => [x.value, at(x.span)])).toEqual([['traefik', '2:44-2:51'], ['--force', '2:52-2:59']]);
    expect(at(inv!.span)).toBe('2:3-2:59');
  });

  it('recognises an interpreter given by a Nix store path', () => {
    expect(invocations('/nix/store/abc-python3-3.11/bin/python3 /nix/store/def-warm_reconcile.py traefik')).toEqual([
      { program: '/nix/store/def-warm_reconcile.py', interpreter: 'python3', args: ['traefik'] },
    ]);
  });

  it('reports programs run by path, relative or absolute', () => {
    expect(invocations('./deploy.py --stack x\n/srv/deploy/bin/deploy.sh')).toEqual([
      { program: './deploy.py', interpreter: undefined, args: ['--stack', 'x'] },
      { program: '/srv/deploy/bin/deploy.sh', interpreter: undefined, args: [] },
    ]);
  });

  it('reads shells, node and source as interpreters of a file', () => {
    expect(invocations('bash -e scripts/x.sh a\nsh ./y.sh\nnode --require ts-node/register deploy.js b\n. ./lib.sh')).toEqual([
      { program: 'scripts/x.sh', interpreter: 'bash', args: ['a'] },
      { program: './y.sh', interpreter: 'sh', args: [] },
      { program: 'deploy.js', interpreter: 'node', args: ['b'] },
      { program: './lib.sh', interpreter: '.', args: [] },
    ]);
  });

  it('does not parse the script arguments as interpreter options', () => {
    expect(invocations('python3 x.py -m y -c z')).toEqual([{ program: 'x.py', interpreter: 'python3', args: ['-m', 'y', '-c', 'z'] }]);
  });

  it('reports nothing for inline code, modules and stdin', () => {
    expect(invocations('python3 -c "print(1)"\npython3 -m http.server\nnode -e 1\npython3 - < x.py\nbash')).toEqual([]);
  });

  it('sees through wrappers: env, sudo, exec, nohup, nice, timeout, flock', () => {
    expect(invocations(
      [
        'env -i PATH=/bin FOO=1 python3 /srv/a.py x',
        'sudo -u deploy -E /srv/b.sh',
        'exec nohup nice -n 5 /srv/c.sh',
        'timeout -k 5 60 /srv/d.sh',
        'flock -w 10 /run/lock /srv/e.sh',
        '/usr/bin/env python3 /srv/f.py',
      ].join('\n'),
    ).map((i) => i.program)).toEqual(['/srv/a.py', '/srv/b.sh', '/srv/c.sh', '/srv/d.sh', '/srv/e.sh', '/srv/f.py']);
  });

  it('does not report well-known tools run by path, nor plain commands', () => {
    expect(invocations('/run/current-system/sw/bin/docker info\n/usr/bin/curl x\nls -la\ncommand -v /srv/x.sh')).toEqual([]);
  });

  it('resolves a program held in a variable assigned earlier', () => {
    expect(invocations('RECONCILE=/srv/deploy/warm_reconcile.py\npython3 "$RECONCILE" traefik')).toEqual([
      { program: '/srv/deploy/warm_reconcile.py', interpreter: 'python3', args: ['traefik'] },
    ]);
  });

  it('finds commands inside command substitutions, conditions, pipelines and functions', () => {
    expect(invocations('x=$(/srv/a.sh)\nif /srv/b.sh; then /srv/c.sh | tee log; fi\nf() { /srv/d.sh; }').map((i) => i.program)).toEqual([
      '/srv/a.sh', '/srv/b.sh', '/srv/c.sh', '/srv/d.sh',
    ]);
  });
});

describe('docker', () => {
  it('reads docker stack deploy with every compose-file spelling; the name is the last positional', () => {
    const r = a.analyzeScript(file('docker --host unix:///run/docker.sock stack deploy --prune -c a.yml --compose-file b.yml --compose-file=c.yml -cd.yml --with-registry-auth proxy'));
    const [d] = r.facts.stackDeploys;
    expect(d!.tool).toBe('stack');
    expect(d!.files.map((f) => [f.value, at(f.span)])).toEqual([
      ['a.yml', '1:63-1:68'], ['b.yml', '1:84-1:89'], ['c.yml', '1:105-1:110'], ['d.yml', '1:113-1:118'],
    ]);
    expect(d!.name?.value).toBe('proxy');
    expect(at(d!.name!.span)).toBe('1:140-1:145');
    expect(at(d!.span)).toBe('1:1-1:145');
  });

  it('reads docker compose / docker-compose up with -f and -p', () => {
    const r = a.analyzeScript(file('docker compose -f stacks/a.yml -f b.yml -p web up -d\ndocker-compose --file c.yml up\ndocker compose -f x.yml down'));
    expect(r.facts.stackDeploys.map((d) => ({ tool: d.tool, files: d.files.map((f) => f.value), name: d.name?.value }))).toEqual([
      { tool: 'compose', files: ['stacks/a.yml', 'b.yml'], name: 'web' },
      { tool: 'compose', files: ['c.yml'], name: undefined },
    ]);
  });

  it('reads docker swarm init address pools', () => {
    const r = a.analyzeScript(file('docker swarm init --advertise-addr 10.0.0.5 --default-addr-pool 10.10.0.0/16 --default-addr-pool=10.20.0.0/16 --default-addr-pool-mask-length 24\ndocker swarm init'));
    const [withPools, bare] = r.facts.swarmInits;
    expect(withPools!.defaultAddrPools.map((p) => [p.value, at(p.span)])).toEqual([['10.10.0.0/16', '1:65-1:77'], ['10.20.0.0/16', '1:98-1:110']]);
    expect(withPools!.defaultAddrPoolMaskLength).toEqual({ value: 24, span: expect.objectContaining({ line: 1, column: 143, endColumn: 145 }) });
    expect(bare).toEqual({ span: expect.objectContaining({ line: 2, column: 1, endColumn: 18 }), defaultAddrPools: [] });
  });

  it('reads docker network create: driver spellings, subnets, flags, name', () => {
    const r = a.analyzeScript(file(
      'docker network create --driver overlay --subnet 10.10.1.0/24 --subnet=10.10.2.0/24 --attachable proxy\n' +
        'docker network create -d overlay --ingress --subnet 10.11.0.0/16 ingress\n' +
        'docker network create --driver=bridge --gateway 172.30.0.1 local\n' +
        'docker network create --ingress=false --attachable=true n',
    ));
    expect(r.facts.networkCreates.map((n) => ({
      name: n.name?.value, driver: n.driver?.value, subnets: n.subnets.map((s) => s.value), ingress: n.ingress, attachable: n.attachable,
    }))).toEqual([
      { name: 'proxy', driver: 'overlay', subnets: ['10.10.1.0/24', '10.10.2.0/24'], ingress: false, attachable: true },
      { name: 'ingress', driver: 'overlay', subnets: ['10.11.0.0/16'], ingress: true, attachable: false },
      { name: 'local', driver: 'bridge', subnets: [], ingress: false, attachable: false },
      { name: 'n', driver: undefined, subnets: [], ingress: false, attachable: true },
    ]);
    const first = r.facts.networkCreates[0]!;
    expect(at(first.driver!.span)).toBe('1:32-1:39');
    expect(at(first.subnets[1]!.span)).toBe('1:71-1:83');
    expect(at(first.name!.span)).toBe('1:97-1:102');
  });
});

describe('systemctl', () => {
  it('reads start/restart/reload-or-restart and enable --now, normalising unit names', () => {
    const r = a.analyzeScript(file('systemctl start deploy-proxy\nsystemctl --no-block restart a.service b@x\nsystemctl reload-or-restart t.target\nsystemctl enable --now c\nsystemctl stop d\nsystemctl enable e'));
    expect(r.facts.unitStarts.map((u) => [u.unit.value, u.blocking, at(u.unit.span)])).toEqual([
      ['deploy-proxy.service', true, '1:17-1:29'],
      ['a.service', false, '2:30-2:39'],
      ['b@x.service', false, '2:40-2:43'],
      ['t.target', true, '3:29-3:37'],
      ['c.service', true, '4:24-4:25'],
    ]);
  });

  it('keeps a unit it cannot resolve as written', () => {
    const r = a.analyzeScript(file('systemctl start "$UNIT"'));
    expect(r.facts.unitStarts[0]!.unit.value).toBe('$UNIT');
  });
});

describe('systemd command lines through analyzeExecLine', () => {
  it('analyzes a plain argv as one command', () => {
    const r = a.analyzeExecLine(execValue('-${pkgs.python3}/bin/python3 /nix/store/x-warm_reconcile.py traefik', 4, 17));
    expect(r.facts.invocations.map((i) => [i.program.value, i.interpreter, at(i.program.span), i.args.map((x) => x.value)])).toEqual([
      ['/nix/store/x-warm_reconcile.py', 'python3', '4:46-4:76', ['traefik']],
    ]);
    expect(at(r.facts.invocations[0]!.span)).toBe('4:17-4:84');
  });

  it('does not run shell syntax in a plain command line', () => {
    const r = a.analyzeExecLine(execValue('/srv/deploy.sh a | /srv/other.sh'));
    expect(r.facts.invocations.map((i) => [i.program.value, i.args.map((x) => x.value)])).toEqual([['/srv/deploy.sh', ['a', '|', '/srv/other.sh']]]);
  });

  it('analyzes every command of a ";"-separated line', () => {
    const r = a.analyzeExecLine(execValue('/srv/a.sh ; /srv/b.sh x'));
    expect(r.facts.invocations.map((i) => at(i.span))).toEqual(['1:11-1:20', '1:23-1:34']);
  });

  it('expands specifiers before reading the words', () => {
    const r = a.analyzeExecLine(execValue('/usr/bin/python3 /srv/warm_reconcile.py %i', 1, 11), { unitName: 'deploy@traefik.service' });
    expect(r.facts.invocations[0]!.args.map((x) => [x.value, at(x.span)])).toEqual([['traefik', '1:51-1:53']]);
  });

  it('maps spans inside sh -c back through systemd quoting and escapes', () => {
    const line = `/bin/sh -c "docker stack deploy -c \\"/etc/stacks/a b.yml\\" web && systemctl start x"`;
    const r = a.analyzeExecLine(execValue(line, 3, 11));
    const [d] = r.facts.stackDeploys;
    expect(d!.files.map((f) => [f.value, at(f.span)])).toEqual([['/etc/stacks/a b.yml', '3:46-3:69']]);
    expect(at(d!.name!.span)).toBe('3:70-3:73');
    expect(at(d!.span)).toBe('3:23-3:73');
    expect(r.facts.unitStarts.map((u) => [u.unit.value, at(u.unit.span)])).toEqual([['x.service', '3:93-3:94']]);
  });

  it('reads bash -euc and sh -c with single quotes, ignoring $0 $1 after the script', () => {
    const r = a.analyzeExecLine(execValue(`+/run/current-system/sw/bin/bash -euo pipefail -c 'python3 /srv/x.py "$1"' bash traefik`));
    expect(r.facts.invocations.map((i) => [i.program.value, at(i.program.span), i.args.map((x) => x.value)])).toEqual([['/srv/x.py', '1:70-1:79', ['$1']]]);
  });

  it('reports shell syntax errors inside sh -c where they are', () => {
    const r = a.analyzeExecLine(execValue(`/bin/sh -c 'until curl -sf http://x; do sleep 1'`));
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toMatch(/^shell syntax error in the script given to sh -c/);
    expect(r.diagnostics[0]!.location.line).toBe(1);
  });
});

describe('Nix script text (a multi-segment SourceText)', () => {
  it('maps every fact back to its indented source line and column', () => {
    const src = nixScript(
      [
        'set -euo pipefail',
        'docker network create --driver overlay --subnet 10.10.0.0/16 proxy || true',
        '/nix/store/abc-python3/bin/python3 /nix/store/def-warm_reconcile.py traefik',
        'systemctl start --no-block deploy-dashboard',
      ],
      20,
      5,
    );
    const r = a.analyzeScript(src);
    expect(r.diagnostics).toEqual([]);
    const net = r.facts.networkCreates[0]!;
    expect(at(net.span)).toBe('21:5-21:71');
    expect(at(net.subnets[0]!.span)).toBe('21:53-21:65');
    expect(net.name?.span.file).toBe('nix/modules/proxy.nix');
    const inv = r.facts.invocations[0]!;
    expect(at(inv.program.span)).toBe('22:40-22:72');
    expect(at(inv.args[0]!.span)).toBe('22:73-22:80');
    expect(r.facts.unitStarts.map((u) => [u.unit.value, u.blocking, at(u.unit.span), at(u.span)])).toEqual([
      ['deploy-dashboard.service', false, '23:32-23:48', '23:5-23:48'],
    ]);
  });
});
