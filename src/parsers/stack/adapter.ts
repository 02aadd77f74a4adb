/** Adapter for docker stack / compose files (kind 'stack'). */
import { simpleDiagnostic } from '../../model/diagnostic.js';
import type { SourceFile } from '../../discover/source-file.js';
import type { Adapter, ParseContext, ParseOutput } from '../adapter.js';
import { LineIndex } from '../spec/line-index.js';
import { readStack } from './stack.js';

export const stackAdapter: Adapter = {
  name: 'stack',
  kinds: ['stack'],
  async parse(files: readonly SourceFile[], ctx: ParseContext): Promise<ParseOutput> {
    const out: ParseOutput = { facts: [], diagnostics: [] };
    for (const file of files) {
      const read = ctx.read(file);
      if (!read.ok) {
        out.diagnostics.push(read.diagnostic);
        continue;
      }
      const result = parseStackFile(file.path, read.text);
      out.facts.push(...result.facts);
      out.diagnostics.push(...result.diagnostics);
    }
    return out;
  },
};

/** One stack file's facts; never throws. */
export function parseStackFile(file: string, text: string): ParseOutput {
  const lines = new LineIndex(file, text);
  try {
    const { stack, diagnostics } = readStack(lines);
    return { facts: [stack], diagnostics };
  } catch (e) {
    return { facts: [], diagnostics: [simpleDiagnostic('parse-error', 'error', `internal error while reading this stack file: ${String(e)}`, lines.firstLine())] };
  }
}
