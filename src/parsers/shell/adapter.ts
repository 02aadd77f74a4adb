/** Plain shell scripts (`*.sh`, shebang): one ShellScriptFact per file. */
import type { Diagnostic } from '../../model/diagnostic.js';
import { simpleDiagnostic } from '../../model/diagnostic.js';
import type { Fact } from '../../model/facts.js';
import { lineSpan, sourceTextAt, span } from '../../model/span.js';
import type { Adapter, ParseOutput } from '../adapter.js';
import { loadShellAnalyzer, type ShellAnalyzer } from './analyzer.js';
import { PARSE_ERROR } from '../../model/builtin-findings.js';

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export const shellAdapter: Adapter = {
  name: 'shell',
  kinds: ['shell'],
  async parse(files, ctx): Promise<ParseOutput> {
    const facts: Fact[] = [];
    const diagnostics: Diagnostic[] = [];
    const mine = files.filter((f) => f.kind === 'shell');
    if (mine.length === 0) return { facts, diagnostics };
    let analyzer: ShellAnalyzer;
    try {
      analyzer = await loadShellAnalyzer();
    } catch (e) {
      for (const f of mine) {
        diagnostics.push(simpleDiagnostic(PARSE_ERROR, 'error', `cannot load the bash grammar (tree-sitter-bash): ${message(e)}; not parsed`, span(f.path, 1, 1)));
      }
      return { facts, diagnostics };
    }
    for (const f of mine) {
      const read = ctx.read(f);
      if (!read.ok) {
        diagnostics.push(read.diagnostic);
        continue;
      }
      try {
        const result = analyzer.analyzeScript(sourceTextAt(f.path, read.text, 1, 1), { arguments: true });
        const firstLine = read.text.split('\n', 1)[0]!.replace(/\r$/, '');
        facts.push({ kind: 'shell-script', file: f.path, span: lineSpan(f.path, 1, firstLine), shell: result.facts });
        diagnostics.push(...result.diagnostics);
      } catch (e) {
        // A bug of ours must not cost the user the rest of the run.
        diagnostics.push(simpleDiagnostic(PARSE_ERROR, 'error', `internal error while reading this shell script: ${message(e)}`, span(f.path, 1, 1)));
      }
    }
    return { facts, diagnostics };
  },
};
