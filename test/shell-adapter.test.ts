import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSource } from '../src/discover/read.js';
import type { SourceFile } from '../src/discover/source-file.js';
import type { ShellScriptFact } from '../src/model/facts.js';
import type { ParseContext } from '../src/parsers/adapter.js';
import { shellAdapter } from '../src/parsers/shell/adapter.js';
import { at } from './helpers/shell.js';

function repo(files: Record<string, string | Buffer>): { files: SourceFile[]; ctx: ParseContext } {
  const dir = mkdtempSync(path.join(tmpdir(), 'deploy-lint-shell-'));
  const out: SourceFile[] = [];
  for (const [name, content] of Object.entries(files)) {
    const abs = path.join(dir, name.replace(/\//g, '_'));
    writeFileSync(abs, content);
    out.push({ path: name, absPath: abs, kind: 'shell' });
  }
  return { files: out, ctx: { files: out, read: readSource } };
}

describe('shellAdapter', () => {
  it('emits one shell-script fact per file, spanning line 1', async () => {
    const { files, ctx } = repo({
      'scripts/deploy.sh': '#!/usr/bin/env bash\nset -eu\npython3 /srv/deploy/warm_reconcile.py traefik\n',
      'scripts/empty.sh': '',
    });
    const out = await shellAdapter.parse(files, ctx);
    expect(out.diagnostics).toEqual([]);
    const facts = out.facts as ShellScriptFact[];
    expect(facts.map((f) => [f.kind, f.file, at(f.span)])).toEqual([
      ['shell-script', 'scripts/deploy.sh', '1:1-1:20'],
      ['shell-script', 'scripts/empty.sh', '1:1-1:1'],
    ]);
    expect(facts[0]!.shell.invocations.map((i) => [i.program.value, at(i.program.span), i.program.span.file])).toEqual([
      ['/srv/deploy/warm_reconcile.py', '3:9-3:38', 'scripts/deploy.sh'],
    ]);
  });

  it('reports a syntax error where it is and keeps the facts around it', async () => {
    const { files, ctx } = repo({
      'scripts/broken.sh': 'docker swarm init --default-addr-pool 10.10.0.0/16\nif then fi\ndocker network create -d overlay --subnet 10.10.1.0/24 proxy\n',
    });
    const out = await shellAdapter.parse(files, ctx);
    expect(out.diagnostics.map((d) => [d.rule, d.severity, d.message, at(d.location), d.location.file])).toEqual([
      ['shell-unparsed', 'info', 'shell syntax error near "if"; the rest of the script is analysed', '2:1-2:3', 'scripts/broken.sh'],
    ]);
    const [fact] = out.facts as ShellScriptFact[];
    expect(fact!.shell.swarmInits.map((s) => s.defaultAddrPools.map((p) => p.value))).toEqual([['10.10.0.0/16']]);
    expect(fact!.shell.networkCreates.map((n) => [n.name?.value, at(n.span)])).toEqual([['proxy', '3:1-3:61']]);
  });

  it('reports a missing token at the place it is missing', async () => {
    const { files, ctx } = repo({ 'scripts/sub.sh': 'x=$(curl -s http://x\n/srv/a.sh\n' });
    const out = await shellAdapter.parse(files, ctx);
    expect(out.diagnostics).toHaveLength(1);
    expect(out.diagnostics[0]!.message).toBe('shell syntax error: missing ")"; the rest of the script is analysed');
    expect(out.diagnostics[0]!.location.line).toBe(3);
    expect((out.facts[0] as ShellScriptFact).shell.invocations.map((i) => i.program.value)).toEqual(['/srv/a.sh']);
  });

  it('passes through the read diagnostics of binary and missing files, and emits no fact for them', async () => {
    const { files, ctx } = repo({ 'bin/tool.sh': Buffer.from([0x23, 0x21, 0x00, 0x01]) });
    const missing: SourceFile = { path: 'gone.sh', absPath: path.join(tmpdir(), 'deploy-lint-does-not-exist', 'gone.sh'), kind: 'shell' };
    const out = await shellAdapter.parse([...files, missing], { ...ctx, files: [...files, missing] });
    expect(out.facts).toEqual([]);
    expect(out.diagnostics.map((d) => [d.rule, d.location.file])).toEqual([
      ['parse-error', 'bin/tool.sh'],
      ['unreadable-file', 'gone.sh'],
    ]);
  });

  it('ignores files of other kinds', async () => {
    const { files, ctx } = repo({ 'a.sh': 'true' });
    const out = await shellAdapter.parse([{ ...files[0]!, kind: 'python' }], ctx);
    expect(out).toEqual({ facts: [], diagnostics: [] });
  });

  it('survives garbage of every shape without throwing', async () => {
    const { files, ctx } = repo({
      'a.sh': '((((((((\n"unterminated\n`\n$(\n<<EOF\n',
      'b.sh': 'case x in\n',
      'c.sh': 'if true; then\n  for x in; do',
      'd.sh': 'bash -c "until curl http://x; do"',
    });
    const out = await shellAdapter.parse(files, ctx);
    expect(out.facts).toHaveLength(4);
    expect(out.diagnostics.length).toBeGreaterThanOrEqual(4);
    // What the grammar cannot read is a --verbose note (tree-sitter-bash is not bash); unreadable files stay parse errors.
    expect(out.diagnostics.every((d) => (d.rule === 'shell-unparsed' && d.severity === 'info') || d.rule === 'parse-error')).toBe(true);
  });
});
