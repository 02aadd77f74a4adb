/**
 * The boot plan's SVG as Chromium draws it: the page embeds the picture, lays
 * it out, and lists each text of the critical chain with a non-empty box; the
 * chain's unit names must all be there. A screenshot is taken as well (docs/
 * holds one for the README: docs/boot-ci-host.png).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CHROMIUM, dumpDom, screenshot } from '../helpers/chromium.js';
import { memoryIO } from '../helpers/memory-io.js';

const ROOT = join(import.meta.dirname, '..', '..');

async function boot(format: string): Promise<string> {
  const x = memoryIO(ROOT);
  expect(await main(['boot', 'examples/ci-host', '-f', format], x)).toBe(0);
  return x.out();
}

// Lists the drawn text of every critical-chain row whose box is not empty.
const MEASURE = `<script>
  const drawn = [...document.querySelectorAll('g.critical text')]
    .filter((t) => { const r = t.getBoundingClientRect(); return r.width > 0 && r.height > 0; })
    .map((t) => t.firstChild.textContent);
  document.getElementById('drawn').textContent = JSON.stringify(drawn);
</script>`;

describe.skipIf(!CHROMIUM)('deploy-lint boot -f svg in Chromium', () => {
  it('draws the names of the critical chain, and a screenshot of the timeline', async () => {
    const svg = await boot('svg');
    const chain = (JSON.parse(await boot('json')) as { hosts: { criticalChain: { unit: string }[] }[] }).hosts[0]!.criticalChain.map((s) => s.unit);
    expect(chain).toContain('deploy-proxy.service');
    const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-svg-'));
    writeFileSync(join(dir, 'boot.svg'), svg);
    writeFileSync(join(dir, 'page.html'), `<!doctype html><html><body>${svg}<pre id="drawn"></pre>${MEASURE}</body></html>`);
    const dom = dumpDom(`file://${join(dir, 'page.html')}`);
    const drawn = JSON.parse(/<pre id="drawn">(.*?)<\/pre>/s.exec(dom)![1]!) as string[];
    expect(drawn.sort()).toEqual([...chain].sort());

    const png = join(dir, 'boot.png');
    screenshot(`file://${join(dir, 'boot.svg')}`, png, 1300, 1500);
    const bytes = readFileSync(png);
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBe(1300); // IHDR width
  });
});
