import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import type { DeployGraph } from '../src/graph/model.js';
import { tempRepo } from './helpers/temp-repo.js';

async function graphOf(files: Record<string, string>): Promise<DeployGraph> {
  const cwd = tempRepo(files);
  return (await lint({ paths: ['.'], cwd, rules: [] })).graphs[0]!;
}

const has = (g: DeployGraph, from: string, to: string, kind: Parameters<DeployGraph['edge']>[2]) => g.edge(from, to, kind) !== undefined;

describe('default dependencies', () => {
  it('services: Requires+After sysinit.target, After basic.target, Conflicts+Before shutdown.target', async () => {
    const g = await graphOf({ 'a.service': '[Service]\nExecStart=/bin/true\n' });
    expect(has(g, 'a.service', 'sysinit.target', 'requires')).toBe(true);
    expect(has(g, 'a.service', 'sysinit.target', 'after')).toBe(true);
    expect(has(g, 'a.service', 'basic.target', 'after')).toBe(true);
    expect(has(g, 'a.service', 'shutdown.target', 'conflicts')).toBe(true);
    expect(has(g, 'shutdown.target', 'a.service', 'after')).toBe(true);
    const p = g.edge('a.service', 'basic.target', 'after')!.provenance[0]!;
    expect(p.implicit).toBe(true);
    expect(p.span).toMatchObject({ file: 'a.service', line: 1 });
  });

  it('none with DefaultDependencies=no', async () => {
    const g = await graphOf({ 'a.service': '[Unit]\nDefaultDependencies=no\n[Service]\nExecStart=/bin/true\n' });
    expect(g.outEdges('a.service')).toEqual([]);
  });

  it('sockets before sockets.target and before the service they activate', async () => {
    const g = await graphOf({ 'x.socket': '[Socket]\nListenStream=80\n', 'x.service': '[Service]\nExecStart=/bin/x\n' });
    expect(has(g, 'sockets.target', 'x.socket', 'after')).toBe(true);
    expect(has(g, 'x.service', 'x.socket', 'after')).toBe(true);
    expect(has(g, 'x.socket', 'x.service', 'triggers')).toBe(true);
  });

  it('timers before timers.target, after time-sync.target with OnCalendar=', async () => {
    const g = await graphOf({ 't.timer': '[Timer]\nOnCalendar=daily\n', 't.service': '[Service]\nExecStart=/bin/t\n' });
    expect(has(g, 'timers.target', 't.timer', 'after')).toBe(true);
    expect(has(g, 't.timer', 'time-sync.target', 'after')).toBe(true);
    expect(has(g, 't.service', 't.timer', 'after')).toBe(true);
  });

  it('a target is ordered after what it wants, unless the unit orders itself after it or opts out', async () => {
    const g = await graphOf({
      'a.service': '[Service]\nExecStart=/bin/a\n[Install]\nWantedBy=multi-user.target\n',
      'b.service': '[Unit]\nAfter=multi-user.target\n[Service]\nExecStart=/bin/b\n[Install]\nWantedBy=multi-user.target\n',
      'c.service': '[Unit]\nDefaultDependencies=no\n[Service]\nExecStart=/bin/c\n[Install]\nWantedBy=multi-user.target\n',
    });
    expect(has(g, 'multi-user.target', 'a.service', 'installs')).toBe(true);
    expect(has(g, 'multi-user.target', 'a.service', 'after')).toBe(true);
    expect(has(g, 'multi-user.target', 'b.service', 'after')).toBe(false);
    expect(has(g, 'multi-user.target', 'c.service', 'after')).toBe(false);
  });

  it('Before= is the after edge seen from the other side, with its own span', async () => {
    const g = await graphOf({ 'a.service': '[Unit]\nBefore=b.service\n[Service]\nExecStart=/bin/a\n', 'b.service': '[Service]\nExecStart=/bin/b\n' });
    const e = g.edge('b.service', 'a.service', 'after')!;
    expect(e.provenance[0]).toMatchObject({ explanation: 'a.service has Before=b.service', span: { file: 'a.service', line: 2, column: 8 } });
  });

  it('units that nothing defines get no default dependencies', async () => {
    const g = await graphOf({ 'a.service': '[Unit]\nAfter=ghost.service\n[Service]\nExecStart=/bin/a\n' });
    expect(g.unit('ghost.service')?.source).toBe('missing');
    expect(g.outEdges('ghost.service')).toEqual([]);
  });

  it('oneshot services have no start timeout by default; TimeoutStartSec= and TimeoutSec= set it', async () => {
    const g = await graphOf({
      'o.service': '[Service]\nType=oneshot\nExecStart=/bin/o\n',
      's.service': '[Service]\nExecStart=/bin/s\n',
      't.service': '[Service]\nType=oneshot\nTimeoutSec=5min\nExecStart=/bin/t\n',
      'u.service': '[Service]\nTimeoutStartSec=infinity\nExecStart=/bin/u\n',
    });
    expect(g.unit('o.service')!.startTimeoutSec).toBeNull();
    expect(g.unit('s.service')!.startTimeoutSec).toBeUndefined();
    expect(g.unit('t.service')!.startTimeoutSec).toBe(300);
    expect(g.unit('u.service')!.startTimeoutSec).toBeNull();
  });

  it('default.target is the configured default target', async () => {
    const cwd = tempRepo({ 'a.service': '[Service]\nExecStart=/bin/a\n[Install]\nWantedBy=default.target\n' });
    const g = (await lint({ paths: ['.'], cwd, rules: [], defaultTarget: 'graphical.target' })).graphs[0]!;
    expect(has(g, 'graphical.target', 'a.service', 'installs')).toBe(true);
  });
});
