/**
 * Generates data/stock-units.json: the units a host has without the repository
 * shipping them (docs/architecture.md, "stock catalog").
 *
 *   npm run build && node dist/scripts/gen-stock-catalog.js [--dir DIR] [--offline]
 *
 * - systemd's own units, from Debian's systemd packages of several releases
 *   (bookworm 252, trixie 257, sid: the newest), each unit taken from the newest
 *   release that ships it;
 * - the units common distribution packages ship (docker.io, containerd, nginx,
 *   postgresql-common, openssh-server, network-manager, chrony, dnsmasq, …),
 *   from Debian trixie;
 * - per manager: system units (`/usr/lib/systemd/system`), user units
 *   (`/usr/lib/systemd/user`) and initrd-only units (dracut's module folders);
 * - names of units that packages outside Debian ship (Fedora's ignition,
 *   afterburn, rpm-ostree), listed in OUTSIDE_DEBIAN below with where each
 *   comes from: names only, no directives.
 *
 * Packages are fetched with `apt-get download` through a private apt state
 * (a temporary sources list and lists folder per suite), extracted with
 * `dpkg-deb -x`; the machine's own apt configuration is not touched. With
 * `--dir DIR` it reads one unit folder instead (system units only).
 * Only the directives that shape the graph are kept, with their line numbers,
 * so findings can cite the stock file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { discover } from '../src/discover/walk.js';
import { readSource } from '../src/discover/read.js';
import { parseUnitFile } from '../src/parsers/systemd/unit-file.js';
import { DEPENDENCY_DIRECTIVES } from '../src/systemd/dependencies.js';
import { parseUnitName } from '../src/systemd/names.js';
import type { CatalogUnitRow, StockCatalogFile } from '../src/systemd/stock-units.js';
import type { UnitLinkFact } from '../src/model/facts.js';
import { packageRoot } from '../src/package-root.js';

const KEPT = new Set([
  // The [Unit] dependencies the graph makes edges of (a stock unit's [Install] is never applied).
  ...DEPENDENCY_DIRECTIVES.filter((d) => d.section === 'Unit' && d.edge).map((d) => `Unit.${d.directive}`),
  'Unit.DefaultDependencies', 'Unit.RefuseManualStart',
  'Service.Type', 'Service.RemainAfterExit', 'Service.BusName', 'Socket.Service', 'Socket.Accept',
  'Timer.Unit', 'Timer.OnCalendar', 'Path.Unit', 'Install.Alias', 'Service.Sockets',
  'Mount.Options', 'Mount.Type', 'Mount.Where',
  // What the builder derives implicit edges from (src/graph/build/default-deps.ts: exec environment, slices).
  ...['Service', 'Socket', 'Mount', 'Swap'].flatMap((s) =>
    ['PrivateTmp', 'StateDirectory', 'CacheDirectory', 'LogsDirectory', 'StandardOutput', 'StandardError', 'RootImage', 'Slice'].map((k) => `${s}.${k}`),
  ),
]);

/** systemd and the packages split out of it over the releases; a package a suite lacks is skipped. */
const SYSTEMD_PACKAGES = [
  'systemd', 'udev', 'dbus', 'dbus-daemon', 'dbus-system-bus-common', 'dbus-user-session', 'systemd-resolved',
  'systemd-timesyncd', 'systemd-container', 'systemd-homed', 'systemd-userdbd', 'systemd-oomd', 'systemd-cryptsetup',
  'systemd-repart', 'systemd-boot', 'systemd-coredump', 'systemd-journal-remote', 'systemd-sysv',
];

