import { expect } from 'vitest';
import type { Diagnostic } from '../../src/model/diagnostic.js';

/** Every fix says how far it may be applied: with edits `safe` or `unsafe`, without `display-only`. */
export function expectApplicability(diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    for (const f of d.fixes) {
      const where = `${d.rule} at ${d.location.file}:${d.location.line}: ${f.description}`;
      if (f.edits?.length) expect(['safe', 'unsafe'], where).toContain(f.applicability);
      else expect(f.applicability, where).toBe('display-only');
    }
  }
}
