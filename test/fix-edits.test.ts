/** The pieces under deploy-lint fix: exact edits, refusal of a plan that breaks a file, atomic writes that never follow a link. */
import { chmodSync, cpSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits, EditConflictError } from '../src/fix/edits.js';
import { planFixes } from '../src/fix/plan.js';
import { repoFiles } from '../src/fix/repo-text.js';
import { verifyPlan } from '../src/fix/verify.js';
import { UnsafeWriteError, writeFileAtomic } from '../src/fs/atomic-write.js';
import { lint } from '../src/lint.js';
import type { Diagnostic } from '../src/model/diagnostic.js';

const ROOT = join(import.meta.dirname, '..');
const at = (line: number, column: number, endLine = line, endColumn = column) => ({ file: 'f', line, column, endLine, endColumn });

describe('applyEdits', () => {
  it('replaces, deletes and inserts by line and UTF-16 column', () => {
    expect(applyEdits('ab\ncdé\n', [{ span: at(2, 1, 2, 3), replacement: 'X' }, { span: at(1, 3), replacement: '!' }, { span: at(3, 1), replacement: 'new\n' }])).toBe('ab!\nXé\nnew\n');
  });
  it('refuses overlapping edits, two insertions at one place and a place not in the text', () => {
    expect(() => applyEdits('abcdef', [{ span: at(1, 1, 1, 4), replacement: '' }, { span: at(1, 3, 1, 5), replacement: '' }])).toThrow(EditConflictError);
    expect(() => applyEdits('abc', [{ span: at(1, 2), replacement: 'x' }, { span: at(1, 2), replacement: 'y' }])).toThrow(EditConflictError);
    expect(() => applyEdits('abc', [{ span: at(1, 9), replacement: 'x' }])).toThrow(EditConflictError);
  });
});

describe('verifyPlan', () => {
  it('refuses an edit after which the file no longer parses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-verify-'));
    cpSync(join(ROOT, 'examples/ci-host'), dir, { recursive: true });
    const before = await lint({ paths: ['.'], cwd: dir });
    const d = before.diagnostics[0]!;
    // Deletes the `]` that closes deploy-dashboard's after list.
    const broken: Diagnostic = { ...d, fixes: [{ description: 'broken', applicability: 'unsafe', edits: [{ span: { file: 'nix/modules/dashboard.nix', line: 9, column: 59, endLine: 9, endColumn: 60 }, replacement: '' }] }] };
    const plan = planFixes([{ diagnostic: broken, option: 1, fix: broken.fixes[0]! }], repoFiles(dir).read);
    expect(plan.changes.map((c) => c.file)).toEqual(['nix/modules/dashboard.nix']);
    const v = await verifyPlan(plan, { paths: ['.'], cwd: dir }, before);
    expect(v.problems).toEqual(["nix/modules/dashboard.nix:9:59 would not parse after the fix: expected a list element or ']', found ';'"]);
    expect(readFileSync(join(dir, 'nix/modules/dashboard.nix'), 'utf8')).toBe(readFileSync(join(ROOT, 'examples/ci-host/nix/modules/dashboard.nix'), 'utf8'));
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file by a rename, keeping its mode and leaving no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-atomic-'));
    const f = join(dir, 'a.service');
    writeFileSync(f, 'old');
    chmodSync(f, 0o600);
    const inode = statSync(f).ino;
    writeFileAtomic(f, 'new');
    expect(readFileSync(f, 'utf8')).toBe('new');
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(statSync(f).ino).not.toBe(inode);
    expect(readdirSync(dir)).toEqual(['a.service']);
  });
  it('never writes through a link: the file, or a folder below the root', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-atomic-'));
    const outside = mkdtempSync(join(tmpdir(), 'deploy-lint-outside-'));
    writeFileSync(join(outside, 'target'), 'keep');
    symlinkSync(join(outside, 'target'), join(dir, 'link.service'));
    expect(() => writeFileAtomic(join(dir, 'link.service'), 'x')).toThrow(UnsafeWriteError);
    expect(readFileSync(join(outside, 'target'), 'utf8')).toBe('keep');
    symlinkSync(outside, join(dir, 'units'));
    expect(() => writeFileAtomic(join(dir, 'units/x.service.d/a.conf'), 'x', { root: dir })).toThrow(UnsafeWriteError);
    expect(readdirSync(outside)).toEqual(['target']);
    writeFileAtomic(join(dir, 'real/x.service.d/a.conf'), '[Unit]\n', { root: dir });
    expect(lstatSync(join(dir, 'real/x.service.d')).isDirectory()).toBe(true);
    mkdirSync(join(dir, 'plain'));
  });
});
