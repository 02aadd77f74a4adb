/**
 * Loads tree-sitter-python's wasm from node_modules (never downloaded). The
 * runtime and the language are initialised once per process and shared.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

let language: Promise<Language> | undefined;

function loadLanguage(): Promise<Language> {
  language ??= (async () => {
    await Parser.init();
    const pkg = createRequire(import.meta.url).resolve('tree-sitter-python/package.json');
    return Language.load(join(dirname(pkg), 'tree-sitter-python.wasm'));
  })();
  return language;
}

/** A fresh parser per caller: parsers hold state and are cheap next to the language. */
export async function createPythonParser(): Promise<Parser> {
  const lang = await loadLanguage();
  const parser = new Parser();
  parser.setLanguage(lang);
  return parser;
}
