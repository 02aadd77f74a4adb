/**
 * The terminal: stylish wraps to the terminal's width without ever breaking a
 * `file:line:col`; --quiet shows errors only; --statistics counts per rule;
 * TERM=dumb and pipes get plain text (no colour, no wrapping).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';

const ROOT = join(import.meta.dirname, '..');
const LOC = /[\w./-]+:\d+:\d+/g;

async function cli(argv: string[], tty: { columns?: number } | null, env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const stdout = tty ? { write: (t: string) => (out += t), isTTY: true, columns: tty.columns } : { write: (t: string) => (out += t) };
  const code = await main(argv, { stdout, stderr: { write: (t: string) => (err += t) }, env, cwd: ROOT });
  return { code, out, err };
}

describe('terminal output', () => {
  it('wraps to 80 columns on a terminal, every file:line:col whole on one line', async () => {
    const plain = await cli(['fixtures/hygiene-findings/repo', '--root', 'fixtures/hygiene-findings/repo/..', '--no-color'], null);
    const narrow = await cli(['fixtures/hygiene-findings/repo', '--root', 'fixtures/hygiene-findings/repo/..', '--no-color'], { columns: 80 });
    expect(plain.out.split('\n').some((l) => l.length > 80)).toBe(true); // a pipe: long lines as they are
    const long = narrow.out.split('\n').filter((l) => l.length > 80 && !/^\s*\d+ \|/.test(l)); // code frames quote the file as is
    expect(long.filter((l) => l.trim().includes(' '))).toEqual([]);
    // The same locations, each whole, in the same order.
    expect(narrow.out.match(LOC)).toEqual(plain.out.match(LOC));
    expect(narrow.out.replace(/\s+/g, ' ')).toBe(plain.out.replace(/\s+/g, ' '));
  });

  it('TERM=dumb: no colour and no wrapping even on a terminal', async () => {
    const dumb = await cli(['examples/ci-host'], { columns: 60 }, { TERM: 'dumb' });
    const pipe = await cli(['examples/ci-host'], null, {});
    expect(dumb.out).not.toContain('\x1b[');
    expect(dumb.out).toBe(pipe.out);
    const colour = await cli(['examples/ci-host'], { columns: 200 }, { TERM: 'xterm-256color' });
    expect(colour.out).toContain('\x1b[');
  });

  it('--quiet reports errors only (and only they decide the exit code)', async () => {
    const all = await cli(['fixtures/hygiene-findings/repo', '-f', 'json'], null);
    const quiet = await cli(['fixtures/hygiene-findings/repo', '-f', 'json', '--quiet'], null);
    const severities = (o: string) => new Set((JSON.parse(o) as { diagnostics: { severity: string }[] }).diagnostics.map((d) => d.severity));
    expect([...severities(all.out)].sort()).not.toEqual(['error']);
    expect([...severities(quiet.out)].every((s) => s === 'error')).toBe(true);
    const warnOnly = await cli(['fixtures/hygiene-findings/repo', '--quiet', '--fail-on', 'warning', '--select', 'dangling-reference'], null);
    expect(warnOnly.code).toBe(0);
  });

  it('--statistics prints the count per rule instead of the findings', async () => {
    const r = await cli(['fixtures/hygiene-findings/repo', '--statistics'], null);
    const json = JSON.parse((await cli(['fixtures/hygiene-findings/repo', '-f', 'json'], null)).out) as { diagnostics: { rule: string }[] };
    const counts = new Map<string, number>();
    for (const d of json.diagnostics) counts.set(d.rule, (counts.get(d.rule) ?? 0) + 1);
    const rows = r.out.trim().split('\n').map((l) => l.trim().split(/\s+/));
    expect(new Map(rows.map((row) => [row[1]!, Number(row[0])]))).toEqual(counts);
    expect(rows.map((row) => Number(row[0]))).toEqual([...rows.map((row) => Number(row[0]))].sort((a, b) => b - a));
    expect(r.out).not.toContain('-->');
  });
});
