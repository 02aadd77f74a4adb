/** What the config, the CLI and the reporters need of the registry of finding ids (rules/registry.ts). */
import { ALWAYS_SELECTED, knownIds, REGISTRY } from '../../rules/registry.js';
import type { FindingKind } from '../model/finding-kind.js';

export { ALWAYS_SELECTED };

export function allKinds(): readonly FindingKind[] {
  return REGISTRY;
}

export function knownRuleIds(): Set<string> {
  return knownIds();
}
