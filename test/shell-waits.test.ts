import { beforeAll, describe, expect, it } from 'vitest';
import type { WaitGate } from '../src/model/facts.js';
import type { ShellAnalyzer } from '../src/parsers/shell/analyzer.js';
import { CURL_MAX_BACKOFF_SEC, curlRetryBound } from '../src/parsers/shell/probes.js';
import { at, execValue, file, nixScript, shellAnalyzer } from './helpers/shell.js';

let a: ShellAnalyzer;
beforeAll(async () => {
  a = await shellAnalyzer();
});

const waits = (text: string): WaitGate[] => {
  const r = a.analyzeScript(file(text));
  expect(r.diagnostics).toEqual([]);
  return r.facts.waits;
};
const brief = (text: string) => waits(text).map((w) => ({ tool: w.tool, endpoint: w.endpoint.value, boundSec: w.boundSec }));

describe('wait loops', () => {
  it('an until loop on curl, with the URL resolved from an earlier assignment, is unbounded', () => {
    const [w, ...rest] = waits('URL=https://ci.commoninternet.net\nuntil curl -sf "$URL"; do\n  sleep 5\ndone\n');
    expect(rest).toEqual([]);
    expect(w!.tool).toBe('curl');
    expect(w!.endpoint.value).toBe('https://ci.commoninternet.net');
    expect(at(w!.endpoint.span)).toBe('2:16-2:22');
    expect(w!.boundSec).toBeNull();
    expect(at(w!.span)).toBe('2:1-4:5');
  });

  it('a counted for loop: iterations × sleep', () => {
    expect(brief('for i in $(seq 1 30); do curl -sf http://x/ping && break; sleep 2; done')).toEqual([
      { tool: 'curl', endpoint: 'http://x/ping', boundSec: 60 },
    ]);
    expect(brief('for i in {1..10}; do if nc -z db 5432; then break; fi; sleep 3; done')).toEqual([
      { tool: 'nc', endpoint: 'db:5432', boundSec: 30 },
    ]);
    expect(brief('for i in 1 2 3 4 5; do wget -q -O- http://x && break; sleep 1m; done')).toEqual([
      { tool: 'wget', endpoint: 'http://x', boundSec: 300 },
    ]);
    expect(brief('for i in $(seq 0 5 50); do curl http://x && break; sleep 1; done')[0]!.boundSec).toBe(11);
    expect(brief('for ((i=0; i<20; i++)); do curl -sf http://x && break; sleep 0.5; done')[0]!.boundSec).toBe(10);
  });

  it('a while loop counting up adds each try\'s --max-time to the sleep', () => {
    expect(brief('i=0\nwhile [ "$i" -lt 30 ]; do curl -sf -m 5 http://x && break; i=$((i+1)); sleep 2; done')).toEqual([
      { tool: 'curl', endpoint: 'http://x', boundSec: 210 },
    ]);
  });

  it('counts down, and uses a limit held in a variable', () => {
    expect(brief('n=10\nwhile [ $n -gt 0 ]; do nc -z h 1 && break; n=$((n-1)); sleep 2; done')[0]!.boundSec).toBe(20);
    expect(brief('MAX=12\ni=2\nwhile (( i <= MAX )); do nc -z h 1 && break; i=$((i+1)); sleep 1; done')[0]!.boundSec).toBe(11);
  });

  it('an until loop that gives up after a counter is bounded', () => {
    expect(brief('n=0\nuntil docker info >/dev/null 2>&1; do\n  n=$((n+1))\n  [ "$n" -ge 20 ] && exit 1\n  sleep 3\ndone')).toEqual([
      { tool: 'docker', endpoint: 'docker', boundSec: 60 },
    ]);
    expect(brief('i=0\nuntil curl -sf http://x || [ $i -ge 10 ]; do i=$((i+1)); sleep 1; done')[0]!.boundSec).toBe(10);
    expect(brief('until nc -z a 1; do if (( tries++ > 4 )); then exit 1; fi; sleep 1; done')[0]!.boundSec).toBe(5);
  });

  it('while ! CMD waits for CMD; while CMD does not', () => {
    expect(brief('while ! systemctl is-active --quiet docker; do sleep 1; done')).toEqual([
      { tool: 'systemctl', endpoint: 'docker.service', boundSec: null },
    ]);
    expect(brief('while curl -sf http://x; do sleep 1; done')).toEqual([]);
    expect(brief('until ! curl -sf http://x; do sleep 1; done')).toEqual([]);
  });

  it('file tests: until [ -S … ], while [ ! -e … ], test -f; not while [ -e … ]', () => {
    expect(brief('until [ -S /run/docker.sock ]; do sleep 1; done\nwhile [ ! -e /run/ready ]; do sleep 1; done\nuntil test -f /etc/done; do sleep 1; done\nwhile [ -e /run/lock ]; do sleep 1; done')).toEqual([
      { tool: 'file', endpoint: '/run/docker.sock', boundSec: null },
      { tool: 'file', endpoint: '/run/ready', boundSec: null },
      { tool: 'file', endpoint: '/etc/done', boundSec: null },
    ]);
  });

  it('database and host probes', () => {
    expect(brief('until pg_isready -h db.internal -p 5432; do sleep 1; done\nuntil pg_isready; do sleep 1; done\nuntil ping -c1 -W1 gw; do sleep 1; done\nuntil getent hosts registry.local; do sleep 1; done')).toEqual([
      { tool: 'pg_isready', endpoint: 'db.internal:5432', boundSec: null },
      { tool: 'pg_isready', endpoint: 'localhost', boundSec: null },
      { tool: 'ping', endpoint: 'gw', boundSec: null },
      { tool: 'getent', endpoint: 'registry.local', boundSec: null },
    ]);
  });

  it('each probe of a compound condition is its own gate, spanning the loop', () => {
    const ws = waits('until curl -sf http://a && nc -z b 80; do sleep 1; done');
    expect(ws.map((w) => [w.tool, w.endpoint.value, at(w.endpoint.span), at(w.span)])).toEqual([
      ['curl', 'http://a', '1:16-1:24', '1:1-1:56'],
      ['nc', 'b:80', '1:34-1:38', '1:1-1:56'],
    ]);
  });

  it('polls a probe inside a command substitution', () => {
    expect(brief(`until [ "$(curl -s -o /dev/null -w '%{http_code}' http://x/health)" = 200 ]; do sleep 1; done`)).toEqual([
      { tool: 'curl', endpoint: 'http://x/health', boundSec: null },
    ]);
    expect(brief(`while [ "$(curl -s http://x/ready)" != ok ]; do sleep 1; done`)).toEqual([
      { tool: 'curl', endpoint: 'http://x/ready', boundSec: null },
    ]);
  });

  it('while true with a probe that breaks, in && or in if/else', () => {
    expect(brief('while true; do curl -sf http://x && break; sleep 1; done')).toEqual([{ tool: 'curl', endpoint: 'http://x', boundSec: null }]);
    expect(brief('while :; do if ! nc -z h 22; then sleep 1; else break; fi; done')).toEqual([{ tool: 'nc', endpoint: 'h:22', boundSec: null }]);
    expect(brief('while true; do curl -sf http://x && echo up; sleep 1; done')).toEqual([]);
  });

  it('bash /dev/tcp probes', () => {
    const ws = waits('until (echo > /dev/tcp/db/5432) 2>/dev/null; do sleep 1; done');
    expect(ws.map((w) => [w.tool, w.endpoint.value, at(w.endpoint.span)])).toEqual([['/dev/tcp', 'db:5432', '1:15-1:31']]);
  });

  it('the port check in a nested shell: timeout 1 bash -c "</dev/tcp/HOST/PORT"', () => {
    const ws = waits(`for i in $(seq 1 20); do timeout 1 bash -c "</dev/tcp/db/5432" && break; sleep 2; done`);
    expect(ws.map((w) => [w.tool, w.endpoint.value, at(w.endpoint.span), w.boundSec])).toEqual([['/dev/tcp', 'db:5432', '1:46-1:62', 20 * (2 + 1)]]);
  });

  it('a loop not probing anything is not a wait', () => {
    expect(brief('for s in a b; do docker stack deploy -c $s.yml $s; sleep 1; done\nwhile read -r l; do echo "$l"; done < f')).toEqual([]);
  });

  it('reports the innermost loop once for nested loops', () => {
    expect(brief('for h in a b; do\n  until curl -sf "http://$h/"; do sleep 1; done\ndone')).toEqual([
      { tool: 'curl', endpoint: 'http://$h/', boundSec: null },
    ]);
  });

  it('resolves sleep durations held in variables, with units', () => {
    expect(brief('DELAY=1m\nfor i in 1 2; do curl http://x && break; sleep "$DELAY" 30s; done')[0]!.boundSec).toBe(180);
  });

  it('uses `timeout N` around a probe as the per-try limit', () => {
    expect(brief('for i in $(seq 10); do timeout 5 nc -z db 5432 && break; sleep 1; done')[0]!.boundSec).toBe(60);
  });
});

