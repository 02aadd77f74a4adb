/**
 * Benchmark: our Nix parser against `nix-instantiate --parse` on the same
 * ≥ 3 MB of generated NixOS-module-shaped files, whole-process wall time for
 * both (each parses every file in one process), in the same run.
 *
 * Build and run (see bench/README.md):
 *   npm run build
 *   node dist/bench/nix-parse.js [megabytes]
 *
 * The timed process is bench/nix-parse-child.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, timed, type Timed } from './measure.js';

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

interface Variant {
  label: string;
  cmd: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  runs: Timed[];
}

function main(): void {
  const args = process.argv.slice(2);

  if (args[0] === '--generate') {
    // Keep the corpus for profiling: --generate DIR [megabytes]
    const files = generate(args[1]!, Number(args[2] ?? 3));
    console.log(`${files.files.length} files, ${files.bytes} bytes in ${args[1]}`);
    return;
  }
  const megabytes = Number(args[0] ?? 3);
  const haveNix = spawnSync('nix-instantiate', ['--version'], { stdio: 'ignore' }).status === 0;
  const dir = mkdtempSync(join(tmpdir(), 'nix-parse-bench-'));
  try {
    const { files, bytes } = generate(dir, megabytes);
    const child = fileURLToPath(new URL('./nix-parse-child.js', import.meta.url));
    const node = process.execPath;
    const env = { ...process.env, DEPLOY_LINT_V8_DEFAULTS: '0' };
    const defaults = { ...process.env, DEPLOY_LINT_V8_DEFAULTS: '1' };
    const variants: Variant[] = [
      { label: 'deploy-lint parseNix', cmd: node, args: [child, ...files], env, runs: [] },
      { label: '  the same, V8 defaults', cmd: node, args: [child, ...files], env: defaults, runs: [] },
      { label: 'deploy-lint parseNix + printNix', cmd: node, args: [child, '--print', ...files], env, runs: [] },
    ];
    if (haveNix) variants.push({ label: 'nix-instantiate --parse', cmd: 'nix-instantiate', args: ['--parse', ...files], env: process.env, runs: [] });
    const runs = 5;
    for (let k = 0; k < runs; k++) {
      for (const v of variants) {
        const t = timed(v.cmd, v.args, { env: v.env, output: false });
        if (t.status !== 0) throw new Error(`${v.label} failed:\n${t.stderr}`);
        v.runs.push(t);
      }
    }
    const ms = (x: number) => `${(x * 1000).toFixed(0)} ms`;
    const wall = (v: Variant) => median(v.runs.map((r) => r.ms)) / 1000;
    const cpu = (v: Variant) => (v.runs.every((r) => r.cpuMs !== undefined) ? median(v.runs.map((r) => r.cpuMs!)) / 1000 : null);
    const width = Math.max(...variants.map((v) => v.label.length)) + 1;
    console.log(`nix-parse bench: ${files.length} files, ${(bytes / 1024 / 1024).toFixed(2)} MB, median of ${runs} runs (whole process: node/nix start-up included)`);
    for (const v of variants) {
      const c = cpu(v);
      console.log(`  ${`${v.label}:`.padEnd(width)} ${ms(wall(v))} wall${c === null ? '' : `, ${ms(c)} cpu`}`);
    }
    const nix = variants.find((v) => v.cmd === 'nix-instantiate');
    if (nix === undefined) {
      console.log('  nix-instantiate not found: no reference figure');
      return;
    }
    const [ours, oursDefaults, oursPrint] = variants as [Variant, Variant, Variant];
    const ratio = (v: Variant) => (wall(v) / wall(nix)).toFixed(2);
    const cpuOurs = cpu(ours);
    const cpuNix = cpu(nix);
    const cpuRatio = cpuOurs !== null && cpuNix !== null ? `; cpu ${(cpuOurs / cpuNix).toFixed(2)}x` : '';
    console.log(`  ratio ours/nix: wall ${ratio(ours)}x (parse; ${ratio(oursDefaults)}x with V8 defaults), ${ratio(oursPrint)}x (parse + print)${cpuRatio}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
