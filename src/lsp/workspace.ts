/**
 * The server's state: one lint engine per workspace folder, the last result
 * of each, and which documents hold published diagnostics (so a file that no
 * longer has any is cleared). Changes are debounced and coalesced: while a
 * lint runs, further changes schedule exactly one more.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DeployGraph } from '../graph/model.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Span } from '../model/span.js';
import { MAX_FILE_BYTES } from '../discover/read.js';
import { toLspDiagnostics } from './convert.js';
import { createFolderEngine, type FolderEngine } from './engine.js';
import { ruleDocsUri } from '../report/links.js';
import { toolVersion } from '../version.js';

/** A burst of keystrokes arrives within a few ms; a lint already running coalesces what comes later (see run()). */
const DEBOUNCE_MS = 10;

export interface FolderState {
  root: string;
  diagnostics: readonly Diagnostic[];
  graphs: readonly DeployGraph[];
  defaultTimeoutStartSec: number;
}

interface Folder {
  root: string;
  engine: FolderEngine;
  state: FolderState;
  published: Set<string>;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  again: boolean;
}

export class Workspace {
  private folders: Folder[] = [];
  readonly toolVersion = toolVersion();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
  ) {}

  setFolders(roots: readonly string[]): void {
    this.folders = roots.map((root) => ({
      root,
      engine: createFolderEngine(root, (msg) => this.connection.console.warn(msg)),
      state: { root, diagnostics: [], graphs: [], defaultTimeoutStartSec: 90 },
      published: new Set(),
      again: false,
    }));
  }

  async lintAll(): Promise<void> {
    await Promise.all(this.folders.map((f) => this.run(f)));
  }

  /** A document changed, was saved or closed: re-lint its folder soon. */
  changed(uri: string): void {
    const folder = this.folderOf(uri);
    if (!folder) return;
    clearTimeout(folder.timer);
    folder.timer = setTimeout(() => void this.run(folder), DEBOUNCE_MS);
  }

  stateOf(uri: string): FolderState | undefined {
    return this.folderOf(uri)?.state;
  }

  /** The folder state and the file's path relative to its root, as spans name it. */
  locate(uri: string): { state: FolderState; file: string } | undefined {
    const folder = this.folderOf(uri);
    if (!folder) return undefined;
    return { state: folder.state, file: relative(folder.root, fileURLToPath(uri)).split(sep).join('/') };
  }

  uriOf(root: string, file: string): string {
    return pathToFileURL(isAbsolute(file) ? file : join(root, file)).href;
  }

  /** The text a span covers, from the open document if there is one, else from disk. */
  textAt(root: string, s: Span): string | undefined {
    const text = this.textOf(this.uriOf(root, s.file));
    if (text === undefined) return undefined;
    const lines = text.split(/\r?\n/);
    if (s.line !== s.endLine) return undefined;
    return lines[s.line - 1]?.slice(s.column - 1, s.endColumn - 1);
  }

  private textOf(uri: string): string | undefined {
    const open = this.documents.get(uri);
    if (open) return open.getText();
    try {
      const path = fileURLToPath(uri);
      const st = statSync(path);
      return st.isFile() && st.size <= MAX_FILE_BYTES ? readFileSync(path, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  }

  private folderOf(uri: string): Folder | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const path = fileURLToPath(uri);
    let best: Folder | undefined;
    for (const f of this.folders) {
      const r = relative(f.root, path);
      if (r.startsWith('..') || isAbsolute(r)) continue;
      if (!best || f.root.length > best.root.length) best = f;
    }
    return best;
  }

  /** Runs one lint of the folder; a change during the run schedules exactly one more. */
  private async run(folder: Folder): Promise<void> {
    if (folder.running) {
      folder.again = true;
      return folder.running;
    }
    folder.running = (async () => {
      do {
        folder.again = false;
        try {
          await this.lintOnce(folder);
        } catch (e) {
          this.connection.console.error(`deploy-lint: linting ${folder.root} failed: ${(e as Error).stack ?? String(e)}`);
        }
      } while (folder.again);
    })();
    try {
      await folder.running;
    } finally {
      folder.running = undefined;
    }
  }

  private async lintOnce(folder: Folder): Promise<void> {
    const overrides = new Map<string, string>();
    for (const doc of this.documents.all()) {
      if (this.folderOf(doc.uri) === folder) overrides.set(fileURLToPath(doc.uri), doc.getText());
    }
    const started = performance.now();
    const result = await folder.engine.lint(overrides);
    this.connection.console.log(`deploy-lint: linted ${folder.root}: ${result.parsed} file(s) parsed, ${result.reused} reused, ${Math.round(performance.now() - started)} ms`);
    folder.state = { root: folder.root, diagnostics: result.diagnostics, graphs: result.graphs, defaultTimeoutStartSec: result.defaultTimeoutStartSec };
    const byUri = toLspDiagnostics(result.diagnostics, folder.root, ruleDocsUri);
    for (const [uri, diagnostics] of byUri) await this.connection.sendDiagnostics({ uri, diagnostics });
    for (const uri of folder.published) if (!byUri.has(uri)) await this.connection.sendDiagnostics({ uri, diagnostics: [] });
    folder.published = new Set(byUri.keys());
  }
}
