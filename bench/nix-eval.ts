/**
 * Benchmark: NixOS module evaluation of a generated host with N module files
 * (default 1,000): options with defaults, `mkIf cfg.enable`, services with
 * ordering lists, `serviceConfig`, environment, scripts, nginx virtual hosts,
 * units generated with `mapAttrs'`; one host imports them all and enables
 * them. Times, in one process:
 *
 * - parse: every file through parseNix (the other engineer's parser);
 * - evaluate: the module set merged and every fact the graph needs read out
 *   (units with all entries, served hosts), shell analysis stubbed out;
 * - adapter: the whole Nix adapter, parse + evaluate + shell analysis of every
 *   ExecStart/script (tree-sitter-bash), as `deploy-lint` runs it.
 *
 * Build with `npm run build`, run `node dist/bench/nix-eval.js [modules] [runs]`;
 * `node dist/bench/nix-eval.js --generate DIR [modules]` writes the corpus only.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { emptyShellFacts } from '../src/model/facts.js';
import { RepoFileAccess } from '../src/parsers/nix/eval/file-access.js';
import { evaluateRepo } from '../src/parsers/nix/nixos/evaluate-repo.js';
import { loadShellAnalyzer, type ShellAnalyzer } from '../src/parsers/shell/analyzer.js';
import { median } from './measure.js';

function moduleText(n: number): string {
  const prev = n > 0 ? `app${n - 1}.service` : 'network-online.target';
  const generated =
    n % 10 === 0
      ? `
    (lib.mkIf cfg.enable {
      systemd.services = lib.mapAttrs' (name: w: lib.nameValuePair "app${n}-\${name}" {
        after = [ "app${n}.service" ];
        wantedBy = [ "multi-user.target" ];
        serviceConfig.ExecStart = "\${pkgs.python3}/bin/python3 \${./worker.py} \${w.queue}";
      }) { mail = { queue = "mail"; }; jobs = { queue = "jobs"; }; index = { queue = "index"; }; };
    })`
      : '';
  return `# Generated module ${n}.
{ config, lib, pkgs, ... }:

with lib;
let
  cfg = config.services.app${n};
in
{
  options.services.app${n} = {
    enable = mkEnableOption "app ${n}";
    port = mkOption { type = types.port; default = ${8000 + n}; };
    domain = mkOption { type = types.str; default = "app${n}.example.net"; };
  };

  config = mkMerge [
    (mkIf cfg.enable {
      systemd.services.app${n} = {
        description = "Application ${n}";
        after = [ "network-online.target" "${prev}" ];
        wants = [ "network-online.target" ];
        wantedBy = [ "multi-user.target" ];
        environment = { PORT = toString cfg.port; DOMAIN = cfg.domain; };
        serviceConfig = {
          Type = if cfg.port > 8500 then "notify" else "simple";
          ExecStart = "\${pkgs.hello}/bin/hello --port \${toString cfg.port}";
          Restart = "on-failure";
          TimeoutStartSec = ${60 + (n % 7) * 30};
        };
        preStart = ''
          until \${pkgs.curl}/bin/curl -fsS http://localhost:\${toString cfg.port}/health; do
            sleep 1
          done
        '';
      };
      services.nginx.virtualHosts.\${cfg.domain} = {
        serverAliases = [ "www.\${cfg.domain}" ];
      };
    })${generated}
  ];
}
`;
}

function generate(dir: string, n: number): void {
  mkdirSync(join(dir, 'nix/modules'), { recursive: true });
  mkdirSync(join(dir, 'hosts/bench'), { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `nix/modules/app${i}.nix`), moduleText(i));
  writeFileSync(join(dir, 'nix/modules/worker.py'), 'import sys\nprint(sys.argv[1])\n');
  const imports = Array.from({ length: n }, (_, i) => `    ../../nix/modules/app${i}.nix`).join('\n');
  const enables = Array.from({ length: n }, (_, i) => `  services.app${i}.enable = true;`).join('\n');
  writeFileSync(
    join(dir, 'hosts/bench/default.nix'),
    `{ ... }:\n{\n  imports = [\n${imports}\n  ];\n${enables}\n  services.nginx.enable = true;\n  system.stateVersion = "24.05";\n}\n`,
  );
}

const stubShell: ShellAnalyzer = {
  analyzeScript: () => ({ facts: emptyShellFacts(), diagnostics: [] }),
  analyzeExecLine: () => ({ facts: emptyShellFacts(), diagnostics: [] }),
};

function files(dir: string, n: number): Array<{ path: string; absPath: string }> {
  const out = [{ path: 'hosts/bench/default.nix', absPath: join(dir, 'hosts/bench/default.nix') }];
  for (let i = 0; i < n; i++) out.push({ path: `nix/modules/app${i}.nix`, absPath: join(dir, `nix/modules/app${i}.nix`) });
  return out;
}

/** Wall time, and this process's CPU time (user + system), which other jobs on the machine do not inflate. */
interface Timing {
  wall: number;
  cpu: number;
}

