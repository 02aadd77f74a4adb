/**
 * The configuration file's shape. Objects are strict: a misspelt key is an
 * error that names it, never a setting silently ignored.
 */
import type { z } from 'zod';
import { zod } from '../runtime/zod.js';

/** `warning` as every report and --fail-on say it; `warn` (ESLint's word) is kept as an alias. */
export const LEVELS = ['off', 'info', 'warning', 'warn', 'error'] as const;
export type Level = (typeof LEVELS)[number];

/** Rule ids are checked against the rules this build knows, so a typo names the key. */
function ruleMap(known: ReadonlySet<string>) {
  const z = zod();
  return z.record(z.string(), z.enum(LEVELS)).superRefine((rules, ctx) => {
    for (const id of Object.keys(rules)) {
      if (!known.has(id)) ctx.addIssue({ code: 'custom', path: [id], message: 'unknown rule; `deploy-lint rules` lists them' });
    }
  });
}

export function configSchema(knownRules: ReadonlySet<string>) {
  const z = zod();
  const globs = z.array(z.string().min(1));
  const nameList = z.array(z.string().min(1));
  /** Spec field vocabulary: each list replaces the built-in one (see src/parsers/spec/vocabulary.ts). */
  const vocabulary = z.strictObject({
    gate: nameList.optional(),
    served: nameList.optional(),
    stack: nameList.optional(),
    timeout: nameList.optional(),
    order: nameList.optional(),
    name: nameList.optional(),
  });
  return z.strictObject({
    /** For editors; ignored. */
    $schema: z.string().optional(),
    rules: ruleMap(knownRules).optional(),
    /** Path globs, relative to the config file's folder, never linted. */
    ignore: globs.optional(),
    overrides: z
      .array(z.strictObject({ files: globs.min(1), ignores: globs.optional(), rules: ruleMap(knownRules) }))
      .optional(),
    defaultTarget: z.string().regex(/\.target$/, 'expected a target unit name ending in .target').optional(),
    vocabulary: vocabulary.optional(),
    /** Units that exist on the machine but not in the repository (installed by a package, another repo). */
    external: nameList.optional(),
    /** Endpoints nothing in the repository declares: host → the unit(s) that serve it. */
    serves: z.record(z.string().min(1), z.union([z.string().min(1), nameList])).optional(),
    /** Where the repository lives on the machine: absolute prefix → repository folder (`/srv/deploy` → `.`). */
    pathMap: z.record(z.string().regex(/^\//, 'expected an absolute path as the key'), z.string()).optional(),
    defaultTimeoutStartSec: z.number().int().nonnegative().optional(),
  });
}

export type ConfigFile = z.infer<ReturnType<typeof configSchema>>;
export type Vocabulary = NonNullable<ConfigFile['vocabulary']>;
export type Override = NonNullable<ConfigFile['overrides']>[number];

export const CONFIG_KEYS = [
  'rules', 'ignore', 'overrides', 'defaultTarget', 'vocabulary', 'external', 'serves', 'pathMap', 'defaultTimeoutStartSec',
] as const;
