import { jsonReporter } from './json.js';
import type { Reporter } from './reporter.js';
import { stylishReporter } from './stylish.js';

/** Output formats by name. A new format is one file in this folder and one line here. */
export const REPORTERS: Record<string, Reporter> = {
  stylish: stylishReporter,
  json: jsonReporter,
};
