import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createParser, grammarWasmPath, loadGrammar } from '../src/parsers/shell/tree-sitter.js';

describe('tree-sitter grammar loading', () => {
  it('finds the wasm each grammar package ships', () => {
    for (const pkg of ['tree-sitter-bash', 'tree-sitter-python']) {
      const p = grammarWasmPath(pkg);
      expect(p.endsWith(`node_modules/${pkg}/${pkg}.wasm`)).toBe(true);
      expect(existsSync(p)).toBe(true);
    }
  });

  it('loads a grammar once and parses with it', async () => {
    const [a, b] = await Promise.all([loadGrammar('tree-sitter-bash'), loadGrammar('tree-sitter-bash')]);
    expect(a).toBe(b);
    const tree = createParser(a).parse('echo hi')!;
    expect(tree.rootNode.toString()).toBe('(program (command name: (command_name (word)) argument: (word)))');
    tree.delete();
  });

  it('loads another grammar through the same runtime', async () => {
    const py = await loadGrammar('tree-sitter-python');
    const tree = createParser(py).parse('x = 1\n')!;
    expect(tree.rootNode.type).toBe('module');
    tree.delete();
  });

  it('rejects a package that is not installed, and can be asked again', async () => {
    await expect(loadGrammar('tree-sitter-not-installed')).rejects.toThrow();
    await expect(loadGrammar('tree-sitter-not-installed')).rejects.toThrow();
  });
});
