/** Runs an adapter over inline files written to a temp dir, as discovery would hand them over. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readSource } from '../../src/discover/read.js';
import type { FileKind, SourceFile } from '../../src/discover/source-file.js';
import type { Adapter, ParseOutput } from '../../src/parsers/adapter.js';

export async function runAdapter(adapter: Adapter, kind: FileKind, files: Record<string, string | Buffer>): Promise<ParseOutput> {
  const root = mkdtempSync(join(tmpdir(), 'deploy-lint-'));
  const sources: SourceFile[] = [];
  for (const [path, text] of Object.entries(files)) {
    const absPath = join(root, path);
    mkdirSync(dirname(absPath), { recursive: true });
    writeFileSync(absPath, text);
    sources.push({ path, absPath, kind });
  }
  return adapter.parse(sources, { files: sources, read: readSource });
}

/** `[line, column, endLine, endColumn]` of a span-bearing value, for compact assertions. */
export function at(x: { span: { line: number; column: number; endLine: number; endColumn: number } } | { line: number; column: number; endLine: number; endColumn: number } | undefined): number[] | undefined {
  if (!x) return undefined;
  const s = 'span' in x ? x.span : x;
  return [s.line, s.column, s.endLine, s.endColumn];
}
