/**
 * health-gate-deadlock says what the files say, per cause: a spec's health
 * gate, a wait loop in the unit's own commands, and a blocking systemctl
 * written as `start`, `restart` or `enable --now` (quoted as written). Each
 * cause has its own fix 1; the --no-block edit is proven by `deploy-lint fix`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { lint } from '../src/lint.js';
import { memoryIO } from './helpers/memory-io.js';
import { tempRepo } from './helpers/temp-repo.js';

const A1 = 'health-gate-deadlock';
const ROOT = join(import.meta.dirname, '..');

function systemctlRepo(command: string) {
  return tempRepo({
    'units/bootstrap.service': '[Service]\nType=oneshot\nExecStart=/bin/sh /srv/scripts/bootstrap.sh\n[Install]\nWantedBy=multi-user.target\n',
    'units/worker.service': '[Unit]\nAfter=bootstrap.service\n[Service]\nExecStart=/usr/bin/worker\n[Install]\nWantedBy=multi-user.target\n',
    'scripts/bootstrap.sh': `#!/bin/sh\nset -e\n${command}\n`,
    'deploy-lint.config.json': '{ "pathMap": { "/srv": "." } }\n',
  });
}

async function deadlock(cwd: string, paths = ['.']) {
  const { diagnostics } = await lint({ paths, cwd, config: (await import('../src/config/resolve.js')).resolveConfig(cwd) });
  return diagnostics.find((d) => d.rule === A1)!;
}

describe('health-gate-deadlock per cause', () => {
  it("a spec's health gate: fix 1 gates on an endpoint no later unit serves", async () => {
    const d = await deadlock(ROOT, ['examples/ci-host']);
    expect(d.path[1]!.explanation).toBe('spec "traefik" gates on ci.commoninternet.net (health_domain)');
    expect(d.fixes[0]!.description).toMatch(/^gate on an endpoint that no later unit serves \(e\.g\. the proxy's own ping\) instead of ci\.commoninternet\.net/);
  });

  it('a wait loop: fix 1 waits for something else or moves the wait out of the start job', async () => {
    const d = await deadlock(join(ROOT, 'fixtures', 'deadlock-curl-loop-execstartpost', 'repo'));
    expect(d.path[0]!.explanation).toBe('migrate.service waits for api.example.org in ExecStartPost (curl, no bound) (ExecStartPost: the start job blocks)');
    expect(d.fixes[0]!.description).toMatch(/^wait for an endpoint that no later unit serves instead of api\.example\.org, or take the wait out of migrate\.service's start job \(ExecStartPost holds it\): run it in a unit ordered after deploy-api\.service/);
    expect(d.fixes[0]!.description).not.toContain('proxy');
  });

  for (const command of ['systemctl start worker.service', 'systemctl restart worker', 'systemctl enable --now worker.service']) {
    it(`a blocking \`${command}\`: quoted as written, fix 1 adds --no-block (and \`fix\` proves it)`, async () => {
      const repo = systemctlRepo(command);
      const d = await deadlock(repo);
      expect(d.message).toBe('bootstrap.service starts worker.service and waits for it, but worker.service is ordered after bootstrap.service');
      expect(d.path[0]!.explanation).toBe(`bootstrap.service runs \`${command}\` in ExecStart, which waits until worker.service has started (Type=oneshot: the start job blocks)`);
      expect(d.fixes[0]!.description).toMatch(new RegExp(`^add --no-block to \`${command.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}\`: systemctl then queues worker\\.service's start job and returns`));
      expect(d.fixes[0]!.edits).toHaveLength(1);

      const io = memoryIO(repo);
      expect(await main(['fix', '--rule', A1, '--option', '1', '.'], io)).toBe(0);
      expect(io.err()).toBe('');
      expect(readFileSync(join(repo, 'scripts', 'bootstrap.sh'), 'utf8')).toBe(`#!/bin/sh\nset -e\n${command.replace('systemctl', 'systemctl --no-block')}\n`);
      expect((await lint({ paths: ['.'], cwd: repo })).diagnostics.filter((x) => x.rule === A1)).toEqual([]);
    });
  }
});

describe('dangling-reference', () => {
  it('says where it looked, not that the unit exists nowhere', async () => {
    const repo = tempRepo({ 'a.service': '[Unit]\nAfter=nowhere-to-be-found.service\n[Install]\nWantedBy=multi-user.target\n' });
    const d = (await lint({ paths: ['.'], cwd: repo })).diagnostics.find((x) => x.rule === 'dangling-reference')!;
    expect(d.message).toBe("a.service has After=nowhere-to-be-found.service, but nowhere-to-be-found.service is not in the repository, the stock unit catalog or the config's `external` list");
    expect(d.message).not.toMatch(/exist/);
  });
});
