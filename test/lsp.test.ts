/**
 * `deploy-lint lsp` as an editor meets it: a real child process spoken to
 * over stdio with Microsoft's LSP client library. The A1 finding of the
 * example shows in every file of its path with the whole path as related
 * information; an edit that removes the ordering clears it; hover and
 * go-to-definition name the unit; a syntax error is a diagnostic and the
 * server keeps serving.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, Hover, Location } from 'vscode-languageserver-protocol';
import { buildCli, ROOT, type Cli } from './cli-build.js';
import { FIXTURES_DIR } from './helpers/fixtures.js';
import { startLsp, uriOf, type LspClient } from './helpers/lsp-client.js';

let cli: Cli;
beforeAll(() => {
  cli = buildCli('lsp');
}, 300_000);
afterAll(() => cli?.dispose());

function copy(from: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-lsp-'));
  cpSync(from, dir, { recursive: true });
  return dir;
}

const deadlocks = (list: Diagnostic[] | undefined): Diagnostic[] => (list ?? []).filter((d) => d.code === 'health-gate-deadlock');

describe('deploy-lint lsp', () => {
  let repo: string;
  let client: LspClient;
  beforeAll(async () => {
    repo = copy(join(ROOT, 'examples', 'ci-host'));
    client = startLsp([process.execPath, cli.entry, 'lsp'], repo);
    await client.initialize(repo);
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    if (process.env.DEPLOY_LINT_LSP_TRANSCRIPT) process.stdout.write(`${client.transcript.join('\n')}\n`);
    rmSync(repo, { recursive: true, force: true });
  });

  const dashboard = () => join(repo, 'nix/modules/dashboard.nix');
  const spec = () => join(repo, 'scripts/warm_reconcile.py');

  it('publishes the A1 finding in every file of its path, each with the whole path in order', async () => {
    await client.waitFor('the A1 finding in dashboard.nix', () => deadlocks(client.diagnostics.get(uriOf(dashboard()))).length > 0);
    const primary = deadlocks(client.diagnostics.get(uriOf(spec())));
    expect(primary).toHaveLength(1);
    const d = primary[0]!;
    expect(d.severity).toBe(1);
    expect(d.source).toBe('deploy-lint');
    expect(d.codeDescription?.href).toMatch(/docs\/rules\.md#health-gate-deadlock$/);
    expect(d.message).toContain('deploy-proxy.service waits on ci.commoninternet.net');
    const steps = d.relatedInformation!.map((r) => `${r.location.uri.slice(uriOf(repo).length + 1)}:${r.location.range.start.line + 1}:${r.location.range.start.character + 1}`);
    expect(steps).toEqual([
      'nix/modules/proxy.nix:17:28',
      'scripts/warm_reconcile.py:34:23',
      'stacks/dashboard.yml:13:52',
      'nix/modules/dashboard.nix:16:28',
      'nix/modules/dashboard.nix:9:37',
    ]);
    // dashboard.nix holds two steps: the finding is shown at both lines, each with the same path.
    const inDashboard = deadlocks(client.diagnostics.get(uriOf(dashboard())));
    expect(inDashboard.map((x) => x.range.start.line + 1).sort()).toEqual([16, 9].sort());
    for (const x of inDashboard) expect(x.relatedInformation).toEqual(d.relatedInformation);
    expect(deadlocks(client.diagnostics.get(uriOf(join(repo, 'stacks/dashboard.yml'))))).toHaveLength(1);
    expect(deadlocks(client.diagnostics.get(uriOf(join(repo, 'nix/modules/proxy.nix'))))).toHaveLength(1);
  });

  it('hover on a unit name in `after = [ … ]` shows where it is defined, its Type and its start timeout; definition jumps there', async () => {
    const text = readFileSync(dashboard(), 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('"deploy-proxy.service"'));
    const character = text.split('\n')[line]!.indexOf('deploy-proxy') + 3;
    const pos = { textDocument: { uri: uriOf(dashboard()) }, position: { line, character } };
    const hover = (await client.connection.sendRequest('textDocument/hover', pos)) as Hover;
    const value = (hover.contents as { value: string }).value;
    expect(value).toContain('deploy-proxy.service');
    expect(value).toContain('nix/modules/proxy.nix');
    expect(value).toContain('Type=oneshot');
    expect(value).toMatch(/start timeout: 900 s/);
    const def = (await client.connection.sendRequest('textDocument/definition', pos)) as Location;
    expect(def.uri).toBe(uriOf(join(repo, 'nix/modules/proxy.nix')));
  });

  it('offers the fixes that carry edits as code actions', async () => {
    const d = deadlocks(client.diagnostics.get(uriOf(spec())))[0]!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uriOf(spec()) }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    const drop = actions.find((a) => a.title.includes('drop deploy-proxy.service'));
    expect(drop, JSON.stringify(actions)).toBeDefined();
    const edits = drop!.edit!.changes![uriOf(dashboard())]!;
    expect(edits).toHaveLength(1);
  });

  it('re-lints the unsaved buffer on didChange: removing the ordering clears the finding in every file', async () => {
    const before = readFileSync(dashboard(), 'utf8');
    client.open(dashboard(), 'nix', before);
    const fixed = before.replace(' "deploy-proxy.service"', '');
    expect(fixed).not.toBe(before);
    client.change(dashboard(), 2, fixed);
    await client.waitFor('the A1 finding cleared', () => deadlocks(client.diagnostics.get(uriOf(spec()))).length === 0 && deadlocks(client.diagnostics.get(uriOf(dashboard()))).length === 0);
    expect(client.diagnostics.get(uriOf(spec()))).toEqual([]);
    // Undo: the finding comes back.
    client.change(dashboard(), 3, before);
    await client.waitFor('the A1 finding back', () => deadlocks(client.diagnostics.get(uriOf(spec()))).length === 1);
  });

  it('the opened Python spec file: gating on the proxy\'s own ping host (fix 1) clears the finding', async () => {
    const before = readFileSync(spec(), 'utf8');
    client.open(spec(), 'python', before);
    client.change(spec(), 2, before.replace('health_domain="ci.commoninternet.net"', 'health_domain="traefik.ci.commoninternet.net"'));
    await client.waitFor('the A1 finding cleared', () => deadlocks(client.diagnostics.get(uriOf(spec()))).length === 0 && deadlocks(client.diagnostics.get(uriOf(dashboard()))).length === 0);
    client.change(spec(), 3, before);
    await client.waitFor('the A1 finding back', () => deadlocks(client.diagnostics.get(uriOf(spec()))).length === 1);
  });

  it('a syntax error in the open buffer is a parse-error diagnostic, and the server keeps serving', async () => {
    const before = readFileSync(dashboard(), 'utf8');
    client.change(dashboard(), 4, before.replace('after = [', 'after = [[['));
    await client.waitFor('a parse error in dashboard.nix', () => (client.diagnostics.get(uriOf(dashboard())) ?? []).some((d) => d.code === 'parse-error'));
    const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(spec()) }, position: { line: 0, character: 0 } });
    expect(hover).toBeNull();
    client.change(dashboard(), 5, before);
    await client.waitFor('the parse error gone', () => !(client.diagnostics.get(uriOf(dashboard())) ?? []).some((d) => d.code === 'parse-error'));
  });
});

describe('deploy-lint lsp on unit files', () => {
  it('shows a finding in an opened drop-in .conf that is a step of its path, and clears it when the drop-in stops ordering', async () => {
    const repo = copy(join(FIXTURES_DIR, 'deadlock-chain-dropin', 'repo'));
    const client = startLsp([process.execPath, cli.entry, 'lsp'], repo);
    try {
      await client.initialize(repo);
      const dropin = join(repo, 'middle.service.d/order.conf');
      await client.waitFor('the finding in the drop-in', () => deadlocks(client.diagnostics.get(uriOf(dropin))).length === 1);
      const d = deadlocks(client.diagnostics.get(uriOf(dropin)))[0]!;
      expect(d.range.start.line + 1).toBe(2);
      expect(d.relatedInformation).toHaveLength(5);
      const text = readFileSync(dropin, 'utf8');
      client.open(dropin, 'systemd', text);
      client.change(dropin, 2, text.replace('After=gate.service', 'After=network.target'));
      await client.waitFor('cleared everywhere', () => [...client.diagnostics.values()].every((l) => deadlocks(l).length === 0));
      // Only the edited drop-in was parsed again; the other files' facts came from the session's cache.
      expect(client.transcript.filter((l) => l.startsWith('<- logMessage deploy-lint: linted')).at(-1)).toMatch(/: 1 file\(s\) parsed, [1-9]\d* reused/);
    } finally {
      await client.close();
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
