/**
 * The adapters, one per input format. A new format is a folder and one entry here.
 *
 * An adapter is imported only when a run has files of its kinds: the Nix
 * evaluator, the tree-sitter grammars and the YAML parser are a large part of
 * deploy-lint's start-up, and a repository of unit files needs none of them.
 */
import type { FileKind } from '../discover/source-file.js';
import type { Adapter } from './adapter.js';
import { DEFAULT_SPEC_VOCABULARY, type SpecVocabulary } from './spec/vocabulary.js';

/** What a run tells the adapters (from the config). */
export interface AdapterOptions {
  /** Spec field names (config `vocabulary`, merged over the built-in lists). */
  vocabulary: SpecVocabulary;
}

export const DEFAULT_ADAPTER_OPTIONS: AdapterOptions = { vocabulary: DEFAULT_SPEC_VOCABULARY };

export interface AdapterEntry {
  /** The file kinds the adapter reads (the loaded adapter declares the same: test/registry.test.ts). */
  kinds: readonly FileKind[];
  /**
   * The adapter reads across files (Nix imports), so one file's facts depend
   * on others: a lint session re-runs it on all its files when any file
   * changed. Without it, parsing a file alone gives the facts it gives in
   * the batch, and a session re-parses only the files that changed.
   */
  crossFile?: true;
  load(options: AdapterOptions): Promise<Adapter>;
}

export const ADAPTERS: readonly AdapterEntry[] = [
  { kinds: ['unit', 'dropin', 'unit-link'], load: async () => (await import('./systemd/adapter.js')).systemdAdapter },
  { kinds: ['shell'], load: async () => (await import('./shell/adapter.js')).shellAdapter },
  { kinds: ['python'], load: async (o) => (await import('./python/adapter.js')).createPythonAdapter(o.vocabulary) },
  { kinds: ['spec'], load: async (o) => (await import('./spec/adapter.js')).createSpecFileAdapter(o.vocabulary) },
  { kinds: ['stack'], load: async () => (await import('./stack/adapter.js')).stackAdapter },
  { kinds: ['nix'], crossFile: true, load: async () => (await import('./nix/adapter.js')).nixAdapter },
];
