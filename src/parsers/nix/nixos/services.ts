/**
 * NixOS service modules the graph needs, reproduced by what they generate:
 * docker (`docker.service` + `docker.socket`, the daemon's address pools),
 * OCI containers (`docker-NAME.service`/`podman-NAME.service` with their
 * `dependsOn` order), the nginx/caddy virtual hosts and the traefik routers
 * whose hosts a unit serves.
 */
import type { AddressRangeFact, Fact, ServesFact, UnitEntry, UnitFact } from '../../../model/facts.js';
import { spanIn, type SourceText, type Span } from '../../../model/span.js';
import { parseRouterRule, ROUTER_RULE, servedHosts } from '../../stack/router-rule.js';
import type { AttrsV, StrV, Value } from '../eval/value.js';
import { defSpan, elementSpan, force, get, guard, listItems, names, real, sourceText, userDefs, type Reader } from './read.js';
import { spanOf } from '../positions.js';

/** An entry the module writes itself: its text placed at the option that switched it on. */
function synthetic(section: string, key: string, text: string, at: Span): UnitEntry {
  return { section, key, value: { text, file: at.file, segments: [{ offset: 0, line: at.line, column: at.column }] }, span: at };
}

/** A unit a NixOS module writes, placed at the option that switched the module on. */
function moduleUnit(name: string, at: Span, entries: UnitEntry[]): UnitFact {
  return { kind: 'unit', name, span: at, origin: 'nix', entries };
}

function enabled(r: Reader, set: AttrsV | undefined, what: string): Span | null {
  const a = get(set, 'enable');
  if (!a) return null;
  const v = force(r, a);
  const span = defSpan(userDefs(a.v)[0]);
  if (v?.t === 'unknown') {
    r.m.note(`whether ${what} is enabled is unknown (${v.label}): it is left out`, span ?? real(a.key));
    return null;
  }
  return v?.t === 'bool' && v.v && span ? span : null;
}

function attrs(v: Value | undefined): AttrsV | undefined {
  return v?.t === 'attrs' ? v : undefined;
}

/** `virtualisation.docker`: the daemon's units and its own address ranges. */
export function docker(r: Reader, virt: AttrsV | undefined, net: AttrsV | undefined): Fact[] {
  const d = attrs(force(r, get(virt, 'docker')));
  const at = enabled(r, d, 'virtualisation.docker');
  if (!at) return [];
  const onBoot = force(r, get(d, 'enableOnBoot'));
  const service = moduleUnit('docker.service', at, [
    synthetic('Unit', 'After', 'network-online.target docker.socket firewall.service', at),
    synthetic('Unit', 'Wants', 'network-online.target', at),
    synthetic('Unit', 'Requires', 'docker.socket', at),
    // dockerd reports readiness itself (nixos/modules/virtualisation/docker.nix): its start job ends at READY=1.
    synthetic('Service', 'Type', 'notify', at),
    ...(onBoot?.t === 'bool' && !onBoot.v ? [] : [synthetic('Install', 'WantedBy', 'multi-user.target', at)]),
  ]);
  const socket = moduleUnit('docker.socket', at, [synthetic('Install', 'WantedBy', 'sockets.target', at)]);
  const out: Fact[] = [service, socket];
  const fw = firewall(r, net, at);
  if (fw) out.push(fw);
  else service.entries[0] = synthetic('Unit', 'After', 'network-online.target docker.socket', at);
  const daemon = attrs(force(r, get(d, 'daemon')));
  const settings = attrs(force(r, get(daemon, 'settings')));
  guard(r, at, undefined, () => {
    const bip = get(settings, 'bip');
    const bipV = force(r, bip);
    if (bip && bipV?.t === 'string') {
      const span = real(bipV.lit) ?? real(bip.bind);
      if (span) out.push(range(bipV.s, span, 'docker-bip', 'virtualisation.docker.daemon.settings.bip'));
    }
    const pools = get(settings, 'default-address-pools');
    const poolsV = force(r, pools);
    if (pools && poolsV?.t === 'list') {
      for (const item of poolsV.items) {
        const p = attrs(r.m.force(item));
        const base = get(p, 'base');
        const baseV = force(r, base);
        if (baseV?.t !== 'string') continue;
        const span = real(baseV.lit) ?? real(base?.bind) ?? real((item.expr ? spanOf(item.expr) : undefined));
        if (span) out.push(range(baseV.s, span, 'docker-pool', 'virtualisation.docker.daemon.settings.default-address-pools'));
      }
    }
  });
  return out;
}

