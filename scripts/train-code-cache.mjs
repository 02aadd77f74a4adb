#!/usr/bin/env node
/**
 * Makes the bundle's V8 code cache (bin/load-bundle.js says what it is for):
 * loads `OUTDIR/cli.cjs` the way bin/deploy-lint.js does, with the same V8
 * flags, runs the CLI in-process on the example repository (units, Nix,
 * Python, stacks: the code most runs need), then writes what V8 compiled to
 * `OUTDIR/cli.<id>.cache` (a temporary file renamed over it). The run's output
 * is discarded. Run by scripts/bundle.mjs after each bundle.
 *
 * Training on the rule cases in fixtures/ as well (every rule's path, every
 * format) made a larger cache (1.67 against 1.46 MB) that every run
 * deserialises whole: once the code got faster, that cost more than the
 * compiles it saved (bench/README.md, "Start-up", fifth round).
 *
 *   node scripts/train-code-cache.mjs OUTDIR
 */
import { renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { codeCachePath, loadBundle } from '../bin/load-bundle.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = resolve(process.argv[2] ?? join(ROOT, 'dist', 'deploy-lint'));

createRequire(import.meta.url)(join(outdir, 'v8-tuning.cjs')).tuneV8ForShortRuns();
const bundle = loadBundle(outdir, { useCache: false });
if (!bundle.id) throw new Error(`${outdir}/cli.cjs has no bundle id line`);
const discard = () => new Writable({ write: (_chunk, _enc, done) => done() });
const io = { stdout: discard(), stderr: discard(), env: { NO_COLOR: '1' }, cwd: ROOT };
// A lint with findings (A1 in the example) and the JSON reporter; each run's exit code is irrelevant.
await bundle.exports.main([join(ROOT, 'examples', 'ci-host')], io);
await bundle.exports.main([join(ROOT, 'examples', 'ci-host'), '--format', 'json'], io);
const target = codeCachePath(outdir, bundle.id);
const tmp = `${target}.${process.pid}.tmp`;
writeFileSync(tmp, bundle.createCachedData());
renameSync(tmp, target);
