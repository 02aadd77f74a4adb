/** Adapter for docker stack / compose files (kind 'stack'). */
import { simpleDiagnostic } from '../../model/diagnostic.js';
import { parseEach, type Adapter, type ParseOutput } from '../adapter.js';
import { LineIndex } from '../line-index.js';
import { readStack } from './stack.js';
import { PARSE_ERROR } from '../../model/builtin-findings.js';

export const stackAdapter: Adapter = {
  name: 'stack',
  kinds: ['stack'],
  async parse(files, ctx) {
    return parseEach(files, ctx, (file, text) => parseStackFile(file.path, text));
  },
};

/** One stack file's facts; never throws. */
export function parseStackFile(file: string, text: string): ParseOutput {
  const lines = new LineIndex(file, text);
  try {
    const { stack, diagnostics } = readStack(lines);
    return { facts: [stack], diagnostics };
  } catch (e) {
    return { facts: [], diagnostics: [simpleDiagnostic(PARSE_ERROR, 'error', `internal error while reading this stack file: ${String(e)}`, lines.firstLine())] };
  }
}
