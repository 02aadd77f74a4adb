import { checkstyleReporter } from './checkstyle.js';
import { conciseReporter } from './concise.js';
import { githubReporter } from './github.js';
import { gitlabReporter } from './gitlab.js';
import { jsonLinesReporter } from './json-lines.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import type { Reporter } from './reporter.js';
import { sarifReporter } from './sarif.js';
import { stylishReporter } from './stylish.js';

/** Output formats by name. A new format is one file in this folder and one line here. */
export const REPORTERS: Record<string, Reporter> = {
  stylish: stylishReporter,
  concise: conciseReporter,
  json: jsonReporter,
  'json-lines': jsonLinesReporter,
  sarif: sarifReporter,
  junit: junitReporter,
  github: githubReporter,
  gitlab: gitlabReporter,
  checkstyle: checkstyleReporter,
};

/** Formats meant for people; the rest are for machines and never get progress lines or colour. */
export const HUMAN_FORMATS: ReadonlySet<string> = new Set(['stylish', 'concise']);