/** Packages whose units deploy repositories commonly order against (Debian trixie). */
const DISTRIBUTION_PACKAGES = [
  'docker.io', 'containerd', 'podman', 'nginx', 'nginx-common', 'apache2', 'haproxy', 'postgresql-common', 'mariadb-server',
  'redis-server', 'openssh-server', 'openssh-client', 'network-manager', 'chrony', 'dnsmasq', 'avahi-daemon', 'cloud-init',
  'cron', 'rsyslog', 'lvm2', 'multipath-tools', 'mdadm', 'dracut-core', 'dracut-network', 'flatpak', 'open-iscsi',
  'nfs-common', 'nfs-kernel-server', 'rpcbind', 'firewalld', 'nftables', 'netfilter-persistent', 'ufw', 'fail2ban',
  'apparmor', 'auditd', 'polkitd', 'accountsservice', 'gdm3', 'lightdm', 'sddm', 'openvpn', 'wireguard-tools',
  'wpasupplicant', 'bluez', 'cups-daemon', 'fwupd', 'ostree-boot', 'snapd', 'libvirt-daemon-system', 'qemu-guest-agent',
  'open-vm-tools', 'keepalived', 'prometheus-node-exporter', 'unattended-upgrades', 'smartmontools', 'irqbalance',
  'tuned', 'lxc', 'incus', 'etcd-server', 'kexec-tools', 'plymouth', 'zram-tools', 'systemd-zram-generator', 'tlp',
  'upower', 'udisks2', 'modemmanager', 'iwd', 'ifupdown', 'isc-dhcp-client', 'cockpit-ws', 'pcscd', 'rasdaemon',
  'pipewire', 'pipewire-pulse', 'wireplumber', 'xdg-desktop-portal', 'gpg-agent', 'at-spi2-core', 'gnome-keyring',
  'pulseaudio', 'gvfs-daemons', 'xdg-user-dirs', 'tracker', 'syncthing', 'emacs-common', 'mpd', 'dirmngr', 'keyboxd',
  'lm-sensors',
];

/**
 * Units of packages Debian does not carry, by name only (no directives): what
 * Fedora CoreOS, Flatcar, Universal Blue and balenaOS images order their units against.
 * Each group names the upstream folder its names were read from.
 */
const OUTSIDE_DEBIAN: { package: string; from: string; manager: 'system' | 'initrd'; names: string[] }[] = [
  {
    package: 'ignition', from: 'coreos/ignition dracut/30ignition/', manager: 'initrd',
    names: [
      'ignition-complete.target', 'ignition-diskful.target', 'ignition-diskful-subsequent.target', 'ignition-subsequent.target',
      'ignition-setup-base.service', 'ignition-setup-user.service', 'ignition-fetch.service', 'ignition-fetch-offline.service',
      'ignition-kargs.service', 'ignition-disks.service', 'ignition-mount.service', 'ignition-files.service',
      'ignition-quench.service', 'ignition-remount-sysroot.service',
    ],
  },
  { package: 'ignition', from: 'coreos/ignition systemd/', manager: 'system', names: ['ignition-delete-config.service'] },
  {
    package: 'afterburn', from: 'coreos/afterburn systemd/', manager: 'system',
    names: ['afterburn.service', 'afterburn-checkin.service', 'afterburn-firstboot-checkin.service', 'afterburn-sshkeys@.service', 'afterburn-sshkeys.target'],
  },
  { package: 'afterburn (dracut)', from: 'coreos/afterburn dracut/30afterburn/', manager: 'initrd', names: ['afterburn-network-kargs.service', 'afterburn-hostname.service'] },
  { package: 'rpm-ostree', from: 'coreos/rpm-ostree src/daemon/', manager: 'system', names: ['rpm-ostreed.service', 'rpm-ostreed-automatic.service', 'rpm-ostreed-automatic.timer', 'rpm-ostree-countme.service', 'rpm-ostree-countme.timer', 'rpm-ostree-fix-shadow-mode.service'] },
  { package: 'ostree (dracut)', from: 'ostreedev/ostree src/boot/', manager: 'initrd', names: ['ostree-prepare-root.service'] },
  { package: 'NetworkManager (dracut)', from: 'NetworkManager src/core/systemd/ (nm-run.service, dracut module 35network-manager)', manager: 'initrd', names: ['nm-run.service', 'nm-wait-online-initrd.service'] },
  { package: 'flatpak (Fedora)', from: 'flatpak 1.16 system-helper/ and Fedora flatpak.spec', manager: 'system', names: ['flatpak-preinstall.service', 'flatpak-add-fedora-repos.service'] },
  { package: 'volatile-binds (Yocto)', from: 'openembedded-core meta/recipes-core/volatile-binds', manager: 'system', names: ['var-volatile-lib.service', 'var-volatile-cache.service', 'var-volatile-spool.service', 'var-volatile-srv.service'] },
  { package: 'balena-engine', from: 'balena-os/balena-engine contrib/init/systemd/ (installed by meta-balena balena_git.bb)', manager: 'system', names: ['balena-engine.socket'] },
  { package: 'flatcar coreos-metadata', from: 'flatcar afterburn (coreos-metadata name)', manager: 'system', names: ['coreos-metadata.service', 'coreos-metadata-sshkeys@.service'] },
];

interface Collected {
  rows: Map<string, CatalogUnitRow>;
  links: Map<string, { from: string; to: string; edge: UnitLinkFact['edge'] }>;
}

const empty = (): Collected => ({ rows: new Map(), links: new Map() });

