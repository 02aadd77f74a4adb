/**
 * The contract every input format implements. A new format is a new folder under
 * src/parsers/ with an adapter registered in ./registry.ts.
 *
 * An adapter never throws on bad input: it returns `parse-error` diagnostics and
 * whatever facts it could still read. It never executes anything from the repo.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { internalError } from '../model/internal-error.js';
import { span } from '../model/span.js';
import type { Fact } from '../model/facts.js';
import type { FileKind, SourceFile } from '../discover/source-file.js';
import type { ReadResult } from '../discover/read.js';
import type { Roots } from '../discover/roots.js';

export interface ParseContext {
  /** Every discovered file, so an adapter can resolve references between files. */
  files: readonly SourceFile[];
  /** Reads a file once (cached), reporting binary / invalid UTF-8 / unreadable files as diagnostics. */
  read(file: SourceFile): ReadResult;
  /** The linted roots: files an adapter reads beyond the discovered ones (Nix imports) must lie inside. */
  roots?: Roots;
}

export interface ParseOutput {
  facts: Fact[];
  diagnostics: Diagnostic[];
}

export interface Adapter {
  name: string;
  kinds: readonly FileKind[];
  /** All files of this adapter's kinds at once: some formats (Nix) are cross-file. */
  parse(files: readonly SourceFile[], ctx: ParseContext): Promise<ParseOutput>;
}

/**
 * The loop most adapters share: read each file (an unreadable one becomes its
 * diagnostic), parse its text, and gather every file's facts and diagnostics.
 */
export function parseEach(files: readonly SourceFile[], ctx: ParseContext, parseOne: (file: SourceFile, text: string) => ParseOutput): ParseOutput {
  const out: ParseOutput = { facts: [], diagnostics: [] };
  for (const file of files) {
    const read = ctx.read(file);
    if (!read.ok) {
      out.diagnostics.push(read.diagnostic);
      continue;
    }
    let result: ParseOutput;
    try {
      result = parseOne(file, read.text);
    } catch (e) {
      // A bug of ours on one file costs that file, not the run.
      out.diagnostics.push(internalError(`the ${file.kind} parser`, e, span(file.path, 1, 1)));
      continue;
    }
    out.facts.push(...result.facts);
    out.diagnostics.push(...result.diagnostics);
  }
  return out;
}
