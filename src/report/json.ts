import type { Reporter } from './reporter.js';
import type { JsonReport } from './json-schema.js';
import { summarize } from './summary.js';

/** The JSON output's version (its schema: json-schema.ts). */
export const SCHEMA_VERSION = 1;

export const jsonReporter: Reporter = (input) => {
  const report: JsonReport = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'deploy-lint', version: input.toolVersion },
    diagnostics: input.diagnostics.map((d) => ({ ...d })),
    summary: summarize(input.diagnostics, input.fileCount),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
};
