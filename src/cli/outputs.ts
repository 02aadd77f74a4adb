/**
 * Several formats in one run (as kube-linter and Biome do): each
 * `--output-file` belongs to the `--format` just before it on the command
 * line, and a format without one goes to stdout. So
 *   --format sarif --output-file out.sarif --format stylish
 * writes SARIF to out.sarif and the stylish report to the terminal. At most
 * one format may go to stdout; an --output-file needs a --format before it.
 */
export interface OutputTarget {
  format: string;
  /** undefined = stdout. */
  file?: string;
}

export class OutputPairingError extends Error {}

const FORMAT = new Set(['--format', '-f']);
const OUTPUT = new Set(['--output-file', '-o']);

/** Pairs formats and files in the order they appear in `argv` (everything after `--` is ignored). */
export function pairOutputs(argv: readonly string[], defaultFormat: string): OutputTarget[] {
  const targets: OutputTarget[] = [];
  const orphanFiles: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    if (tok === '--') break;
    const [flag, inline] = tok.startsWith('--') && tok.includes('=') ? [tok.slice(0, tok.indexOf('=')), tok.slice(tok.indexOf('=') + 1)] : [tok, undefined];
    if (!FORMAT.has(flag) && !OUTPUT.has(flag)) continue;
    const value = inline ?? argv[++i];
    if (value === undefined) continue; // yargs reports the missing value
    if (FORMAT.has(flag)) targets.push({ format: value });
    else {
      const last = targets[targets.length - 1];
      if (!last) orphanFiles.push(value);
      else if (last.file !== undefined) throw new OutputPairingError(`--output-file ${value}: --format ${last.format} already writes to ${last.file}; give each --output-file its own --format before it`);
      else last.file = value;
    }
  }
  if (orphanFiles.length) throw new OutputPairingError(`--output-file ${orphanFiles[0]} needs a --format before it (e.g. --format sarif --output-file ${orphanFiles[0]})`);
  if (targets.length === 0) targets.push({ format: defaultFormat });
  const toStdout = targets.filter((t) => t.file === undefined);
  if (toStdout.length > 1) {
    throw new OutputPairingError(`--format ${toStdout.map((t) => t.format).join(' and --format ')} would both write to stdout; give all but one an --output-file`);
  }
  return targets;
}