/**
 * NixOS's `firewall.service` (networking.firewall.enable defaults to true),
 * which docker.service is ordered after: emitted with docker so that edge
 * has a unit to point at. Gone when the firewall is switched off.
 */
function firewall(r: Reader, net: AttrsV | undefined, dockerAt: Span): UnitFact | null {
  const fw = attrs(force(r, get(net, 'firewall')));
  const en = get(fw, 'enable');
  const v = force(r, en);
  if (v?.t === 'bool' && !v.v) return null;
  if (v?.t === 'unknown') return null;
  const at = defSpan(en ? userDefs(en.v)[0] : undefined) ?? dockerAt;
  return moduleUnit('firewall.service', at, [
    synthetic('Unit', 'DefaultDependencies', 'false', at),
    synthetic('Unit', 'Wants', 'network-pre.target', at),
    synthetic('Unit', 'Before', 'network-pre.target', at),
    synthetic('Install', 'WantedBy', 'sysinit.target', at),
  ]);
}

function range(cidr: string, span: Span, role: AddressRangeFact['role'], label: string): AddressRangeFact {
  return { kind: 'address-range', cidr: { value: cidr, span }, role, label };
}

/** `virtualisation.oci-containers.containers.<n>` → `<backend>-<n>.service`. */
export function containers(r: Reader, virt: AttrsV | undefined): Fact[] {
  const oci = attrs(force(r, get(virt, 'oci-containers')));
  const set = attrs(force(r, get(oci, 'containers')));
  if (!set || set.map.size === 0) return [];
  const backendV = guard(r, undefined, undefined, () => force(r, get(oci, 'backend')));
  const out: Fact[] = [];
  for (const name of names(set)) {
    const a = set.map.get(name)!;
    const at = real(a.key) ?? real(a.bind);
    if (!at) continue;
    if (backendV?.t !== 'string') {
      r.m.note(`the container backend is unknown (set virtualisation.oci-containers.backend or system.stateVersion): ${name}'s unit is left out`, at);
      continue;
    }
    const backend = backendV.s;
    guard(r, at, undefined, () => {
      const cfg = attrs(force(r, a));
      if (!cfg) return;
      const entries: UnitEntry[] = [
        synthetic('Unit', 'Wants', 'network-online.target', at),
        synthetic('Unit', 'After', `network-online.target${backend === 'docker' ? ' docker.service docker.socket' : ''}`, at),
      ];
      const deps = get(cfg, 'dependsOn');
      for (const it of deps ? listItems(r, deps.v) : []) {
        const where = elementSpan(r, it.item, it.value);
        const span = where.span ?? defSpan(it.def) ?? at;
        if (it.value.t !== 'string') {
          r.m.note(`an element of ${name}'s dependsOn is unknown: it is left out`, span);
          continue;
        }
        const value = unitRef(`${backend}-`, it.value, '.service', span);
        entries.push({ section: 'Unit', key: 'After', value, span }, { section: 'Unit', key: 'Requires', value, span });
      }
      const auto = get(cfg, 'autoStart');
      const autoV = force(r, auto);
      if (autoV?.t === 'unknown') r.m.note(`whether container ${name} starts at boot is unknown: no WantedBy=`, at);
      else if (!(autoV?.t === 'bool' && !autoV.v)) entries.push(synthetic('Install', 'WantedBy', 'multi-user.target', defSpan(userDefs(auto!.v)[0]) ?? at));
      out.push(moduleUnit(`${backend}-${name}.service`, at, entries));
      const ports = get(cfg, 'ports');
      for (const it of ports ? listItems(r, ports.v) : []) {
        if (it.value.t !== 'string') continue;
        const published = /^(?:[\d.]+:|\[[0-9a-fA-F:]+\]:)?(\d+):\d+/.exec(it.value.s)?.[1];
        const span = elementSpan(r, it.item, it.value).span ?? defSpan(it.def);
        if (published && span) out.push(serves(`${backend}-${name}.service`, `localhost:${published}`, span, 'oci-containers ports'));
      }
      out.push(...containerRules(r, `${backend}-${name}.service`, cfg));
    });
  }
  return out;
}

