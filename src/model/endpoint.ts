/**
 * Endpoint normalisation: a health gate written as a URL, a spec's `domain`, a
 * `host:port` and a traefik `Host()` rule must meet on one graph node. They meet
 * on the host name: a gate on `https://ci.example.org/healthz` waits for
 * whatever serves `ci.example.org`, whatever the port or path.
 */

export interface Endpoint {
  /** Lowercased, without a trailing dot; an IPv6 literal without its brackets. */
  host: string;
  scheme?: string;
  port?: number;
  /** From the first `/` after the authority, without query or fragment. */
  path?: string;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
// A rule or a rule fragment written where an endpoint is expected (`Host(`a`)`).
const HOST_RULE = /^(?:Host|HostHeader|HostSNI)\(\s*[`"']([^`"']*)[`"']/;
const HOSTNAME = /^[a-z0-9_*](?:[a-z0-9_.*-]*[a-z0-9_*])?$/;
const IPV6 = /^[0-9a-f:.]+(?:%[a-z0-9_.-]+)?$/i;

export function parseEndpoint(raw: string): Endpoint | null {
  const text = raw.trim();
  if (text === '') return null;

  const rule = HOST_RULE.exec(text);
  if (rule) return parseEndpoint(rule[1]!);

  let rest = text;
  let scheme: string | undefined;
  const s = SCHEME.exec(rest);
  if (s) {
    scheme = s[1]!.toLowerCase();
    rest = rest.slice(s[0].length);
  }

  const authorityEnd = firstIndexOf(rest, ['/', '?', '#']);
  const authority = rest.slice(0, authorityEnd);
  const tail = rest.slice(authorityEnd);
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);

  const split = splitHostPort(hostPort);
  if (!split) return null;
  const host = normaliseHost(split.host);
  if (!host) return null;

  const endpoint: Endpoint = { host };
  if (scheme) endpoint.scheme = scheme;
  if (split.port !== undefined) endpoint.port = split.port;
  const path = tail.startsWith('/') ? tail.slice(0, firstIndexOf(tail, ['?', '#'])) : '';
  if (path) endpoint.path = path;
  return endpoint;
}

/** The graph node an endpoint belongs to. */
export function endpointKey(e: Endpoint): string {
  return e.host;
}

function splitHostPort(hostPort: string): { host: string; port?: number } | null {
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0) return null;
    const host = hostPort.slice(1, close);
    if (!IPV6.test(host)) return null;
    const after = hostPort.slice(close + 1);
    if (after === '') return { host };
    if (!after.startsWith(':')) return null;
    const port = parsePort(after.slice(1));
    return port === null ? null : { host, port };
  }
  const colons = hostPort.split(':').length - 1;
  // Two or more colons without brackets: a bare IPv6 literal, which cannot carry a port.
  if (colons >= 2) return IPV6.test(hostPort) ? { host: hostPort } : null;
  if (colons === 1) {
    const at = hostPort.indexOf(':');
    const port = parsePort(hostPort.slice(at + 1));
    return port === null ? null : { host: hostPort.slice(0, at), port };
  }
  return { host: hostPort };
}

function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

function normaliseHost(host: string): string | null {
  const lower = host.toLowerCase().replace(/\.$/, '');
  if (lower === '') return null;
  if (lower.includes(':')) return IPV6.test(lower) ? lower : null;
  // A bare number is a port or a count, not a host; dotted quads pass as names.
  if (/^\d+$/.test(lower)) return null;
  return HOSTNAME.test(lower) ? lower : null;
}

function firstIndexOf(text: string, chars: string[]): number {
  let best = text.length;
  for (const c of chars) {
    const i = text.indexOf(c);
    if (i >= 0 && i < best) best = i;
  }
  return best;
}
