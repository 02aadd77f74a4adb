/**
 * Output hygiene (issue 12): control characters from file names and content
 * are escaped in every human and line format; JSON, JSON lines and SARIF stay exact.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { escapeControl } from '../src/report/escape.js';
import { memoryIO } from './helpers/memory-io.js';

const EVIL = 'evil\n::error file=x.py::pwned.service';

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-output-'));
  mkdirSync(join(dir, 'units'));
  writeFileSync(join(dir, 'units', EVIL), '[Unit]\nAfter=nosuch.service\n[Service]\nExecStart=/bin/true\n');
  writeFileSync(join(dir, 'units', 'esc.service'), '[Unit]\nAfter=\x1b]0;owned\x07\x1b[2J\x9bX.service\n[Service]\nExecStart=/bin/true\n');
  return dir;
}

describe('output hygiene', () => {
  it('escapeControl: C0 but tab, DEL and C1 become \\xNN', () => {
    expect(escapeControl('a\tb\nc\x1bd\x7fe\x9bf\u00e9')).toBe('a\tb\\x0ac\\x1bd\\x7fe\\x9bf\u00e9');
  });

  for (const format of ['stylish', 'concise', 'github', 'gitlab', 'checkstyle', 'junit']) {
    it(`${format}: no raw control character, no line starting a workflow command`, async () => {
      const io = memoryIO(repo());
      await main(['.', '-f', format], io);
      const out = io.out();
      expect(out).toMatch(/evil/);
      expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      expect(out.split('\n').some((l) => l.startsWith('::error file=x.py'))).toBe(false);
    });
  }

  for (const format of ['json', 'sarif']) {
    it(`${format}: the exact text`, async () => {
      const io = memoryIO(repo());
      await main(['.', '-f', format], io);
      // SARIF percent-encodes the file in its URI; both keep the message text exact.
      if (format === 'json') expect(io.out()).toContain(JSON.stringify(`units/${EVIL}`).slice(1, -1));
      expect(io.out()).toContain('\\u001b]0;owned');
    });
  }
});