/** `prefix` + a written name + `suffix`, mapped so the whole reference spans the written name. */
function unitRef(prefix: string, name: StrV, suffix: string, span: Span): SourceText {
  const inner = sourceText(name, span);
  const start = inner.segments[0]!;
  const segments = [{ offset: 0, line: start.line, column: start.column }, ...inner.segments.map((s) => ({ ...s, offset: s.offset + prefix.length }))];
  const endCol = name.src && name.lit ? name.lit.endColumn - 1 : span.endColumn;
  const endLine = name.src && name.lit ? name.lit.endLine : span.endLine;
  segments.push({ offset: prefix.length + name.s.length, line: endLine, column: endCol });
  if (suffix) segments.push({ offset: prefix.length + name.s.length + suffix.length, line: endLine, column: endCol });
  return { text: `${prefix}${name.s}${suffix}`, file: inner.file, segments };
}

function serves(unit: string, host: string, span: Span, via: string): ServesFact {
  return { kind: 'serves', unit, endpoint: { value: host, span }, via };
}

/** nginx and caddy: the service unit, and one `serves` fact per virtual host name and alias. */
export function webServers(r: Reader, services: AttrsV | undefined): Fact[] {
  const out: Fact[] = [];
  for (const [server, nameOpt] of [['nginx', 'serverName'], ['caddy', 'hostName']] as const) {
    const cfg = attrs(force(r, get(services, server)));
    const at = enabled(r, cfg, `services.${server}`);
    if (!at) continue;
    const unit = `${server}.service`;
    out.push(moduleUnit(unit, at, [synthetic('Unit', 'After', 'network.target', at), synthetic('Install', 'WantedBy', 'multi-user.target', at)]));
    const hosts = attrs(guard(r, at, undefined, () => force(r, get(cfg, 'virtualHosts'))));
    for (const name of hosts ? names(hosts) : []) {
      const a = hosts!.map.get(name)!;
      guard(r, a.key, undefined, () => {
        const vh = attrs(force(r, a));
        const keySpan = real(a.key) ?? real(a.bind);
        const n = get(vh, nameOpt);
        const nv = force(r, n);
        const nDef = n ? userDefs(n.v)[0] : undefined;
        if (nv?.t === 'string' && nDef) {
          const span = real(nv.lit) ?? defSpan(nDef);
          if (span) out.push(serves(unit, nv.s, span, `${server} virtualHosts.${name}.${nameOpt}`));
        } else if (nv?.t === 'unknown') {
          r.m.note(`${server} virtual host ${name}: its name is unknown`, keySpan);
        } else if (keySpan) out.push(serves(unit, name, keySpan, `${server} virtualHosts`));
        const aliases = get(vh, 'serverAliases');
        for (const it of aliases ? listItems(r, aliases.v) : []) {
          if (it.value.t !== 'string') continue;
          const span = elementSpan(r, it.item, it.value).span ?? defSpan(it.def);
          if (span) out.push(serves(unit, it.value.s, span, `${server} virtualHosts.${name}.serverAliases`));
        }
      });
    }
  }
  return out;
}

