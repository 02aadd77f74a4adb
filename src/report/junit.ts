/**
 * JUnit XML for CI test-report views: one testcase per rule and file. A
 * testcase with findings fails (every finding of that rule in that file is in
 * its body); a rule that ran without findings is one passing testcase.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { formatSpan } from '../model/span.js';
import type { Reporter } from './reporter.js';
import { detailLines, plural } from './text.js';
import { xmlAttr, xmlEscape } from './xml.js';

export const junitReporter: Reporter = (input) => {
  const cases = new Map<string, Diagnostic[]>(); // `${rule}\0${file}` → findings
  for (const d of input.diagnostics) {
    const key = `${d.rule}\0${d.location.file}`;
    cases.set(key, [...(cases.get(key) ?? []), d]);
  }
  const failing = [...cases.keys()].sort();
  const withFindings = new Set(input.diagnostics.map((d) => d.rule));
  const passing = [...new Set(input.rules ?? [])].filter((r) => !withFindings.has(r)).sort();
  const tests = failing.length + passing.length;

  const body: string[] = [];
  for (const key of failing) {
    const [rule, file] = key.split('\0') as [string, string];
    const list = cases.get(key)!;
    const first = list[0]!;
    const message = list.length === 1 ? first.message : `${plural(list.length, 'finding')}; first: ${first.message}`;
    const text = list.map((d) => [`${formatSpan(d.location)}: ${d.severity}`, ...detailLines(d)].join('\n')).join('\n\n');
    body.push(`    <testcase classname="${xmlAttr(file)}" name="${xmlAttr(rule)}" file="${xmlAttr(file)}">`);
    body.push(`      <failure type="${first.severity}" message="${xmlAttr(message)}">${xmlEscape(text)}</failure>`);
    body.push('    </testcase>');
  }
  for (const rule of passing) body.push(`    <testcase classname="deploy-lint" name="${xmlAttr(rule)}"/>`);

  const counts = `tests="${tests}" failures="${failing.length}" errors="0"`;
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
