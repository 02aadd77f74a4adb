/**
 * Bad input never throws and never stops the rest of the repo from being
 * linted: each broken file becomes a `parse-error` or `unreadable-file`
 * diagnostic at the right place, and a good unit next to them still gets its
 * findings (here: an ordering cycle). The CLI says so with exit code 1 and no
 * stack trace; a usage error is exit code 2 and one line.
 *
 * Unreadable files as root: the tests run as root, for whom chmod 000 changes
 * nothing (CAP_DAC_OVERRIDE). What really fails for root, and what a repo can
 * really contain: a dangling symlink (ENOENT), a symlink to itself (ELOOP), a
 * FIFO (opening it would block forever: it must not even be opened) and a
 * symlink to a device such as /dev/zero (a read that never ends). A symlink to
 * /dev/null is how units and drop-ins are masked, and reads as empty.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint, type LintResult } from '../src/lint.js';
import type { Diagnostic } from '../src/model/diagnostic.js';
import { buildCli } from './cli-build.js';
import { runCli } from './helpers/cli.js';

const GOOD = {
  'a.service': '[Unit]\nAfter=b.service\nWants=b.service\n[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n',
  'b.service': '[Unit]\nAfter=a.service\n[Service]\nExecStart=/bin/true\n',
};
const HUGE_BYTES = 20 * 1024 * 1024;

/** A repo holding every kind of bad file next to two good units that form a cycle. */
function badRepo(opts: { special: boolean }): string {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-bad-'));
  for (const [name, text] of Object.entries(GOOD)) writeFileSync(join(dir, name), text);
  // A binary file with a unit suffix: the NUL byte is on line 3.
  writeFileSync(join(dir, 'binary.service'), Buffer.concat([Buffer.from('[Unit]\nDescription=x\nab'), Buffer.from([0, 1, 2, 0xff, 0xfe]), Buffer.from('\n')]));
  // Latin-1 'é' (0xE9) on line 2, column 16: invalid UTF-8.
  writeFileSync(join(dir, 'latin1.service'), Buffer.concat([Buffer.from('[Unit]\nDescription=caf'), Buffer.from([0xe9]), Buffer.from('\n[Service]\nExecStart=/bin/true\n')]));
  // 20 MB of comments after a valid header.
  const line = `# ${'x'.repeat(98)}\n`;
  writeFileSync(join(dir, 'huge.service'), `[Unit]\nDescription=huge\n${line.repeat(Math.ceil(HUGE_BYTES / line.length))}`);
  // A key before any section header, on line 2.
  writeFileSync(join(dir, 'nosection.service'), '# comment\nAfter=a.service\n[Service]\nExecStart=/bin/true\n');
  // A continuation backslash on the last line, at column 17, with no newline after it.
  writeFileSync(join(dir, 'continued.service'), '[Service]\nExecStart=/bin/true\n[Unit]\nAfter=a.service \\');
  // Unreadable even for root.
  symlinkSync('/nonexistent/dangling.service', join(dir, 'dangling.service'));
  symlinkSync('loop.service', join(dir, 'loop.service'));
  // Masked drop-in: reads as empty, no diagnostic.
  mkdirSync(join(dir, 'a.service.d'));
  symlinkSync('/dev/null', join(dir, 'a.service.d', 'masked.conf'));
  if (opts.special) {
    spawnSync('mkfifo', [join(dir, 'fifo.service')]);
    spawnSync('mkfifo', [join(dir, 'fifo.yml')]);
    symlinkSync('/dev/zero', join(dir, 'zero.service'));
  }
  return dir;
}

function at(d: Diagnostic): string {
  return `${d.rule} ${d.severity} ${d.location.file}:${d.location.line}:${d.location.column}`;
}