function start(): { wall: number; cpu: NodeJS.CpuUsage } {
  return { wall: performance.now(), cpu: process.cpuUsage() };
}

function stop(t: { wall: number; cpu: NodeJS.CpuUsage }): Timing {
  const c = process.cpuUsage(t.cpu);
  return { wall: performance.now() - t.wall, cpu: (c.user + c.system) / 1000 };
}

async function main(): Promise<void> {
  if (process.argv[2] === '--generate') {
    // Keep a corpus for profiling: `--generate DIR [modules]`.
    generate(process.argv[3]!, Number(process.argv[4] ?? 1000));
    return;
  }
  const n = Number(process.argv[2] ?? 1000);
  const runs = Number(process.argv[3] ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-nix-eval-bench-'));
  try {
    generate(dir, n);
    const list = files(dir, n);
    const shell = await loadShellAnalyzer();
    const parse: Timing[] = [];
    const evaluate: Timing[] = [];
    const adapter: Timing[] = [];
    let units = 0;
    let serves = 0;
    for (let r = 0; r < runs; r++) {
      // A fresh file cache per run: parsing is measured, then evaluation on the parsed files.
      const access = new RepoFileAccess(dir, dir);
      let t = start();
      for (const f of list) access.parseFile(f.absPath);
      parse.push(stop(t));
      t = start();
      const out = evaluateRepo({ files: list, access, cwd: dir, shell: stubShell });
      evaluate.push(stop(t));
      units = out.facts.filter((f) => f.kind === 'unit').length;
      serves = out.facts.filter((f) => f.kind === 'serves').length;
      const problems = out.diagnostics.filter((d) => d.severity !== 'info');
      if (problems.length) throw new Error(`unexpected diagnostics: ${problems.map((d) => d.message).join('; ')}`);

      t = start();
      const fresh = new RepoFileAccess(dir, dir);
      evaluateRepo({ files: list, access: fresh, cwd: dir, shell });
      adapter.push(stop(t));
    }
    const fmt = (xs: Timing[]): string => {
      const wall = xs.map((x) => x.wall);
      const cpu = xs.map((x) => x.cpu);
      return `median ${median(wall).toFixed(0)} ms wall, ${median(cpu).toFixed(0)} ms cpu (first run ${wall[0]!.toFixed(0)} ms wall; best ${Math.min(...wall).toFixed(0)} ms)`;
    };
    console.log(`nix-eval bench: ${n} module files + 1 host, ${units} units, ${serves} served hosts, ${runs} runs`);
    console.log(`  parse             ${fmt(parse)}`);
    console.log(`  evaluate modules  ${fmt(evaluate)}`);
    console.log(`  whole adapter     ${fmt(adapter)}  (parse + evaluate + shell analysis)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
