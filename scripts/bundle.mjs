#!/usr/bin/env node
/**
 * Bundles the CLI into dist/deploy-lint/ with esbuild: the entry file and one
 * chunk per lazily imported part (each format's adapter, the config schema),
 * instead of ~200 ES modules Node would resolve, read and link one by one at
 * every start (bench/README.md, "Start-up"). `bin/deploy-lint.js` loads it.
 *
 * Run by `npm run build` (so by `prepare`, i.e. `npm ci`); tsc still checks
 * the types (`npm run typecheck`) and emits dist/ for the benchmarks.
 *
 * What stays outside the bundle, loaded from node_modules at run time:
 * web-tree-sitter, because it finds its own tree-sitter.wasm beside its
 * module file (`import.meta.url`), and the grammar packages, whose .wasm are
 * found through their package.json. Everything else (yargs, zod, yaml, chalk,
 * graphlib…) is bundled. deploy-lint's own data files (data/*.json) are read
 * at run time from the package root, which `packageRoot()` finds by walking up
 * from the bundle's location, as it does from src/ and dist/src/.
 *
 *   node scripts/bundle.mjs [--outdir DIR] [--metafile]
 */
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The bundle's entry points: the CLI (`main`, `processIO`) and the V8 settings bin/ applies first. */
export const ENTRIES = { cli: join(ROOT, 'src', 'cli', 'main.ts'), 'v8-tuning': join(ROOT, 'src', 'runtime', 'v8-tuning.ts') };
/** Where bin/deploy-lint.js looks for it. */
export const DEFAULT_OUTDIR = join(ROOT, 'dist', 'deploy-lint');

/** Bundles the CLI into `outdir`: `outdir/cli.js` and `outdir/v8-tuning.js`. */
export async function bundleCli(outdir = DEFAULT_OUTDIR, { metafile = false } = {}) {
  const result = await build({
    entryPoints: ENTRIES,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['web-tree-sitter', 'tree-sitter-bash', 'tree-sitter-python'],
    // Bundled CommonJS dependencies call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __deployLintRequire } from 'node:module'; const require = __deployLintRequire(import.meta.url);" },
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    metafile,
  });
  if (metafile) writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  return join(outdir, 'cli.js');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--outdir');
  await bundleCli(i >= 0 ? resolve(process.argv[i + 1]) : DEFAULT_OUTDIR, { metafile: process.argv.includes('--metafile') });
}
