/**
 * The process bench/nix-parse.ts times: parses every file given, once, and
 * exits non-zero if any is rejected. With `--print` it also prints each tree
 * (printNix: lowering and the canonical printer).
 *
 * It is a file of its own so that the timed process loads only the parser
 * (and, with --print, the printer): nothing of the benchmark's own machinery.
 */
import { readFileSync } from 'node:fs';
import { parseNix } from '../src/parsers/nix/syntax/parser.js';
import { tuneV8ForShortRuns } from '../src/runtime/v8-tuning.js';

// The parser runs here as it runs in deploy-lint (bin/deploy-lint.js tunes V8 the same way).
tuneV8ForShortRuns();

const args = process.argv.slice(2);
const print = args[0] === '--print';
const files = print ? args.slice(1) : args;
const printNix = print ? (await import('../test/nix-reference/print.js')).printNix : null;
let failed = 0;
for (const f of files) {
  const r = parseNix(readFileSync(f, 'utf8'), f);
  if (r.ast === null) {
    failed++;
    console.error(`${f}: ${r.diagnostics[0]?.message}`);
  } else if (printNix !== null) {
    printNix(r.ast);
  }
}
process.exit(failed === 0 ? 0 : 1);
