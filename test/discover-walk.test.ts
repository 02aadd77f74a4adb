/**
 * Discovery (src/discover/walk.ts): .gitignore files at every level, each
 * matching paths relative to its own folder, and --ignore globs relative to
 * the run's root.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discover } from '../src/discover/walk.js';

const root = mkdtempSync(join(tmpdir(), 'deploy-lint-walk-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const UNIT = '[Service]\nExecStart=/bin/true\n';
function write(rel: string, text = UNIT): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

write('.gitignore', 'build/\n*.tmp.service\nsub/deeper/kept.service\n');
write('a.service');
write('x.tmp.service');
write('build/b.service');
write('sub/.gitignore', 'local.service\n/anchored.service\n');
write('sub/local.service');
write('sub/anchored.service');
write('sub/deeper/anchored.service');
write('sub/deeper/kept.service');
write('sub/deeper/local.service');
write('other/local.service');
write('other/anchored.service');
write('skipme/c.service');

describe('discover', () => {
  it('honours each .gitignore relative to its folder, and --ignore globs', () => {
    const files = discover(['.'], { cwd: root, ignore: ['skipme/**'] }).map((f) => f.path);
    expect(files).toEqual(['a.service', 'other/anchored.service', 'other/local.service', 'sub/deeper/anchored.service']);
  });

  it('paths are relative to cwd when a subfolder is linted', () => {
    const files = discover(['sub'], { cwd: root }).map((f) => f.path);
    expect(files).toEqual(['sub/deeper/anchored.service', 'sub/deeper/kept.service']);
  });
});

describe('discover from above the run root', () => {
  it('a path that leads out and back in (`..` from a subfolder) gives the paths relative() gives', () => {
    const files = discover(['..'], { cwd: join(root, 'sub') }).map((f) => f.path);
    expect(files).toEqual(['../a.service', '../other/anchored.service', '../other/local.service', '../skipme/c.service', 'deeper/anchored.service']);
  });
});
