/**
 * Stable per-finding fingerprints for SARIF `partialFingerprints` and GitLab
 * Code Quality: a hash of the finding's line-independent identity (see
 * src/baseline/key.ts) plus its rank among findings with the same identity,
 * so two findings never share a fingerprint and editing unrelated lines never
 * changes one.
 */
import type * as Crypto from 'node:crypto';
import { lazyRequire } from '../runtime/lazy-require.js';
import { findingKey, keyString } from '../baseline/key.js';
import type { Diagnostic } from '../model/diagnostic.js';

/** node:crypto only for the formats that print fingerprints. */
const crypto = lazyRequire<typeof Crypto>('node:crypto');

/** One fingerprint per diagnostic, in the same order. */
export function fingerprints(diagnostics: readonly Diagnostic[]): string[] {
  const seen = new Map<string, number>();
  return diagnostics.map((d) => {
    const key = keyString(findingKey(d));
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return crypto().createHash('sha256').update(`${key}#${n}`).digest('hex').slice(0, 32);
  });
}
