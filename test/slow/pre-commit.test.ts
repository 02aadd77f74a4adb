/**
 * The pre-commit hook, for real: pre-commit (Debian's package; CI installs it)
 * installs this project as a `language: node` hook from a clone of HEAD
 * (`npm install`, `npm pack`, `npm install -g`, against the npm registry),
 * then runs it on a little git repo with the deadlock from
 * fixtures/deadlock-unit-files: the hook must fail with the finding, and pass
 * once the ordering edge is gone. Each try-repo run uses a fresh store, so
 * each installs the hook again (about a minute).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../helpers/fixtures.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PRE_COMMIT = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
const GIT_CHECKOUT = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).status === 0;
if (!PRE_COMMIT) console.log('pre-commit: SKIPPED — pre-commit is not on PATH (apt-get install pre-commit; .ci/run does)');
if (!GIT_CHECKOUT) console.log('pre-commit: SKIPPED — the project is not a git checkout, so there is no HEAD to install the hook from');

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 600_000 });
}

function git(cwd: string, ...args: string[]): void {
  const r = run('git', ['-c', 'user.email=test@example.invalid', '-c', 'user.name=test', '-c', 'commit.gpgsign=false', ...args], cwd);
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

describe.skipIf(!PRE_COMMIT || !GIT_CHECKOUT)('pre-commit hook (language: node)', () => {
  it('fails on the deadlock, passes after the fix', { timeout: 1_200_000 }, () => {
    const tmp = mkdtempSync(join(tmpdir(), 'deploy-lint-pre-commit-'));
    // try-repo needs the hook files committed: install from a clone of HEAD, not the work tree.
    const hook = join(tmp, 'hook');
    git(tmp, 'clone', '--quiet', ROOT, hook);
    const repo = join(tmp, 'repo');
    cpSync(join(FIXTURES_DIR, 'deadlock-unit-files', 'repo'), repo, { recursive: true });
    git(repo, 'init', '--quiet');
    git(repo, 'add', '.');
    git(repo, 'commit', '--quiet', '-m', 'broken deploy config');

    const env = { ...process.env, PRE_COMMIT_HOME: join(tmp, 'cache'), PRE_COMMIT_COLOR: 'never', NO_COLOR: '1' };
    const broken = run('pre-commit', ['try-repo', hook, 'deploy-lint', '--all-files'], repo, env);
    const out1 = broken.stdout + broken.stderr;
    expect(out1).toMatch(/deploy-lint\.+Failed/);
    expect(out1).toContain('scripts/warm_reconcile.py:18:61: error [health-gate-deadlock] deploy-proxy.service waits on ci.commoninternet.net');
    expect(broken.status, out1).toBe(1);

    const unit = join(repo, 'units', 'deploy-dashboard.service');
    writeFileSync(unit, readFileSync(unit, 'utf8').replace(/^After=deploy-proxy\.service\n/m, ''));
    git(repo, 'commit', '--quiet', '-am', 'drop the ordering edge that closes the deadlock');

    const fixed = run('pre-commit', ['try-repo', hook, 'deploy-lint', '--all-files'], repo, env);
    const out2 = fixed.stdout + fixed.stderr;
    expect(out2).toMatch(/deploy-lint\.+Passed/);
    expect(fixed.status, out2).toBe(0);
  });
});
