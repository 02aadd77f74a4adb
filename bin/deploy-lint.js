#!/usr/bin/env node
// The CLI, bundled by esbuild into dist/deploy-lint/ (scripts/bundle.mjs, run by
// `npm run build`, which `npm ci` runs through `prepare`): one file, loaded with
// the code cache the build made (bin/load-bundle.js says why).
// This file is the process around it: main() never exits and returns the exit code.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { loadBundle } from './load-bundle.js';

const dist = fileURLToPath(new URL('../dist/deploy-lint/', import.meta.url));
if (!existsSync(`${dist}cli.cjs`)) {
  process.stderr.write('deploy-lint: not built yet; run `npm run build` (npm ci does it) first\n');
  process.exit(2);
}
// Before any deploy-lint code is compiled (src/runtime/v8-tuning.ts says why; the code cache was made with the same flags).
createRequire(import.meta.url)(`${dist}v8-tuning.cjs`).tuneV8ForShortRuns();
const bundle = loadBundle(dist);
if (process.env.DEPLOY_LINT_DEBUG) process.stderr.write(`deploy-lint: bundle ${bundle.id ?? '(no id)'}, code cache ${bundle.cache}\n`);
const { main, processIO } = bundle.exports;
process.exitCode = await main(process.argv.slice(2), processIO());
