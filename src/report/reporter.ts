import type { Diagnostic, Severity, SuppressedFinding } from '../model/diagnostic.js';

export type { SuppressedFinding };

/** What every reporter gets: the findings and the run's facts, never the graph. */
export interface ReportInput {
  diagnostics: readonly Diagnostic[];
  fileCount: number;
  toolVersion: string;
  /** Reads one source line for code frames (1-based); undefined when unavailable. */
  sourceLine(file: string, line: number): string | undefined;
  /** A whole source file (SARIF's GitHub line hashes); undefined when unavailable. */
  sourceText?(file: string): string | undefined;
  color: boolean;
  /** The terminal's width, for formats that wrap for people (stylish); absent = do not wrap (a pipe, a file). */
  width?: number;
  /** Ids of the rules that ran (JUnit lists the ones without findings as passing); absent = unknown. */
  rules?: readonly string[];
  /** The --fail-on threshold (default error): formats that mark pass/fail (JUnit) fail only at or above it. */
  failOn?: Severity;
  /** Findings hidden by suppressions or the baseline, for formats that carry them marked (SARIF). */
  suppressed?: readonly SuppressedFinding[];
}

export type Reporter = (input: ReportInput) => string;
