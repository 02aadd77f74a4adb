/**
 * Lists as users write them: `--select a,b` (Ruff's form, and how Drone joins a
 * plugin setting's list) is two rules, globs keep their `{a,b}`, and the
 * config says `warning` as every report does (`warn` still accepted).
 */
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { globList } from '../src/cli/lists.js';
import { memoryIO } from './helpers/memory-io.js';
import { tempRepo } from './helpers/temp-repo.js';

const REPO = {
  'a.service': '[Unit]\nAfter=b.service\nWants=typo.service\n[Install]\nWantedBy=multi-user.target\n',
  'b.service': '[Unit]\nAfter=a.service\n[Install]\nWantedBy=multi-user.target\n',
};

async function rules(argv: string[], files: Record<string, string> = REPO, env: NodeJS.ProcessEnv = {}) {
  const io = memoryIO(tempRepo(files), env);
  const code = await main(argv, io);
  const found = (JSON.parse(io.out() || '[]') as { diagnostics?: { rule: string; severity: string }[] }).diagnostics ?? [];
  return { code, err: io.err(), found: found.map((d) => `${d.rule}:${d.severity}`).sort() };
}

describe('comma lists', () => {
  it('--select a,b and --ignore-rule a,b are two rules each', async () => {
    expect((await rules(['.', '-f', 'json', '--select', 'ordering-cycle,dangling-reference'])).found).toEqual(['dangling-reference:warning', 'ordering-cycle:error']);
    expect((await rules(['.', '-f', 'json', '--select', 'ordering-cycle', '--select', 'dangling-reference'])).found).toEqual(['dangling-reference:warning', 'ordering-cycle:error']);
    expect((await rules(['.', '-f', 'json', '--ignore-rule=ordering-cycle,dangling-reference'])).found).toEqual([]);
    const bad = await rules(['.', '--select', 'ordering-cycle,nope']);
    expect({ code: bad.code, err: bad.err }).toEqual({ code: 2, err: "deploy-lint: --select: unknown rule 'nope'; `deploy-lint rules` lists them\n" });
  });

  it('a Drone plugin list reaches --select as two rules', async () => {
    const r = await rules([], REPO, { DRONE: 'true', PLUGIN_SELECT: 'ordering-cycle,dangling-reference', PLUGIN_FORMAT: 'json' });
    expect(r.found).toEqual(['dangling-reference:warning', 'ordering-cycle:error']);
  });

  it('globs split at commas outside braces only', () => {
    expect(globList(['vendor/**,{a,b}/x.service', 'c\\,d'])).toEqual(['vendor/**', '{a,b}/x.service', 'c\\,d']);
  });
});

describe('config levels', () => {
  it('`warning` is accepted, and `warn` as its alias', async () => {
    for (const level of ['warning', 'warn']) {
      const r = await rules(['.', '-f', 'json'], { ...REPO, 'deploy-lint.config.json': `{ "rules": { "ordering-cycle": "${level}" } }` });
      expect({ level, err: r.err, found: r.found }).toEqual({ level, err: '', found: ['dangling-reference:warning', 'ordering-cycle:warning'] });
    }
  });
});