/** Reads one unit folder into `into`; units already there (from a newer release) are kept. */
function readUnitDir(dir: string, into: Collected, pkg: string): void {
  if (!existsSync(dir)) return;
  for (const f of discover([dir], { cwd: dir })) {
    const name = basename(f.path);
    const parent = basename(dirname(f.path));
    const wants = /^(.+)\.(wants|requires|upholds)$/.exec(parent);
    if (wants) {
      const l = { from: wants[1]!, to: name, edge: wants[2] as 'wants' | 'requires' | 'upholds' };
      into.links.set(`${l.from} ${l.edge} ${l.to}`, l);
      continue;
    }
    if (f.kind !== 'unit' || f.path.includes('/')) continue;
    const link = symlinkTarget(f.absPath);
    if (link === '/dev/null') continue;
    if (link !== null && basename(link) !== name && parseUnitName(basename(link))) {
      into.links.set(`${basename(link)} alias ${name}`, { from: basename(link), to: name, edge: 'alias' });
      continue;
    }
    if (into.rows.has(name)) continue;
    const read = readSource(f);
    if (!read.ok) continue;
    const parsed = parseUnitFile(read.text, f.path);
    const entries = parsed.entries
      .filter((e) => KEPT.has(`${e.section}.${e.key}`))
      .map((e) => [e.section, e.key, e.value.text, e.span.line] as [string, string, string, number]);
    into.rows.set(name, { name, entries, package: pkg });
    // An alias the package's [Install] creates when it is enabled (Debian enables services on install).
    for (const e of parsed.entries) {
      if (e.section !== 'Install' || e.key !== 'Alias') continue;
      for (const alias of e.value.text.split(/\s+/).filter(Boolean)) into.links.set(`${name} alias ${alias}`, { from: name, to: alias, edge: 'alias' });
    }
  }
}

function symlinkTarget(abs: string): string | null {
  try {
    return lstatSync(abs).isSymbolicLink() ? readlinkSync(abs) : null;
  } catch {
    return null;
  }
}

