/**
 * Bounded work (issue 12): inputs built to blow up time or memory become one
 * finding in their file, and the spans of what is read stay exact.
 */
import { describe, expect, it } from 'vitest';
import { parseUnitFile, LONG_LINE_MAX } from '../src/parsers/systemd/unit-file.js';
import { splitWords } from '../src/systemd/words.js';
import { parseExecLine, MAX_EXEC_LINE } from '../src/parsers/shell/systemd-command-line.js';
import { positionIn, sourceTextAt } from '../src/model/span.js';
import { LineEntry } from '../src/model/unit-entry.js';
import { LARGE_RUN_BYTES, MAX_RUN_BYTES, ReadBudget } from '../src/discover/read.js';
import { MAX_ALIASES_FOLLOWED, MAX_NODES_EXPANDED, MAX_YAML_BYTES, YamlFile } from '../src/parsers/yaml/document.js';
import { parseStackFile } from '../src/parsers/stack/adapter.js';
import { parseSpecFile } from '../src/parsers/spec/adapter.js';
import { LineIndex } from '../src/parsers/line-index.js';
import { isScalar } from 'yaml';
import { lint } from '../src/lint.js';
import { tempRepo } from './helpers/temp-repo.js';
import { CYCLE } from './helpers/planted-cycle.js';

