/**
 * The A1 host written in six NixOS styles (fixtures/nix-style-*) must give the
 * same graph — same edges, same unit directives — and differ only in where
 * each edge is written. Each style's key spans are pinned exactly.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import type { DeployGraph } from '../src/graph/model.js';
import { FIXTURES_DIR, where } from './helpers/fixtures.js';

const STYLES = ['plain', 'nested', 'mkif', 'mkmerge', 'mapattrs', 'listtoattrs'] as const;

async function graphOf(style: string): Promise<DeployGraph> {
  const result = await lint({ paths: ['.'], cwd: join(FIXTURES_DIR, `nix-style-${style}`, 'repo') });
  expect(result.graphs).toHaveLength(1);
  return result.graphs[0]!;
}

function edgeSet(g: DeployGraph): string[] {
  return g.edges().map((e) => `${e.from} -${e.kind}-> ${e.to}`);
}

/** The repo units' directives as text, without places. */
function directives(g: DeployGraph): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const u of g.units()) {
    if (u.source !== 'repo') continue;
    const d: Record<string, string[]> = {};
    for (const [k, entries] of [...u.directives].sort(([a], [b]) => (a < b ? -1 : 1))) {
      // The script runs the reconcile script by its absolute path: compare the repo-relative tail.
      d[k] = entries.map((e) => e.value.text.replace(/\/\S*\/fixtures\/nix-style-[a-z]+\/repo\//g, '<repo>/').replace(/\/nix\/store\/[a-z0-9]{32}-/g, '<store>/'));
    }
    out[u.name] = d;
  }
  return out;
}

function span(g: DeployGraph, from: string, to: string, kind: Parameters<DeployGraph['edge']>[2]): string {
  const e = g.edge(from, to, kind);
  expect(e, `${from} -${kind}-> ${to}`).toBeDefined();
  return where(e!.provenance[0]!.span);
}

/** Per style: where the after edge, the runs edges and the unit declarations are written. */
const SPANS: Record<(typeof STYLES)[number], { after: string; runsProxy: string; runsDashboard: string; proxyUnit: string; dashboardUnit: string }> = {
  plain: {
    after: 'nix/modules/dashboard.nix:7:16-7:36',
    runsProxy: 'nix/modules/proxy.nix:16:52-16:59',
    runsDashboard: 'nix/modules/dashboard.nix:12:85-12:94',
    proxyUnit: 'nix/modules/proxy.nix:5:20-5:32',
    dashboardUnit: 'nix/modules/dashboard.nix:5:20-5:36',
  },
  nested: {
    after: 'nix/modules/dashboard.nix:9:20-9:40',
    runsProxy: 'nix/modules/proxy.nix:18:56-18:63',
    runsDashboard: 'nix/modules/dashboard.nix:14:89-14:98',
    proxyUnit: 'nix/modules/proxy.nix:7:7-7:19',
    dashboardUnit: 'nix/modules/dashboard.nix:7:7-7:23',
  },
  mkif: {
    after: 'nix/modules/dashboard.nix:14:64-14:84',
    runsProxy: 'nix/modules/proxy.nix:29:54-29:61',
    runsDashboard: 'nix/modules/dashboard.nix:19:87-19:96',
    proxyUnit: 'nix/modules/proxy.nix:18:22-18:34',
    dashboardUnit: 'nix/modules/dashboard.nix:12:22-12:38',
  },
  mkmerge: {
    after: 'nix/modules/deploy.nix:32:20-32:40',
    runsProxy: 'nix/modules/deploy.nix:25:32-25:39',
    runsDashboard: 'nix/modules/deploy.nix:37:65-37:74',
    proxyUnit: 'nix/modules/deploy.nix:11:24-11:36',
    dashboardUnit: 'nix/modules/deploy.nix:30:24-30:40',
  },
  // Generated units: each edge is where the generator's table or template writes it.
  mapattrs: {
    after: 'nix/modules/deploys.nix:15:18-15:38',
    runsProxy: 'nix/modules/deploys.nix:29:36-29:43',
    runsDashboard: 'nix/modules/deploys.nix:29:36-29:45',
    proxyUnit: 'nix/modules/deploys.nix:7:5-7:10',
    dashboardUnit: 'nix/modules/deploys.nix:13:5-13:14',
  },
  listtoattrs: {
    after: 'nix/modules/deploys.nix:24:59-24:79',
    runsProxy: 'nix/modules/deploys.nix:17:38-17:45',
    runsDashboard: 'nix/modules/deploys.nix:17:38-17:47',
    proxyUnit: 'nix/modules/deploys.nix:23:15-23:22',
    dashboardUnit: 'nix/modules/deploys.nix:24:15-24:26',
  },
};

describe('NixOS styles give one graph', () => {
  it('the same edges and directives in every style', async () => {
    const graphs = await Promise.all(STYLES.map(graphOf));
    const reference = edgeSet(graphs[0]!);
    expect(reference).toContain('deploy-dashboard.service -after-> deploy-proxy.service');
    expect(reference).toContain('deploy-proxy.service -after-> docker.service');
    expect(reference).toContain('deploy-proxy.service -wants-> docker.service');
    expect(reference).toContain('multi-user.target -installs-> deploy-proxy.service');
    expect(reference).toContain('multi-user.target -installs-> deploy-dashboard.service');
    expect(reference).toContain('deploy-proxy.service -runs-> spec:scripts/warm_reconcile.py#traefik');
    expect(reference).toContain('deploy-dashboard.service -runs-> spec:scripts/warm_reconcile.py#dashboard');
    const refDirectives = directives(graphs[0]!);
    expect(refDirectives['deploy-proxy.service']!['Service.TimeoutStartSec']).toEqual(['900']);
    expect(refDirectives['deploy-proxy.service']!['Service.Type']).toEqual(['oneshot']);
    graphs.forEach((g, i) => {
      expect(edgeSet(g), STYLES[i]).toEqual(reference);
      const d = directives(g);
      // How the reconcile script is started (script vs ExecStart) may differ by style; everything else may not.
      for (const u of Object.values(d)) delete u['Service.ExecStart'];
      const ref = directives(graphs[0]!);
      for (const u of Object.values(ref)) delete u['Service.ExecStart'];
      expect(d, STYLES[i]).toEqual(ref);
    });
  });

  for (const style of STYLES) {
    it(`${style}: exact spans`, async () => {
      const g = await graphOf(style);
      const want = SPANS[style];
      expect(span(g, 'deploy-dashboard.service', 'deploy-proxy.service', 'after')).toBe(want.after);
      expect(span(g, 'deploy-proxy.service', 'spec:scripts/warm_reconcile.py#traefik', 'runs')).toBe(want.runsProxy);
      expect(span(g, 'deploy-dashboard.service', 'spec:scripts/warm_reconcile.py#dashboard', 'runs')).toBe(want.runsDashboard);
      expect(where(g.unit('deploy-proxy.service')!.span)).toBe(want.proxyUnit);
      expect(where(g.unit('deploy-dashboard.service')!.span)).toBe(want.dashboardUnit);
      // The oneshot's timeout is read from the Nix definition.
      expect(g.unit('deploy-proxy.service')!.startTimeoutSec).toBe(900);
      expect(g.unit('deploy-proxy.service')!.serviceType).toBe('oneshot');
    });
  }
});
