/**
 * Loads the CLI bundle (dist/deploy-lint/cli.cjs, made by scripts/bundle.mjs)
 * with V8's code cache.
 *
 * A short run spends much of its time compiling JavaScript: V8 parses the
 * bundle, then compiles each function the first time it is called. The build
 * runs the CLI once on the example repository and keeps what V8 compiled
 * (`script.createCachedData()`, scripts/train-code-cache.mjs); a run that finds
 * that cache starts from it instead of from source (bench/README.md,
 * "Start-up"). Node 20 has no compile cache for modules, so the bundle is
 * CommonJS, compiled here through `vm.Script`.
 *
 * The cache is only an accelerator. Its file name carries the bundle's content
 * id (the bundle's first line), so a rebuilt bundle never meets the cache of
 * another; V8 itself rejects a cache made by another V8 version or with other
 * flags; then the bundle compiles from source, as without a cache. Nothing is
 * ever written here at run time.
 */
'use strict';
const { isAscii } = require('node:buffer');
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const vm = require('node:vm');

/** `// deploy-lint bundle <id>`, the bundle's first line (scripts/bundle.mjs). */
const ID_LINE = /^\/\/ deploy-lint bundle ([0-9a-f]{16})\n/;

function codeCachePath(distDir, id) {
  return join(distDir, `cli.${id}.cache`);
}

/**
 * Compiles and runs the bundle; returns its exports (`main`, `processIO`),
 * whether a code cache was used, and a function that makes one from what has
 * been compiled so far.
 */
function loadBundle(distDir, { useCache = true } = {}) {
  const file = join(distDir, 'cli.cjs');
  // An ASCII bundle (scripts/bundle.mjs makes one) is its bytes as Latin-1: no UTF-8 decoding of 2 MB.
  const bytes = readFileSync(file);
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const id = ID_LINE.exec(source)?.[1];
  let cachedData;
  if (useCache && id) {
    try {
      cachedData = readFileSync(codeCachePath(distDir, id));
    } catch {
      cachedData = undefined; // no cache built (or not readable): compile from source
    }
  }
  // CommonJS's own wrapper, on the first line so positions in stack traces stay right.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, distDir);
  const cache = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  return { exports: module.exports, id, cache, createCachedData: () => script.createCachedData() };
}

module.exports = { codeCachePath, loadBundle };
