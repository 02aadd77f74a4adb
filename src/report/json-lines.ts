/** One diagnostic per line, each the same object as in the JSON format's `diagnostics` (schemaVersion 1). */
import type { Reporter } from './reporter.js';

export const jsonLinesReporter: Reporter = (input) =>
  input.diagnostics.map((d) => `${JSON.stringify(d)}\n`).join('');
