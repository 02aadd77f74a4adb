/**
 * Smoke test over this machine's vendor unit folder (/usr/lib/systemd/system,
 * whatever packages are installed): deploy-lint reads all of it without an
 * exception and without a parse error, classifies every entry the way systemd
 * does, finds no ordering cycle where `systemd-analyze verify` finds none, and
 * builds, for every unit systemd loads from it, the same ordering and pull-in
 * edges as systemd's own dependency dump (test/helpers/unit-gen.ts
 * compareDependencies, with two documented allowances for what is not the
 * folder's business: units only deploy-lint's stock catalog knows, and
 * [Install] lines nobody enabled with a link here).
 */
import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lint, type LintResult } from '../src/lint.js';
import { compareDependencies, parseDependencyDump, parseVerifyOutput, runVerify } from './helpers/unit-gen.js';

const DIR = '/usr/lib/systemd/system';
const UNIT = /\.(service|socket|timer|target|path|mount|automount|slice|swap)$/;

interface Entry {
  name: string;
  /** Relative to DIR. */
  path: string;
  kind: 'unit' | 'alias' | 'masked' | 'unit-link' | 'dropin';
}

/** What systemd makes of the folder: unit files, alias and mask symlinks, .wants/ links, drop-ins. */
function vendorEntries(): Entry[] {
  const out: Entry[] = [];
  for (const name of readdirSync(DIR).sort()) {
    const abs = join(DIR, name);
    const st = lstatSync(abs);
    if (st.isDirectory()) {
      for (const inner of readdirSync(abs).sort()) {
        if (/\.(wants|requires|upholds)$/.test(name) && UNIT.test(inner)) out.push({ name: inner, path: `${name}/${inner}`, kind: 'unit-link' });
        else if (name.endsWith('.d') && inner.endsWith('.conf')) out.push({ name: inner, path: `${name}/${inner}`, kind: 'dropin' });
      }
      continue;
    }
    if (!UNIT.test(name)) continue;
    const link = st.isSymbolicLink() ? readlinkSync(abs) : null;
    const kind = link === '/dev/null' ? 'masked' : link && !link.endsWith(`/${name}`) && link !== name ? 'alias' : 'unit';
    out.push({ name, path: name, kind });
  }
  return out;
}

describe(`lint over ${DIR}`, () => {
  let result: LintResult;
  let entries: Entry[];
  beforeAll(async () => {
    entries = vendorEntries();
    result = await lint({ paths: ['.'], cwd: DIR });
  });

  it('discovers every unit file, link and drop-in, as systemd classifies them', () => {
    const kinds = new Map(result.files.map((f) => [f.path, f.kind]));
    expect(entries.filter((e) => e.kind === 'unit').length).toBeGreaterThan(50);
    const wrong = entries
      .map((e) => ({ path: e.path, want: e.kind === 'alias' || e.kind === 'masked' ? 'unit' : e.kind, got: kinds.get(e.path) }))
      .filter((x) => x.want !== x.got);
    expect(wrong).toEqual([]);
  });

  it('reports no parse-error or unreadable-file on any file (systemd loads all of them)', () => {
    const bad = result.diagnostics.filter((d) => d.rule === 'parse-error' || d.rule === 'unreadable-file');
    expect(bad.map((d) => `${d.location.file}:${d.location.line}: ${d.rule}: ${d.message}`)).toEqual([]);
  });

  it('agrees with systemd-analyze verify: no ordering cycle, and the same dependencies for every unit systemd loads', async () => {
    // Templates cannot be verified by file; masked units and alias links are not units of their own.
    const named = entries.filter((e) => e.kind === 'unit' && !e.name.includes('@.')).map((e) => join(DIR, e.name));
    const [plain, dumped] = await Promise.all([
      runVerify(DIR, [...named, 'multi-user.target'], { unitDirs: [], vendorDir: DIR }),
      runVerify(DIR, named, { unitDirs: [], vendorDir: DIR, dump: true }),
    ]);
    const sys = parseVerifyOutput(plain);
    expect(sys.chains).toEqual([]);
    expect(result.diagnostics.filter((d) => d.rule === 'ordering-cycle').map((d) => d.message)).toEqual([]);
    // What systemd complains about here is about the machine, not the syntax: masked or
    // missing units and executables. A line with a file:line: prefix would be a parse complaint.
    const syntax = sys.unexpected.filter((l) => /^\/\S+:\d+: /.test(l) && !/Failed to parse system call/.test(l));
    expect(syntax).toEqual([]);

    const dump = parseDependencyDump(dumped);
    expect(dump.size).toBe(named.length);
    const graph = result.graphs[0]!;
    const edges = compareDependencies(graph, dump, { onlyLoaded: true, installTextIsNotEnabled: true });
    console.log(`stock units: ${result.files.length} files, ${dump.size} units dumped by systemd, ${edges.compared} ordering and pull-in edges compared`);
    expect(edges.problems).toEqual([]);
    expect(edges.compared).toBeGreaterThan(dump.size);
  });
});
