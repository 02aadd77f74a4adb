/**
 * Adapter for reconcile spec files (kind 'spec'): `.toml` through smol-toml,
 * everything else (`.yaml`, `.yml`, `.json`) through the YAML reader, which
 * reads JSON too and keeps positions.
 */
import { basename } from 'node:path';
import type { Fact } from '../../model/facts.js';
import type { SourceFile } from '../../discover/source-file.js';
import { simpleDiagnostic } from '../../model/diagnostic.js';
import { parseEach, type Adapter, type ParseContext, type ParseOutput } from '../adapter.js';
import { LineIndex } from '../line-index.js';
import { specFromRecord } from './record.js';
import { tomlSpecRecords } from './toml-spec.js';
import { DEFAULT_SPEC_VOCABULARY, normalizeFieldName, type SpecVocabulary } from './vocabulary.js';
import { blankJsonComments } from './jsonc.js';
import { yamlSpecRecords } from './yaml-spec.js';
import { PARSE_ERROR } from '../../model/builtin-findings.js';
import { MAX_YAML_BYTES } from '../yaml/document.js';

export function createSpecFileAdapter(vocab: SpecVocabulary = DEFAULT_SPEC_VOCABULARY): Adapter {
  return {
    name: 'spec-file',
    kinds: ['spec'],
    async parse(files, ctx) {
      const evidence = vocabularyEvidence(vocab);
      const namer = namedBy(ctx);
      return parseEach(files, ctx, (file, text) => {
        if (!isSpecText(text, evidence)) return { facts: [], diagnostics: [] };
        // Only a file too large to parse needs to know whether it is read (src/parsers/yaml/document.ts).
        const large = text.length > MAX_YAML_BYTES / 3 && Buffer.byteLength(text) > MAX_YAML_BYTES;
        return parseSpecFile(file.path, text, vocab, large ? namer(file) : undefined);
      });
    },
  };
}

export const specFileAdapter: Adapter = createSpecFileAdapter();

/** The files that run or read specs: a script naming a spec file reads it, a unit naming it passes it to one. */
const READER_KINDS = new Set(['python', 'shell', 'unit', 'dropin']);

/**
 * The first script or unit (by path) whose text names a spec file by its base
 * name, as a word of its own (`open("specs.yml")`, `reconcile.py
 * deploy/specs.yml`); undefined when none does. Texts are read once, when
 * the first large spec candidate asks.
 */
function namedBy(ctx: ParseContext): (spec: SourceFile) => string | undefined {
  let readers: Array<{ path: string; text: string }> | undefined;
  return (spec) => {
    readers ??= ctx.files
      .filter((f) => READER_KINDS.has(f.kind))
      .flatMap((f) => {
        const r = ctx.read(f);
        return r.ok ? [{ path: f.path, text: r.text }] : [];
      })
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const name = new RegExp(`(?:^|[\\s"'/=(,])${escapeRegExp(basename(spec.path))}(?=$|[\\s"'),;])`, 'm');
    return readers.find((r) => r.path !== spec.path && name.test(r.text))?.path;
  };
}

/**
 * Files without a gate or stack field name used as a key are parsed only when
 * small: a YAML/JSON/TOML file is a spec by its vocabulary, and a data file
 * (database migration snapshots, fixtures, lock files) is rejected by a scan
 * of its text before any parse.
 */
export const SPEC_WITHOUT_STRONG_KEY_MAX_BYTES = 64 * 1024;

interface VocabularyEvidence {
  /** A gate or stack field written as a key: only reconcile specs say `health_domain:` or `stack_file =`. */
  strong: RegExp;
  /** Any vocabulary field as a key (`domain:`, `timeout:`), which plenty of other files say too. */
  any: RegExp;
}

function vocabularyEvidence(vocab: SpecVocabulary): VocabularyEvidence {
  const keyPattern = (names: readonly string[], valueStart = ''): RegExp => {
    const alternatives = names.map((n) => normalizeFieldName(n).split('_').map(escapeRegExp).join('[-_. ]?'));
    // At a line start or after `{`/`,`, optionally quoted, then `:` (YAML/JSON) or `=` (TOML).
    return new RegExp(`(?:^|[\\s{,])["']?(?:${alternatives.join('|')})["']?[ \\t]*[:=]${valueStart}`, 'im');
  };
  return {
    // With a value on the same line that is a string or a list: a database schema's
    // `"composeFile": { "name": …, "type": "text" }` column (Dokploy's migration snapshots) is no spec.
    strong: keyPattern([...vocab.gate, ...vocab.stack], `[ \\t]*(?:["'\\[]|[^\\s{#])`),
    any: keyPattern([...vocab.gate, ...vocab.stack, ...vocab.served, ...vocab.timeout, ...vocab.order]),
  };
}

function isSpecText(text: string, evidence: VocabularyEvidence): boolean {
  if (evidence.strong.test(text)) return true;
  return text.length <= SPEC_WITHOUT_STRONG_KEY_MAX_BYTES && evidence.any.test(text);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One spec file's facts; never throws. `readBy`: a script or unit naming it (see namedBy). */
export function parseSpecFile(file: string, text: string, vocab: SpecVocabulary = DEFAULT_SPEC_VOCABULARY, readBy?: string): ParseOutput {
  const lines = new LineIndex(file, text);
  const base = file.slice(file.lastIndexOf('/') + 1);
  const stem = base.replace(/\.[^.]*$/, '') || base;
  try {
    const { records, diagnostics } = /\.toml$/i.test(file)
      ? tomlSpecRecords(lines, stem, vocab)
      : yamlSpecRecords(/\.json$/i.test(file) ? new LineIndex(file, blankJsonComments(text)) : lines, stem, vocab, readBy);
    const facts: Fact[] = records.map((r) => specFromRecord(r, file, vocab));
    return { facts, diagnostics };
  } catch (e) {
    return { facts: [], diagnostics: [simpleDiagnostic(PARSE_ERROR, 'error', `internal error while reading this spec file: ${String(e)}`, lines.firstLine())] };
  }
}
