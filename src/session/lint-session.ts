/**
 * A lint session: the pipeline of src/lint.ts kept alive between runs, for an
 * editor (the language server) or a watch loop. Each `lint()` discovers the
 * files again, re-parses only the files whose content changed (by content
 * hash), and rebuilds the graph and runs the rules from the facts, so a
 * re-lint after one edit costs the graph and the rules, not the parsers.
 *
 *   const session = createLintSession({ paths: ['.'], cwd: root, config });
 *   const first = await session.lint();
 *   const next = await session.lint({ overrides: new Map([['units/a.service', bufferText]]) });
 *   session.last; // { parsed: 1, reused: 19 }: what the last lint parsed and reused
 *
 * What a file's facts are keyed by: the adapter, the file's path and kind,
 * the target of a symbolic link (an alias or a mask), its text's hash, and
 * the adapter options. Adapters that read across files (`crossFile` in
 * src/parsers/registry.ts: Nix imports) are re-run on all their files when
 * any discovered file changed. Entries a lint did not use are dropped, so the
 * cache holds at most one parse per file of the last run.
 *
 * A result is the same as `lint()` on the same files and texts (tested:
 * test/lint-session.test.ts). Overrides apply to files discovery finds; a
 * buffer for a file that is not (yet) on disk is not linted.
 */
import type * as Crypto from 'node:crypto';
import { lstatSync, readlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import { readSource, type ReadResult } from '../discover/read.js';
import type { SourceFile } from '../discover/source-file.js';
import { lint, oneParseErrorPerFile, type LintOptions, type LintResult, type ParseStage } from '../lint.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Fact } from '../model/facts.js';
import type { Adapter, ParseContext, ParseOutput } from '../parsers/adapter.js';
import { ADAPTERS } from '../parsers/registry.js';
import { lazyRequire } from '../runtime/lazy-require.js';

const crypto = lazyRequire<typeof Crypto>('node:crypto');

export interface LintRequest {
  /** Editor buffers: path (absolute, or relative to the session's cwd) → the text to lint instead of the file on disk. */
  overrides?: ReadonlyMap<string, string>;
}

/** Files the last lint parsed (text new or changed) and reused from the cache. */
export interface ParseCounts {
  parsed: number;
  reused: number;
}

export interface LintSession {
  /** Lints the session's paths with its options; same result as `lint()` would give on these texts. */
  lint(request?: LintRequest): Promise<LintResult>;
  /** What the last `lint()` parsed and reused. */
  readonly last: ParseCounts;
  /** Forgets every cached parse (the next lint parses everything). */
  clear(): void;
}

/** `options` are `lint()`'s, fixed for the session's life (a new config means a new session). */
export function createLintSession(options: LintOptions): LintSession {
  const cwd = options.cwd ?? process.cwd();
  let cache = new Map<string, ParseOutput>();
  let last: ParseCounts = { parsed: 0, reused: 0 };

  return {
    get last() {
      return last;
    },
    clear() {
      cache = new Map();
    },
    async lint(request = {}) {
      const overrides = new Map<string, string>();
      for (const [p, text] of request.overrides ?? []) overrides.set(resolve(cwd, p), text);
      const used = new Map<string, ParseOutput>();
      const counts: ParseCounts = { parsed: 0, reused: 0 };
      const stage: ParseStage = async (files, texts, progress, adapterOptions, scope) => {
        const read = (file: SourceFile): ReadResult => {
          let r = texts.get(file.path);
          if (!r) {
            const text = overrides.get(file.absPath);
            texts.set(file.path, (r = text !== undefined ? { ok: true, text } : readSource(file, scope?.budget)));
          }
          return r;
        };
        const ctx: ParseContext = scope ? { files, read, roots: scope.roots } : { files, read };
        const optionsKey = JSON.stringify(adapterOptions);
        const fileKeys = new Map(files.map((f) => [f, fileKey(f, read(f))]));
        const facts: Fact[] = [];
        const diagnostics: Diagnostic[] = [];
        const take = (out: ParseOutput) => {
          facts.push(...out.facts);
          diagnostics.push(...out.diagnostics);
        };
        for (const [index, entry] of ADAPTERS.entries()) {
          const mine = files.filter((f) => entry.kinds.includes(f.kind));
          if (mine.length === 0) continue;
          const cached = (key: string, n: number, parse: () => Promise<ParseOutput>): Promise<ParseOutput> | ParseOutput => {
            const hit = cache.get(key);
            if (hit) {
              counts.reused += n;
              used.set(key, hit);
              return hit;
            }
            counts.parsed += n;
            return parse().then((out) => {
              used.set(key, out);
              return out;
            });
          };
          let loaded: Promise<Adapter> | undefined;
          const adapter = () => (loaded ??= entry.load(adapterOptions));
          if (entry.crossFile) {
            const all = hash(files.map((f) => `${f.path}\0${fileKeys.get(f)}`).join('\n'));
            progress(`parsing ${mine.length} ${entry.kinds.join('/')} file${mine.length === 1 ? '' : 's'}`);
            take(await cached(`${index}\0*\0${all}\0${optionsKey}`, mine.length, async () => (await adapter()).parse(mine, ctx)));
            continue;
          }
          for (const f of mine) {
            take(await cached(`${index}\0${f.path}\0${fileKeys.get(f)}\0${optionsKey}`, 1, async () => (await adapter()).parse([f], ctx)));
          }
        }
        return { facts, diagnostics: oneParseErrorPerFile(diagnostics) };
      };
      const result = await lint(options, stage);
      cache = used;
      last = counts;
      return result;
    },
  };
}

/** What a file's parse depends on besides its path: its kind, where it links to, its text. */
function fileKey(file: SourceFile, read: ReadResult): string {
  let link = '';
  try {
    if (lstatSync(file.absPath).isSymbolicLink()) link = readlinkSync(file.absPath);
  } catch {
    // Gone since discovery: the read result says so.
  }
  const content = read.ok ? hash(read.text) : `!${read.diagnostic.rule}:${read.diagnostic.message}`;
  return `${file.kind}\0${link}\0${content}`;
}

function hash(text: string): string {
  return crypto().createHash('sha1').update(text).digest('base64');
}
