/**
 * Graph export: the JSON dump (sorted, deterministic, with provenance), DOT
 * and Mermaid drawings with the deadlock path highlighted, focus/depth, and
 * `why` paths.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lint, type LintResult } from '../src/lint.js';
import { dumpGraph } from '../src/export/dump.js';
import { renderGraphs } from '../src/export/render.js';
import { highlightOf } from '../src/export/scope.js';
import { resolveNode, whyPath } from '../src/export/why.js';
import { FIXTURES_DIR } from './helpers/fixtures.js';
import { tempRepo } from './helpers/temp-repo.js';

let deadlock: LintResult;
beforeAll(async () => {
  deadlock = await lint({ paths: ['.'], cwd: join(FIXTURES_DIR, 'deadlock-unit-files', 'repo') });
});

describe('JSON dump', () => {
  it('nodes and edges are sorted and carry kinds, sources, spans and provenance', () => {
    const d = dumpGraph(deadlock.graphs[0]!);
    const ids = d.nodes.map((n) => n.id);
    expect(ids).toEqual([...ids].sort());
    expect(d.nodes.find((n) => n.id === 'deploy-proxy.service')).toEqual({
      id: 'deploy-proxy.service',
      kind: 'unit',
      source: 'repo',
      span: expect.objectContaining({ file: 'units/deploy-proxy.service' }) as unknown,
      unitType: 'service',
      serviceType: 'oneshot',
    });
    expect(d.nodes.find((n) => n.id === 'sysinit.target')!.source).toBe('catalog');
    expect(d.edges.find((e) => e.from === 'deploy-dashboard.service' && e.to === 'deploy-proxy.service')).toEqual({
      from: 'deploy-dashboard.service',
      to: 'deploy-proxy.service',
      kind: 'after',
      provenance: [
        { span: { file: 'units/deploy-dashboard.service', line: 3, column: 7, endLine: 3, endColumn: 27 }, explanation: 'deploy-dashboard.service has After=deploy-proxy.service' },
      ],
    });
    const keys = d.edges.map((e) => `${e.from}\0${e.to}\0${e.kind}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('is the same bytes on every run', async () => {
    const again = await lint({ paths: ['.'], cwd: join(FIXTURES_DIR, 'deadlock-unit-files', 'repo') });
    expect(renderGraphs(again.graphs, again.diagnostics, 'json', {})).toBe(renderGraphs(deadlock.graphs, deadlock.diagnostics, 'json', {}));
  });
});

describe('drawings', () => {
  it('highlights every step of the deadlock path, closing the loop', () => {
    const h = highlightOf(deadlock.graphs[0]!, deadlock.diagnostics);
    const red = [...h.edges.entries()].filter(([, s]) => s === 'error').map(([k]) => k.split('\0').join(' '));
    expect(red).toContain('deploy-dashboard.service deploy-proxy.service after');
    expect(red).toContain('spec:scripts/warm_reconcile.py#traefik endpoint:ci.commoninternet.net gates-on');
    expect(red).toContain('stack:stacks/dashboard.yml endpoint:ci.commoninternet.net serves');
  });

  it('DOT: repository nodes and their neighbours by default, the path in red, stock plumbing left out', () => {
    const dot = renderGraphs(deadlock.graphs, deadlock.diagnostics, 'dot', {});
    expect(dot).toContain('"deploy-proxy.service" [label="deploy-proxy.service\\n(oneshot)" shape=box color=red penwidth=2];');
    expect(dot).toContain('"stack:stacks/dashboard.yml" -> "endpoint:ci.commoninternet.net" [label="serves" color=red');
    expect(dot).toContain('"deploy-proxy.service" -> "docker.service" [label="wants" style=dashed');
    expect(dot).not.toContain('"basic.target" -> "sysinit.target"');
    const all = renderGraphs(deadlock.graphs, deadlock.diagnostics, 'dot', { all: true });
    expect(all).toContain('"basic.target" -> "sysinit.target"');
  });

  it('Mermaid: generated ids, labelled edges, linkStyle for the path', () => {
    const m = renderGraphs(deadlock.graphs, deadlock.diagnostics, 'mermaid', {});
    expect(m.split('\n')[0]).toBe('flowchart LR');
    expect(m).toMatch(/^ {2}n\d+\["deploy-proxy\.service<br\/>\(oneshot\)"\]$/m);
    expect(m).toMatch(/^ {2}n\d+ -->\|after\| n\d+$/m);
    expect(m).toMatch(/^ {2}linkStyle \d+ stroke:red,stroke-width:3px$/m);
  });

  it('--focus and --depth keep a neighbourhood', () => {
    const one = JSON.parse(renderGraphs(deadlock.graphs, [], 'json', { focus: 'deploy-dashboard', depth: 1 })) as { graphs: { nodes: { id: string }[] }[] };
    const ids = one.graphs[0]!.nodes.map((n) => n.id);
    expect(ids).toContain('deploy-dashboard.service');
    expect(ids).toContain('deploy-proxy.service');
    expect(ids).not.toContain('endpoint:ci.commoninternet.net');
    expect(() => renderGraphs(deadlock.graphs, [], 'dot', { focus: 'nope' })).toThrow("--focus: no node 'nope' in the graph");
  });

  it('several hosts become clusters with host-prefixed node ids', async () => {
    const repo = tempRepo({ 'a.service': '[Unit]\nAfter=b.service\n' });
    const [one, two] = await Promise.all([lint({ paths: ['.'], cwd: repo }), lint({ paths: ['.'], cwd: repo })]);
    one.graphs[0]!.host = 'alpha';
    two.graphs[0]!.host = 'beta';
    const dot = renderGraphs([one.graphs[0]!, two.graphs[0]!], [], 'dot', {});
    expect(dot.match(/^digraph/gm)).toHaveLength(1);
    expect(dot).toContain('  subgraph "cluster_alpha" {');
    expect(dot).toContain('    "beta/a.service" -> "beta/b.service" [label="after"');
  });
});

describe('why', () => {
  it('resolves names and finds the ordering path first', () => {
    const g = deadlock.graphs[0]!;
    expect(resolveNode(g, 'deploy-proxy')).toEqual({ id: 'deploy-proxy.service' });
    expect(resolveNode(g, 'ci.commoninternet.net')).toEqual({ id: 'endpoint:ci.commoninternet.net' });
    expect(resolveNode(g, 'traefik')).toEqual({ id: 'spec:scripts/warm_reconcile.py#traefik' });
    const p = whyPath(g, 'deploy-dashboard.service', 'deploy-proxy.service')!;
    expect(p.kinds).toEqual(['after']);
    expect(p.steps.map((s) => `${s.span.file}:${s.span.line} ${s.kind}`)).toEqual(['units/deploy-dashboard.service:3 after']);
  });

  it('falls back to any edge kind across formats', () => {
    const g = deadlock.graphs[0]!;
    const p = whyPath(g, 'deploy-proxy.service', 'endpoint:ci.commoninternet.net')!;
    expect(p.steps.map((s) => `${s.from} -${s.kind}-> ${s.to} @ ${s.span.file}:${s.span.line}`)).toEqual([
      'deploy-proxy.service -runs-> spec:scripts/warm_reconcile.py#traefik @ units/deploy-proxy.service:10',
      'spec:scripts/warm_reconcile.py#traefik -gates-on-> endpoint:ci.commoninternet.net @ scripts/warm_reconcile.py:18',
    ]);
    expect(whyPath(g, 'deploy-proxy.service', 'deploy-dashboard.service', ['after'])).toBeNull();
  });
});
