#!/usr/bin/env node
/**
 * Bundles the CLI into dist/deploy-lint/ with esbuild, then makes its V8 code
 * cache: one CommonJS file instead of ~200 ES modules Node would resolve, read
 * and link one by one at every start, and the functions a run compiles kept
 * compiled (bin/load-bundle.js; bench/README.md, "Start-up").
 *
 * Run by `npm run build` (so by `prepare`, i.e. `npm ci`); tsc still checks
 * the types (`npm run typecheck`) and emits dist/ for the benchmarks.
 *
 * Out: `cli.cjs` (first line `// deploy-lint bundle <id>`, the id a hash of the
 * rest), its source map, `v8-tuning.cjs` (the V8 flags bin/ sets before
 * compiling anything), and `cli.<id>.cache` (scripts/train-code-cache.mjs).
 *
 * What stays outside the bundle, loaded from node_modules at run time:
 * web-tree-sitter, because it finds its own tree-sitter.wasm beside its
 * module file, and the grammar packages, whose .wasm are found through their
 * package.json; zod, required on first use (src/runtime/zod.ts). Everything
 * else (yargs, yaml, chalk, graphlib…) is bundled. deploy-lint's own data
 * files (data/*.json) are read at run time from the package root, which
 * `packageRoot()` finds by walking up from the bundle's location.
 *
 *   node scripts/bundle.mjs [--outdir DIR] [--metafile] [--no-code-cache]
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The bundle's entry points: the CLI (`main`, `processIO`) and the V8 settings bin/ applies first. */
export const ENTRIES = { cli: join(ROOT, 'src', 'cli', 'main.ts'), 'v8-tuning': join(ROOT, 'src', 'runtime', 'v8-tuning.ts') };
/** Where bin/deploy-lint.js looks for it. */
export const DEFAULT_OUTDIR = join(ROOT, 'dist', 'deploy-lint');

/**
 * string-width (yargs and its help formatter cliui use three copies) builds an
 * `Intl.Segmenter` and Unicode-property regular expressions when it is loaded:
 * ~15 ms of every start, though only `--help` and usage errors measure text.
 * Each import of it gets a stand-in that loads the real module on first call
 * (esbuild turns the `require` of an ES module into an initialiser run then).
 */
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData?.real) return undefined;
      const real = await b.resolve(args.path, { kind: 'require-call', resolveDir: args.resolveDir, pluginData: { real: true } });
      return { path: real.path, namespace: 'lazy-string-width' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, (args) => ({
      contents: `let real; export default function stringWidth(text, options) { real ??= require(${JSON.stringify(args.path)}).default; return real(text, options); }`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * yargs looks for "the" package.json on every start (its default `.version()`,
 * before ours replaces it), upwards from the folder of the module that loaded
 * it, which its shim finds by looking for `node_modules` in its own path. In
 * the bundle there is none, so it started from the working directory: every
 * run listed the working directory and each folder above it, and read the
 * first package.json it met, outside the linted repository (20 ms in a
 * folder of 13,000 entries). The bundle points it at itself: the search
 * ends at deploy-lint's own package.json.
 *
 * Its shim also imports `assert` for yargs' checks of its own state (one runs
 * on every start): Node loads eleven modules for it, ~5 ms of every start.
 * The bundle gives it the two functions it uses, with `assert`'s meaning
 * (Object.is; an Error given as the message is what is thrown).
 */
const YARGS_ASSERT = `
const failed = (message, fallback) => { throw message instanceof Error ? message : new Error(message ?? fallback); };
const notStrictEqual = (actual, expected, message) => { if (Object.is(actual, expected)) failed(message, 'Expected "actual" to be strictly unequal to: ' + String(expected)); };
const strictEqual = (actual, expected, message) => { if (!Object.is(actual, expected)) failed(message, 'Expected values to be strictly equal'); };
`;

const yargsFromBundle = {
  name: 'yargs-from-bundle',
  setup(b) {
    b.onLoad({ filter: /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const from = 'mainFilename: mainFilename || process.cwd(),';
      const assertImport = "import { notStrictEqual, strictEqual } from 'assert'";
      if (!text.includes(from) || !text.includes(assertImport)) throw new Error(`${args.path}: yargs changed; scripts/bundle.mjs (yargsFromBundle) must be updated`);
      return { contents: text.replace(from, 'mainFilename: __filename,').replace(assertImport, YARGS_ASSERT), loader: 'js' };
    });
  },
};

/**
 * The bundle in ASCII: each other character (in comments esbuild keeps, a
 * regular expression's class) as a `\uXXXX` escape, which means the same
 * character in a string, a regular expression or an identifier. An ASCII
 * bundle is read as Latin-1, a copy, instead of decoded as UTF-8: 2 MB, 1 ms
 * instead of 5–6 ms of every start (bin/load-bundle.js).
 */
function asciiOnly(text) {
  return text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Bundles the CLI into `outdir`; returns the path of `cli.cjs`. */
export async function bundleCli(outdir = DEFAULT_OUTDIR, { metafile = false, codeCache = true } = {}) {
  const result = await build({
    entryPoints: ENTRIES,
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['web-tree-sitter', 'tree-sitter-bash', 'tree-sitter-python'],
    // The sources are ES modules; in a CommonJS file import.meta is empty, so its URL is the file's own.
    define: { 'import.meta.url': '__deployLintModuleUrl' },
    banner: { js: "var __deployLintModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [lazyStringWidth, yargsFromBundle],
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    metafile,
    write: false,
  });
  mkdirSync(outdir, { recursive: true });
  // What earlier builds left: other bundles' caches, the ES-module bundle and its chunks.
  for (const f of readdirSync(outdir)) if (/^cli\.[0-9a-f]{16}\.cache$/.test(f) || /\.js(\.map)?$/.test(f) || f === 'chunks') rmSync(join(outdir, f), { recursive: true });
  for (const out of result.outputFiles) {
    // The id line goes first, so the code cache made for this text is found by it (bin/load-bundle.js).
    const body = basename(out.path) === 'cli.cjs' ? asciiOnly(out.text) : out.text;
    const text = basename(out.path) === 'cli.cjs' ? `// deploy-lint bundle ${createHash('sha256').update(body).digest('hex').slice(0, 16)}\n${body}` : body;
    writeFileSync(out.path, text);
  }
  if (metafile) writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  if (codeCache) {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'train-code-cache.mjs'), outdir], { encoding: 'utf8' });
    // The cache only makes starts faster: a failure to make it is said, never fatal.
    if (r.status !== 0) process.stderr.write(`bundle: no code cache made (${(r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').pop()})\n`);
  }
  return join(outdir, 'cli.cjs');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--outdir');
  await bundleCli(i >= 0 ? resolve(process.argv[i + 1]) : DEFAULT_OUTDIR, {
    metafile: process.argv.includes('--metafile'),
    codeCache: !process.argv.includes('--no-code-cache'),
  });
}
