/**
 * Generates the published JSON Schemas under schema/ from the zod schemas the
 * code validates with, so editors, CI tools and people read the same contract:
 *
 *   schema/output.schema.json   the `--format json` report
 *   schema/config.schema.json   deploy-lint.config.{json,yaml}
 *
 * `npm run build` runs it (so `npm ci` and `npm pack` do): the files are
 * build output, never out of step with the zod schemas, and not in git.
 * test/schemas.test.ts validates real outputs and configs against them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { configSchema } from '../src/config/schema.js';
import { knownRuleIds } from '../src/config/kinds.js';
import { jsonReportSchema } from '../src/report/json-schema.js';
import { packageRoot } from '../src/package-root.js';

type JsonObject = { [key: string]: unknown };

export function schemaFiles(): Record<string, JsonObject> {
  const ids = [...knownRuleIds()].sort();
  // Read as input: an object schema then allows fields a later version adds (the report only ever adds fields).
  const output = z.toJSONSchema(jsonReportSchema, { io: 'input' }) as JsonObject;
  const config = z.toJSONSchema(configSchema(new Set(ids)), { io: 'input' }) as JsonObject;
  // zod checks rule ids in a refinement, which JSON Schema cannot carry: name them as the keys' enum.
  const rulesMaps = [
    (config.properties as JsonObject).rules as JsonObject,
    ((((config.properties as JsonObject).overrides as JsonObject).items as JsonObject).properties as JsonObject).rules as JsonObject,
  ];
  for (const m of rulesMaps) m.propertyNames = { enum: ids };
  return {
    'output.schema.json': { ...output, $id: 'deploy-lint/schema/output.schema.json', title: 'deploy-lint --format json report' },
    'config.schema.json': { ...config, $id: 'deploy-lint/schema/config.schema.json', title: 'deploy-lint configuration file' },
  };
}

export function schemaText(schema: JsonObject): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  mkdirSync(join(packageRoot(), 'schema'), { recursive: true });
  for (const [name, schema] of Object.entries(schemaFiles())) writeFileSync(join(packageRoot(), 'schema', name), schemaText(schema));
}