/**
 * `services.traefik` (nixpkgs' module): traefik.service, and one `serves` fact
 * per host the rule of a router in `dynamicConfigOptions.http.routers` names
 * (the same rule parser as docker labels). A rule that does not parse is a
 * warning; a rule that is unknown here is a note.
 */
export function traefik(r: Reader, services: AttrsV | undefined): Fact[] {
  const cfg = attrs(force(r, get(services, 'traefik')));
  const at = enabled(r, cfg, 'services.traefik');
  if (!at) return [];
  const unit = 'traefik.service';
  const out: Fact[] = [
    moduleUnit(unit, at, [
      synthetic('Unit', 'After', 'network-online.target', at),
      synthetic('Unit', 'Wants', 'network-online.target', at),
      synthetic('Service', 'Type', 'simple', at),
      synthetic('Install', 'WantedBy', 'multi-user.target', at),
    ]),
  ];
  const dynamic = attrs(guard(r, at, undefined, () => force(r, get(cfg, 'dynamicConfigOptions'))));
  const http = attrs(guard(r, at, undefined, () => force(r, get(dynamic, 'http'))));
  const routers = attrs(guard(r, at, undefined, () => force(r, get(http, 'routers'))));
  for (const name of routers ? names(routers) : []) {
    const a = routers!.map.get(name)!;
    guard(r, a.key, undefined, () => {
      const rule = get(attrs(force(r, a)), 'rule');
      const v = force(r, rule);
      const def = rule ? userDefs(rule.v)[0] : undefined;
      const span = v?.t === 'string' ? real(v.lit) ?? defSpan(def) : defSpan(def);
      if (v?.t === 'unknown') r.m.note(`the rule of traefik router ${name} is unknown (${v.label}): its hosts are not known`, span ?? real(a.key));
      if (v?.t !== 'string' || !span) return;
      out.push(...ruleServes(r, unit, v, span, `traefik router ${name}`));
    });
  }
  return out;
}

/** The hosts a traefik router rule written in Nix names, as what `unit` serves. */
function ruleServes(r: Reader, unit: string, rule: StrV, span: Span, via: string, from = 0): ServesFact[] {
  const text = rule.s.slice(from);
  const parsed = parseRouterRule(text);
  if ('error' in parsed) {
    r.report(`traefik rule (${via}) does not parse: ${parsed.error.message} (character ${parsed.error.offset + 1} of \`${text}\`); its hosts are not known`, span);
    return [];
  }
  const src = sourceText(rule, span);
  return servedHosts(parsed.expr).hosts.map((h) => serves(unit, h.value, spanIn(src, from + h.start, from + h.end), via));
}

/**
 * The traefik router rules of an OCI container, from `labels` and from
 * `--label K=V` / `--label=K=V` / `-l K=V` in `extraOptions`: the hosts a
 * traefik with the docker provider routes to it (unless `traefik.enable` is
 * "false"), as the stack adapter reads the same labels.
 */
