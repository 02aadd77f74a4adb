import type { Diagnostic } from '../model/diagnostic.js';

export interface RunSummary {
  errors: number;
  warnings: number;
  infos: number;
  files: number;
}

export function summarize(diagnostics: readonly Diagnostic[], files: number): RunSummary {
  const s: RunSummary = { errors: 0, warnings: 0, infos: 0, files };
  for (const d of diagnostics) {
    if (d.severity === 'error') s.errors++;
    else if (d.severity === 'warning') s.warnings++;
    else s.infos++;
  }
  return s;
}
