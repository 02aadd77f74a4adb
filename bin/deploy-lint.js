#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm run build`, which `npm ci` runs through `prepare`).
// This file is the process around it: main() never exits and returns the exit code.
import { existsSync } from 'node:fs';

const dist = new URL('../dist/src/', import.meta.url);
const entry = new URL('cli/main.js', dist);
if (!existsSync(entry)) {
  process.stderr.write('deploy-lint: not built yet; run `npm run build` (npm ci does it) first\n');
  process.exit(2);
}
// Before any deploy-lint code runs hot (src/runtime/v8-tuning.ts says why).
const { tuneV8ForShortRuns } = await import(new URL('runtime/v8-tuning.js', dist).href);
tuneV8ForShortRuns();
const { main, processIO } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2), processIO());
