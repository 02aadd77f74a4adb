/**
 * Which hosts a stack service answers for, from what reverse proxies read off
 * it: traefik router rules (v2/v3 `traefik.http.routers.R.rule`, v1
 * `traefik.frontend.rule`), caddy-docker-proxy `caddy`/`caddy_N` labels and
 * nginx-proxy's `VIRTUAL_HOST` environment variable.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import { simpleDiagnostic } from '../../model/diagnostic.js';
import type { Located } from '../../model/span.js';
import type { YamlFile } from '../yaml/document.js';
import { spanInValue, type KeyValue } from './labels.js';
import { parseRouterRule, ROUTER_RULE, servedHosts } from './router-rule.js';
import { PARSE_ERROR } from '../../model/builtin-findings.js';

export interface ServedHosts {
  hosts: Located<string>[];
  patterns: Located<string>[];
  diagnostics: Diagnostic[];
}

const V1_FRONTEND_RULE = /^traefik\.(?:[^.]+\.)?frontend\.rule$/i;
const CADDY_SITE = /^caddy(?:_\d+)?$/;
// Compose interpolation: the host is only known once the environment is.
const INTERPOLATED = /\$\{?[A-Za-z_]/;

export function servedByLabels(yaml: YamlFile, labels: readonly KeyValue[], service: string): ServedHosts {
  const out: ServedHosts = { hosts: [], patterns: [], diagnostics: [] };
  // `traefik.enable=false` switches the service off for traefik whatever else it says.
  const traefikOff = labels.some((l) => l.key.toLowerCase() === 'traefik.enable' && l.value.trim().toLowerCase() === 'false');
  for (const label of labels) {
    if (ROUTER_RULE.test(label.key) && !traefikOff) routerRule(yaml, label, service, out);
    else if (V1_FRONTEND_RULE.test(label.key) && !traefikOff) frontendRule(yaml, label, out);
    else if (CADDY_SITE.test(label.key)) addressList(yaml, label, out);
  }
  return out;
}

export function servedByEnvironment(yaml: YamlFile, env: readonly KeyValue[]): ServedHosts {
  const out: ServedHosts = { hosts: [], patterns: [], diagnostics: [] };
  for (const kv of env) if (kv.key === 'VIRTUAL_HOST') addressList(yaml, kv, out);
  return out;
}

function routerRule(yaml: YamlFile, label: KeyValue, service: string, out: ServedHosts): void {
  const parsed = parseRouterRule(label.value);
  // `Host(\`${DOMAIN}\`${EXTRA_DOMAINS})`: the rule is only text once the environment is known.
  if ('error' in parsed && INTERPOLATED.test(label.value)) return;
  if ('error' in parsed) {
    const rule = label.value.trim();
    out.diagnostics.push(
      simpleDiagnostic(
        PARSE_ERROR,
        'warning',
        `traefik rule of service "${service}" does not parse: ${parsed.error.message} (character ${parsed.error.offset + 1} of \`${rule}\`); its hosts are not known`,
        label.span,
      ),
    );
    return;
  }
  const { hosts, patterns } = servedHosts(parsed.expr);
  const found = [...hosts.map((h) => ({ ...h, pattern: false })), ...patterns.map((p) => ({ ...p, pattern: true }))];
  for (const h of found.sort((a, b) => a.start - b.start)) {
    const span = spanInValue(yaml, label, h.start, h.end);
    if (h.pattern) out.patterns.push({ value: h.value, span });
    else add(out, h.value, span);
  }
}

/** Traefik v1: `Host:a.org,b.org;PathPrefix:/x`. */
function frontendRule(yaml: YamlFile, label: KeyValue, out: ServedHosts): void {
  let offset = 0;
  for (const part of label.value.split(';')) {
    const colon = part.indexOf(':');
    if (colon >= 0 && part.slice(0, colon).trim().toLowerCase() === 'host') eachItem(yaml, label, offset + colon + 1, part.slice(colon + 1), out);
    offset += part.length + 1;
  }
}

/** `a.org, b.org` or `http://a.org b.org`: caddy site addresses, VIRTUAL_HOST lists. */
function addressList(yaml: YamlFile, kv: KeyValue, out: ServedHosts): void {
  eachItem(yaml, kv, 0, kv.value, out);
}

function eachItem(yaml: YamlFile, kv: KeyValue, base: number, text: string, out: ServedHosts): void {
  for (const m of text.matchAll(/[^\s,]+/g)) {
    const start = base + m.index;
    const item = m[0];
    // Keep the host part of an address (`https://a.org:443`) as the located text.
    const host = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/:]+)/i.exec(item);
    if (!host) continue;
    const hostStart = start + item.indexOf(host[1]!, host[0].length - host[1]!.length);
    add(out, host[1]!, spanInValue(yaml, kv, hostStart, hostStart + host[1]!.length));
  }
}

function add(out: ServedHosts, host: string, span: Located<string>['span']): void {
  if (INTERPOLATED.test(host) || host.includes('*')) out.patterns.push({ value: host, span });
  else if (host.trim() !== '') out.hosts.push({ value: host, span });
}
