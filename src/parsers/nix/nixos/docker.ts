/**
 * nixpkgs' docker and OCI-container modules: `virtualisation.docker`
 * (`docker.service` + `docker.socket`, NixOS's firewall.service it is ordered
 * after, the daemon's address pools) and `virtualisation.oci-containers`
 * (`docker-NAME.service`/`podman-NAME.service` with their `dependsOn` order,
 * published ports, and the traefik router labels that route hosts to them).
 */
import type { Fact, ServesFact, UnitEntry, UnitFact } from '../../../model/facts.js';
import type { SourceText, Span } from '../../../model/span.js';
import { ROUTER_RULE } from '../../stack/router-rule.js';
import type { AttrsV, StrV } from '../eval/value.js';
import { spanOf } from '../syntax/positions.js';
import { enabled, moduleUnit, range, serves, synthetic } from './module-facts.js';
import { attrs, defSpan, elementSpan, force, get, guard, listItems, names, real, sourceText, firstUserDef, type Reader } from './read.js';
import { ruleServes } from './traefik.js';

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
  const at = defSpan(en ? firstUserDef(en.v) : undefined) ?? dockerAt;
  return moduleUnit('firewall.service', at, [
    synthetic('Unit', 'DefaultDependencies', 'false', at),
    synthetic('Unit', 'Wants', 'network-pre.target', at),
    synthetic('Unit', 'Before', 'network-pre.target', at),
    synthetic('Install', 'WantedBy', 'sysinit.target', at),
  ]);
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
      // autoStart defaults to true (nixos/modules/virtualisation/oci-containers.nix): absent means started at boot.
      else if (!(autoV?.t === 'bool' && !autoV.v)) entries.push(synthetic('Install', 'WantedBy', 'multi-user.target', (auto && defSpan(firstUserDef(auto.v))) ?? at));
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
    const span = v?.t === 'string' ? real(v.lit) ?? defSpan(firstUserDef(a.v)) : undefined;
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
