/**
 * Microsoft's SARIF validator (a reference tool, so in the slow suite) accepts
 * our SARIF with zero errors and zero warnings: every fixture and example, a
 * cycle through stock units (their steps are absolute file: URIs), a finding
 * suppressed by a comment and findings hidden by a baseline (carried as
 * `suppressions`); and it reports the shapes the reporter wrote before.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR, listFixtures } from '../helpers/fixtures.js';
import { EXAMPLES, sarifFor } from '../helpers/sarif-of-repo.js';
import { multitoolValidate, multitoolVersion, type MultitoolFinding } from '../helpers/sarif-multitool.js';
import { tempRepo } from '../helpers/temp-repo.js';

interface Log {
  runs: {
    tool: { driver: { informationUri?: string; rules: { id: string; name: string }[] } };
    results: { suppressions?: { kind: string; justification: string }[]; relatedLocations?: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[];
  }[];
}

const texts: Record<string, string> = {};
let findings: MultitoolFinding[] = [];
const reported = (name: string) => findings.filter((f) => f.file.endsWith(`/${name}.sarif`) && f.level !== 'note').map((f) => `${f.level} ${f.rule}`);
const log = (name: string) => JSON.parse(texts[name]!) as Log;

beforeAll(async () => {
  texts['ci-host'] = await sarifFor(EXAMPLES[0]!);
  texts['stock-cycle'] = await sarifFor(join(FIXTURES_DIR, 'cycle-stock-auditd', 'repo'));
  texts.suppressed = await sarifFor(
    tempRepo({
      'a.service': '[Unit]\n# deploy-lint-disable-next-line ordering-cycle -- fixed by the migration in #12\nAfter=b.service\n[Install]\nWantedBy=multi-user.target\n',
      'b.service': '[Unit]\nAfter=a.service\n[Install]\nWantedBy=multi-user.target\n',
    }),
  );
  texts.baselined = await sarifFor(EXAMPLES[0]!, { baselineFirst: true });
  // What the reporter wrote before: rule name equal to its id, no informationUri, a stock unit under %SRCROOT%.
  const old = log('stock-cycle');
  const run = old.runs[0]!;
  delete run.tool.driver.informationUri;
  run.tool.driver.rules[0]!.name = run.tool.driver.rules[0]!.id;
  const stock = run.results[0]!.relatedLocations!.find((l) => l.physicalLocation.artifactLocation.uri.startsWith('file://'))!;
  stock.physicalLocation.artifactLocation = { uri: stock.physicalLocation.artifactLocation.uri.slice('file://'.length), uriBaseId: '%SRCROOT%' };
  texts.old = JSON.stringify(old, null, 2);

  const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-multitool-'));
  const files = Object.entries(texts).map(([name, text]) => {
    writeFileSync(join(dir, `${name}.sarif`), text);
    return join(dir, `${name}.sarif`);
  });
  findings = multitoolValidate(files);
});

describe(`sarif-multitool ${multitoolVersion()} validate, the shapes that once failed it`, () => {
  it('accepts the example and a cycle through stock units with no error and no warning', () => {
    expect(reported('ci-host')).toEqual([]);
    expect(reported('stock-cycle')).toEqual([]);
    expect(texts['stock-cycle']).toContain('"uri": "file:///usr/lib/systemd/system/');
  });

  it('accepts suppressed and baselined findings (test/report-sarif.test.ts checks what they carry)', () => {
    expect(log('suppressed').runs[0]!.results[0]!.suppressions).toHaveLength(1);
    expect(reported('suppressed')).toEqual([]);
    expect(reported('baselined')).toEqual([]);
  });

  it('really checks: the shapes it wrote before are reported', () => {
    expect(new Set(reported('old'))).toEqual(new Set(['error SARIF1004', 'warning SARIF1001', 'warning SARIF2005']));
  });
});

describe(`sarif-multitool ${multitoolVersion()} validate, every fixture and example`, () => {
  it('reports no error and no warning', async () => {
    const out = mkdtempSync(join(tmpdir(), 'deploy-lint-multitool-'));
    const repos = [...listFixtures().map((name) => join(FIXTURES_DIR, name, 'repo')), ...EXAMPLES];
    const files = [];
    for (const [i, repo] of repos.entries()) {
      const file = join(out, `${i}-${repo.split('/').slice(-2).join('-')}.sarif`);
      writeFileSync(file, await sarifFor(repo));
      files.push(file);
    }
    expect(files.length).toBeGreaterThan(50);
    expect(multitoolValidate(files).filter((f) => f.level !== 'note')).toEqual([]);
  });
});