describe('commands that wait by themselves', () => {
  it('curl without retries outside a loop is not a wait', () => {
    expect(brief('curl -sf http://x\ncurl --retry 0 http://x')).toEqual([]);
  });

  it('curl --retry N: default backoff 1, 2, 4, … capped at 600 s', () => {
    const [w] = waits('curl -sf --retry 5 --retry-connrefused https://ci.example.net/');
    expect(w!.boundSec).toBe(1 + 2 + 4 + 8 + 16);
    expect(w!.endpoint.value).toBe('https://ci.example.net/');
    expect(at(w!.endpoint.span)).toBe('1:40-1:63');
    expect(at(w!.span)).toBe('1:1-1:63');
    expect(brief('curl --retry 12 http://x')[0]!.boundSec).toBe(1023 + 600 + 600);
  });

  it('curl --retry-delay, --max-time and --retry-max-time', () => {
    expect(brief('curl --retry 10 --retry-delay 3 -m 10 http://x')[0]!.boundSec).toBe(10 * 3 + 11 * 10);
    expect(brief('curl --retry 30 --retry-max-time 120 http://x')[0]!.boundSec).toBe(120);
    expect(brief('curl --retry 30 --retry-max-time 120 --max-time 5 http://x')[0]!.boundSec).toBe(125);
    expect(brief('curl --retry 2 --retry-max-time 120 --max-time 5 http://x')[0]!.boundSec).toBe(1 + 2 + 3 * 5);
    expect(brief('curl -fsSLm5 --retry 1 http://x')[0]!.boundSec).toBe(1 + 2 * 5);
  });

  it('curl --retry with a count it cannot read is unbounded', () => {
    expect(brief('curl --retry "$N" http://x')).toEqual([{ tool: 'curl', endpoint: 'http://x', boundSec: null }]);
  });

  it('curl --retry inside a loop counts as that loop\'s per-try time, not as a second wait', () => {
    expect(brief('for i in 1 2 3; do curl --retry 2 -m 1 http://x && break; sleep 1; done')).toEqual([
      { tool: 'curl', endpoint: 'http://x', boundSec: 3 * (1 + (1 + 2 + 3 * 1)) },
    ]);
  });

  it('wait-for-it: -t N, default 15 s, -t 0 unbounded, host/port options', () => {
    expect(brief('wait-for-it db:5432 -t 60 -- echo up\n/opt/wait-for-it.sh -h db -p 5432\nwait-for-it --host=r --port=6379 --timeout=0')).toEqual([
      { tool: 'wait-for-it', endpoint: 'db:5432', boundSec: 60 },
      { tool: 'wait-for-it', endpoint: 'db:5432', boundSec: 15 },
      { tool: 'wait-for-it', endpoint: 'r:6379', boundSec: null },
    ]);
  });

  it('timeout N bounds what it runs, with units and -k grace', () => {
    expect(brief('timeout 30 curl --retry 100 http://x')[0]!.boundSec).toBe(30);
    expect(brief('timeout -k 10 1m wait-for-it db:1 -t 0')[0]!.boundSec).toBe(70);
    expect(brief('timeout 0 wait-for-it db:1 -t 0')[0]!.boundSec).toBeNull();
  });
});

