import { describe, expect, it } from 'vitest';
import { parseUnitFile } from '../src/parsers/systemd/unit-file.js';
import { splitWords } from '../src/systemd/words.js';
import { expandSpecifiers } from '../src/systemd/specifiers.js';
import { parseUnitName, templateOf } from '../src/systemd/names.js';
import { parseTimespan, parseTimeout } from '../src/systemd/timespan.js';
import { applicableDropIns, resolveDirectives } from '../src/graph/build/units.js';
import type { DropInFact } from '../src/model/facts.js';

const entry = (text: string, i = 0) => parseUnitFile(text, 'x.service').entries[i]!;

describe('unit file syntax (systemd.syntax(7))', () => {
  it('reads sections, keys and values with exact spans', () => {
    const p = parseUnitFile('[Unit]\nDescription = hello world \n\n[Service]\nExecStart=/bin/true\n', 'u.service');
    expect(p.sections).toEqual([{ name: 'Unit', line: 1 }, { name: 'Service', line: 4 }]);
    expect(p.entries.map((e) => [e.section, e.key, e.value.text])).toEqual([
      ['Unit', 'Description', 'hello world'],
      ['Service', 'ExecStart', '/bin/true'],
    ]);
    expect(p.entries[0]!.span).toEqual({ file: 'u.service', line: 2, column: 1, endLine: 2, endColumn: 27 });
    expect(p.entries[0]!.value.segments[0]).toEqual({ offset: 0, line: 2, column: 15 });
  });

  it('skips # and ; comments and keeps them for suppressions', () => {
    const p = parseUnitFile('# top\n[Unit]\n; semi\n  # indented\nAfter=a.service\n', 'u.service');
    expect(p.entries).toHaveLength(1);
    expect(p.comments.map((c) => c.line)).toEqual([1, 3, 4]);
  });

  it('joins backslash continuations, skipping comment lines inside them', () => {
    const p = parseUnitFile('[Unit]\nAfter=a.service \\\n# not part of it\n; nor this\n  b.service\n', 'u.service');
    const e = p.entries[0]!;
    expect(e.value.text).toBe('a.service   b.service');
    expect(e.span).toEqual({ file: 'u.service', line: 2, column: 1, endLine: 5, endColumn: 12 });
    const words = splitWords(e.value);
    expect(words.map((w) => w.value)).toEqual(['a.service', 'b.service']);
    expect(words[1]!.span).toMatchObject({ line: 5, column: 3, endLine: 5, endColumn: 12 });
  });

  it('keeps repeated keys in order and an empty assignment as a reset of a list', () => {
    const p = parseUnitFile('[Service]\nExecStartPre=/bin/a\nExecStartPre=/bin/b\nExecStartPre=\nExecStartPre=/bin/c\n', 'u.service');
    const resolved = resolveDirectives(p.entries, false).get('Service.ExecStartPre')!;
    expect(resolved.map((e) => e.value.text)).toEqual(['/bin/c']);
  });

  it('does not reset dependencies on an empty assignment (systemd.unit(5))', () => {
    const p = parseUnitFile('[Unit]\nAfter=a.service\nAfter=\nAfter=c.service\n', 'u.service');
    const resolved = resolveDirectives(p.entries, false).get('Unit.After')!;
    expect(resolved.map((e) => e.value.text)).toEqual(['a.service', 'c.service']);
  });

  it('splits whitespace-separated lists, honouring quotes and escapes', () => {
    const e = entry('[Service]\nEnvironment="A=1 2" B=3 C=a\\ b\n');
    expect(splitWords(e.value).map((w) => w.value)).toEqual(['A=1 2', 'B=3', 'C=a b']);
  });

  it('reports a key outside any section, a missing = and a bad header, and keeps going', () => {
    const p = parseUnitFile('After=a.service\n[Unit\n[Unit]\nnonsense\nAfter=b.service\n', 'u.service');
    expect(p.diagnostics.map((d) => [d.location.line, d.message])).toEqual([
      [1, "assignment 'After=' outside of any section; expected a [Section] header before it"],
      [2, "invalid section header: expected ']' at the end of '[Unit'"],
      [4, "expected 'Key=Value', found 'nonsense' (missing '=')"],
    ]);
    expect(p.entries.map((e) => e.value.text)).toEqual(['b.service']);
  });

  it('reads a continued assignment across its lines: the key, the value, a missing =, the span of every line', () => {
    const p = parseUnitFile('[Service]\n  Exec Start = /bin/echo \\\n  a\nnonsense \\\n  more\n', 'u.service');
    expect(p.entries.map((e) => [e.key, e.value.text])).toEqual([['Exec Start', '/bin/echo   a']]);
    expect(p.entries[0]!.span).toEqual({ file: 'u.service', line: 2, column: 3, endLine: 3, endColumn: 4 });
    expect(p.diagnostics.map((d) => [d.location.line, d.location.endLine, d.message])).toEqual([[4, 5, "expected 'Key=Value', found 'nonsense ' (missing '=')"]]);
  });

  it('reports a continuation at end of file but keeps the value', () => {
    const p = parseUnitFile('[Unit]\nAfter=a.service \\', 'u.service');
    expect(p.diagnostics).toHaveLength(1);
    expect(p.diagnostics[0]!.severity).toBe('warning');
    expect(p.entries[0]!.value.text).toBe('a.service');
  });

  it('handles CRLF line endings', () => {
    const p = parseUnitFile('[Unit]\r\nAfter=a.service\r\n', 'u.service');
    expect(p.entries[0]!.value.text).toBe('a.service');
  });
});

