/**
 * Microsoft's SARIF validator (`sarif-multitool validate`, npm
 * @microsoft/sarif-multitool: a self-contained .NET build shipped inside the
 * package, so it runs offline). Its console lines are
 * `FILE(LINE,COL): error|warning|note RULEID: message`.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

export interface MultitoolFinding {
  file: string;
  level: string;
  rule: string;
  message: string;
}

const binary = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;

export function multitoolVersion(): string {
  return /SARIF Multitool (\S+)/.exec(execFileSync(binary, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }))?.[1] ?? 'unknown';
}

/** Validates the files in one run; throws unless every file was scanned. */
export function multitoolValidate(files: string[]): MultitoolFinding[] {
  const out = execFileSync(binary, ['validate', ...files], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  const scanned = /Done\. (\d+) files? scanned/.exec(out);
  if (!scanned || Number(scanned[1]) !== files.length || !out.includes('Analysis completed successfully')) throw new Error(`sarif-multitool did not scan every file:\n${out}`);
  const found: MultitoolFinding[] = [];
  for (const line of out.split('\n')) {
    const m = /^(.*)\(\d+,\d+\): (error|warning|note) (\S+): (.*)$/.exec(line) ?? /^(.*?) ?: (error) (\S+): (.*)$/.exec(line);
    if (m) found.push({ file: m[1]!, level: m[2]!, rule: m[3]!, message: m[4]! });
  }
  return found;
}
