/**
 * Generates data/directives.json — which keys systemd knows in which unit file
 * section — from two sources:
 *
 * - systemd's own key table (`src/core/load-fragment-gperf.gperf.in`), as the
 *   installed systemd prints it with `systemd --dump-configuration-items`: every
 *   key the manager accepts, compatibility names included (`StartLimitInterval=`,
 *   `StartLimitBurst=`, `FailureAction=`, `RebootArgument=` in [Service]); keys
 *   systemd only warns about as removed are not in that dump;
 * - `man systemd.directives` (its "UNIT DIRECTIVES" index) and the man page each
 *   directive is documented in.
 *
 *   npm run build && node dist/scripts/gen-directives.js [--newer-core LIB]…
 *
 * `--newer-core LIB` adds the keys of a newer release's key table, read out of
 * its compiled `libsystemd-core-NNN.so` (Debian package libsystemd-shared, e.g.
 * trixie's 257 and sid's newest): gperf keeps every `Section.Key` as a string.
 * Keys in that table that systemd only warns about as removed (`Capabilities=`,
 * `NetClass=`) are the installed release's table minus its dump, and are left
 * out.
 */
import { execFileSync, execSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  const add = (section: string, k: string): void => {
    if (!sections.has(section)) sections.set(section, new Set());
    sections.get(section)!.add(k);
  };
  let section: string | null = null;
  for (const line of keyTable().split('\n')) {
    const header = /^\[([A-Za-z]+)\]$/.exec(line);
    if (header) section = header[1]!;
    const item = /^([A-Za-z][A-Za-z0-9]*)=/.exec(line);
    if (section && item) add(section, item[1]!);
  }
  const newer = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--newer-core' ? [a] : []));
  if (newer.length) {
    const accepted = new Set([...sections].flatMap(([sec, keys]) => [...keys].map((k) => `${sec}.${k}`)));
    const installedCore = readdirSync('/usr/lib/x86_64-linux-gnu/systemd').find((f) => /^libsystemd-core-.*\.so$/.test(f));
    const removed = installedCore ? [...tableKeys(join('/usr/lib/x86_64-linux-gnu/systemd', installedCore))].filter((k) => !accepted.has(k)) : [];
    for (const lib of newer) {
      for (const k of tableKeys(lib)) {
        if (removed.includes(k)) continue;
        const [sec, key] = k.split('.') as [string, string];
        add(sec, key);
      }
    }
  }
  const version = execSync('systemctl --version', { encoding: 'utf8' }).split('\n')[0];
  const out: Record<string, unknown> = { source: `systemd --dump-configuration-items and man systemd.directives (${version})${newer.length ? ` and the key tables of ${newer.map((l) => l.replace(/^.*\//, '')).join(', ')}` : ''}` };
  for (const s of [...sections.keys()].sort()) out[s] = [...sections.get(s)!].sort();
  const target = join(packageRoot(), 'data', 'directives.json');
  writeFileSync(target, `${JSON.stringify(out, null, 1)}\n`);
  console.log(`${[...sections.values()].reduce((n, s) => n + s.size, 0)} section/key pairs in ${sections.size} sections → ${target}`);
}

/** The `Section.Key` strings of a compiled key table (gperf's keyword pool, NUL-separated). */
function tableKeys(lib: string): Set<string> {
  const text = readFileSync(lib).toString('latin1');
  return new Set([...text.matchAll(/(?<=\0)(?:Unit|Service|Socket|Mount|Swap|Timer|Path|Slice|Scope|Install|Automount)\.[A-Za-z0-9]+(?=\0)/g)].map((m) => m[0]));
}

/** systemd's key table as the installed manager prints it. */
function keyTable(): string {
  for (const bin of ['/usr/lib/systemd/systemd', '/lib/systemd/systemd']) {
    try {
      return execFileSync(bin, ['--dump-configuration-items'], { encoding: 'utf8' });
    } catch {
      /* try the next place */
    }
  }
  throw new Error('no systemd binary to print its key table (--dump-configuration-items)');
}

main();
