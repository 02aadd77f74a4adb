/**
 * zod, loaded on first use. It is the largest dependency (~95 modules, over
 * half of the bundled CLI) and only a config file, a baseline or a schema
 * needs it, so a run without them never loads it (bench/README.md,
 * "Start-up"). Loaded with require() so the schemas' callers stay
 * synchronous; `import type` from 'zod' gives the types.
 */
import { createRequire } from 'node:module';
import type * as Zod from 'zod';

let loaded: typeof Zod.z | undefined;

export function zod(): typeof Zod.z {
  loaded ??= (createRequire(import.meta.url)('zod') as typeof Zod).z;
  return loaded;
}

/** A value built on its first use, then shared (a schema built from zod()). */
export function onFirstUse<T>(build: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: build() }).v;
}
