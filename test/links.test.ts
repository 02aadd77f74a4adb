/**
 * The cross-format edges, asserted on the graph itself: who runs which spec,
 * deploys which stack, serves and routes which endpoint, and waits on what.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import type { DeployGraph, EdgeKind } from '../src/graph/model.js';
import { FIXTURES_DIR } from './helpers/fixtures.js';

async function graphOf(fixture: string): Promise<DeployGraph> {
  return (await lint({ paths: ['.'], cwd: join(FIXTURES_DIR, fixture, 'repo'), rules: [] })).graphs[0]!;
}

function at(g: DeployGraph, from: string, to: string, kind: EdgeKind): string[] {
  const e = g.edge(from, to, kind);
  return e ? e.provenance.map((p) => `${p.span.file}:${p.span.line}:${p.span.column}`) : [];
}

describe('links', () => {
  it('dataclass spec table: runs, gates-on with the spec timeout, deploys, serves, routes', async () => {
    const g = await graphOf('deadlock-unit-files');
    const traefik = 'spec:scripts/warm_reconcile.py#traefik';
    expect(at(g, 'deploy-proxy.service', traefik, 'runs')).toEqual(['units/deploy-proxy.service:10:66']);
    expect(at(g, traefik, 'endpoint:ci.commoninternet.net', 'gates-on')).toEqual(['scripts/warm_reconcile.py:18:61']);
    expect(g.edge(traefik, 'endpoint:ci.commoninternet.net', 'gates-on')!.provenance[0]!.gate?.boundSec).toBe(900);
    expect(at(g, traefik, 'stack:stacks/proxy.yml', 'deploys')).toEqual(['scripts/warm_reconcile.py:18:27']);
    expect(at(g, 'stack:stacks/dashboard.yml', 'endpoint:ci.commoninternet.net', 'serves')).toEqual(['stacks/dashboard.yml:8:52']);
    expect(at(g, 'stack:stacks/proxy.yml', 'endpoint:ci.commoninternet.net', 'routes')).toHaveLength(1);
  });

  it('YAML spec file, argparse --stack, absolute deploy paths mapped by suffix, list and map labels', async () => {
    const g = await graphOf('deadlock-yaml-spec-absolute-paths');
    expect(at(g, 'deploy-web.service', 'spec:specs.yml#web', 'runs')).toEqual(['systemd/deploy-web.service:9:41']);
    expect(at(g, 'spec:specs.yml#api', 'stack:stacks/api.yml', 'deploys')).toEqual(['specs.yml:3:19']);
    expect(at(g, 'stack:stacks/api.yml', 'endpoint:api.example.org', 'serves')).toEqual(['stacks/api.yml:5:43']);
    expect(at(g, 'stack:stacks/web.yml', 'endpoint:example.org', 'serves')).toHaveLength(1);
    expect(g.edge('spec:specs.yml#api', 'endpoint:www.example.org', 'gates-on')!.provenance[0]!.gate?.boundSec).toBe(300);
  });

  it('wait loop in ExecStartPost, with its phase; docker stack deploy by absolute path', async () => {
    const g = await graphOf('deadlock-curl-loop-execstartpost');
    const p = g.edge('migrate.service', 'endpoint:api.example.org', 'gates-on')!.provenance[0]!;
    expect(p.phase).toBe('ExecStartPost');
    expect(p.gate).toMatchObject({ boundSec: null, what: 'curl' });
    expect(at(g, 'deploy-api.service', 'stack:stacks/api.yml', 'deploys')).toEqual(['deploy-api.service:6:11']);
  });

  it('a blocking systemctl start in a script a oneshot runs is a gate on that unit', async () => {
    const g = await graphOf('deadlock-systemctl-start-script');
    expect(at(g, 'bootstrap.service', 'worker.service', 'gates-on')).toEqual(['scripts/bootstrap.sh:4:1']);
  });

  it('unknown spec names and missing stack files are recorded, not linked', async () => {
    const g = await graphOf('reconcile-unknown-spec-and-file');
    expect(g.unresolved.map((u) => [u.what, u.name])).toEqual([
      ['spec', 'trafik'],
      ['file', '/srv/deploy/stacks/dashbaord.yml'],
    ]);
    expect(g.outEdges('deploy-proxy.service', ['runs'])).toEqual([]);
  });
});
