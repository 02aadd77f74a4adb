/**
 * SARIF 2.1.0 (GitHub code scanning, VS Code's SARIF viewer, …). A path
 * finding carries its steps twice: in order as one codeFlow thread (GitHub's
 * "Show paths"), and as relatedLocations (ids 1…n, in path order). Rule
 * metadata comes from the rule docs; fingerprints are line-independent. No
 * timestamps or absolute paths, so the same input gives the same bytes.
 */
import type { Diagnostic, Severity, TextEdit } from '../model/diagnostic.js';
import type { Span } from '../model/span.js';
import { allKinds } from '../config/kinds.js';
import { fingerprints } from './fingerprint.js';
import type { Reporter } from './reporter.js';
import { headline } from './text.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The partialFingerprints key; bump the version if the identity ever changes meaning. */
export const FINGERPRINT_KEY = 'deployLintFinding/v1';

function uri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function region(s: Span) {
  return { startLine: s.line, startColumn: s.column, endLine: s.endLine, endColumn: Math.max(s.endColumn, s.line === s.endLine ? s.column : 1) };
}

function physical(s: Span) {
  return { artifactLocation: { uri: uri(s.file), uriBaseId: '%SRCROOT%' }, region: region(s) };
}

function ruleDescriptors() {
  return allKinds().map((k) => ({
    id: k.id,
    name: k.id,
    shortDescription: { text: k.summary },
    fullDescription: { text: k.docs.what },
    help: {
      text: `${k.docs.what}\n\nWhy: ${k.docs.why}\n\nExample:\n${k.docs.example}\n\nFix: ${k.docs.fix}`,
      markdown: `${k.docs.what}\n\n**Why:** ${k.docs.why}\n\n**Example:**\n\n\`\`\`\n${k.docs.example}\n\`\`\`\n\n**Fix:** ${k.docs.fix}`,
    },
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
        artifactLocation: { uri: uri(file), uriBaseId: '%SRCROOT%' },
        replacements: edits.map((e) => ({ deletedRegion: region(e.span), insertedContent: { text: e.replacement } })),
      })),
      properties: { applicability: f.applicability },
    });
  }
  return out;
}

function result(d: Diagnostic, ruleIndex: number, fingerprint: string) {
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
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
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

export const sarifReporter: Reporter = (input) => {
  const rules = ruleDescriptors();
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const prints = fingerprints(input.diagnostics);
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'deploy-lint', version: input.toolVersion, semanticVersion: input.toolVersion, rules } },
        columnKind: 'utf16CodeUnits',
        results: input.diagnostics.map((d, i) => result(d, index.get(d.rule) ?? -1, prints[i]!)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
