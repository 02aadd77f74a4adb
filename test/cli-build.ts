/**
 * Builds the CLI once per test file into its own folder (the esbuild bundle
 * that ships, scripts/bundle.mjs, made from the current sources, so a stale
 * dist/ never hides a change) and runs it as a real process, the way users and
 * CI call it.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');

export interface Cli {
  /** The built entry point, for tests that spawn it themselves (the language server). */
  entry: string;
  run(args: string[], opts?: { cwd?: string; env?: NodeJS.ProcessEnv }): SpawnSyncReturns<string>;
  dispose(): void;
}

/**
 * `under`: the folder to build in, inside the project so node finds
 * node_modules and packageRoot() finds package.json (default
 * node_modules/.cache; a test of what the bundle does when its path has no
 * `node_modules` in it, as in a checkout, passes ROOT).
 */
export function buildCli(tag: string, under = join(ROOT, 'node_modules', '.cache')): Cli {
  const out = join(under, `.deploy-lint-${tag}-${process.pid}`);
  // Laid out as a checkout is: out/dist/deploy-lint/ (the bundle) beside a copy of bin/, which finds ../dist.
  const bundle = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), '--outdir', join(out, 'dist', 'deploy-lint')], { encoding: 'utf8' });
  // esbuild does not check types (tsc does, in its own step): only a failed bundle is fatal here.
  if (bundle.status !== 0 || !existsSync(join(out, "dist", "deploy-lint", "cli.cjs"))) throw new Error(`building the CLI failed:
${bundle.stdout}${bundle.stderr}`);
  cpSync(join(ROOT, 'bin'), join(out, 'bin'), { recursive: true });
  const entry = join(out, 'bin', 'deploy-lint.js');
  return {
    entry,
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
