import type { Diagnostic } from '../model/diagnostic.js';

/** What every reporter gets: the findings and the run's facts, never the graph. */
export interface ReportInput {
  diagnostics: readonly Diagnostic[];
  fileCount: number;
  toolVersion: string;
  /** Reads one source line for code frames (1-based); undefined when unavailable. */
  sourceLine(file: string, line: number): string | undefined;
  color: boolean;
  /** Ids of the rules that ran (JUnit lists the ones without findings as passing); absent = unknown. */
  rules?: readonly string[];
}

export type Reporter = (input: ReportInput) => string;