describe('timeout around a nested shell', () => {
  it('bounds an unbounded loop inside bash -c, and maps its spans into the single quotes', () => {
    const ws = waits(`timeout 5m bash -c 'until curl -sf http://x/health; do sleep 1; done'`);
    expect(ws.map((w) => [w.endpoint.value, w.boundSec, at(w.endpoint.span), at(w.span)])).toEqual([
      ['http://x/health', 300, '1:36-1:51', '1:21-1:69'],
    ]);
  });

  it('keeps the smaller bound', () => {
    expect(brief(`timeout 1h sh -c 'for i in 1 2 3; do nc -z a 1 && break; sleep 2; done'`)[0]!.boundSec).toBe(6);
  });

  it('passes exported variables into the nested shell, not the others', () => {
    expect(brief(`export URL=https://x\nbash -c 'until curl "$URL"; do sleep 1; done'`)[0]!.endpoint).toBe('https://x');
    expect(brief(`URL=https://x\nbash -c 'until curl "$URL"; do sleep 1; done'`)[0]!.endpoint).toBe('$URL');
    expect(brief(`URL=https://x\nbash -c "until curl $URL; do sleep 1; done"`)[0]!.endpoint).toBe('https://x');
  });
});

describe('variable resolution for endpoints', () => {
  it('expands ${VAR}, defaults, and concatenations; keeps the unknown as written', () => {
    expect(brief('HOST=ci.example.net\nuntil curl -sf "https://${HOST}/api/ping"; do sleep 1; done')[0]!.endpoint).toBe('https://ci.example.net/api/ping');
    expect(brief('until curl -sf "${HEALTH_URL:-http://127.0.0.1:8080/ping}"; do sleep 1; done')[0]!.endpoint).toBe('http://127.0.0.1:8080/ping');
    expect(brief('until curl -sf "$BASE/health"; do sleep 1; done')[0]!.endpoint).toBe('$BASE/health');
    expect(brief('BASE=http://b\nURL="$BASE/health"\nuntil curl -sf $URL; do sleep 1; done')[0]!.endpoint).toBe('http://b/health');
  });

  it('uses the value the variable has where the loop is', () => {
    expect(brief('U=http://a\nU=http://b\nuntil curl $U; do sleep 1; done\nU=http://c')[0]!.endpoint).toBe('http://b');
  });

  it('forgets a value a loop variable or read overwrites', () => {
    expect(brief('H=a\nread -r H\nuntil nc -z $H 1; do sleep 1; done')[0]!.endpoint).toBe('$H:1');
  });

  it('does not leak assignments out of a subshell or a function', () => {
    expect(brief('U=http://a\n( U=http://b )\nf() { U=http://c; }\nuntil curl $U; do sleep 1; done')[0]!.endpoint).toBe('http://a');
  });
});