describe('unit names, templates and specifiers', () => {
  it('parses names', () => {
    expect(parseUnitName('a@x.service')).toMatchObject({ type: 'service', prefix: 'a', instance: 'x', stem: 'a@x' });
    expect(parseUnitName('a@.service')).toMatchObject({ instance: '' });
    expect(parseUnitName('foo.bar')).toBeNull();
    expect(templateOf('getty@tty1.service')).toBe('getty@.service');
    expect(templateOf('getty.service')).toBeNull();
  });

  it('expands %n %N %p %i %I %j and leaves unknown ones', () => {
    const v = expandSpecifiers('%n|%N|%p|%i|%I|%j|%%|%H', 'web-app@srv-data.service');
    expect(v).toBe('web-app@srv-data.service|web-app@srv-data|web-app|srv-data|srv/data|app|%|%H');
  });
});

describe('time spans (systemd.time(7))', () => {
  it.each([
    ['90', 90], ['1min 30s', 90], ['12min', 720], ['2h', 7200], ['1h30min', 5400], ['500ms', 0.5], ['1 d', 86400], ['15min', 900],
  ])('%s = %d s', (text, sec) => expect(parseTimespan(text)).toBe(sec));
  it('infinity is null, garbage is undefined, a 0 timeout means none', () => {
    expect(parseTimespan('infinity')).toBeNull();
    expect(parseTimespan('banana')).toBeUndefined();
    expect(parseTimeout('0')).toBeNull();
  });
});

describe('drop-ins', () => {
  const d = (target: string, name: string): DropInFact => ({ kind: 'dropin', target, name, span: { file: `${target}.d/${name}`, line: 1, column: 1, endLine: 1, endColumn: 1 }, entries: [] });
  it('apply in lexical file-name order across type-level, prefix, template and unit folders', () => {
    const all = [d('foo-bar@x.service', '30-unit.conf'), d('service', '10-type.conf'), d('foo-.service', '20-prefix.conf'), d('foo-bar@.service', '25-tpl.conf'), d('other.service', '00-no.conf')];
    expect(applicableDropIns('foo-bar@x.service', all).map((x) => x.name)).toEqual(['10-type.conf', '20-prefix.conf', '25-tpl.conf', '30-unit.conf']);
  });
  it('the most specific folder wins for the same file name', () => {
    const all = [d('service', 'override.conf'), d('a.service', 'override.conf')];
    expect(applicableDropIns('a.service', all).map((x) => x.target)).toEqual(['a.service']);
  });
});
