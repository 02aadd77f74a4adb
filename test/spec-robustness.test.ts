/**
 * Adapters never throw and never point outside the file, whatever the input:
 * token soups in each format's vocabulary reach the odd corners (unterminated
 * strings, stray brackets, half-written rules) that hand-written cases miss.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import type { ParseOutput } from '../src/parsers/adapter.js';
import { parsePythonSource } from '../src/parsers/python/adapter.js';
import { createPythonParser } from '../src/parsers/python/grammar.js';
import { parseSpecFile } from '../src/parsers/spec/adapter.js';
import { parseStackFile } from '../src/parsers/stack/adapter.js';
import type { Span } from '../src/model/span.js';

function soup(tokens: string[]): fc.Arbitrary<string> {
  return fc.array(fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 4 })), { maxLength: 60 }).map((t) => t.join(''));
}

function spansOf(value: unknown, out: Span[] = []): Span[] {
  if (Array.isArray(value)) for (const v of value) spansOf(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.file === 'string' && typeof o.line === 'number' && typeof o.endColumn === 'number') out.push(o as unknown as Span);
    else for (const v of Object.values(o)) spansOf(v, out);
  }
  return out;
}

function checkSpans(out: ParseOutput, text: string): void {
  // The adapters turn exceptions into "internal error" diagnostics; none may happen.
  expect(out.diagnostics.filter((d) => d.message.includes('internal error'))).toEqual([]);
  const lines = text.split('\n');
  for (const s of spansOf(out)) {
    expect(s.line).toBeGreaterThanOrEqual(1);
    expect(s.endLine).toBeGreaterThanOrEqual(s.line);
    expect(s.endLine).toBeLessThanOrEqual(lines.length);
    expect(s.column).toBeGreaterThanOrEqual(1);
    expect(s.column).toBeLessThanOrEqual(lines[s.line - 1]!.length + 1);
    expect(s.endColumn).toBeLessThanOrEqual(lines[s.endLine - 1]!.length + 1);
    if (s.endLine === s.line) expect(s.endColumn).toBeGreaterThanOrEqual(s.column);
  }
}

let parser: Parser;
beforeAll(async () => {
  parser = await createPythonParser();
});

describe('robustness', () => {
  it('Python', () => {
    const tokens = ['SPECS = {', '}', '"traefik": ', 'Spec(', ')', 'health_domain=', '"ci.x"', "f'{D}'", 'D = "a"\n', ',', '\n', '    ', 'class A:\n', 'x = 1\n', '@dataclass\n', 'def f(timeout=9):', 'sys.argv[1]', '[', ']', '**', '15 * 60', '(', '"""', '\\'];
    fc.assert(
      fc.property(soup(tokens), (text) => {
        const out = parsePythonSource(parser, 'a.py', text);
        checkSpans(out, text);
      }),
      { numRuns: 300 },
    );
  });

  it('YAML, JSON and TOML specs', () => {
    const tokens = ['traefik:', '\n', '  ', 'health_domain: ', 'ci.x', '"', "'", '[', ']', '{', '}', ',', '- ', 'specs:', 'name: a', '&a ', '*a', '<<: ', '#', '=', 'timeout = ', '[[specs]]', '"""', 'x.y = 1'];
    fc.assert(
      fc.property(soup(tokens), fc.constantFrom('s.yaml', 's.json', 's.toml'), (text, file) => {
        checkSpans(parseSpecFile(file, text), text);
      }),
      { numRuns: 400 },
    );
  });

  it('stacks', () => {
    const tokens = ['services:\n', '  a:\n', '    labels:\n', '      - "', 'traefik.http.routers.r.rule=', 'Host(`a.x`)', ' || ', ' && ', '!', '(', ')', '`', '"', '\\"', '\n', 'networks:\n', '  n:\n', '    ipam: {config: [{subnet: 10.0.0.0/8}]}\n', '    external: {name: x}\n', 'ports: [80, {target: 1}]\n', '      traefik.http.routers.m.rule: ', '<<: *x\n', '&x '];
    fc.assert(
      fc.property(soup(tokens), (text) => {
        checkSpans(parseStackFile('s.yml', text), text);
      }),
      { numRuns: 400 },
    );
  });
});
