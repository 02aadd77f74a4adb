/**
 * Generates data/directives.json — which keys systemd knows in which unit file
 * section — from `man systemd.directives` (its "UNIT DIRECTIVES" index) and the
 * man page each directive is documented in.
 *
 *   npm run build && node dist/scripts/gen-directives.js
 */
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/package-root.js';

const INSTALL_KEYS = new Set(['Alias', 'WantedBy', 'RequiredBy', 'UpheldBy', 'Also', 'DefaultInstance']);
const EXEC_LIKE = ['Service', 'Socket', 'Mount', 'Swap'];

/** The sections a directive documented in `page` may appear in. */
function sectionsFor(page: string, key: string): string[] {
  switch (page) {
    case 'systemd.unit': return [INSTALL_KEYS.has(key) ? 'Install' : 'Unit'];
    case 'systemd.service': return ['Service'];
    case 'systemd.socket': return ['Socket'];
    case 'systemd.timer': return ['Timer'];
    case 'systemd.path': return ['Path'];
    case 'systemd.mount': return ['Mount'];
    case 'systemd.automount': return ['Automount'];
    case 'systemd.swap': return ['Swap'];
    case 'systemd.scope': return ['Scope'];
    case 'systemd.exec': return EXEC_LIKE;
    case 'systemd.kill': return [...EXEC_LIKE, 'Scope'];
    case 'systemd.resource-control': return [...EXEC_LIKE, 'Slice', 'Scope'];
    default: return [];
  }
}

function main(): void {
  const text = execSync('man systemd.directives | col -b', { encoding: 'utf8', env: { ...process.env, MANWIDTH: '200' } });
  const start = text.indexOf('\nUNIT DIRECTIVES');
  const end = text.indexOf('\nOPTIONS ON THE KERNEL COMMAND LINE');
  const lines = text.slice(start, end).split('\n');
  const sections = new Map<string, Set<string>>();
  let key: string | null = null;
  for (const line of lines) {
    const k = /^ {7}([A-Za-z][A-Za-z0-9]*)=\s*$/.exec(line);
    if (k) {
      key = k[1]!;
      continue;
    }
    if (!key) continue;
    for (const m of line.matchAll(/(systemd\.[a-z-]+)\(5\)/g)) {
      for (const s of sectionsFor(m[1]!, key)) {
        if (!sections.has(s)) sections.set(s, new Set());
        sections.get(s)!.add(key);
      }
    }
  }
  const version = execSync('systemctl --version', { encoding: 'utf8' }).split('\n')[0];
  const out: Record<string, unknown> = { source: `man systemd.directives (${version})` };
  for (const s of [...sections.keys()].sort()) out[s] = [...sections.get(s)!].sort();
  const target = join(packageRoot(), 'data', 'directives.json');
  writeFileSync(target, `${JSON.stringify(out, null, 1)}\n`);
  console.log(`${[...sections.values()].reduce((n, s) => n + s.size, 0)} section/key pairs in ${sections.size} sections → ${target}`);
}

main();
