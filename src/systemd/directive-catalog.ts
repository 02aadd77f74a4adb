/**
 * Which keys systemd knows in which section (data/directives.json, generated
 * from `man systemd.directives` by scripts/gen-directives.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

export type DirectiveCatalog = ReadonlyMap<string, ReadonlySet<string>>;

let cached: DirectiveCatalog | undefined;

export function loadDirectives(): DirectiveCatalog {
  if (!cached) {
    const data = JSON.parse(readFileSync(join(packageRoot(), 'data', 'directives.json'), 'utf8')) as Record<string, unknown>;
    const m = new Map<string, Set<string>>();
    for (const [section, keys] of Object.entries(data)) if (Array.isArray(keys)) m.set(section, new Set(keys as string[]));
    cached = m;
  }
  return cached;
}

/** Sections a unit of this type may have, besides [Unit] and [Install]. */
export const TYPE_SECTION: Record<string, string | undefined> = {
  service: 'Service', socket: 'Socket', timer: 'Timer', path: 'Path', mount: 'Mount',
  automount: 'Automount', swap: 'Swap', slice: 'Slice', scope: 'Scope', target: undefined,
};
