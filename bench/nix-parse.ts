/**
 * Benchmark: our Nix parser against `nix-instantiate --parse` on the same
 * ≥ 3 MB of generated NixOS-module-shaped files, whole-process wall time for
 * both (each parses every file in one process), in the same run.
 *
 * Build and run (see bench/README.md):
 *   npx tsc --outDir dist/bench-build --rootDir . --module nodenext --target es2023 \
 *     --strict --skipLibCheck --types node bench/nix-parse.ts
 *   node dist/bench-build/bench/nix-parse.js [megabytes]
 *
 * With `--parse-only FILE…` the script is the child process that is timed:
 * it reads and parses each file and exits non-zero if any is rejected.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseNix } from '../src/parsers/nix/parser.js';
import { printNix } from '../src/parsers/nix/print.js';

function parseOnly(files: string[], print: boolean): void {
  let failed = 0;
  for (const f of files) {
    const r = parseNix(readFileSync(f, 'utf8'), f);
    if (r.ast === null) {
      failed++;
      console.error(`${f}: ${r.diagnostics[0]?.message}`);
    } else if (print) {
      printNix(r.ast);
    }
  }
  process.exit(failed === 0 ? 0 : 1);
}

/** A deterministic NixOS module of roughly `units` services. */
function moduleText(n: number, units: number): string {
  const out: string[] = [];
  out.push(`# Generated module ${n}: services, containers, timers.
{ config, lib, pkgs, ... }:

let
  inherit (lib) mkIf mkOption mkEnableOption types mapAttrs' nameValuePair optionalString;
  cfg = config.services.fleet${n};
  /* Shared health check. */
  healthCheck = url: attempts: ''
    for i in $(seq 1 \${toString attempts}); do
      if \${pkgs.curl}/bin/curl -fsS "\${url}"; then exit 0; fi
      sleep 2
    done
    echo "unhealthy: \${url}" >&2
    exit 1
  '';
in
{
  options.services.fleet${n} = {
    enable = mkEnableOption "fleet ${n}";
    domain = mkOption { type = types.str; default = "fleet${n}.example.net"; };
    replicas = mkOption { type = types.int; default = ${(n % 5) + 1}; };
  };

  config = mkIf cfg.enable {`);
  for (let i = 0; i < units; i++) {
    const name = `svc-${n}-${i}`;
    out.push(`    systemd.services."${name}" = {
      description = "Service ${i} of fleet ${n}";
      after = [ "network-online.target" "docker.service" ${i > 0 ? `"svc-${n}-${i - 1}.service"` : ''} ];
      wants = [ "network-online.target" ];
      wantedBy = [ "multi-user.target" ];
      path = with pkgs; [ docker curl jq ];
      environment = { PORT = toString (${8000 + i} + cfg.replicas); NAME = "${name}"; };
      serviceConfig = {
        Type = ${i % 3 === 0 ? '"oneshot"' : '"simple"'};
        RemainAfterExit = ${i % 3 === 0 ? 'true' : 'false'};
        TimeoutStartSec = ${60 * ((i % 7) + 1)};
        Restart = "on-failure";
        ExecStart = "\${pkgs.python3}/bin/python3 \${./scripts/reconcile.py} ${name} --replicas \${toString cfg.replicas}";
      };
      preStart = optionalString (cfg.replicas > 1) ''
        docker network inspect fleet${n} >/dev/null 2>&1 || docker network create --driver overlay --subnet 10.${n % 250}.${i % 250}.0/24 fleet${n}
      '';
      script = ''
        set -euo pipefail
        docker stack deploy -c \${./stacks/${name}.yml} ${name}
        \${healthCheck "https://\${cfg.domain}/${name}/health" 30}
      '';
    };
    virtualisation.oci-containers.containers.${name.replace(/-/g, '_')} = {
      image = "registry.example.net/${name}:\${cfg.version or "latest"}";
      ports = [ "${10000 + i}:8080" ];
      dependsOn = lib.optional (${i} > 0) "svc_${n}_${Math.max(0, i - 1)}";
      extraOptions = [ "--health-cmd=curl -f http://localhost:8080/ || exit 1" "--network=fleet${n}" ];
    };`);
  }
  out.push(`    systemd.timers.fleet${n}-prune = {
      wantedBy = [ "timers.target" ];
      timerConfig = { OnCalendar = "daily"; RandomizedDelaySec = 3600 * 2; };
    };
    networking.firewall.allowedTCPPorts = builtins.genList (x: x + ${10000}) ${units};
  };
}
`);
  return out.join('\n');
}

