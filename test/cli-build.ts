/**
 * Builds the CLI once per test file into its own folder (tsc's emit of the
 * current sources, so a stale dist/ never hides a change) and runs it as a
 * real process, the way users and CI call it.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');

export interface Cli {
  run(args: string[], opts?: { cwd?: string; env?: NodeJS.ProcessEnv }): SpawnSyncReturns<string>;
  dispose(): void;
}

export function buildCli(tag: string): Cli {
  // Inside the project, so node finds node_modules and packageRoot() finds package.json.
  const out = join(ROOT, 'node_modules', '.cache', `deploy-lint-${tag}-${process.pid}`);
  // Laid out as a checkout is: out/dist/ (tsc's emit) beside a copy of bin/, which finds ../dist.
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(out, 'dist'), '--sourceMap', 'false'], { encoding: 'utf8' });
  // tsc still emits when some unrelated file has a type error; only a missing entry point is fatal here.
  if (!existsSync(join(out, 'dist', 'src', 'cli', 'main.js'))) throw new Error(`building the CLI failed:\n${tsc.stdout}${tsc.stderr}`);
  cpSync(join(ROOT, 'bin'), join(out, 'bin'), { recursive: true });
  const entry = join(out, 'bin', 'deploy-lint.js');
  return {
    run(args, opts = {}) {
      const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, DRONE: undefined, ...opts.env };
      for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
      return spawnSync(process.execPath, [entry, ...args], { cwd: opts.cwd ?? ROOT, env, encoding: 'utf8', timeout: 120_000 });
    },
    dispose() {
      rmSync(out, { recursive: true, force: true });
    },
  };
}
