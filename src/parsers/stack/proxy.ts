/**
 * The reverse proxy a service runs, from its image: the repository's last path
 * component names the product (`traefik:v3.1`, `nginxinc/nginx-unprivileged`,
 * `lucaslorentz/caddy-docker-proxy`, `haproxytech/haproxy-alpine`). Exporters
 * and sidecars named after a proxy (`nginx-prometheus-exporter`) do not proxy.
 */
import type { StackService } from '../../model/facts.js';

type Proxy = NonNullable<StackService['proxy']>;
const PROXIES: readonly Proxy[] = ['traefik', 'nginx', 'caddy', 'haproxy'];
const NOT_A_PROXY = new Set(['exporter', 'ui', 'exporter-ui']);

export function proxyOfImage(image: string): Proxy | undefined {
  const withoutDigest = image.split('@')[0]!;
  const repo = withoutDigest.replace(/:[^/]*$/, '');
  const last = repo.slice(repo.lastIndexOf('/') + 1).toLowerCase();
  const words = last.split(/[-_.]/);
  if (words.some((w) => NOT_A_PROXY.has(w))) return undefined;
  return PROXIES.find((p) => words[0] === p);
}
