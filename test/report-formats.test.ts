/**
 * The text and XML formats on the deadlock fixture and on hand-made findings
 * with awkward characters: concise, json-lines, GitHub annotations (order and
 * escaping), GitLab Code Quality (unique fingerprints), JUnit, Checkstyle.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import type { Diagnostic } from '../src/model/diagnostic.js';
import { span } from '../src/model/span.js';
import { REPORTERS } from '../src/report/index.js';
import type { ReportInput } from '../src/report/reporter.js';
import { diagnosticSchema } from '../src/report/json-schema.js';
import { escapeData, escapeProperty } from '../src/report/github.js';
import { FIXTURES_DIR } from './helpers/fixtures.js';

/** Just enough of an XML well-formedness check for our two formats (no XML parser among the dependencies). */
function XMLValidator(xml: string): true | string {
  const body = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  const badEntity = /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w.:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  const stack: string[] = [];
  let roots = 0;
  while (token.lastIndex < body.length) {
    const at = token.lastIndex;
    const m = token.exec(body);
    if (!m) return `unexpected markup at ${at}: ${body.slice(at, at + 40)}`;
    const [, close, name, attrs, selfClose, text] = m;
    if (text !== undefined) {
      if (badEntity.test(text)) return `bad entity in text at ${at}`;
      if (stack.length === 0 && text.trim()) return `text outside the root at ${at}`;
      continue;
    }
    if (badEntity.test(attrs ?? '')) return `bad entity in attributes of <${name}>`;
    if (close) {
      if (stack.pop() !== name) return `</${name}> does not close the open element`;
    } else {
      if (stack.length === 0) roots++;
      if (!selfClose) stack.push(name!);
    }
  }
  return stack.length === 0 && roots === 1 ? true : `unclosed ${stack.join(', ')} or ${roots} roots`;
}

let deadlock: Diagnostic[] = [];
beforeAll(async () => {
  deadlock = (await lint({ paths: ['.'], cwd: join(FIXTURES_DIR, 'deadlock-unit-files', 'repo') })).diagnostics;
});

function render(format: string, diagnostics: readonly Diagnostic[], extra: Partial<ReportInput> = {}): string {
  return REPORTERS[format]!({ diagnostics, fileCount: 3, toolVersion: '0.1.0', sourceLine: () => undefined, color: false, ...extra });
}

const awkward: Diagnostic = {
  rule: 'ordering-cycle',
  severity: 'warning',
  message: 'a: b, 100% <x> & "y"\nnext line',
  subject: 'a.service',
  location: span('dir, with: comma/a.service', 2, 3, 2, 9),
  path: [],
  effect: null,
  fixes: [],
  docs: 'deploy-lint explain ordering-cycle',
};
const info: Diagnostic = { ...awkward, severity: 'info', message: 'note', location: span('b.service', 1, 1, 3, 2) };
const error: Diagnostic = { ...awkward, severity: 'error', message: 'bad', location: span('c.service', 5, 1, 5, 4) };

describe('concise and json-lines', () => {
  it('concise is one line per finding', () => {
    const out = render('concise', deadlock).trimEnd().split('\n');
    expect(out).toHaveLength(deadlock.length + 1);
    expect(out[0]).toBe(
      'scripts/warm_reconcile.py:18:61: error [health-gate-deadlock] deploy-proxy.service waits on ci.commoninternet.net, which is served only by a unit ordered after it',
    );
  });

  it('json-lines: each line is one diagnostic of the JSON schema', () => {
    const lines = render('json-lines', deadlock).trimEnd().split('\n');
    expect(lines).toHaveLength(deadlock.length);
    lines.forEach((l, i) => expect(diagnosticSchema.parse(JSON.parse(l))).toEqual(deadlock[i]));
    expect(render('json-lines', [])).toBe('');
  });
});

