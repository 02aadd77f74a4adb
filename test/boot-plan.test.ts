/**
 * deploy-lint boot on the A1 example and its three fixes: the deadlock costs
 * the boot 900 s on the critical chain, deploy-dashboard starts only after
 * deploy-proxy gives up, and each fix takes the 900 s away for a reason the plan names.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bootPlans, renderPlans, type HostPlan } from '../src/boot/index.js';
import { main } from '../src/cli/main.js';
import { lint } from '../src/lint.js';
import { memoryIO } from './helpers/memory-io.js';

const ROOT = join(import.meta.dirname, '..');

async function plan(example: string): Promise<HostPlan> {
  const result = await lint({ paths: [`examples/${example}`], cwd: ROOT });
  const { plans } = bootPlans(result.graphs, { defaultTimeoutStartSec: 90 });
  expect(plans).toHaveLength(1);
  return plans[0]!;
}

const unit = (p: HostPlan, id: string) => p.units.find((u) => u.unit === id)!;

describe('boot plan of examples/ci-host', () => {
  let p: HostPlan;
  beforeAll(async () => {
    p = await plan('ci-host');
  });

  it('deploy-proxy blocks 900 s on the critical chain, then fails; deploy-dashboard starts only then', () => {
    expect(p.host).toBe('ci');
    expect(p.target).toBe('multi-user.target');
    expect(p.worstCaseSec).toBe(900);
    const chain = p.criticalChain.map((s) => s.unit);
    expect(chain.slice(-3)).toEqual(['deploy-proxy.service', 'deploy-dashboard.service', 'multi-user.target']);
    const proxy = unit(p, 'deploy-proxy.service');
    expect(proxy).toMatchObject({ startSec: 0, finishSec: 900, readySec: null, blockedSec: 900 });
    expect(proxy.blocksOn).toContain('ci.commoninternet.net');
    expect(proxy.blocksOn).toContain('served only by deploy-dashboard.service, ordered after it');
    expect(proxy.blocksOn).toContain('TimeoutStartSec=900');
    expect(proxy.fails).toContain('gives up after 900 s');
    const dashboard = unit(p, 'deploy-dashboard.service');
    expect(dashboard.startSec).toBe(900);
    expect(dashboard.why).toContain('after deploy-proxy.service');
    expect(dashboard.why).toContain('dashboard.nix:9');
    // Every unit ordered after deploy-proxy waits the 900 s too; swarm-init is not held.
    expect(unit(p, 'deploy-gitea.service').startSec).toBe(900);
    expect(unit(p, 'swarm-init.service').startSec).toBe(0);
  });

  it('prints the chain and the blocked unit in text; JSON has the documented shape', () => {
    const text = renderPlans([p], 'text');
    expect(text).toContain('host ci: cold boot to multi-user.target: worst case 900 s (15 min)');
    expect(text).toMatch(/deploy-proxy\.service\s+@0 s \+900 s = 900 s/);
    expect(text).toMatch(/deploy-dashboard\.service\s+@900 s \+0 s = 900 s/);
    expect(text).toContain('deploy-proxy.service waits 900 s (15 min) on ci.commoninternet.net');
    const json = JSON.parse(renderPlans([p], 'json')) as { hosts: Record<string, unknown>[] };
    const h = json.hosts[0]!;
    expect(Object.keys(h)).toEqual(['host', 'target', 'worstCaseSec', 'criticalChain', 'units']);
    expect(h.worstCaseSec).toBe(900);
    const units = h.units as Record<string, unknown>[];
    for (const u of units) expect(Object.keys(u)).toEqual(expect.arrayContaining(['unit', 'startSec', 'readySec', 'blocksOn', 'fails']));
    const chain = h.criticalChain as Record<string, unknown>[];
    for (const s of chain) expect(Object.keys(s)).toEqual(expect.arrayContaining(['unit', 'startSec', 'readySec', 'why']));
  });

  it('mermaid is a gantt chart with the blocked job marked crit', () => {
    const m = renderPlans([p], 'mermaid');
    expect(m.startsWith('gantt\n')).toBe(true);
    expect(m).toMatch(/deploy-proxy\.service \(fails\) :crit, c\d+, 0, 900/);
  });
});

describe('boot plan of each fix', () => {
  const why: Record<string, RegExp> = {
    // fix 1: the gate is on what the proxy brings up itself.
    'ci-host-fix-1': /on what the unit brings up itself \(part of its own run time\): .*deploy-proxy\.service \(traefik\.ci\.commoninternet\.net\)/,
    // fix 2 and 3: the gate is met by deploy-dashboard, no longer ordered after the proxy.
    'ci-host-fix-2': /deploy-proxy\.service on ci\.commoninternet\.net .*met when deploy-dashboard\.service is up at 0 s \(deploy-dashboard\.service is not ordered after deploy-proxy\.service\)/,
    'ci-host-fix-3': /deploy-proxy\.service on ci\.commoninternet\.net .*met when deploy-dashboard\.service is up at 0 s/,
  };
  for (const [example, reason] of Object.entries(why)) {
    it(`${example}: the worst case drops from 900 s, and the plan says why`, async () => {
      const p = await plan(example);
      expect(p.worstCaseSec).toBe(0);
      expect(p.units.filter((u) => u.fails !== null || u.startSec === null)).toEqual([]);
      const text = renderPlans([p], 'text');
      expect(text).not.toContain('blocked:');
      expect(text).toMatch(reason);
    });
  }
});

describe('deploy-lint boot (the command)', () => {
  it('prints the plan of each host, exit 0', async () => {
    const x = memoryIO(ROOT);
    expect(await main(['boot', 'examples/ci-host'], x)).toBe(0);
    expect(x.out().split('\n')[0]).toBe('host ci: cold boot to multi-user.target: worst case 900 s (15 min), plus the run time of 3 units on the chain that the files do not tell');
    expect(x.err()).toBe('');
  });

  it('plans the start of another unit with --target; a unit the host lacks is a usage error', async () => {
    const x = memoryIO(ROOT);
    expect(await main(['boot', 'examples/ci-host', '--target', 'deploy-dashboard.service', '-f', 'json'], x)).toBe(0);
    const h = (JSON.parse(x.out()) as { hosts: HostPlan[] }).hosts[0]!;
    expect(h.target).toBe('deploy-dashboard.service');
    // After= orders only jobs of one transaction: starting the dashboard alone does not pull in the proxy.
    expect(h.worstCaseSec).toBe(0);
    expect(h.units.map((u) => u.unit)).not.toContain('deploy-proxy.service');
    const y = memoryIO(ROOT);
    expect(await main(['boot', 'examples/ci-host', '--target', 'nope.service'], y)).toBe(2);
    expect(y.err()).toBe('deploy-lint: nope.service is not a unit of host ci\n');
  });
});

describe('deploy-lint boot on a repository with several hosts', () => {
  it('plans each host, not the modules no host imports', async () => {
    const x = memoryIO(ROOT);
    expect(await main(['boot', 'fixtures/nix-hosts-flake/repo', '-f', 'json'], x)).toBe(0);
    const hosts = (JSON.parse(x.out()) as { hosts: HostPlan[] }).hosts;
    expect(hosts.map((h) => [h.host, h.worstCaseSec])).toEqual([['ci', 900], ['edge', 0]]);
    const y = memoryIO(ROOT);
    expect(await main(['boot', 'fixtures/nix-hosts-flake/repo', '--host', 'edge'], y)).toBe(0);
    expect(y.out().split('\n')[0]).toMatch(/^host edge: cold boot to multi-user\.target: worst case 0 s/);
  });
});
