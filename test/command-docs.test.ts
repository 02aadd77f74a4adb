/**
 * `deploy-lint explain boot|fix`: the example output in the docs is real. Each
 * indented line under `deploy-lint …:` must be a line that command prints today.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { COMMAND_DOCS } from '../src/cli/command-docs.js';
import { memoryIO } from './helpers/memory-io.js';

const ROOT = join(import.meta.dirname, '..');

/** The commands of a doc's Example section, each with the output lines quoted under it. */
function examples(doc: string): { argv: string[]; lines: string[] }[] {
  const section = doc.slice(doc.indexOf('## Example'));
  const out: { argv: string[]; lines: string[] }[] = [];
  for (const line of section.split('\n')) {
    const cmd = /^deploy-lint (.*?)(?: \(.*\))?:$/.exec(line);
    if (cmd) out.push({ argv: cmd[1]!.split(' '), lines: [] });
    else if (line.startsWith('    ') && out.length) out.at(-1)!.lines.push(line.slice(4));
  }
  return out;
}

describe('explain boot / explain fix', () => {
  for (const [name, doc] of Object.entries(COMMAND_DOCS)) {
    it(`${name}: every quoted output line is printed by its command`, async () => {
      const list = examples(doc);
      expect(list.length).toBeGreaterThan(0);
      for (const { argv, lines } of list) {
        const x = memoryIO(ROOT);
        await main(argv, x);
        const printed = new Set(`${x.out()}\n${x.err()}`.split('\n'));
        for (const l of lines) expect(printed, `${argv.join(' ')} prints: ${l}`).toContain(l);
      }
      const x = memoryIO(ROOT);
      expect(await main(['explain', name], x)).toBe(0);
      expect(x.out()).toBe(doc);
    });
  }
});
