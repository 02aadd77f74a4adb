/**
 * Headless Chromium (Debian's `chromium`) for tests that check what a browser
 * really draws. Flags: no sandbox (CI runs as root), no GPU, nothing that talks
 * to the network, a throwaway profile.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

function run(args: string[]): string {
  if (!CHROMIUM) throw new Error('chromium is not installed (apt-get install chromium)');
  const profile = mkdtempSync(join(tmpdir(), 'deploy-lint-chromium-'));
  return execFileSync(
    CHROMIUM,
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, ...args],
    { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] },
  );
}

/** The DOM after the page's scripts ran. */
export function dumpDom(url: string): string {
  return run(['--virtual-time-budget=5000', '--dump-dom', url]);
}

export function screenshot(url: string, png: string, width: number, height: number): void {
  run([`--screenshot=${png}`, `--window-size=${width},${height}`, '--hide-scrollbars', url]);
}
