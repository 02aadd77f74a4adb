/**
 * The SARIF report is valid against the official SARIF 2.1.0 schema
 * (test/data/sarif-schema-2.1.0.json, committed; never downloaded), carries
 * each path in order as a code flow, carries suppressed and baselined findings,
 * and keeps its fingerprints when lines move. Microsoft's validator
 * (sarif-multitool) checks the same logs in test/slow/sarif-multitool.test.ts.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { sarifReporter, FINGERPRINT_KEY } from '../src/report/sarif.js';
import { allKinds } from '../src/config/kinds.js';
import type { Diagnostic } from '../src/model/diagnostic.js';
import { lineHashes } from '../src/report/line-hash.js';
import { FIXTURES_DIR } from './helpers/fixtures.js';
import { EXAMPLES, sarifFor } from './helpers/sarif-of-repo.js';
import { tempRepo } from './helpers/temp-repo.js';

interface SuppressionsLog {
  runs: { results: { suppressions?: { kind: string; justification?: string }[] }[] }[];
}

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;

function sarifValidator() {
  const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'data', 'sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
  // Draft-04 → draft-07 spelling only (see test/data/sarif-schema-2.1.0.README.md).
  const { $schema: _drop, id, ...rest } = schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile({ $id: id as string, ...rest });
}

function sarifOf(diagnostics: Diagnostic[]) {
  const text = sarifReporter({ diagnostics, fileCount: 1, toolVersion: '0.1.0', sourceLine: () => undefined, color: false });
  return { text, log: JSON.parse(text) as SarifLog };
}

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number } };
  message?: { text: string };
}
interface SarifLog {
  runs: {
    tool: { driver: { informationUri: string; rules: { id: string; name: string; helpUri: string; help: { text: string }; fullDescription: { text: string } }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      locations: SarifLocation[];
      relatedLocations?: (SarifLocation & { id: number })[];
      codeFlows?: { threadFlows: { locations: { executionOrder: number; location: SarifLocation }[] }[] }[];
      partialFingerprints: Record<string, string>;
    }[];
  }[];
}

async function lintRepo(cwd: string) {
  return (await lint({ paths: ['.'], cwd })).diagnostics;
}

const validate = sarifValidator();

describe('SARIF 2.1.0', () => {
  it('the deadlock fixture validates against the official schema, with the path as an ordered code flow', async () => {
    const diagnostics = await lintRepo(join(FIXTURES_DIR, 'deadlock-unit-files', 'repo'));
    const { log } = sarifOf(diagnostics);
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);

    const run = log.runs[0]!;
    const deadlock = diagnostics.find((d) => d.rule === 'health-gate-deadlock')!;
    const result = run.results.find((r) => r.ruleId === 'health-gate-deadlock')!;
    expect(result.level).toBe('error');
    expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe('health-gate-deadlock');
    const flow = result.codeFlows![0]!.threadFlows[0]!.locations;
    expect(flow.map((l) => l.executionOrder)).toEqual(deadlock.path.map((_, i) => i + 1));
    expect(flow.map((l) => `${l.location.physicalLocation.artifactLocation.uri}:${l.location.physicalLocation.region.startLine}`)).toEqual(
      deadlock.path.map((s) => `${s.location.file}:${s.location.line}`),
    );
    expect(flow.map((l) => l.location.message!.text)).toEqual(deadlock.path.map((s) => s.explanation));
    expect(result.relatedLocations!.map((l) => l.id)).toEqual(deadlock.path.map((_, i) => i + 1));
    expect(result.locations[0]!.physicalLocation.artifactLocation.uri).toBe(deadlock.location.file);
  });

  it('the validator really checks (a result without a message, a bad level are rejected)', () => {
    const { log } = sarifOf([]);
    const broken = structuredClone(log) as unknown as { runs: { results: unknown[] }[] };
    broken.runs[0]!.results.push({ ruleId: 'x', level: 'fatal' });
    expect(validate(broken)).toBe(false);
    expect((validate.errors ?? []).map((e) => e.instancePath)).toContain('/runs/0/results/0');
  });

  it('describes every rule with its docs, a readable name and a link to its section of docs/rules.md', () => {
    const { log } = sarifOf([]);
    const driver = log.runs[0]!.tool.driver;
    const rules = driver.rules;
    expect(rules.map((r) => r.id)).toEqual(allKinds().map((k) => k.id));
    for (const r of rules) {
      expect(r.fullDescription.text.length).toBeGreaterThan(10);
      expect(r.help.text).toContain('Fix:');
      expect(r.name).not.toBe(r.id);
      expect(r.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(r.helpUri).toBe(`${driver.informationUri}/blob/main/docs/rules.md#${r.id}`);
    }
    expect(rules.find((r) => r.id === 'health-gate-deadlock')!.name).toBe('HealthGateDeadlock');
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { homepage: string };
    expect(driver.informationUri).toBe(pkg.homepage);
    expect(validate(log)).toBe(true);
  });

  it("carries GitHub's line hash of the primary location when the file can be read", async () => {
    const repo = join(FIXTURES_DIR, 'deadlock-unit-files', 'repo');
    const diagnostics = await lintRepo(repo);
    const text = sarifReporter({ diagnostics, fileCount: 1, toolVersion: '0.1.0', sourceLine: () => undefined, sourceText: (f) => readFileSync(join(repo, f), 'utf8'), color: false });
    const results = (JSON.parse(text) as SarifLog).runs[0]!.results;
    diagnostics.forEach((d, i) => {
      expect(results[i]!.partialFingerprints.primaryLocationLineHash).toBe(lineHashes(readFileSync(join(repo, d.location.file), 'utf8'))[d.location.line - 1]);
    });
    expect(sarifOf(diagnostics).log.runs[0]!.results[0]!.partialFingerprints.primaryLocationLineHash).toBeUndefined();
  });

  it('puts every primary location in the repository; a stock unit step is an absolute file: URI without a base', async () => {
    const diagnostics = await lintRepo(join(FIXTURES_DIR, 'cycle-stock-auditd', 'repo'));
    const { log } = sarifOf(diagnostics);
    const result = log.runs[0]!.results.find((r) => r.ruleId === 'default-dependencies-before-sysinit')!;
    expect(result.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: 'auditd.service', uriBaseId: '%SRCROOT%' });
    expect(result.relatedLocations!.map((l) => l.physicalLocation.artifactLocation)).toEqual([
      { uri: 'file:///usr/lib/systemd/system/systemd-update-utmp.service' },
      { uri: 'file:///usr/lib/systemd/system/systemd-update-utmp.service' },
    ]);
    expect(validate(log)).toBe(true);
  });

  it('carries suppressed and baselined findings with their kind and justification', async () => {
    const suppressed = JSON.parse(
      await sarifFor(
        tempRepo({
          'a.service': '[Unit]\n# deploy-lint-disable-next-line ordering-cycle -- fixed by the migration in #12\nAfter=b.service\n[Install]\nWantedBy=multi-user.target\n',
          'b.service': '[Unit]\nAfter=a.service\n[Install]\nWantedBy=multi-user.target\n',
        }),
      ),
    ) as SuppressionsLog;
    expect(suppressed.runs[0]!.results.map((r) => r.suppressions)).toEqual([[{ kind: 'inSource', justification: 'fixed by the migration in #12' }]]);
    const baselined = JSON.parse(await sarifFor(EXAMPLES[0]!, { baselineFirst: true })) as SuppressionsLog;
    expect(baselined.runs[0]!.results.map((r) => r.suppressions?.[0]?.kind)).toEqual(['external']);
  });

  it('every fixture (and examples/ci-host when present) gives valid SARIF', async () => {
    const repos = [
      ...['cycle-after-boot', 'cycle-template-instance', 'dropin-closes-cycle'].map((f) => join(FIXTURES_DIR, f, 'repo')),
      join(FIXTURES_DIR, '..', 'examples', 'ci-host'),
    ].filter((p) => existsSync(p));
    for (const repo of repos) {
      const { log } = sarifOf(await lintRepo(repo));
      const ok = validate(log);
      expect({ repo, errors: validate.errors ?? [] }).toEqual({ repo, errors: [] });
      expect(ok).toBe(true);
    }
  });

  it('fingerprints survive moved lines and are unique', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-sarif-'));
    cpSync(join(FIXTURES_DIR, 'cycle-after-boot', 'repo'), dir, { recursive: true });
    const before = sarifOf(await lintRepo(dir)).log.runs[0]!.results;
    const unit = join(dir, 'etc/systemd/system/a.service');
    writeFileSync(unit, `# a comment that moves every line down\n\n${readFileSync(unit, 'utf8')}`);
    const after = sarifOf(await lintRepo(dir)).log.runs[0]!.results;
    expect(after.length).toBe(before.length);
    expect(after.map((r) => r.locations[0]!.physicalLocation.region.startLine)).not.toEqual(before.map((r) => r.locations[0]!.physicalLocation.region.startLine));
    expect(after.map((r) => r.partialFingerprints[FINGERPRINT_KEY])).toEqual(before.map((r) => r.partialFingerprints[FINGERPRINT_KEY]));
  });

  it('is deterministic', async () => {
    const repo = join(FIXTURES_DIR, 'deadlock-unit-files', 'repo');
    expect(sarifOf(await lintRepo(repo)).text).toBe(sarifOf(await lintRepo(repo)).text);
  });
});
