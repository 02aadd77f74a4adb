/**
 * JUnit XML for CI test-report views, valid against the strict schemas CI
 * servers check (Jenkins JUnit plugin's jenkins-junit.xsd, xUnit plugin's
 * junit-10.xsd; test/report-junit-xsd.test.ts): one testcase per rule and
 * file, the file in `classname` (neither schema allows a `file` attribute).
 * A testcase fails when a finding in it is at least as severe as --fail-on
 * (default error), as the exit code does; findings below that are printed in
 * the passing testcase's system-out. A rule that ran without findings is one
 * passing testcase.
 */
import { SEVERITY_RANK, type Diagnostic } from '../model/diagnostic.js';
import { formatSpan } from '../model/span.js';
import type { Reporter } from './reporter.js';
import { detailLines, plural } from './text.js';
import { xmlAttr, xmlEscape } from './xml.js';

const describe = (list: readonly Diagnostic[]): string => list.map((d) => [`${formatSpan(d.location)}: ${d.severity}`, ...detailLines(d)].join('\n')).join('\n\n');

export const junitReporter: Reporter = (input) => {
  const threshold = SEVERITY_RANK[input.failOn ?? 'error'];
  const cases = new Map<string, Diagnostic[]>(); // `${rule}\0${file}` → findings
  for (const d of input.diagnostics) {
    const key = `${d.rule}\0${d.location.file}`;
    cases.set(key, [...(cases.get(key) ?? []), d]);
  }
  const withFindings = new Set(input.diagnostics.map((d) => d.rule));
  const clean = [...new Set(input.rules ?? [])].filter((r) => !withFindings.has(r)).sort();

  const body: string[] = [];
  let failures = 0;
  for (const key of [...cases.keys()].sort()) {
    const [rule, file] = key.split('\0') as [string, string];
    const list = cases.get(key)!;
    const failing = list.filter((d) => SEVERITY_RANK[d.severity] <= threshold);
    body.push(`    <testcase classname="${xmlAttr(file)}" name="${xmlAttr(rule)}">`);
    if (failing.length) {
      failures++;
      const first = failing[0]!;
      const message = failing.length === 1 ? first.message : `${plural(failing.length, 'finding')}; first: ${first.message}`;
      body.push(`      <failure type="${first.severity}" message="${xmlAttr(message)}">${xmlEscape(describe(failing))}</failure>`);
    }
    const below = list.filter((d) => !failing.includes(d));
    if (below.length) body.push(`      <system-out>${xmlEscape(describe(below))}</system-out>`);
    body.push('    </testcase>');
  }
  for (const rule of clean) body.push(`    <testcase classname="deploy-lint" name="${xmlAttr(rule)}"/>`);

  const counts = `tests="${cases.size + clean.length}" failures="${failures}" errors="0"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="deploy-lint" ${counts}>`,
    `  <testsuite name="deploy-lint" ${counts} skipped="0">`,
    ...body,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
};
