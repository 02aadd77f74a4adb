/**
 * Builds the CLI once per test file into its own folder (tsc's emit of the
 * current sources, so a stale dist/ never hides a change) and runs it as a
 * real process, the way users and CI call it.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');

export interface Cli {
  run(args: string[], opts?: { cwd?: string; env?: NodeJS.ProcessEnv }): SpawnSyncReturns<string>;
  dispose(): void;
}

export function buildCli(tag: string): Cli {
  // Inside the project, so node finds node_modules and packageRoot() finds package.json.
  const out = join(ROOT, 'node_modules', '.cache', `deploy-lint-${tag}-${process.pid}`);
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out, '--sourceMap', 'false'], { encoding: 'utf8' });
  const entry = join(out, 'src', 'cli.js');
  // tsc still emits when some unrelated file has a type error; only a missing entry point is fatal here.
  if (!existsSync(entry)) throw new Error(`building the CLI failed:\n${tsc.stdout}${tsc.stderr}`);
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
