/**
 * The language server's latency, as an editor feels it: `deploy-lint lsp`
 * (the built bin) on a copy of examples/ci-host, driven over stdio by
 * Microsoft's LSP client library.
 *
 * - initial lint: from the `initialized` notification to the last
 *   publishDiagnostics of the first lint (the server is already started);
 * - re-lint: from a `didChange` of nix/modules/dashboard.nix (alternately
 *   removing and restoring its After= on deploy-proxy.service, so every
 *   change changes the findings) to the publishDiagnostics that follows it.
 *
 *   npm run build && node dist/bench/lsp.js [runs] [--json]
 *
 * `npm run bench` runs it as its `lsp` section (--json: the figures as data).
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { median } from './measure.js';
import { packageRoot } from '../src/package-root.js';

const TARGETS = { initialMs: 400, changeMs: 60 };

async function main(): Promise<void> {
  const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 30);
  const root = packageRoot();
  const repo = mkdtempSync(join(tmpdir(), 'deploy-lint-bench-lsp-'));
  cpSync(join(root, 'examples', 'ci-host'), repo, { recursive: true });
  const dashboard = join(repo, 'nix', 'modules', 'dashboard.nix');
  const uri = (p: string): string => pathToFileURL(p).href;
  const child = spawn(process.execPath, [join(root, 'bin', 'deploy-lint.js'), 'lsp'], { cwd: repo, stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  let onPublish: ((p: PublishDiagnosticsParams) => void) | undefined;
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => onPublish?.(p));
  connection.listen();
  const published = (test: (p: PublishDiagnosticsParams) => boolean): Promise<number> =>
    new Promise((resolve) => {
      onPublish = (p) => {
        if (test(p)) resolve(performance.now());
      };
    });

  await connection.sendRequest('initialize', { processId: process.pid, rootUri: uri(repo), workspaceFolders: [{ uri: uri(repo), name: 'ci-host' }], capabilities: {} });
  // The first lint publishes the A1 finding in four files, dashboard.nix last.
  const firstDone = published((p) => p.uri === uri(dashboard));
  const t0 = performance.now();
  await connection.sendNotification('initialized', {});
  const initialMs = (await firstDone) - t0;

  const text = readFileSync(dashboard, 'utf8');
  const fixed = text.replace(' "deploy-proxy.service"', '');
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(dashboard), languageId: 'nix', version: 1, text } });
  await published((p) => p.uri === uri(dashboard));
  const changes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const next = published((p) => p.uri === uri(dashboard));
    const t = performance.now();
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri(dashboard), version: i + 2 }, contentChanges: [{ text: i % 2 === 0 ? fixed : text }] });
    changes.push((await next) - t);
    // Let the debounce window pass, as between two edits.
    await new Promise((r) => setTimeout(r, 50));
  }
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
  child.kill();
  rmSync(repo, { recursive: true, force: true });

  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ initialMs, changeMedianMs: median(changes), changeMinMs: Math.min(...changes), changeMaxMs: Math.max(...changes), runs, targets: TARGETS })}\n`);
    return;
  }
  const row = (label: string, ms: number, target: number): string => `${label.padEnd(46)} ${ms.toFixed(0).padStart(5)} ms   target ≤ ${target} ms   ${ms <= target ? 'PASS' : 'MISS'}`;
  process.stdout.write(
    `deploy-lint lsp on examples/ci-host (${runs} changes; node ${process.version})\n` +
      `${row('initial workspace lint (initialized → diagnostics)', initialMs, TARGETS.initialMs)}\n` +
      `${row('didChange → publishDiagnostics, median', median(changes), TARGETS.changeMs)}\n` +
      `  (min ${Math.min(...changes).toFixed(0)} ms, max ${Math.max(...changes).toFixed(0)} ms; includes the server's 10 ms debounce)\n`,
  );
}

await main();