/** A private apt state for one suite: nothing of the machine's apt configuration changes. */
function aptFor(suite: string, tmp: string): (args: string[], cwd?: string) => void {
  const base = join(tmp, `apt-${suite}`);
  for (const d of ['lists/partial', 'cache/archives/partial']) mkdirSync(join(base, d), { recursive: true });
  writeFileSync(join(base, 'sources.list'), `deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian ${suite} main\n`);
  const opts = [
    '-q', '-o', `Dir::Etc::SourceList=${join(base, 'sources.list')}`, '-o', 'Dir::Etc::SourceParts=/nonexistent',
    '-o', `Dir::State::Lists=${join(base, 'lists')}`, '-o', `Dir::Cache=${join(base, 'cache')}`, '-o', 'Debug::NoLocking=1',
    '-o', 'APT::Sandbox::User=root',
  ];
  return (args, cwd) => execFileSync('apt-get', [...opts, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * Downloads the packages the suite has (one apt-get call; names it does not
 * know are dropped and the call repeated) and extracts only their unit and
 * dracut folders; returns [package, version, root] per package.
 */
function fetchPackages(suite: string, pkgs: string[], tmp: string): { pkg: string; version: string; root: string }[] {
  const apt = aptFor(suite, tmp);
  apt(['update']);
  const debs = join(tmp, `debs-${suite}`);
  mkdirSync(debs, { recursive: true });
  let wanted = [...pkgs];
  for (let attempt = 0; attempt < 5 && wanted.length; attempt++) {
    try {
      apt(['download', ...wanted], debs);
      break;
    } catch (e) {
      const said = String((e as { stderr?: Buffer }).stderr ?? '');
      const missing = new Set([...said.matchAll(/(?:Unable to locate package|Can't select candidate version from package|has no installation candidate) ?'?([a-z0-9.+-]+)/g)].map((m) => m[1]!));
      if (missing.size === 0) throw e;
      for (const m of missing) process.stderr.write(`  ${suite}: no package ${m}, skipped\n`);
      wanted = wanted.filter((p) => !missing.has(p));
    }
  }
  const out: { pkg: string; version: string; root: string }[] = [];
  for (const deb of readdirSync(debs).filter((f) => f.endsWith('.deb')).sort()) {
    const [pkg, version] = deb.split('_') as [string, string];
    const root = join(tmp, `root-${suite}-${pkg}`);
    mkdirSync(root, { recursive: true });
    // Only the folders a catalog reads: a package of 30 MB has a few kB of units.
    execFileSync('sh', ['-c', 'dpkg-deb --fsys-tarfile "$1" | tar -x -C "$2" --wildcards "./usr/lib/systemd/*" "./lib/systemd/*" "./usr/lib/dracut/*" 2>/dev/null; true', 'sh', join(debs, deb), root]);
    out.push({ pkg, version: decodeURIComponent(version ?? '?'), root });
  }
  return out;
}

const SYSTEM_DIRS = ['usr/lib/systemd/system', 'lib/systemd/system'];
const USER_DIRS = ['usr/lib/systemd/user'];

function main(): void {
  const args = process.argv.slice(2);
  const dirArg = args.indexOf('--dir');
  const system = empty();
  const user = empty();
  const initrd = empty();
  const versions: string[] = [];
  let source: string;
  const tmp = mkdtempSync(join(tmpdir(), 'stock-'));
  try {
    if (dirArg >= 0) {
      const dir = args[dirArg + 1] ?? '/usr/lib/systemd/system';
      readUnitDir(dir, system, 'local');
      source = `files in ${dir}`;
    } else {
      // Newest first: a unit is read from the newest release that ships it.
      for (const suite of ['sid', 'trixie', 'bookworm']) {
        process.stderr.write(`${suite}: systemd packages\n`);
        for (const { pkg, version, root } of fetchPackages(suite, SYSTEMD_PACKAGES, tmp)) {
          if (pkg === 'systemd') versions.push(`${version} (Debian ${suite})`);
          for (const d of SYSTEM_DIRS) readUnitDir(join(root, d), system, `${pkg} ${version}`);
          for (const d of USER_DIRS) readUnitDir(join(root, d), user, `${pkg} ${version}`);
        }
      }
      process.stderr.write('trixie: distribution packages\n');
      for (const { pkg, version, root } of fetchPackages('trixie', DISTRIBUTION_PACKAGES, tmp)) {
        for (const d of SYSTEM_DIRS) readUnitDir(join(root, d), system, `${pkg} ${version}`);
        for (const d of USER_DIRS) readUnitDir(join(root, d), user, `${pkg} ${version}`);
        const modules = join(root, 'usr/lib/dracut/modules.d');
        if (existsSync(modules)) for (const m of readdirSync(modules).sort()) readUnitDir(join(modules, m), initrd, `${pkg} ${version}`);
      }
      source = `Debian packages: systemd ${versions.join(', ')}; trixie: ${DISTRIBUTION_PACKAGES.join(', ')}`;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  for (const group of OUTSIDE_DEBIAN) {
    const into = group.manager === 'initrd' ? initrd : system;
    for (const name of group.names) if (!into.rows.has(name) && !system.rows.has(name)) into.rows.set(name, { name, entries: [], package: `${group.package} (${group.from}; not in Debian, name only)` });
  }
  const sorted = (c: Collected): Pick<StockCatalogFile, 'units' | 'links'> => ({
    units: [...c.rows.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
    links: [...c.links.values()].sort((a, b) => (a.from + a.to < b.from + b.to ? -1 : 1)),
  });
  const out: StockCatalogFile = {
    source,
    systemdVersion: versions.join(', ') || 'local',
    dir: '/usr/lib/systemd/system',
    ...sorted(system),
    user: { dir: '/usr/lib/systemd/user', ...sorted(user) },
    initrd: { dir: '/usr/lib/dracut/modules.d', ...sorted(initrd) },
  };
  const target = join(packageRoot(), 'data', 'stock-units.json');
  writeFileSync(target, formatCatalog(out));
  console.log(`${out.units.length} system units, ${out.user!.units.length} user units, ${out.initrd!.units.length} initrd units, ${out.links.length} links → ${target}`);
}

/** One unit or link per line: a regenerated catalog diffs unit by unit. */
function formatCatalog(c: StockCatalogFile): string {
  const rows = (xs: readonly unknown[]): string => (xs.length ? `[\n${xs.map((x) => `  ${JSON.stringify(x)}`).join(',\n')}\n ]` : '[]');
  const part = (p: NonNullable<StockCatalogFile['user']>): string => `{\n "dir": ${JSON.stringify(p.dir)},\n "units": ${rows(p.units)},\n "links": ${rows(p.links)}\n}`;
  return `{\n "source": ${JSON.stringify(c.source)},\n "systemdVersion": ${JSON.stringify(c.systemdVersion)},\n "dir": ${JSON.stringify(c.dir)},\n "units": ${rows(c.units)},\n "links": ${rows(c.links)},\n "user": ${part(c.user!)},\n "initrd": ${part(c.initrd!)}\n}\n`;
}

main();
