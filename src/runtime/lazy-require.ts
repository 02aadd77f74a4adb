/**
 * A module loaded on first use, synchronously. The bundled CLI imports every
 * static import at start; a module only some runs need (`yaml` for a YAML
 * config file, `node:crypto` for fingerprints) is cheaper required when used
 * (bench/README.md, "Start-up"). Types come from `import type`.
 */
import { createRequire } from 'node:module';

export function lazyRequire<T>(specifier: string): () => T {
  let loaded: { m: T } | undefined;
  return () => (loaded ??= { m: createRequire(import.meta.url)(specifier) as T }).m;
}
