/**
 * SARIF 2.1.0 (GitHub code scanning, VS Code's SARIF viewer, …), clean under
 * Microsoft's `sarif-multitool validate` (test/slow/sarif-multitool.test.ts). A
 * path finding carries its steps twice: in order as one codeFlow thread
 * (GitHub's "Show paths"), and as relatedLocations (ids 1…n, in path order).
 * Repository files are relative to %SRCROOT% (the repository root); a stock
 * unit's step is an absolute file: URI without a base. Findings hidden by a
 * directive or the baseline are carried with `suppressions`, so GitHub shows
 * them as dismissed rather than forgetting them. Rule metadata comes from the
 * registry; `deployLintFinding/v1` is line-independent, `primaryLocationLineHash`
 * is GitHub's own line hash (src/report/line-hash.ts). No timestamps, so the
 * same input gives the same bytes.
 */
import type { Diagnostic, Severity, TextEdit } from '../model/diagnostic.js';
import type { Span } from '../model/span.js';
import { allKinds } from '../config/kinds.js';
import { fingerprints } from './fingerprint.js';
import type { ReportInput, Reporter, SuppressedFinding } from './reporter.js';
import { headline } from './text.js';
import { lineHashes } from './line-hash.js';
import { HOMEPAGE, ruleDocsUri } from './links.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The partialFingerprints key; bump the version if the identity ever changes meaning. */
export const FINGERPRINT_KEY = 'deployLintFinding/v1';

/** The key GitHub code scanning matches alerts by (see line-hash.ts). */
const GITHUB_LINE_HASH = 'primaryLocationLineHash';

function uri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** Repository paths resolve against %SRCROOT%; absolute ones (stock units) are file: URIs of their own. */
function artifactLocation(file: string) {
  return file.startsWith('/') ? { uri: `file://${uri(file)}` } : { uri: uri(file), uriBaseId: '%SRCROOT%' };
}

/** `health-gate-deadlock` → `HealthGateDeadlock`: SARIF wants a readable name that differs from the id. */
function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, _sep: string, c: string) => c.toUpperCase());
}

function region(s: Span) {
  return { startLine: s.line, startColumn: s.column, endLine: s.endLine, endColumn: Math.max(s.endColumn, s.line === s.endLine ? s.column : 1) };
}

function physical(s: Span) {
  return { artifactLocation: artifactLocation(s.file), region: region(s) };
}

function ruleDescriptors() {
  return allKinds().map((k) => ({
    id: k.id,
    name: ruleName(k.id),
    shortDescription: { text: k.summary },
    fullDescription: { text: k.docs.what },
    help: {
      text: `${k.docs.what}\n\nWhy: ${k.docs.why}\n\nExample:\n${k.docs.example}\n\nFix: ${k.docs.fix}`,
      markdown: `${k.docs.what}\n\n**Why:** ${k.docs.why}\n\n**Example:**\n\n\`\`\`\n${k.docs.example}\n\`\`\`\n\n**Fix:** ${k.docs.fix}`,
    },
    helpUri: ruleDocsUri(k.id),
    defaultConfiguration: { level: LEVEL[k.defaultSeverity] },
    properties: { tags: ['deploy-graph'], precision: 'very-high' },
  }));
}

/** SARIF fixes need concrete edits; fixes that are only advice stay in properties. */
function sarifFixes(d: Diagnostic) {
  const out = [];
  for (const f of d.fixes) {
    if (!f.edits?.length) continue;
    const byFile = new Map<string, TextEdit[]>();
    for (const e of f.edits) byFile.set(e.span.file, [...(byFile.get(e.span.file) ?? []), e]);
    out.push({
      description: { text: f.description },
      artifactChanges: [...byFile.entries()].map(([file, edits]) => ({
        artifactLocation: artifactLocation(file),
        replacements: edits.map((e) => ({ deletedRegion: region(e.span), insertedContent: { text: e.replacement } })),
      })),
      properties: { applicability: f.applicability },
    });
  }
  return out;
}

interface Identity {
  fingerprint: string;
  lineHash?: string;
}

function result(d: Diagnostic, ruleIndex: number, id: Identity, suppression?: SuppressedFinding) {
  const steps = d.path;
  return {
    ruleId: d.rule,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: LEVEL[d.severity],
    message: { text: headline(d) },
    locations: [{ physicalLocation: physical(d.location) }],
    ...(steps.length
      ? {
          relatedLocations: steps.map((s, i) => ({ id: i + 1, message: { text: s.explanation }, physicalLocation: physical(s.location) })),
          codeFlows: [
            {
              message: { text: `${steps.length} steps, in order` },
              threadFlows: [
                {
                  locations: steps.map((s, i) => ({
                    executionOrder: i + 1,
                    location: { physicalLocation: physical(s.location), message: { text: s.explanation } },
                    properties: { node: s.node, edge: s.edge },
                  })),
                },
              ],
            },
          ],
        }
      : {}),
    ...(suppression ? { suppressions: [{ kind: suppression.kind, justification: suppression.justification }] } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: id.fingerprint, ...(id.lineHash ? { [GITHUB_LINE_HASH]: id.lineHash } : {}) },
    ...(sarifFixes(d).length ? { fixes: sarifFixes(d) } : {}),
    properties: {
      subject: d.subject,
      ...(d.host !== undefined ? { host: d.host } : {}),
      ...(d.effect ? { effect: d.effect.summary, timeoutSec: d.effect.timeoutSec } : {}),
      fixOptions: d.fixes.map((f) => f.description),
      docs: d.docs,
    },
  };
}

/** GitHub's hash of each finding's first line, where the file can be read (repository files only). */
function githubLineHashes(input: ReportInput, list: readonly Diagnostic[]): (string | undefined)[] {
  const perFile = new Map<string, string[] | undefined>();
  return list.map((d) => {
    const file = d.location.file;
    if (file.startsWith('/') || !input.sourceText) return undefined;
    if (!perFile.has(file)) {
      const text = input.sourceText(file);
      perFile.set(file, text === undefined ? undefined : lineHashes(text));
    }
    return perFile.get(file)?.[d.location.line - 1];
  });
}

export const sarifReporter: Reporter = (input) => {
  const rules = ruleDescriptors();
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const hidden = input.suppressed ?? [];
  // Reported findings first, so hidden ones never change a reported finding's fingerprint.
  const all = [...input.diagnostics, ...hidden.map((s) => s.diagnostic)];
  const prints = fingerprints(all);
  const hashes = githubLineHashes(input, all);
  const reported = input.diagnostics.length;
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'deploy-lint', version: input.toolVersion, semanticVersion: input.toolVersion, informationUri: HOMEPAGE, rules } },
        columnKind: 'utf16CodeUnits',
        results: all.map((d, i) => result(d, index.get(d.rule) ?? -1, { fingerprint: prints[i]!, lineHash: hashes[i] }, i >= reported ? hidden[i - reported] : undefined)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
