/**
 * Generates data/stock-units.json from systemd unit files.
 *
 *   npm run build && node dist/scripts/gen-stock-catalog.js [DIR] [--packages systemd,udev,dbus]
 *
 * With --packages, downloads those Debian packages (apt-get download), extracts
 * them (dpkg-deb -x) into a temp folder and reads their unit folder; otherwise
 * reads DIR (default /usr/lib/systemd/system). Only the directives that shape
 * the graph are kept, with their line numbers, so findings can cite the stock
 * file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discover } from '../src/discover/walk.js';
import { readSource } from '../src/discover/read.js';
import { parseUnitFile } from '../src/parsers/systemd/unit-file.js';
import { systemdAdapter } from '../src/parsers/systemd/adapter.js';
import type { StockCatalogFile } from '../src/systemd/stock-units.js';
import { packageRoot } from '../src/package-root.js';

const KEPT = new Set([
  'Unit.After', 'Unit.Before', 'Unit.Wants', 'Unit.Requires', 'Unit.Requisite', 'Unit.BindsTo', 'Unit.PartOf',
  'Unit.Conflicts', 'Unit.Upholds', 'Unit.DefaultDependencies', 'Unit.OnFailure', 'Unit.RefuseManualStart',
  'Service.Type', 'Service.RemainAfterExit', 'Service.BusName', 'Socket.Service', 'Socket.Accept',
  'Timer.Unit', 'Timer.OnCalendar', 'Path.Unit', 'Install.Alias', 'Service.Sockets',
  'Mount.Options', 'Mount.Type', 'Mount.Where',
  // What the builder derives implicit edges from (src/graph/build/default-deps.ts: exec environment, slices).
  ...['Service', 'Socket', 'Mount', 'Swap'].flatMap((s) =>
    ['PrivateTmp', 'StateDirectory', 'CacheDirectory', 'LogsDirectory', 'StandardOutput', 'StandardError', 'RootImage', 'Slice'].map((k) => `${s}.${k}`),
  ),
]);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const pkgIdx = args.indexOf('--packages');
  let dir = args.find((a, i) => !a.startsWith('--') && i !== pkgIdx + 1) ?? '/usr/lib/systemd/system';
  let source = `files in ${dir}`;
  if (pkgIdx >= 0) {
    const pkgs = (args[pkgIdx + 1] ?? 'systemd').split(',');
    const tmp = mkdtempSync(join(tmpdir(), 'stock-'));
    execFileSync('apt-get', ['download', ...pkgs], { cwd: tmp, stdio: 'inherit' });
    for (const deb of readdirSync(tmp).filter((f) => f.endsWith('.deb'))) execFileSync('dpkg-deb', ['-x', join(tmp, deb), join(tmp, 'root')]);
    dir = [join(tmp, 'root/usr/lib/systemd/system'), join(tmp, 'root/lib/systemd/system')].find(existsSync) ?? dir;
    source = `Debian packages ${pkgs.join(', ')}`;
  }
  const version = execFileSync('systemctl', ['--version']).toString().split('\n')[0] ?? 'unknown';
  const files = discover([dir], { cwd: dir });
  const out: StockCatalogFile = { source, systemdVersion: version, dir: '/usr/lib/systemd/system', units: [], links: [] };
  for (const f of files) {
    if (f.kind !== 'unit') continue;
    const parsedLink = await systemdAdapter.parse([f], { files, read: readSource });
    const link = parsedLink.facts.find((x) => x.kind === 'unit-link');
    if (link && link.kind === 'unit-link') {
      out.links.push({ from: link.from, to: link.to, edge: link.edge });
      continue;
    }
    const read = readSource(f);
    if (!read.ok) continue;
    const parsed = parseUnitFile(read.text, f.path);
    if (parsed.entries.length === 0 && parsedLink.facts.length === 0) continue; // masked
    const entries = parsed.entries
      .filter((e) => KEPT.has(`${e.section}.${e.key}`))
      .map((e) => [e.section, e.key, e.value.text, e.span.line] as [string, string, string, number]);
    out.units.push({ name: f.path, entries });
  }
  for (const f of files) {
    if (f.kind !== 'unit-link') continue;
    const facts = (await systemdAdapter.parse([f], { files, read: readSource })).facts;
    for (const l of facts) if (l.kind === 'unit-link') out.links.push({ from: l.from, to: l.to, edge: l.edge });
  }
  out.units.sort((a, b) => (a.name < b.name ? -1 : 1));
  out.links.sort((a, b) => (a.from + a.to < b.from + b.to ? -1 : 1));
  const target = join(packageRoot(), 'data', 'stock-units.json');
  writeFileSync(target, `${JSON.stringify(out, null, 1)}\n`);
  console.log(`${out.units.length} units, ${out.links.length} links from ${source} → ${target}`);
}

await main();