function generate(dir: string, megabytes: number): { files: string[]; bytes: number } {
  const files: string[] = [];
  let bytes = 0;
  for (let n = 0; bytes < megabytes * 1024 * 1024; n++) {
    const text = moduleText(n, 40);
    const f = join(dir, `module-${n}.nix`);
    writeFileSync(f, text);
    files.push(f);
    bytes += Buffer.byteLength(text);
  }
  return { files, bytes };
}

const TIME = '/usr/bin/time';
const haveTime = spawnSync(TIME, ['-f', '%U', 'true'], { stdio: 'ignore' }).status === 0;

/**
 * Wall time of a whole process, and its CPU time (user + sys, all threads) when
 * /usr/bin/time is there: on a shared machine the CPU figure is the steadier one.
 */
function seconds(cmd: string, args: string[]): { wall: number; cpu: number | null; status: number | null; stderr: string } {
  const argv = haveTime ? [TIME, '-f', 'CPU %U %S', cmd, ...args] : [cmd, ...args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  let stderr = r.stderr?.toString() ?? '';
  let cpu: number | null = null;
  const m = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
  if (m) {
    cpu = Number(m[1]) + Number(m[2]);
    stderr = stderr.slice(0, m.index);
  }
  return { wall, cpu, status: r.status, stderr };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function main(): void {
  const args = process.argv.slice(2);
  if (args[0] === '--parse-only' || args[0] === '--parse-print') return parseOnly(args.slice(1), args[0] === '--parse-print');

  if (args[0] === '--generate') {
    // Keep the corpus for profiling: --generate DIR [megabytes]
    const files = generate(args[1]!, Number(args[2] ?? 3));
    console.log(`${files.files.length} files, ${files.bytes} bytes in ${args[1]}`);
    return;
  }
  const megabytes = Number(args[0] ?? 3);
  const dir = mkdtempSync(join(tmpdir(), 'nix-parse-bench-'));
  try {
    const { files, bytes } = generate(dir, megabytes);
    const self = fileURLToPath(import.meta.url);
    const runs = 5;
    const ours: number[] = [];
    const oursPrint: number[] = [];
    const nix: number[] = [];
    const cpu = { ours: [] as number[], print: [] as number[], nix: [] as number[] };
    let nixAvailable = true;
    for (let k = 0; k < runs; k++) {
      const a = seconds(process.execPath, [self, '--parse-only', ...files]);
      if (a.status !== 0) throw new Error(`our parser failed:\n${a.stderr}`);
      ours.push(a.wall);
      if (a.cpu !== null) cpu.ours.push(a.cpu);
      const p = seconds(process.execPath, [self, '--parse-print', ...files]);
      if (p.status !== 0) throw new Error(`our parser failed:\n${p.stderr}`);
      oursPrint.push(p.wall);
      if (p.cpu !== null) cpu.print.push(p.cpu);
      if (nixAvailable) {
        const b = seconds('nix-instantiate', ['--parse', ...files]);
        if (b.status === null || (b.status !== 0 && /ENOENT|not found/.test(b.stderr))) nixAvailable = false;
        else if (b.status !== 0) throw new Error(`nix-instantiate failed:\n${b.stderr}`);
        else {
          nix.push(b.wall);
          if (b.cpu !== null) cpu.nix.push(b.cpu);
        }
      }
    }
    const mb = (bytes / 1024 / 1024).toFixed(2);
    const o = median(ours);
    const op = median(oursPrint);
    const ms = (x: number) => `${(x * 1000).toFixed(0)} ms`;
    const withCpu = (wall: number, c: number[]) => (c.length > 0 ? `${ms(wall)} wall, ${ms(median(c))} cpu` : `${ms(wall)} wall`);
    console.log(`nix-parse bench: ${files.length} files, ${mb} MB, median of ${runs} runs (whole process: node/nix start-up included)`);
    console.log(`  deploy-lint parseNix:            ${withCpu(o, cpu.ours)}`);
    console.log(`  deploy-lint parseNix + printNix: ${withCpu(op, cpu.print)}`);
    if (nix.length > 0) {
      const r = median(nix);
      console.log(`  nix-instantiate --parse:         ${withCpu(r, cpu.nix)}`);
      const cpuRatio = cpu.ours.length > 0 && cpu.nix.length > 0 ? `; cpu ${(median(cpu.ours) / median(cpu.nix)).toFixed(2)}x` : '';
      console.log(`  ratio ours/nix: wall ${(o / r).toFixed(2)}x (parse), ${(op / r).toFixed(2)}x (parse + print)${cpuRatio}`);
    } else {
      console.log('  nix-instantiate not found: no reference figure');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