describe('lint() on bad input', () => {
  let dir: string;
  let result: LintResult;
  beforeAll(async () => {
    dir = badRepo({ special: true });
    result = await lint({ paths: ['.'], cwd: dir });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const find = (file: string): Diagnostic[] => result.diagnostics.filter((d) => d.location.file === file && (d.rule === 'parse-error' || d.rule === 'unreadable-file'));

  it('a binary file: parse-error at the line of the first NUL byte', () => {
    expect(find('binary.service').map(at)).toEqual(['parse-error error binary.service:3:1']);
    expect(find('binary.service')[0]!.message).toMatch(/binary file/);
  });

  it('invalid UTF-8: parse-error at the line and column of the first bad byte', () => {
    expect(find('latin1.service').map(at)).toEqual(['parse-error error latin1.service:2:16']);
    expect(find('latin1.service')[0]!.message).toMatch(/UTF-8/);
  });

  it('a 20 MB unit file: parse-error naming its size, not parsed', () => {
    expect(find('huge.service').map(at)).toEqual(['parse-error error huge.service:1:1']);
    expect(find('huge.service')[0]!.message).toMatch(/^file is \d{8} bytes, more than/);
  });

  it('a key outside any section: parse-error on its line', () => {
    const d = find('nosection.service');
    expect(d.map(at)).toEqual(['parse-error error nosection.service:2:1']);
    expect(d[0]!.location).toMatchObject({ endLine: 2, endColumn: 16 });
    expect(d[0]!.message).toMatch(/outside of any section/);
  });

  it('a continuation at the end of the file: parse-error (warning) on the backslash', () => {
    const d = find('continued.service');
    expect(d.map(at)).toEqual(['parse-error warning continued.service:4:17']);
    expect(d[0]!.location).toMatchObject({ endLine: 4, endColumn: 18 });
  });

  it('files root cannot read: unreadable-file at 1:1, without opening FIFOs or devices', () => {
    const unreadable = result.diagnostics.filter((d) => d.rule === 'unreadable-file');
    expect(unreadable.map(at).sort()).toEqual([
      'unreadable-file error fifo.service:1:1',
      'unreadable-file error fifo.yml:1:1',
      'unreadable-file error loop.service:1:1',
      'unreadable-file info dangling.service:1:1', // a link into what this checkout lacks: nothing wrong here, nothing to read
    ]);
    const msg = (f: string): string => unreadable.find((d) => d.location.file === f)!.message;
    expect(msg('dangling.service')).toBe('dangling symbolic link (its target /nonexistent/dangling.service does not exist): not read');
    expect(msg('loop.service')).toMatch(/ELOOP/);
    expect(msg('fifo.service')).toMatch(/not a regular file \(a FIFO\)/);
    // /dev/zero lies outside the linted folder: the link is reported, nothing is opened through it.
    const zero = result.diagnostics.filter((d) => d.location.file === 'zero.service');
    expect(zero.map((d) => [d.rule, d.severity, d.message])).toEqual([
      ['link-outside-root', 'info', 'symbolic link (-> /dev/zero) leads outside the linted folders: not followed, not read'],
    ]);
  });

  it('no other parse problem: the masked drop-in and the good units are clean', () => {
    const files = new Set(result.diagnostics.filter((d) => d.rule === 'parse-error' || d.rule === 'unreadable-file').map((d) => d.location.file));
    expect([...files].sort()).toEqual(['binary.service', 'continued.service', 'dangling.service', 'fifo.service', 'fifo.yml', 'huge.service', 'latin1.service', 'loop.service', 'nosection.service']);
  });

  it('the good units next to them are still linted: their cycle is reported', () => {
    const cycles = result.diagnostics.filter((d) => d.rule === 'ordering-cycle');
    expect(cycles.map((d) => d.path.map((s) => s.node))).toEqual([['a.service', 'b.service']]);
    expect(cycles[0]!.location).toMatchObject({ file: 'a.service', line: 2 });
  });

  it('what could still be read of a broken file is used: the unterminated After= still orders', () => {
    const g = result.graphs[0]!;
    expect(g.edge('continued.service', 'a.service', 'after')).toBeDefined();
  });
});

describe('the CLI on bad input', () => {
  const run = runCli;
  const STACK = /^\s+at .+\(?.+:\d+:\d+\)?$/m;

  it('exits 1 with every finding and no stack trace', async () => {
    const dir = badRepo({ special: false });
    try {
      const r = await run(['.'], { cwd: dir });
      expect(r.stderr).not.toMatch(STACK);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(1);
      for (const s of ['error[parse-error]', 'error[unreadable-file]', 'error[ordering-cycle]', 'binary.service:3:1', 'latin1.service:2:16', 'nosection.service:2:1', 'continued.service:4:17']) {
        expect(r.stdout).toContain(s);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--format json: exit 1, parseable, the same findings', async () => {
    const dir = badRepo({ special: true });
    try {
      const r = await run(['--format', 'json', '.'], { cwd: dir });
      expect(r.stderr).not.toMatch(STACK);
      expect(r.status).toBe(1);
      const out = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] };
      const rules = new Set(out.diagnostics.map((d) => d.rule));
      expect([...rules].filter((x) => ['parse-error', 'unreadable-file', 'ordering-cycle'].includes(x)).sort()).toEqual(['ordering-cycle', 'parse-error', 'unreadable-file']);
      expect(out.diagnostics.filter((d) => d.rule === 'unreadable-file').length).toBe(4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // The stylish reporter reads the lines findings point at: only regular files, never a FIFO or a device.
  it('stylish output on a repo with a FIFO or a device link ends (exit 1)', () => {
    const dir = badRepo({ special: true });
    try {
      // A process: a read that blocks on the FIFO would hang the test worker itself.
      const cli = buildCli('bad-input');
      try {
        const r = cli.run(['.'], { cwd: dir });
        expect(r.status).toBe(1);
      } finally {
        cli.dispose();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a usage error: exit 2, one line on stderr, nothing on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-usage-'));
    try {
      for (const args of [['--bogus'], ['--format', 'nope', '.'], ['no-such-folder']]) {
        const r = await run(args, { cwd: dir });
        expect(r.status).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(/^deploy-lint: [^\n]+\n$/);
        expect(r.stderr).not.toMatch(STACK);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