describe('github', () => {
  it('escapes data and properties as the Actions toolkit does', () => {
    expect(escapeData('100%\r\nx: y, z')).toBe('100%25%0D%0Ax: y, z');
    expect(escapeProperty('dir, with: comma/a%')).toBe('dir%2C with%3A comma/a%25');
  });

  it('errors first, then warnings, then notices; columns only for one-line ranges', () => {
    const lines = render('github', [awkward, info, error]).trimEnd().split('\n');
    expect(lines[0]).toBe('::error file=c.service,line=5,endLine=5,col=1,endColumn=4,title=deploy-lint ordering-cycle::bad%0A  docs: deploy-lint explain ordering-cycle');
    expect(lines[1]).toBe(
      '::warning file=dir%2C with%3A comma/a.service,line=2,endLine=2,col=3,endColumn=9,title=deploy-lint ordering-cycle::a: b, 100%25 <x> & "y"%0Anext line%0A  docs: deploy-lint explain ordering-cycle',
    );
    expect(lines[2]).toMatch(/^::notice file=b\.service,line=1,endLine=3,title=/);
    expect(lines[3]).toBe('deploy-lint: 1 error, 1 warning, 1 info in 3 files');
  });

  it('a path finding carries its steps in the annotation', () => {
    const line = render('github', deadlock).split('\n')[0]!;
    expect(line).toMatch(/^::error file=scripts\/warm_reconcile\.py,line=18,endLine=18,col=61,endColumn=84,title=deploy-lint health-gate-deadlock::/);
    expect(line).toContain('%0A  units/deploy-dashboard.service:3:7 deploy-dashboard.service has After=deploy-proxy.service');
    expect(line).not.toMatch(/\n./);
  });
});

describe('gitlab', () => {
  it('Code Quality issues with unique, stable fingerprints', () => {
    const twice = [awkward, { ...awkward, location: span('dir, with: comma/a.service', 9, 1) }];
    const issues = JSON.parse(render('gitlab', [...deadlock, ...twice])) as { fingerprint: string; severity: string; check_name: string; location: { path: string; lines: { begin: number } } }[];
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    expect(issues[0]).toMatchObject({ check_name: 'health-gate-deadlock', severity: 'major', location: { path: 'scripts/warm_reconcile.py', lines: { begin: 18 } } });
    expect(render('gitlab', deadlock)).toBe(render('gitlab', deadlock));
  });
});

describe('XML formats', () => {
  it('junit: a testcase per rule and file, passing rules listed, well-formed with awkward text', () => {
    expect(XMLValidator('<a><b></a>')).not.toBe(true); // the checker itself rejects what it should
    expect(XMLValidator('<a x="1 & 2"/>')).not.toBe(true);
    const xml = render('junit', [awkward, error, ...deadlock], { rules: ['health-gate-deadlock', 'ordering-cycle', 'parse-error'], failOn: 'warning' });
    expect(XMLValidator(xml)).toBe(true);
    expect(xml).toContain('<testcase classname="dir, with: comma/a.service" name="ordering-cycle">');
    expect(xml).toContain('<failure type="warning" message="a: b, 100% &lt;x&gt; &amp; &quot;y&quot;&#10;next line">');
    expect(xml).toContain('<testcase classname="deploy-lint" name="parse-error"/>');
    const failures = xml.match(/<failure /g)!.length;
    expect(xml).toMatch(new RegExp(`<testsuites name="deploy-lint" tests="${failures + 1}" failures="${failures}"`));
  });

  it('checkstyle: one <file> per file, sorted', () => {
    const xml = render('checkstyle', [error, awkward]);
    expect(XMLValidator(xml)).toBe(true);
    const files = [...xml.matchAll(/<file name="([^"]*)"/g)].map((m) => m[1]);
    expect(files).toEqual(['c.service', 'dir, with: comma/a.service']);
    expect(xml).toContain('<error line="2" column="3" severity="warning" message="a: b, 100% &lt;x&gt; &amp; &quot;y&quot;&#10;next line" source="deploy-lint.ordering-cycle"/>');
  });
});