describe('bounded work', () => {
  it('a one-line assignment is one object whose value and spans are exact (a million lines must fit in memory)', () => {
    const text = '[Unit]\r\n  After =  a.service  b.service \nWants=c.service\\\n  d.service\n';
    const r = parseUnitFile(text, 'u.service');
    const [after, wants] = r.entries;
    expect(after).toBeInstanceOf(LineEntry);
    expect(after!.value).toBe(after); // the entry is its own value: no second object
    expect(after!.value.text).toBe('a.service  b.service');
    expect(after!.span).toEqual({ file: 'u.service', line: 2, column: 3, endLine: 2, endColumn: 33 });
    expect(positionIn(after!.value, 0)).toEqual({ line: 2, column: 12 });
    expect(splitWords(after!.value).map((w) => [w.value, w.span.column, w.span.endColumn])).toEqual([['a.service', 12, 21], ['b.service', 23, 32]]);
    expect(after!.value.segments).toEqual([{ offset: 0, line: 2, column: 12 }]);
    // A continued line keeps a segment per physical line.
    expect(wants).not.toBeInstanceOf(LineEntry);
    expect(splitWords(wants!.value).map((w) => [w.value, w.span.line, w.span.column])).toEqual([['c.service', 3, 7], ['d.service', 4, 3]]);
  });

  it('the read budget tells its owner once when a run passes LARGE_RUN_BYTES', () => {
    let told = 0;
    const budget = new ReadBudget(MAX_RUN_BYTES, () => told++);
    budget.spend(LARGE_RUN_BYTES);
    expect(told).toBe(0);
    budget.spend(1);
    budget.spend(LARGE_RUN_BYTES);
    expect(told).toBe(1);
    expect(budget.left).toBe(MAX_RUN_BYTES - 2 * LARGE_RUN_BYTES - 1);
  });

  it('a unit file line longer than systemd reads (1 MiB) is one parse error, not analysed', () => {
    const r = parseUnitFile(`[Service]\nExecStart=/bin/echo ${'x'.repeat(LONG_LINE_MAX)}\nType=oneshot\n`, 'u.service');
    expect(r.diagnostics.map((d) => [d.rule, d.severity, d.location.line])).toEqual([['parse-error', 'error', 2]]);
    expect(r.entries.map((e) => e.key)).toEqual(['Type']);
  });

  it('a command line as long as systemd reads is analysed, its words with exact spans and source ranges', () => {
    // Words are ranges of the line, not structures per character (a 7.9 MB line once took 1.9 GB).
    const n = 100_000;
    const text = `-/bin/echo ${Array.from({ length: n }, (_, i) => `w${i}`).join(' ')} "q\\x41 $$X" %%`;
    const r = parseExecLine(sourceTextAt('u.service', text, 3, 11));
    expect(r.diagnostics).toEqual([]);
    const argv = r.commands[0]!.argv;
    expect(argv).toHaveLength(n + 3);
    expect(argv[0]!.offsets[0]).toBe(1);
    const w = argv[n]!;
    expect(w.value).toBe(`w${n - 1}`);
    expect(w.span.column).toBe(11 + text.indexOf(` w${n - 1} `) + 1);
    const q = argv[n + 1]!;
    expect(q.value).toBe('qA $X');
    const at = text.indexOf('"q');
    // q, then \x41 (4 source characters), space, $$ (2), X: each character knows where it came from.
    expect(q.offsets).toEqual([at + 1, at + 2, at + 6, at + 7, at + 9]);
    expect(q.ends).toEqual([at + 2, at + 6, at + 7, at + 9, at + 10]);
    expect(argv[n + 2]!.value).toBe('%');
  });

  it('a command line longer than systemd reads (a Nix string) is one error, without its commands', () => {
    const r = parseExecLine(sourceTextAt('u.service', `/bin/echo ${'a '.repeat(MAX_EXEC_LINE / 2)}`, 3, 11));
    expect(r.commands).toEqual([]);
    expect(r.diagnostics.map((d) => [d.severity, d.location.line, d.location.column, d.message])).toEqual([
      ['error', 3, 11, expect.stringContaining('longer than systemd reads (1048576): systemd refuses the unit')],
    ]);
  });

  it('words of a long Environment= line keep exact spans (positions continue from the last word)', () => {
    const n = 20_000;
    const text = Array.from({ length: n }, (_, i) => `K${i}="v ${i}"`).join(' ');
    const words = splitWords(sourceTextAt('u.service', text, 7, 13));
    expect(words).toHaveLength(n);
    const last = words[n - 1]!;
    expect(last.value).toBe(`K${n - 1}=v ${n - 1}`);
    const start = text.lastIndexOf(' K') + 1;
    expect(last.span).toEqual({ file: 'u.service', line: 7, column: 13 + start, endLine: 7, endColumn: 13 + text.length });
    // Asked out of order, a position is still right.
    expect(splitWords(sourceTextAt('u.service', 'A=1 B=2', 1, 1)).map((w) => w.span.column)).toEqual([1, 5]);
  });

  it('aliases resolve through one anchor map: each to the last anchor of its name before it', () => {
    const n = 8000;
    const lines = ['x:', ...Array.from({ length: n }, (_, i) => `  a${i}: &a${i} v${i}`), '  d: &a0 redefined', 'env:', ...Array.from({ length: n }, (_, i) => `  K${i}: *a${i}`)];
    const y = new YamlFile(new LineIndex('s.yml', lines.join('\n')));
    const { doc, root } = y.roots()[0]!;
    const env = y.entries(y.entries(root, doc).find((e) => e.key === 'env')!.value, doc);
    expect(env).toHaveLength(n);
    const values = env.map((e) => (isScalar(e.value) ? e.value.value : null));
    expect(values[0]).toBe('redefined');
    expect(values[n - 1]).toBe(`v${n - 1}`);
    expect(y.diagnostics).toEqual([]);
  });

  it('a billion-laughs document stops at the node limit with a parse error; what is written after it is still read', () => {
    // The alias limit alone let this 4 KB file expand to 4 GB: 9 levels of 9 aliases over 1,000 scalars.
    const levels = [`a: &a [${Array(1000).fill('lol').join(', ')}]`];
    for (let i = 1; i < 9; i++) levels.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9).fill(`*${'abcdefghi'[i - 1]}`).join(', ')}]`);
    levels.push('z: [after, *a]');
    const text = levels.join('\n');
    const y = new YamlFile(new LineIndex('s.yml', text));
    const { doc, root } = y.roots()[0]!;
    let leaves = 0;
    const walk = (n: unknown): void => {
      const node = y.deref(n, doc);
      if (!node) return;
      if (isScalar(node)) leaves++;
      else for (const i of y.items(node, doc)) walk(i);
    };
    const top = y.entries(root, doc);
    walk(top.find((e) => e.key === 'i')!.value);
    expect(leaves).toBeLessThanOrEqual(MAX_NODES_EXPANDED + 4 * text.length);
    expect(y.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('nodes read with aliases expanded (an alias bomb?)')]);
    // Past the limit aliases are no longer followed, but the file's own nodes are.
    const after = y.items(top.find((e) => e.key === 'z')!.value, doc);
    expect(after.map((n) => (isScalar(n) ? n.value : null))).toEqual(['after']);
  });

  it('a stack file up to the YAML limit is read; one byte more is an error-level parse error, not parsed', () => {
    // Services of 64 bytes each, padded with a comment to an exact size; the last character is two bytes long.
    const stackOf = (bytes: number): string => {
      const head = 'services:\n';
      const svc = (i: number): string => `  s${String(i).padStart(7, '0')}:\n    image: nginx:1\n    ports: ["80:80"]\n`;
      const n = Math.floor((bytes - head.length - 10) / svc(0).length);
      const body = head + Array.from({ length: n }, (_, i) => svc(i)).join('');
      return `${body}#${'x'.repeat(bytes - Buffer.byteLength(body) - 4)}é\n`;
    };
    const at = stackOf(MAX_YAML_BYTES);
    expect(Buffer.byteLength(at)).toBe(MAX_YAML_BYTES);
    const read = parseStackFile('docker-stack.yml', at);
    expect(read.diagnostics).toEqual([]);
    const services = (read.facts[0] as { services: { name: string }[] }).services;
    expect(services.length).toBeGreaterThan(10_000);
    const over = parseStackFile('docker-stack.yml', stackOf(MAX_YAML_BYTES + 1));
    expect(over.diagnostics.map((d) => [d.rule, d.severity, d.location.line, d.message])).toEqual([
      ['parse-error', 'error', 1, `file is ${MAX_YAML_BYTES + 1} bytes, more than the ${MAX_YAML_BYTES}-byte limit for a YAML stack or spec file; not parsed`],
    ]);
    expect((over.facts[0] as { services: unknown[] }).services).toEqual([]);
  });

  it('a spec candidate past the YAML limit (a changelog naming a spec field) is an info, not an error', () => {
    const changelog = `- version: 1\n  body: "compose_file: stacks/api.yml"\n${'- note: padding text of a long changelog\n'.repeat(MAX_YAML_BYTES / 40)}`;
    const r = parseSpecFile('CHANGELOG.yml', changelog);
    expect(r.facts).toEqual([]);
    expect(r.diagnostics.map((d) => [d.rule, d.severity, d.location.line, d.message])).toEqual([
      ['parse-error', 'info', 1, expect.stringMatching(/^file is \d+ bytes, more than the 1048576-byte limit for a YAML stack or spec file; not read as a spec/)],
    ]);
  });

  it('a spec file past the YAML limit that a script or unit names is an error naming it; named by none, an info', async () => {
    const spec = `specs:\n  api:\n    compose_file: stacks/api.yml\n    health_url: https://api.example.org/healthz\n${'# padding of a large spec file\n'.repeat(MAX_YAML_BYTES / 30)}`;
    const findings = async (files: Record<string, string>) => {
      const r = await lint({ paths: ['.'], cwd: tempRepo({ ...CYCLE, 'deploy/specs.yml': spec, ...files }) });
      return r.diagnostics.filter((d) => d.location.file === 'deploy/specs.yml').map((d) => [d.rule, d.severity, d.message]);
    };
    const limit = `file is ${Buffer.byteLength(spec)} bytes, more than the ${MAX_YAML_BYTES}-byte limit for a YAML stack or spec file`;
    expect(await findings({ 'deploy/reconcile.py': 'import yaml\nSPECS = yaml.safe_load(open("deploy/specs.yml"))\n' })).toEqual([
      ['parse-error', 'error', `${limit}; not parsed, though deploy/reconcile.py names it: the specs it holds are not checked`],
    ]);
    expect(await findings({ 'units/reconcile.service': '[Service]\nExecStart=/usr/bin/python3 /opt/reconcile.py /opt/deploy/specs.yml\n' })).toEqual([
      ['parse-error', 'error', `${limit}; not parsed, though units/reconcile.service names it: the specs it holds are not checked`],
    ]);
    // A name that only contains it (`old-specs.yml`, `specs.yml.bak`) is another file.
    expect(await findings({ 'deploy/reconcile.py': 'import yaml\nSPECS = yaml.safe_load(open("old-specs.yml"))\nBACKUP = "specs.yml.bak"\n' })).toEqual([
      ['parse-error', 'info', `${limit}; not read as a spec (it names a spec field, but reconcile specs are a few kilobytes, and no script or unit names this file)`],
    ]);
  });

  it('past the alias limit, one parse error', () => {
    const n = MAX_ALIASES_FOLLOWED + 1;
    const y = new YamlFile(new LineIndex('s.yml', 'a: &a x\nb: *a\n'));
    const { doc, root } = y.roots()[0]!;
    const alias = y.docs[0]!.getIn(['b'], true);
    for (let i = 0; i < n; i++) y.deref(alias, doc);
    expect(y.entries(root, doc).find((e) => e.key === 'b')!.value).toBeNull();
    expect(y.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('aliases followed (an alias bomb?)')]);
  });
});
