/**
 * Loads tree-sitter grammars from the `.wasm` their npm packages ship. Nothing is
 * downloaded: the grammar version is whatever package-lock pins. Shared by every
 * parser that uses tree-sitter (bash here, Python for reconcile scripts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Language, Parser } from 'web-tree-sitter';
import { lazyRequire } from '../../runtime/lazy-require.js';

const require = createRequire(import.meta.url);
/** The runtime, required when a grammar is first needed: a run with no script to parse never loads it. */
const webTreeSitter = lazyRequire<typeof import('web-tree-sitter')>('web-tree-sitter');

// Parser.init() instantiates the runtime's own wasm; doing it twice wastes memory
// and racing callers must share one instantiation.
let runtime: Promise<void> | undefined;
const grammars = new Map<string, Promise<Language>>();

/**
 * The Emscripten module web-tree-sitter runs on: Parser.init() makes the
 * object it is given the module, and puts the runtime's exports on it
 * (`_ts_tree_cursor_goto_first_child_wasm`, …). syntax-tree.ts calls a few of
 * them directly (it says why). Empty until the runtime is loaded, and when
 * the runtime was loaded by another caller first.
 */
const runtimeModule: Record<string, unknown> = {};

export function treeSitterRuntime(): Readonly<Record<string, unknown>> {
  return runtimeModule;
}

export function initTreeSitter(): Promise<void> {
  runtime ??= webTreeSitter().Parser.init(runtimeModule as unknown as Parameters<typeof Parser.init>[0]).catch((e: unknown) => {
    runtime = undefined;
    throw e;
  });
  return runtime;
}

/** Path of the grammar wasm inside an installed grammar package (`tree-sitter-bash` → …/tree-sitter-bash.wasm). */
export function grammarWasmPath(packageName: string, wasmFile = `${path.basename(packageName)}.wasm`): string {
  const manifest = require.resolve(`${packageName}/package.json`);
  return path.join(path.dirname(manifest), wasmFile);
}

/** The grammar of an installed tree-sitter package, loaded once per process. */
export function loadGrammar(packageName: string, wasmFile?: string): Promise<Language> {
  const key = `${packageName}\0${wasmFile ?? ''}`;
  let lang = grammars.get(key);
  if (!lang) {
    // Given its bytes: given a path, web-tree-sitter reads it through `import('fs/promises')`, which starts
    // Node's ES module loader (about twenty internal modules) in a run that has no other use for it.
    lang = initTreeSitter().then(() => webTreeSitter().Language.load(readFileSync(grammarWasmPath(packageName, wasmFile))));
    lang.catch(() => grammars.delete(key));
    grammars.set(key, lang);
  }
  return lang;
}

/** A parser for a loaded grammar. Parsing is synchronous from here on. */
export function createParser(language: Language): Parser {
  const parser = new (webTreeSitter().Parser)();
  parser.setLanguage(language);
  return parser;
}