function containerRules(r: Reader, unit: string, cfg: AttrsV): ServesFact[] {
  const rules: Array<{ key: string; value: StrV; span: Span; from: number }> = [];
  let off = false;
  const label = (key: string, value: StrV, span: Span, from: number): void => {
    if (key === 'traefik.enable' && value.s.slice(from).trim().toLowerCase() === 'false') off = true;
    else if (ROUTER_RULE.test(key)) rules.push({ key, value, span, from });
  };
  const labels = attrs(force(r, get(cfg, 'labels')));
  for (const key of labels ? names(labels) : []) {
    const a = labels!.map.get(key)!;
    const v = force(r, a);
    const span = v?.t === 'string' ? real(v.lit) ?? defSpan(userDefs(a.v)[0]) : undefined;
    if (v?.t === 'unknown' && ROUTER_RULE.test(key)) r.m.note(`the ${key} label of ${unit} is unknown (${v.label}): its hosts are not known`, real(a.key));
    if (v?.t === 'string' && span) label(key, v, span, 0);
  }
  const options = get(cfg, 'extraOptions');
  const items = options ? listItems(r, options.v) : [];
  items.forEach((it, i) => {
    if (it.value.t !== 'string') return;
    const flag = it.value.s;
    const joined = /^--label=/.exec(flag);
    const next = flag === '--label' || flag === '-l' ? items[i + 1] : undefined;
    const kv = joined ? it : next;
    if (!kv || kv.value.t !== 'string') return;
    const from = joined ? joined[0].length : 0;
    const eq = kv.value.s.indexOf('=', from);
    const span = elementSpan(r, kv.item, kv.value).span ?? defSpan(kv.def);
    if (eq > from && span) label(kv.value.s.slice(from, eq), kv.value, span, eq + 1);
  });
  if (off) return [];
  return rules.flatMap((x) => ruleServes(r, unit, x.value, x.span, `label ${x.key}`, x.from));
}

/**
 * Units NixOS modules outside the repository make. A repository unit that
 * orders itself after, or pulls in, a `NAME.service` nothing here defines
 * refers to the unit of nixpkgs' `services.NAME` module when that is enabled
 * (most name their unit so: jellyfin, headscale, postgresql), or to one of the
 * units `services.PREFIX` makes when the repository configures it
 * (`nextcloud-setup` of services.nextcloud, `phpfpm-POOL` of services.phpfpm,
 * `authelia-INSTANCE` of services.authelia). That unit is taken to exist, with
 * nothing known of it (uncertain): no finding says it is missing, or
 * concludes from what it lacks.
 */
export function moduleServiceUnits(r: Reader, services: AttrsV | undefined, facts: readonly Fact[]): UnitFact[] {
  const units = facts.filter((f): f is UnitFact => f.kind === 'unit');
  const defined = new Set(units.map((u) => u.name));
  const referenced = new Set<string>();
  for (const u of units) {
    for (const e of u.entries) {
      if (e.section !== 'Unit' && e.section !== 'Install') continue;
      for (const word of e.value.text.split(/\s+/)) if (word.endsWith('.service') && !defined.has(word)) referenced.add(word);
    }
  }
  const out: UnitFact[] = [];
  for (const unit of [...referenced].sort()) {
    const at = moduleOf(r, services, unit.slice(0, -'.service'.length));
    if (!at) continue;
    r.m.note(`${unit} is taken to be made by ${at.option}, a NixOS module outside the repository`, at.span);
    out.push({ ...moduleUnit(unit, at.span, []), uncertain: true });
  }
  return out;
}

/** `services.NAME` enabled, or `services.PREFIX` configured for a unit named `PREFIX-…`; where it is set. */
function moduleOf(r: Reader, services: AttrsV | undefined, name: string): { option: string; span: Span } | null {
  const own = get(services, name);
  if (own) {
    const a = get(attrs(guard(r, undefined, undefined, () => force(r, own))), 'enable');
    const on = a ? guard(r, undefined, undefined, () => force(r, a)) : undefined;
    const span = a ? defSpan(userDefs(a.v)[0]) ?? real(a.key) : undefined;
    if (span && ((on?.t === 'bool' && on.v) || on?.t === 'unknown')) return { option: `services.${name}`, span };
  }
  for (let cut = name.lastIndexOf('-'); cut > 0; cut = name.lastIndexOf('-', cut - 1)) {
    const prefix = name.slice(0, cut);
    const a = get(services, prefix);
    if (a) guard(r, undefined, undefined, () => force(r, a)); // a merged value knows its definitions once forced
    const def = a ? userDefs(a.v)[0] : undefined;
    const span = defSpan(def) ?? (def && a ? real(a.key) : undefined);
    if (span) return { option: `services.${prefix}`, span };
  }
  return null;
}
