/**
 * Adapter for reconcile spec files (kind 'spec'): `.toml` through smol-toml,
 * everything else (`.yaml`, `.yml`, `.json`) through the YAML reader, which
 * reads JSON too and keeps positions.
 */
import type { Fact } from '../../model/facts.js';
import { simpleDiagnostic } from '../../model/diagnostic.js';
import { parseEach, type Adapter, type ParseOutput } from '../adapter.js';
import { LineIndex } from '../line-index.js';
import { specFromRecord } from './record.js';
import { tomlSpecRecords } from './toml-spec.js';
import { DEFAULT_SPEC_VOCABULARY, type SpecVocabulary } from './vocabulary.js';
import { yamlSpecRecords } from './yaml-spec.js';

export function createSpecFileAdapter(vocab: SpecVocabulary = DEFAULT_SPEC_VOCABULARY): Adapter {
  return {
    name: 'spec-file',
    kinds: ['spec'],
    async parse(files, ctx) {
      return parseEach(files, ctx, (file, text) => parseSpecFile(file.path, text, vocab));
    },
  };
}

export const specFileAdapter: Adapter = createSpecFileAdapter();

/** One spec file's facts; never throws. */
export function parseSpecFile(file: string, text: string, vocab: SpecVocabulary = DEFAULT_SPEC_VOCABULARY): ParseOutput {
  const lines = new LineIndex(file, text);
  const base = file.slice(file.lastIndexOf('/') + 1);
  const stem = base.replace(/\.[^.]*$/, '') || base;
  try {
    const { records, diagnostics } = /\.toml$/i.test(file) ? tomlSpecRecords(lines, stem, vocab) : yamlSpecRecords(lines, stem, vocab);
    const facts: Fact[] = records.map((r) => specFromRecord(r, file, vocab));
    return { facts, diagnostics };
  } catch (e) {
    return { facts: [], diagnostics: [simpleDiagnostic('parse-error', 'error', `internal error while reading this spec file: ${String(e)}`, lines.firstLine())] };
  }
}
