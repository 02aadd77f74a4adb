#!/usr/bin/env node
// The CLI, bundled by esbuild into dist/deploy-lint/ (scripts/bundle.mjs, run by
// `npm run build`, which `npm ci` runs through `prepare`): one file, loaded with
// the code cache the build made (bin/load-bundle.js says why).
// This file is the process around it: main() never exits and returns the exit code.
// CommonJS (bin/package.json): an ES module entry point makes Node load its ES module
// loader first, ~5 ms of every run (bench/README.md, "Start-up").
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { loadBundle } = require('./load-bundle.js');

const dist = join(__dirname, '..', 'dist', 'deploy-lint') + '/';
if (!existsSync(`${dist}cli.cjs`)) {
  process.stderr.write('deploy-lint: not built yet; run `npm run build` (npm ci does it) first\n');
  process.exit(2);
}
// Before any deploy-lint code is compiled (src/runtime/v8-tuning.ts says why; the code cache was made with the same flags).
require(`${dist}v8-tuning.cjs`).tuneV8ForShortRuns();
const bundle = loadBundle(dist);
if (process.env.DEPLOY_LINT_DEBUG) process.stderr.write(`deploy-lint: bundle ${bundle.id ?? '(no id)'}, code cache ${bundle.cache}\n`);
const { main, processIO } = bundle.exports;
main(process.argv.slice(2), processIO()).then((code) => {
  process.exitCode = code;
});
