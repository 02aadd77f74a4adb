/**
 * tree-sitter-python's grammar, from the wasm its package ships (never
 * downloaded), through the loader the shell parser uses: one runtime per
 * process, the language loaded once and shared.
 */
import type { Parser } from 'web-tree-sitter';
import { createParser, loadGrammar } from '../shell/tree-sitter.js';

/** A fresh parser per caller: parsers hold state and are cheap next to the language. */
export async function createPythonParser(): Promise<Parser> {
  return createParser(await loadGrammar('tree-sitter-python'));
}
