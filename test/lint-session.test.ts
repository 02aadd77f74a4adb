/**
 * The lint session (src/session/lint-session.ts): a re-lint parses only the
 * files whose text changed (counted at the adapters themselves, not only by
 * the session's own counter), buffers given as overrides are linted instead
 * of the disk, and every result equals a fresh `lint()` of the same texts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lint, type LintResult } from '../src/lint.js';
import { systemdAdapter } from '../src/parsers/systemd/adapter.js';
import { createLintSession } from '../src/session/lint-session.js';

const ROOT = join(import.meta.dirname, '..');

/** What a user sees of a result: the findings, suppressed ones, the files. */
function seen(r: LintResult): unknown {
  return { diagnostics: r.diagnostics, suppressed: r.suppressed, files: r.files.map((f) => `${f.kind} ${f.path}`) };
}

const UNIT = (after: string) => `[Unit]\nDescription=x\n${after ? `After=${after}\n` : ''}[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n`;

describe('lint session', () => {
  const dirs: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function repo(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-session-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  }

  it('gives lint()’s result on examples/ci-host (Nix, stacks, Python), and the second run reuses every parse', async () => {
    const opts = { paths: ['examples/ci-host'], cwd: ROOT };
    const fresh = await lint(opts);
    const session = createLintSession(opts);
    const first = await session.lint();
    expect(seen(first)).toEqual(seen(fresh));
    expect(session.last.reused).toBe(0);
    const again = await session.lint();
    expect(seen(again)).toEqual(seen(fresh));
    expect(session.last.parsed).toBe(0);
    expect(session.last.reused).toBe(first.files.length);
  });

  it('re-parses only the file that changed: counted at the systemd adapter', async () => {
    const dir = repo({ 'a.service': UNIT('b.service'), 'b.service': UNIT(''), 'c.service': UNIT(''), 'd.service': UNIT('c.service') });
    const parse = vi.spyOn(systemdAdapter, 'parse');
    const parsedFiles = () => parse.mock.calls.flatMap(([files]) => files.map((f) => f.path));
    const session = createLintSession({ paths: ['.'], cwd: dir });

    const first = await session.lint();
    expect(parsedFiles().sort()).toEqual(['a.service', 'b.service', 'c.service', 'd.service']);
    expect(first.diagnostics.filter((d) => d.rule === 'ordering-cycle')).toEqual([]);

    // An editor buffer closes a cycle: only b.service is parsed again.
    parse.mockClear();
    const overrides = new Map([['b.service', UNIT('a.service')]]);
    const edited = await session.lint({ overrides });
    expect(parsedFiles()).toEqual(['b.service']);
    expect(session.last).toEqual({ parsed: 1, reused: 3 });
    expect(edited.diagnostics.filter((d) => d.rule === 'ordering-cycle')).toHaveLength(1);

    // The same text on disk, linted from scratch, gives the same findings.
    writeFileSync(join(dir, 'b.service'), UNIT('a.service'));
    expect(seen(edited)).toEqual(seen(await lint({ paths: ['.'], cwd: dir })));

    // Nothing changed since (the buffer was saved): nothing is parsed.
    parse.mockClear();
    await session.lint();
    expect(parsedFiles()).toEqual([]);

    // A file changed on disk, another added: those two.
    writeFileSync(join(dir, 'c.service'), UNIT('d.service'));
    writeFileSync(join(dir, 'e.service'), UNIT(''));
    parse.mockClear();
    const later = await session.lint();
    expect(parsedFiles().sort()).toEqual(['c.service', 'e.service']);
    expect(seen(later)).toEqual(seen(await lint({ paths: ['.'], cwd: dir })));
    expect(later.diagnostics.filter((d) => d.rule === 'ordering-cycle')).toHaveLength(2);
  });

  it('an override given by absolute path counts, and a suppression comment in the buffer is honoured', async () => {
    const dir = repo({ 'a.service': UNIT('b.service'), 'b.service': UNIT('a.service') });
    const session = createLintSession({ paths: ['.'], cwd: dir });
    expect((await session.lint()).diagnostics.filter((d) => d.rule === 'ordering-cycle')).toHaveLength(1);
    const buffer = `# deploy-lint-disable ordering-cycle -- the session test\n${UNIT('b.service')}`;
    const r = await session.lint({ overrides: new Map([[join(dir, 'a.service'), buffer]]) });
    writeFileSync(join(dir, 'a.service'), buffer);
    expect(seen(r)).toEqual(seen(await lint({ paths: ['.'], cwd: dir })));
    expect(r.suppressed.map((d) => d.rule)).toContain('ordering-cycle');
    expect(session.last).toEqual({ parsed: 1, reused: 1 });
  });
});
