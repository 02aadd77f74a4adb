import { describe, expect, it } from 'vitest';
import { parseRouterRule, servedHosts, type RuleExpr } from '../src/parsers/stack/router-rule.js';

function hostsOf(rule: string): { hosts: [string, number, number][]; patterns: string[] } {
  const parsed = parseRouterRule(rule);
  if ('error' in parsed) throw new Error(parsed.error.message);
  const { hosts, patterns } = servedHosts(parsed.expr);
  return { hosts: hosts.map((h) => [h.value, h.start, h.end]), patterns: patterns.map((p) => p.value) };
}

function errorOf(rule: string): { message: string; offset: number } {
  const parsed = parseRouterRule(rule);
  if (!('error' in parsed)) throw new Error('parsed');
  return parsed.error;
}

describe('traefik router rules', () => {
  it('reads Host with one or several hosts, || and &&', () => {
    expect(hostsOf('Host(`a.org`)').hosts).toEqual([['a.org', 5, 12]]);
    expect(hostsOf('Host(`a.org`, `b.org`)').hosts).toEqual([['a.org', 5, 12], ['b.org', 14, 21]]);
    expect(hostsOf('Host(`a.org`) || Host(`b.org`) && PathPrefix(`/api`)').hosts.map((h) => h[0])).toEqual(['a.org', 'b.org']);
  });

  it('binds && tighter than || and honours parentheses', () => {
    const parsed = parseRouterRule('A(`1`) || B(`2`) && (C(`3`) || D(`4`))');
    if ('error' in parsed) throw new Error(parsed.error.message);
    const shape = (e: RuleExpr): unknown =>
      e.kind === 'matcher' ? e.name : e.kind === 'not' ? ['!', shape(e.expr)] : [e.kind, shape(e.left), shape(e.right)];
    expect(shape(parsed.expr)).toEqual(['or', 'A', ['and', 'B', ['or', 'C', 'D']]]);
  });

  it('leaves out negated hosts, keeps HostRegexp as a pattern and ignores other matchers', () => {
    const r = hostsOf('(Host("a.org") && !Host(`b.org`)) || HostRegexp(`^.+\\.c\\.org$`) || HostSNI(`d.org`) || PathPrefix(`/x`)');
    expect(r.hosts.map((h) => h[0])).toEqual(['a.org']);
    expect(r.patterns).toEqual(['^.+\\.c\\.org$']);
    expect(hostsOf('!(Host(`a.org`) || Host(`b.org`))').hosts).toEqual([]);
    expect(hostsOf('HostHeader(`v2.org`)').hosts.map((h) => h[0])).toEqual(['v2.org']);
  });

  it('says what it expected where a rule does not parse', () => {
    expect(errorOf('Host(`a.org`) &&')).toEqual({
      message: 'expected a matcher such as Host(`example.org`), `!` or `(`, found the end of the rule',
      offset: 16,
    });
    expect(errorOf('Host(`a.org`')).toEqual({ message: 'expected `,` or `)` in Host(), found the end of the rule', offset: 12 });
    expect(errorOf('Host(a.org)')).toEqual({ message: 'expected a quoted argument to Host(), found `a.org`', offset: 5 });
    expect(errorOf('Host(`a.org)')).toEqual({ message: 'unterminated string: expected a closing `', offset: 5 });
    expect(errorOf('Host(`a`) Host(`b`)')).toEqual({ message: 'expected end of rule (`&&`, `||` or nothing), found `Host`', offset: 10 });
    expect(errorOf('Host(`a`) | Host(`b`)').message).toBe('unexpected character `|`');
  });
});