describe('systemd command lines and Nix text', () => {
  it('a wait loop inside ExecStartPre=/bin/sh -c maps back through systemd quotes', () => {
    const r = a.analyzeExecLine(execValue(`/bin/sh -c "until curl -sf \\"https://x/ping\\"; do sleep 2; done"`, 9, 15));
    expect(r.diagnostics).toEqual([]);
    expect(r.facts.waits.map((w) => [w.endpoint.value, at(w.endpoint.span), at(w.span), w.boundSec])).toEqual([
      ['https://x/ping', '9:42-9:60', '9:27-9:78', null],
    ]);
  });

  it('a plain ExecStartPre=curl --retry is a bounded wait', () => {
    const r = a.analyzeExecLine(execValue('-/usr/bin/curl -sf --retry 3 --retry-delay 10 http://127.0.0.1:8080/ping'));
    expect(r.facts.waits.map((w) => [w.tool, w.endpoint.value, w.boundSec, at(w.endpoint.span)])).toEqual([
      ['curl', 'http://127.0.0.1:8080/ping', 30, '1:57-1:83'],
    ]);
  });

  it('a Nix script: a loop over indented lines, its URL from an earlier line', () => {
    const src = nixScript(
      [
        'URL="https://ci.commoninternet.net"',
        '/nix/store/abc-python3/bin/python3 /nix/store/def-warm_reconcile.py traefik',
        'for i in $(seq 1 60); do',
        '  curl -sf --max-time 5 "$URL" && exit 0',
        '  sleep 10',
        'done',
        'exit 1',
      ],
      30,
      7,
    );
    const r = a.analyzeScript(src);
    expect(r.diagnostics).toEqual([]);
    expect(r.facts.waits.map((w) => [w.endpoint.value, at(w.endpoint.span), at(w.span), w.boundSec])).toEqual([
      ['https://ci.commoninternet.net', '33:31-33:37', '32:7-35:11', 60 * (10 + 5)],
    ]);
  });
});

describe('shell functions', () => {
  const script = [
    'wait_for() {',
    '  local url=$1 tries=${2:-60}',
    '  for i in $(seq 1 "$tries"); do',
    '    curl -sf "$url" && return 0',
    '    sleep 5',
    '  done',
    '  return 1',
    '}',
    'wait_for https://ci.commoninternet.net',
    'wait_for http://127.0.0.1:8080/ping 3',
  ].join('\n');

  it('reads a wait inside a function at each call, with its parameters bound', () => {
    const ws = waits(script);
    expect(ws.map((w) => [w.endpoint.value, w.boundSec, at(w.endpoint.span), at(w.span)])).toEqual([
      ['https://ci.commoninternet.net', 300, '4:14-4:20', '3:3-6:7'],
      ['http://127.0.0.1:8080/ping', 15, '4:14-4:20', '3:3-6:7'],
    ]);
  });

  it('reads a function nobody calls with its parameters unknown, once', () => {
    expect(brief(script.split('\n').slice(0, 8).join('\n'))).toEqual([{ tool: 'curl', endpoint: '$1', boundSec: 300 }]);
  });

  it('reports the commands of a function called twice once', () => {
    const r = a.analyzeScript(file('deploy() { docker stack deploy -c "$1.yml" "$1"; /srv/notify.sh; }\ndeploy web\ndeploy api'));
    expect(r.facts.stackDeploys.map((d) => [d.name?.value, d.files.map((f) => f.value)])).toEqual([['web', ['web.yml']], ['api', ['api.yml']]]);
    expect(r.facts.invocations).toHaveLength(1);
  });

  it('stops following recursion', () => {
    expect(brief('f() { f; until nc -z h 1; do sleep 1; done; }\nf')).toEqual([{ tool: 'nc', endpoint: 'h:1', boundSec: null }]);
  });
});

