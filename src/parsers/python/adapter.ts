/**
 * Adapter for reconcile scripts (kind 'python'): spec tables → SpecFacts, the
 * script itself → a SpecScriptFact. Syntax errors are reported once, at the
 * first place tree-sitter could not parse, and the recovered tree is still read.
 */
import type { Node, Parser, Tree } from 'web-tree-sitter';
import type { Diagnostic } from '../../model/diagnostic.js';
import { simpleDiagnostic } from '../../model/diagnostic.js';
import type { Fact, SpecScriptFact } from '../../model/facts.js';
import type { SourceFile } from '../../discover/source-file.js';
import type { Adapter, ParseContext, ParseOutput } from '../adapter.js';
import { LineIndex } from '../line-index.js';
import { specFromRecord } from '../spec/record.js';
import { DEFAULT_SPEC_VOCABULARY, type SpecVocabulary } from '../spec/vocabulary.js';
import { createPythonParser } from './grammar.js';
import { readModule } from './module.js';
import { findGateDefaultTimeout, findSpecArg } from './script.js';
import { readCommandLine } from './inputs.js';
import { findSpecRecords } from './tables.js';
import { PyEvaluator } from './values.js';
import { PARSE_ERROR } from '../../model/builtin-findings.js';

export function createPythonAdapter(vocab: SpecVocabulary = DEFAULT_SPEC_VOCABULARY): Adapter {
  return {
    name: 'python',
    kinds: ['python'],
    async parse(files: readonly SourceFile[], ctx: ParseContext): Promise<ParseOutput> {
      const out: ParseOutput = { facts: [], diagnostics: [] };
      let parser: Parser;
      try {
        parser = await createPythonParser();
      } catch (e) {
        for (const f of files) out.diagnostics.push(simpleDiagnostic(PARSE_ERROR, 'error', `cannot load the Python grammar: ${String(e)}`, new LineIndex(f.path, '').firstLine()));
        return out;
      }
      try {
        for (const file of files) {
          const read = ctx.read(file);
          if (!read.ok) {
            out.diagnostics.push(read.diagnostic);
            continue;
          }
          const result = parsePythonSource(parser, file.path, read.text, vocab);
          out.facts.push(...result.facts);
          out.diagnostics.push(...result.diagnostics);
        }
      } finally {
        parser.delete();
      }
      return out;
    },
  };
}

export const pythonAdapter: Adapter = createPythonAdapter();

/** One script's facts; never throws. */
export function parsePythonSource(parser: Parser, file: string, text: string, vocab: SpecVocabulary = DEFAULT_SPEC_VOCABULARY): ParseOutput {
  const lines = new LineIndex(file, text);
  let tree: Tree | null = null;
  try {
    tree = parser.parse(text);
    if (!tree) return { facts: [], diagnostics: [simpleDiagnostic(PARSE_ERROR, 'error', 'the Python parser returned no tree', lines.firstLine())] };
    const diagnostics: Diagnostic[] = [];
    const root = tree.rootNode;
    const bad = root.hasError ? firstSyntaxError(root) : undefined;
    if (bad) diagnostics.push(syntaxDiagnostic(bad, lines));

    const mod = readModule(root);
    const ev = new PyEvaluator(mod, lines);
    ev.cli = readCommandLine(root, (n) => ev.string(n));
    const specs = findSpecRecords(mod, ev, vocab).map((r) => specFromRecord(r, file, vocab));
    const facts: Fact[] = [...specs];
    if (specs.length > 0) {
      const script: SpecScriptFact = { kind: 'spec-script', file, span: lines.firstLine() };
      const specArg = findSpecArg(root, ev);
      if (specArg) script.specArg = specArg;
      const timeout = findGateDefaultTimeout(root, ev, vocab);
      if (timeout) script.defaultGateTimeoutSec = timeout;
      if (ev.cli.syntax) script.argSyntax = ev.cli.syntax;
      facts.push(script);
    }
    return { facts, diagnostics };
  } catch (e) {
    return { facts: [], diagnostics: [simpleDiagnostic(PARSE_ERROR, 'error', `internal error while reading this Python file: ${String(e)}`, lines.firstLine())] };
  } finally {
    tree?.delete();
  }
}

/** The first ERROR or MISSING node in document order (iterative: error trees can be deep). */
function firstSyntaxError(root: Node): Node | undefined {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.isError || node.isMissing) return node;
    if (!node.hasError) continue;
    for (let i = node.childCount - 1; i >= 0; i--) {
      const child = node.child(i);
      if (child) stack.push(child);
    }
  }
  return undefined;
}

function syntaxDiagnostic(node: Node, lines: LineIndex): Diagnostic {
  if (node.isMissing) {
    return simpleDiagnostic(PARSE_ERROR, 'error', `Python syntax error: missing \`${node.type}\``, lines.span(node.startIndex, node.endIndex));
  }
  // An ERROR node can swallow the rest of the file; point at its first line only.
  const lineEnd = lines.text.indexOf('\n', node.startIndex);
  const end = Math.min(node.endIndex, lineEnd < 0 ? lines.text.length : lineEnd);
  const first = node.child(0);
  const near = first ? first.text.split('\n')[0]!.slice(0, 40) : '';
  const message = near ? `Python syntax error near \`${near}\`` : 'Python syntax error';
  return simpleDiagnostic(PARSE_ERROR, 'error', message, lines.span(node.startIndex, Math.max(end, node.startIndex + 1)));
}
