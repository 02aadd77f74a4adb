/**
 * Control characters from the repository (file names, values quoted in
 * messages, code frames) never reach a terminal or a line-oriented CI format
 * raw: a file name with a newline would start a line GitHub Actions runs as a
 * workflow command (`::error …`), and ESC/OSC sequences retitle or clear a
 * terminal. C0 except tab, DEL and C1 are shown as `\xNN`. JSON, JSON lines
 * and SARIF carry the exact text (their encoders escape it themselves).
 */
import type { ReportInput } from './reporter.js';

const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
const HAS_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

export function escapeControl(s: string): string {
  return s.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Formats whose encoding keeps every character exact and safe. */
export const EXACT_FORMATS: ReadonlySet<string> = new Set(['json', 'json-lines', 'sarif']);

/** Every string in a plain value (the diagnostics), escaped. */
function escapeDeep<T>(v: T): T {
  if (typeof v === 'string') return (HAS_CONTROL.test(v) ? escapeControl(v) : v) as T;
  if (Array.isArray(v)) return v.map(escapeDeep) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = escapeDeep(x);
    return out as T;
  }
  return v;
}

/** What a human or line format prints from: the same input with control characters escaped. */
export function escapedInput<T extends Pick<ReportInput, 'diagnostics' | 'sourceLine' | 'suppressed'>>(input: T): T {
  const { sourceLine } = input;
  return {
    ...input,
    diagnostics: escapeDeep(input.diagnostics),
    suppressed: input.suppressed && escapeDeep(input.suppressed),
    sourceLine: (file, line) => {
      const text = sourceLine(file, line);
      return text === undefined ? undefined : escapeControl(text);
    },
  };
}
