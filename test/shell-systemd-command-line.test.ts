import { describe, expect, it } from 'vitest';
import { parseExecLine, unescapeUnitName, unitSpecifiers } from '../src/parsers/shell/systemd-command-line.js';
import { at, execValue } from './helpers/shell.js';

const argv = (text: string, unitName?: string) =>
  parseExecLine(execValue(text), unitName === undefined ? {} : { unitName }).commands.map((c) => c.argv.map((w) => w.value));

describe('systemd command lines: words and quoting', () => {
  it('splits at whitespace and keeps shell syntax as ordinary characters', () => {
    expect(argv('/bin/echo / >/dev/null & \\; ls')).toEqual([['/bin/echo', '/', '>/dev/null', '&', ';', 'ls']]);
  });

  it('removes double and single quotes, also in the middle of a word', () => {
    expect(argv(`/bin/prog "two words" 'single quoted' --opt="a b" mixed"x"'y'`)).toEqual([
      ['/bin/prog', 'two words', 'single quoted', '--opt=a b', 'mixedxy'],
    ]);
  });

  it('decodes C escapes inside and outside quotes', () => {
    expect(argv('/bin/p a\\sb "q\\"uote" \'it\\\'s\' \\x41\\101\\u00e9 tab\\t\\\\')).toEqual([
      ['/bin/p', 'a b', 'q"uote', "it's", 'AAé', 'tab\t\\'],
    ]);
  });

  it('keeps unknown escapes as written (systemd warns and accepts them)', () => {
    expect(argv('/bin/p \\q')).toEqual([['/bin/p', '\\q']]);
  });

  it('separates commands at a lone ";" word, not at "\\;" or a quoted ";"', () => {
    expect(argv('echo one ; echo "two two"')).toEqual([['echo', 'one'], ['echo', 'two two']]);
    expect(argv('find . -exec rm {} \\; ";" x;')).toEqual([['find', '.', '-exec', 'rm', '{}', ';', ';', 'x;']]);
  });

  it('keeps $VAR and ${VAR} as written, marks them non-literal, and turns $$ into $', () => {
    const [cmd] = parseExecLine(execValue('/bin/p $HOST ${PORT}x $$HOME plain')).commands;
    expect(cmd!.argv.map((w) => [w.value, w.literal])).toEqual([
      ['/bin/p', true], ['$HOST', false], ['${PORT}x', false], ['$HOME', true], ['plain', true],
    ]);
  });

  it('with the ":" prefix leaves $$ alone (no environment substitution at all)', () => {
    expect(argv(':/bin/p $$X')).toEqual([['/bin/p', '$$X']]);
  });

  it('reports an unterminated quote at the quote', () => {
    const r = parseExecLine(execValue('/bin/sh -c "echo hi'));
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.rule).toBe('parse-error');
    expect(r.diagnostics[0]!.message).toContain('unterminated double quote');
    expect(at(r.diagnostics[0]!.location)).toBe('1:22-1:23');
    expect(r.commands[0]!.argv.map((w) => w.value)).toEqual(['/bin/sh', '-c', 'echo hi']);
  });

  it('gives each word its span in the file, quotes included', () => {
    const [cmd] = parseExecLine(execValue(`/usr/bin/python3  "/srv/deploy/x.py" 'traefik'`, 7, 11)).commands;
    expect(cmd!.argv.map((w) => at(w.span))).toEqual(['7:11-7:27', '7:29-7:47', '7:48-7:57']);
    expect(at(cmd!.span)).toBe('7:11-7:57');
  });
});

describe('systemd command lines: prefixes', () => {
  it('strips every prefix combination the man page allows, in any order', () => {
    for (const [line, prefixes] of [
      ['-/bin/true', ['-']],
      ['@/bin/true', ['@']],
      [':/bin/true', [':']],
      ['+/bin/true', ['+']],
      ['!/bin/true', ['!']],
      ['!!/bin/true', ['!!']],
      ['-:+/bin/true', ['-', ':', '+']],
      ['+-/bin/true', ['+', '-']],
      ['@-!!/bin/true', ['@', '-', '!!']],
    ] as const) {
      const [cmd] = parseExecLine(execValue(line)).commands;
      expect(cmd!.prefixes, line).toEqual(prefixes);
      expect(cmd!.argv[0]!.value, line).toBe('/bin/true');
    }
  });

  it('points the program span past the prefixes', () => {
    const [cmd] = parseExecLine(execValue('-+/srv/deploy.sh now')).commands;
    expect(at(cmd!.argv[0]!.span)).toBe('1:11-1:27');
    expect(cmd!.argv[0]!.offsets[0]).toBe(2);
  });

  it('with "@" takes the second word as argv[0] and runs the first', () => {
    const [cmd] = parseExecLine(execValue('@/usr/bin/python3 my-name /srv/x.py a')).commands;
    expect(cmd!.argv.map((w) => w.value)).toEqual(['/usr/bin/python3', '/srv/x.py', 'a']);
    expect(cmd!.argv0?.value).toBe('my-name');
  });

  it('rejects two privilege prefixes', () => {
    const r = parseExecLine(execValue('+!/bin/true'));
    expect(r.diagnostics.map((d) => d.message)).toEqual(['only one of the prefixes "+", "!", "!!" may be used (found "+", "!")']);
  });

  it('rejects prefixes without a program', () => {
    const r = parseExecLine(execValue('- x'));
    expect(r.commands).toEqual([]);
    expect(r.diagnostics[0]!.message).toBe('command line has prefixes but no program');
  });
});

describe('systemd command lines: specifiers', () => {
  it('expands unit-name specifiers for an instance', () => {
    expect(argv('/bin/p %n %N %p %i %I %j %%i 100%%', 'deploy-stack@srv-web.service')).toEqual([
      ['/bin/p', 'deploy-stack@srv-web.service', 'deploy-stack@srv-web', 'deploy-stack', 'srv-web', 'srv/web', 'stack', '%i', '100%'],
    ]);
  });

  it('expands specifiers for a plain unit, where %i is empty', () => {
    expect(argv('/bin/p %n %N %p %i %j', 'deploy-proxy.service')).toEqual([
      ['/bin/p', 'deploy-proxy.service', 'deploy-proxy', 'deploy-proxy', '', 'proxy'],
    ]);
  });

  it('without a unit name keeps specifiers as written, except %%', () => {
    expect(argv('/bin/p %n %i %% %h')).toEqual([['/bin/p', '%n', '%i', '%', '%h']]);
  });

  it('leaves specifiers systemd fills from the host (%h, %t, %H) alone', () => {
    expect(argv('/bin/p %h/%t %H', 'a.service')).toEqual([['/bin/p', '%h/%t', '%H']]);
  });

  it('unescapes like systemd-escape --unescape', () => {
    expect(unescapeUnitName('srv-data\\x2dold-x')).toBe('srv/data-old/x');
    expect(unitSpecifiers('a-b-c@x.timer').get('J')).toBe('c');
  });
});
