/**
 * A language-server client for tests: spawns `deploy-lint lsp` as a child
 * process and speaks LSP to it with Microsoft's protocol library (the client
 * side of what editors use). Every message both ways is kept as a transcript.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export interface LspClient {
  connection: ProtocolConnection;
  /** Latest diagnostics per document URI. */
  diagnostics: Map<string, Diagnostic[]>;
  transcript: string[];
  stderr: () => string;
  /** Resolves when `test` holds after a publishDiagnostics (or already holds). */
  waitFor(what: string, test: () => boolean, timeoutMs?: number): Promise<void>;
  /** Resolves with the next publishDiagnostics for `uri`. */
  nextPublish(uri: string, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  initialize(folder: string): Promise<void>;
  open(path: string, languageId: string, text: string): void;
  change(path: string, version: number, text: string): void;
  close(): Promise<void>;
}

export const uriOf = (path: string): string => pathToFileURL(path).href;

export function startLsp(command: string[], cwd: string): LspClient {
  const child: ChildProcess = spawn(command[0]!, command.slice(1), { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const diagnostics = new Map<string, Diagnostic[]>();
  const transcript: string[] = [];
  const listeners = new Set<(p: PublishDiagnosticsParams) => void>();
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    transcript.push(`<- publishDiagnostics ${p.uri.replace(/^.*\/(?=[^/]+$)/, '')}: ${p.diagnostics.map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}`).join(', ') || '(cleared)'}`);
    diagnostics.set(p.uri, p.diagnostics);
    for (const l of [...listeners]) l(p);
  });
  connection.onNotification("window/logMessage", (p: { message: string }) => {
    transcript.push(`<- logMessage ${p.message}`);
  });
  connection.listen();

  const client: LspClient = {
    connection,
    diagnostics,
    transcript,
    stderr: () => err,
    waitFor(what, test, timeoutMs = 30_000) {
      if (test()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(l);
          reject(new Error(`timed out waiting for ${what}\n${transcript.join('\n')}\n${err}`));
        }, timeoutMs);
        const l = (): void => {
          if (!test()) return;
          clearTimeout(timer);
          listeners.delete(l);
          resolve();
        };
        listeners.add(l);
      });
    },
    nextPublish(uri, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no publishDiagnostics for ${uri}\n${transcript.join('\n')}\n${err}`)), timeoutMs);
        const l = (p: PublishDiagnosticsParams): void => {
          if (p.uri !== uri) return;
          clearTimeout(timer);
          listeners.delete(l);
          resolve(p);
        };
        listeners.add(l);
      });
    },
    async initialize(folder) {
      transcript.push(`-> initialize ${folder.replace(/^.*\//, '')}`);
      await connection.sendRequest('initialize', { processId: process.pid, rootUri: uriOf(folder), workspaceFolders: [{ uri: uriOf(folder), name: 'repo' }], capabilities: {} });
      await connection.sendNotification('initialized', {});
    },
    open(path, languageId, text) {
      transcript.push(`-> didOpen ${path.replace(/^.*\//, '')}`);
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(path), languageId, version: 1, text } });
    },
    change(path, version, text) {
      transcript.push(`-> didChange ${path.replace(/^.*\//, '')} (version ${version})`);
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(path), version }, contentChanges: [{ text }] });
    },
    async close() {
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        // the server may be gone already
      }
      connection.dispose();
      if (child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
      child.kill();
    },
  };
  return client;
}
