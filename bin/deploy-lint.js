#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm run build`, which `npm ci` runs through `prepare`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('deploy-lint: not built yet; run `npm run build` (npm ci does it) first\n');
  process.exit(2);
}
await import(entry.href);
