import type { Reporter } from './reporter.js';
import { SCHEMA_VERSION, type JsonReport } from './json-schema.js';
import { summarize } from './summary.js';

export const jsonReporter: Reporter = (input) => {
  const report: JsonReport = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'deploy-lint', version: input.toolVersion },
    diagnostics: input.diagnostics.map((d) => ({ ...d })),
    summary: summarize(input.diagnostics, input.fileCount),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
};
