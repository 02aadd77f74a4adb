/**
 * The JUnit report is valid against the strict schemas CI servers validate
 * with: the Jenkins JUnit plugin's jenkins-junit.xsd and the xUnit plugin's
 * junit-10.xsd (test/data/, MIT, see test/data/junit-xsd.README.md), checked
 * by xmllint (Debian's libxml2-utils). Findings below --fail-on pass.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { junitReporter } from '../src/report/junit.js';
import type { ReportInput } from '../src/report/reporter.js';
import { FIXTURES_DIR } from './helpers/fixtures.js';

const SCHEMAS = ['jenkins-junit.xsd', 'junit-10.xsd'].map((f) => join(import.meta.dirname, 'data', f));
const ROOT = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-junit-'));

/** xmllint's verdict on the XML for each schema: 'ok' or its error lines. */
function xmllint(xml: string): string[] {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  return SCHEMAS.map((schema) => {
    const r = spawnSync('xmllint', ['--noout', '--schema', schema, file], { encoding: 'utf8' });
    return r.status === 0 ? 'ok' : r.stderr.replaceAll(file, 'report.xml').trim();
  });
}

async function junit(paths: string[], cwd: string, extra: Partial<ReportInput> = {}): Promise<string> {
  const r = await lint({ paths, cwd });
  return junitReporter({ diagnostics: r.diagnostics, fileCount: r.files.length, toolVersion: '0.1.0', sourceLine: () => undefined, color: false, rules: ['health-gate-deadlock', 'ordering-cycle'], ...extra });
}

describe(`JUnit against the strict XSDs (${execFileSync('xmllint', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0] || 'xmllint'})`, () => {
  it('the checker really checks: a testcase with a file attribute (what we wrote before) is rejected by both', () => {
    const old = '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="x" tests="1" failures="0" errors="0"><testcase name="r" classname="a" file="a"/></testsuite></testsuites>\n';
    expect(xmllint(old).map((v) => v.includes("attribute 'file': The attribute 'file' is not allowed"))).toEqual([true, true]);
  });

  it('the example, warnings, info and awkward text validate against both', async () => {
    const reports = [
      await junit(['examples/ci-host'], ROOT),
      await junit(['.'], join(FIXTURES_DIR, 'hygiene-findings', 'repo'), { failOn: 'info' }),
      await junit(['.'], join(FIXTURES_DIR, 'cycle-stock-auditd', 'repo')),
      junitReporter({
        diagnostics: [{ rule: 'parse-error', severity: 'warning', message: 'a <b> & "c"\n\u0007bell', subject: 'x', location: { file: 'd, e/f.service', line: 1, column: 1, endLine: 1, endColumn: 2 }, path: [], effect: null, fixes: [], docs: '' }],
        fileCount: 1, toolVersion: '0.1.0', sourceLine: () => undefined, color: false,
      }),
    ];
    for (const xml of reports) expect(xmllint(xml)).toEqual(['ok', 'ok']);
  });

  it('severities below --fail-on are not failures: they pass, shown in system-out', async () => {
    const repo = join(FIXTURES_DIR, 'hygiene-findings', 'repo');
    const r = await lint({ paths: ['.'], cwd: repo });
    const severities = new Set(r.diagnostics.map((d) => d.severity));
    expect(severities.has('warning') || severities.has('info')).toBe(true);
    const failures = (xml: string) => Number(/<testsuite [^>]*failures="(\d+)"/.exec(xml)![1]);
    const byDefault = await junit(['.'], repo);
    const onInfo = await junit(['.'], repo, { failOn: 'info' });
    const belowError = new Set(r.diagnostics.filter((d) => d.severity !== 'error').map((d) => `${d.rule}\0${d.location.file}`));
    const withError = new Set(r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.rule}\0${d.location.file}`));
    expect(failures(byDefault)).toBe(withError.size);
    expect(failures(onInfo)).toBe(new Set([...belowError, ...withError]).size);
    expect(byDefault).toContain('<system-out>');
    expect(xmllint(byDefault)).toEqual(['ok', 'ok']);
  });
});
