/**
 * The adapter registry loads each adapter on demand: the kinds an entry
 * declares (used to decide whether to load it) must be the kinds the loaded
 * adapter reads, and every file kind discovery produces must have an adapter.
 */
import { describe, expect, it } from 'vitest';
import type { FileKind } from '../src/discover/source-file.js';
import { ADAPTERS, DEFAULT_ADAPTER_OPTIONS } from '../src/parsers/registry.js';

// Every FileKind (the type makes this list complete).
const KINDS: Record<FileKind, true> = { unit: true, dropin: true, 'unit-link': true, nix: true, python: true, spec: true, stack: true, shell: true };

describe('adapter registry', () => {
  it('each entry loads an adapter of the kinds it declares', async () => {
    for (const entry of ADAPTERS) {
      const adapter = await entry.load(DEFAULT_ADAPTER_OPTIONS);
      expect([...adapter.kinds].sort(), adapter.name).toEqual([...entry.kinds].sort());
    }
  });

  it('every file kind is read by exactly one adapter', () => {
    const kinds = ADAPTERS.flatMap((e) => e.kinds);
    expect([...kinds].sort()).toEqual(Object.keys(KINDS).sort());
  });
});
