/**
 * `deploy-lint lsp`: the language server. It lints each workspace folder as
 * the CLI would, with the unsaved contents of open documents standing in for
 * the files on disk, and publishes every finding in every file it passes
 * through (src/lsp/convert.ts). A failure inside the server is logged to the
 * client and the server keeps serving: an editor must never lose its linter
 * to one odd file.
 */
import { fileURLToPath } from 'node:url';
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActionsFor } from './actions.js';
import { describeUnit, unitAt } from './navigate.js';
import { toRange } from './convert.js';
import { Workspace } from './workspace.js';

export interface ServerStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** Starts serving on the given streams (stdio for `deploy-lint lsp`); resolves when the client exits. */
export function startServer(streams: ServerStreams): Promise<void> {
  const connection = createConnection(ProposedFeatures.all, streams.input, streams.output);
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace(connection, documents);
  wire(connection, documents, workspace);
  documents.listen(connection);
  const done = new Promise<void>((resolveDone) => connection.onExit(() => resolveDone()));
  connection.listen();
  return done;
}

function wire(connection: Connection, documents: TextDocuments<TextDocument>, workspace: Workspace): void {
  const guard = <A extends unknown[], R>(what: string, fallback: R, fn: (...a: A) => R | Promise<R>) =>
    async (...a: A): Promise<R> => {
      try {
        return await fn(...a);
      } catch (e) {
        connection.console.error(`deploy-lint: ${what} failed: ${(e as Error).stack ?? String(e)}`);
        return fallback;
      }
    };

  connection.onInitialize((params) => {
    const folders = params.workspaceFolders?.map((f) => fileURLToPath(f.uri)) ?? (params.rootUri ? [fileURLToPath(params.rootUri)] : params.rootPath ? [params.rootPath] : []);
    workspace.setFolders(folders);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        hoverProvider: true,
        definitionProvider: true,
      },
      serverInfo: { name: 'deploy-lint', version: workspace.toolVersion },
    };
  });
  connection.onInitialized(guard('initial lint', undefined, () => workspace.lintAll()));
  documents.onDidChangeContent((e) => workspace.changed(e.document.uri));
  documents.onDidSave((e) => workspace.changed(e.document.uri));
  // A closed document reverts to what is on disk.
  documents.onDidClose((e) => workspace.changed(e.document.uri));
  connection.onDidChangeWatchedFiles((p) => p.changes.forEach((c) => workspace.changed(c.uri)));

  connection.onCodeAction(guard('code actions', [], (p) => codeActionsFor(workspace.stateOf(p.textDocument.uri), p)));
  connection.onHover(
    guard('hover', null, (p) => {
      const at = workspace.locate(p.textDocument.uri);
      if (!at) return null;
      const ref = unitAt(at.state.graphs, at.file, p.position.line + 1, p.position.character + 1, (s) => workspace.textAt(at.state.root, s));
      if (!ref) return null;
      return { contents: { kind: 'markdown' as const, value: describeUnit(ref.unit, at.state.defaultTimeoutStartSec) }, range: toRange(ref.span) };
    }),
  );
  connection.onDefinition(
    guard('definition', null, (p) => {
      const at = workspace.locate(p.textDocument.uri);
      if (!at) return null;
      const ref = unitAt(at.state.graphs, at.file, p.position.line + 1, p.position.character + 1, (s) => workspace.textAt(at.state.root, s));
      if (!ref || ref.unit.source === 'missing') return null;
      return { uri: workspace.uriOf(at.state.root, ref.unit.span.file), range: toRange(ref.unit.span) };
    }),
  );
}