describe('starting environment', () => {
  it('resolves variables the caller knows (Environment=, NixOS environment)', () => {
    const r = a.analyzeScript(file('until curl -sf "$HEALTH_URL"; do sleep 1; done'), { env: { HEALTH_URL: 'https://ci.example.net/ping' } });
    expect(r.facts.waits.map((w) => w.endpoint.value)).toEqual(['https://ci.example.net/ping']);
  });

  it('reaches the shell of sh -euc but leaves systemd-level references as written', () => {
    const env = { env: { URL: 'https://x' } };
    const inner = a.analyzeExecLine(execValue(`/bin/sh -euc 'until curl -sf "$URL"; do sleep 1; done'`), env);
    expect(inner.facts.waits.map((w) => w.endpoint.value)).toEqual(['https://x']);
    const plain = a.analyzeExecLine(execValue('/usr/bin/curl --retry 3 $URL'), env);
    expect(plain.facts.waits.map((w) => w.endpoint.value)).toEqual(['$URL']);
  });
});

describe('curlRetryBound', () => {
  it('follows man curl: doubling from 1 s, at most 10 minutes per pause', () => {
    expect(CURL_MAX_BACKOFF_SEC).toBe(600);
    expect(curlRetryBound({ retries: 1 })).toBe(1);
    expect(curlRetryBound({ retries: 10 })).toBe(1023);
    expect(curlRetryBound({ retries: 11 })).toBe(1623);
    expect(curlRetryBound({ retries: 3, delaySec: 0 })).toBe(7);
    expect(curlRetryBound({ retries: 3, retryMaxTimeSec: 0 })).toBe(7);
    expect(curlRetryBound({ retries: 4, delaySec: 2, maxTimeSec: 3 })).toBe(8 + 15);
  });
});

describe('a command read more than once (the loop reads its probes and sleeps, then the walk reads it again)', () => {
  it('words with a variable are read with the variables of each place, not the first reading', () => {
    // The loop is read with H=a at its start; the walk reaches `/opt/run $H` after `H=b`.
    const r = a.analyzeScript(file('H=a\nuntil curl -sf http://$H/health; do H=b; /opt/run $H; sleep 1; done'));
    expect(r.facts.waits.map((w) => w.endpoint.value)).toEqual(['http://a/health']);
    expect(r.facts.invocations.map((i) => [i.program.value, i.args.map((x) => x.value)])).toEqual([['/opt/run', ['b']]]);
  });

  it('plain words are kept per script: the next script with the same shape gets its own', () => {
    const one = a.analyzeScript(file('until curl -fsS http://localhost:8001/health; do\n  sleep 1\ndone\n'));
    const two = a.analyzeScript(file('until curl -fsS http://localhost:8002/health; do\n  sleep 2\ndone\n\n'));
    expect(one.facts.waits.map((w) => [w.endpoint.value, at(w.endpoint.span), w.boundSec])).toEqual([['http://localhost:8001/health', '1:17-1:45', null]]);
    expect(two.facts.waits.map((w) => [w.endpoint.value, at(w.endpoint.span), w.boundSec])).toEqual([['http://localhost:8002/health', '1:17-1:45', null]]);
    const counted = (n: number) => a.analyzeScript(file(`for i in $(seq 1 ${n}); do curl -fsS http://x/ && break; sleep 2; done`)).facts.waits[0]!.boundSec;
    expect([counted(3), counted(5)]).toEqual([6, 10]);
  });
});

describe('a probe whose endpoint is the command itself', () => {
  it('spans the command (made only for such a probe)', () => {
    const ws = waits('until pg_isready -p 5433; do sleep 1; done\nwhile ! docker info; do\n  sleep 2\ndone');
    expect(ws.map((w) => [w.tool, w.endpoint.value, at(w.endpoint.span)])).toEqual([
      ['pg_isready', 'localhost:5433', '1:7-1:25'],
      ['docker', 'docker', '2:9-2:20'],
    ]);
  });
});
