/** Node ids for the non-unit nodes. Units are their own names. */
import type { Endpoint } from '../model/endpoint.js';

export const specId = (file: string, name: string): string => `spec:${file}#${name}`;
export const stackId = (file: string): string => `stack:${file}`;

const LOCAL = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0']);

/** Endpoints meet on the host name; local ones on host:port, since every local service shares the host. */
export function endpointId(e: Endpoint): string {
  if (LOCAL.has(e.host)) return `endpoint:localhost${e.port !== undefined ? `:${e.port}` : ''}`;
  return `endpoint:${e.host}`;
}

/** A stack's display name: its file name without extension. */
export function stackName(file: string): string {
  return (file.split('/').pop() ?? file).replace(/\.(ya?ml|json)$/, '');
}

/** How a node is named in messages. */
export function displayName(id: string): string {
  if (id.startsWith('spec:')) return `spec "${id.slice(id.lastIndexOf('#') + 1)}"`;
  if (id.startsWith('stack:')) return `stack "${stackName(id.slice('stack:'.length))}"`;
  if (id.startsWith('endpoint:')) return id.slice('endpoint:'.length);
  return id;
}
