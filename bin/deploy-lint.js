#!/usr/bin/env node
// The CLI, bundled by esbuild into dist/deploy-lint/ (scripts/bundle.mjs, run by
// `npm run build`, which `npm ci` runs through `prepare`): one file and a chunk per
// lazily loaded part load much faster than the ~200 ES modules of the sources.
// This file is the process around it: main() never exits and returns the exit code.
import { existsSync } from 'node:fs';

const dist = new URL('../dist/deploy-lint/', import.meta.url);
const entry = new URL('cli.js', dist);
if (!existsSync(entry)) {
  process.stderr.write('deploy-lint: not built yet; run `npm run build` (npm ci does it) first\n');
  process.exit(2);
}
// Before any deploy-lint code runs hot (src/runtime/v8-tuning.ts says why).
const { tuneV8ForShortRuns } = await import(new URL('v8-tuning.js', dist).href);
tuneV8ForShortRuns();
const { main, processIO } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2), processIO());
