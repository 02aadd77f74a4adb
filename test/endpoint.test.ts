import { describe, expect, it } from 'vitest';
import { endpointKey, parseEndpoint } from '../src/model/endpoint.js';

describe('parseEndpoint', () => {
  it('reads URLs, host:port and rule fragments onto one host', () => {
    expect(parseEndpoint('https://CI.example.org/healthz')).toEqual({ host: 'ci.example.org', scheme: 'https', path: '/healthz' });
    expect(parseEndpoint('ci.example.org:443')).toEqual({ host: 'ci.example.org', port: 443 });
    expect(parseEndpoint('Host(`ci.example.org`)')).toEqual({ host: 'ci.example.org' });
    expect(parseEndpoint('ci.example.org.')).toEqual({ host: 'ci.example.org' });
    const keys = ['https://CI.example.org/healthz', 'ci.example.org:443', 'Host(`ci.example.org`)', ' ci.example.org. '].map((r) => endpointKey(parseEndpoint(r)!));
    expect(new Set(keys)).toEqual(new Set(['ci.example.org']));
  });

  it('keeps ports, paths without query, and drops user info', () => {
    expect(parseEndpoint('http://user:pw@drone.example.org:8080/api/health?x=1#top')).toEqual({
      host: 'drone.example.org',
      scheme: 'http',
      port: 8080,
      path: '/api/health',
    });
    expect(parseEndpoint('localhost')).toEqual({ host: 'localhost' });
    expect(parseEndpoint('localhost:5432/db')).toEqual({ host: 'localhost', port: 5432, path: '/db' });
    expect(parseEndpoint('tcp://10.0.0.1:2377')).toEqual({ host: '10.0.0.1', scheme: 'tcp', port: 2377 });
  });

  it('handles IPv6 literals with and without brackets', () => {
    expect(parseEndpoint('[::1]:8080')).toEqual({ host: '::1', port: 8080 });
    expect(parseEndpoint('http://[FE80::1]/x')).toEqual({ host: 'fe80::1', scheme: 'http', path: '/x' });
    expect(parseEndpoint('::1')).toEqual({ host: '::1' });
    expect(parseEndpoint('[::1')).toBeNull();
  });

  it('refuses what is not an endpoint', () => {
    expect(parseEndpoint('')).toBeNull();
    expect(parseEndpoint('8080')).toBeNull();
    expect(parseEndpoint('host:99999')).toBeNull();
    expect(parseEndpoint('host:http')).toBeNull();
    expect(parseEndpoint('${DOMAIN}')).toBeNull();
    expect(parseEndpoint('two words')).toBeNull();
  });
});
