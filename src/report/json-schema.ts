/**
 * The JSON output, as a schema. Later versions may add fields; they never
 * rename or remove one (bump schemaVersion if that ever has to happen).
 * The JSON reporter does not import this file (zod is loaded only when a
 * schema is used: src/runtime/zod.ts); the tests check its output against it.
 */
import { z } from 'zod';
import { SCHEMA_VERSION } from './json.js';

const location = z.object({
  file: z.string(),
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  endLine: z.number().int().min(1),
  endColumn: z.number().int().min(1),
});

const edit = z.object({ span: location, replacement: z.string() });

export const diagnosticSchema = z.object({
  rule: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  subject: z.string(),
  location,
  path: z.array(z.object({ node: z.string(), edge: z.string(), location, explanation: z.string() })),
  effect: z.object({ summary: z.string(), timeoutSec: z.number().nullable() }).nullable(),
  fixes: z.array(z.object({ description: z.string(), applicability: z.enum(['safe', 'unsafe', 'display-only']), edits: z.array(edit).optional() })),
  docs: z.string(),
  host: z.string().optional(),
});

export const jsonReportSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.object({ name: z.literal('deploy-lint'), version: z.string() }),
  diagnostics: z.array(diagnosticSchema),
  summary: z.object({
    errors: z.number().int(),
    warnings: z.number().int(),
    infos: z.number().int(),
    files: z.number().int(),
  }),
});

export type JsonReport = z.infer<typeof jsonReportSchema>;
