/**
 * A docker stack / compose file → StackFact: its services (image, proxy kind,
 * served hosts, ports, networks, depends_on, healthcheck) and its networks
 * (driver, ipam subnets, external). Every value keeps its span; a malformed
 * part of the file costs only that part.
 */
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { StackFact, StackNetwork, StackService } from '../../model/facts.js';
import type { Located } from '../../model/span.js';
import type { LineIndex } from '../line-index.js';
import { YamlFile, scalarText, type YamlEntry, type YamlNode } from '../yaml/document.js';
import { readKeyValues } from './labels.js';
import { proxyOfImage } from './proxy.js';
import { servedByEnvironment, servedByLabels } from './served-hosts.js';

/** `deploy:` keys only swarm mode reads (`docker compose` ignores them or has no such thing). */
const SWARM_DEPLOY_KEYS = new Set(['labels', 'placement', 'mode', 'update_config', 'rollback_config', 'endpoint_mode']);

export function readStack(lines: LineIndex): { stack: StackFact; diagnostics: Diagnostic[] } {
  const yaml = new YamlFile(lines, 'stack');
  const diagnostics = [...yaml.diagnostics];
  const stack: StackFact = { kind: 'stack', file: lines.file, span: lines.firstLine(), services: [], networks: [] };
  for (const { doc, root } of yaml.roots()) {
    const top = yaml.entries(root, doc);
    for (const e of yaml.entries(find(top, 'services'), doc)) {
      const { service, diagnostics: d } = readService(yaml, doc, e);
      stack.services.push(service);
      diagnostics.push(...d);
      const swarm = yaml.entries(find(yaml.entries(e.value, doc), 'deploy'), doc).find((f) => SWARM_DEPLOY_KEYS.has(f.key));
      if (swarm && !stack.swarmOnly) stack.swarmOnly = yaml.span(swarm.keyNode);
    }
    for (const e of yaml.entries(find(top, 'networks'), doc)) stack.networks.push(readNetwork(yaml, doc, e));
  }
  return { stack, diagnostics };
}

function readService(yaml: YamlFile, doc: Document.Parsed, entry: YamlEntry): { service: StackService; diagnostics: Diagnostic[] } {
  const fields = yaml.entries(entry.value, doc);
  const service: StackService = {
    name: entry.key,
    span: yaml.span(entry.keyNode),
    serves: [],
    ports: [],
    networks: [],
    dependsOn: [],
  };
  const image = located(yaml, find(fields, 'image'));
  if (image) {
    service.image = image;
    const proxy = proxyOfImage(image.value);
    if (proxy) service.proxy = proxy;
  }

  const deploy = yaml.entries(find(fields, 'deploy'), doc);
  const labels = [...readKeyValues(yaml, doc, find(deploy, 'labels')), ...readKeyValues(yaml, doc, find(fields, 'labels'))];
  const byLabels = servedByLabels(yaml, labels, entry.key);
  const byEnv = servedByEnvironment(yaml, readKeyValues(yaml, doc, find(fields, 'environment')));
  service.serves.push(...byLabels.hosts, ...byEnv.hosts);
  const patterns = [...byLabels.patterns, ...byEnv.patterns];
  if (patterns.length > 0) service.servePatterns = patterns;

  service.ports = yaml.items(find(fields, 'ports'), doc).flatMap((p) => port(yaml, doc, p) ?? []);
  service.networks = namesOf(yaml, doc, find(fields, 'networks'));
  service.dependsOn = namesOf(yaml, doc, find(fields, 'depends_on'));
  const health = fields.find((f) => f.key === 'healthcheck');
  if (health && !healthcheckDisabled(yaml, doc, health.value)) service.healthcheck = yaml.span(health.keyNode);
  return { service, diagnostics: byLabels.diagnostics };
}

function readNetwork(yaml: YamlFile, doc: Document.Parsed, entry: YamlEntry): StackNetwork {
  const fields = yaml.entries(entry.value, doc);
  const network: StackNetwork = { name: entry.key, span: yaml.span(entry.keyNode), subnets: [], external: false };
  const driver = located(yaml, find(fields, 'driver'));
  if (driver) network.driver = driver;
  const ipam = yaml.entries(find(fields, 'ipam'), doc);
  for (const config of yaml.items(find(ipam, 'config'), doc)) {
    const subnet = located(yaml, find(yaml.entries(config, doc), 'subnet'));
    if (subnet) network.subnets.push(subnet);
  }
  const external = find(fields, 'external');
  let dockerName = located(yaml, find(fields, 'name'));
  if (isMap(external)) {
    // Compose v3's `external: {name: real-name}`.
    network.external = true;
    dockerName = located(yaml, find(yaml.entries(external, doc), 'name')) ?? dockerName;
  } else if (isScalar(external)) {
    network.external = external.value === true || String(external.value).toLowerCase() === 'true';
  }
  if (dockerName && dockerName.value !== entry.key) network.dockerName = dockerName;
  return network;
}

/** Short syntax as written; long syntax as `[host_ip:]published:target[/protocol]`. */
function port(yaml: YamlFile, doc: Document.Parsed, node: YamlNode): Located<string> | undefined {
  const text = scalarText(node);
  if (text !== undefined) return { value: text, span: yaml.span(node) };
  const f = yaml.entries(node, doc);
  const get = (k: string): string | undefined => scalarText(find(f, k));
  const target = get('target');
  if (target === undefined) return undefined;
  const published = get('published');
  const hostIp = get('host_ip');
  const protocol = get('protocol');
  let value = published === undefined ? target : `${published}:${target}`;
  if (hostIp !== undefined && published !== undefined) value = `${hostIp}:${value}`;
  if (protocol !== undefined) value += `/${protocol}`;
  return { value, span: yaml.span(node) };
}

/** `- a` lists and `a: {…}` maps both name things by their entries. */
function namesOf(yaml: YamlFile, doc: Document.Parsed, node: YamlNode | null): Located<string>[] {
  if (isSeq(node)) return yaml.items(node, doc).flatMap((i) => located(yaml, i) ?? []);
  return yaml.entries(node, doc).map((e) => ({ value: e.key, span: yaml.span(e.keyNode) }));
}

function healthcheckDisabled(yaml: YamlFile, doc: Document.Parsed, node: YamlNode | null): boolean {
  const f = yaml.entries(node, doc);
  const disable = find(f, 'disable');
  if (isScalar(disable) && disable.value === true) return true;
  const test = find(f, 'test');
  const first = isSeq(test) ? scalarText(yaml.items(test, doc)[0]) : scalarText(test);
  return first === 'NONE';
}

function find(entries: readonly YamlEntry[], key: string): YamlNode | null {
  return entries.find((e) => e.key === key)?.value ?? null;
}

function located(yaml: YamlFile, node: YamlNode | null): Located<string> | undefined {
  const text = scalarText(node);
  return text === undefined || text === '' ? undefined : { value: text, span: yaml.span(node!) };
}

