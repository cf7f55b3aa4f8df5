// Go's http.ProxyFromEnvironment rules (golang.org/x/net/http/httpproxy), which kubectl follows
// when the cluster names no proxy-url: which variable applies, and what NO_PROXY excludes.
import { describe, expect, it } from 'vitest';
import { proxyFor, proxyFromEnvironment } from '../../src/backends/remote/proxy.js';

const via = (server: string, env: NodeJS.ProcessEnv) => proxyFromEnvironment(new URL(server), env)?.href;
const PROXY = 'http://proxy.corp:3128/';

describe('the proxy from the environment', () => {
  it('takes HTTPS_PROXY for https servers and HTTP_PROXY for http ones, upper case first', () => {
    expect(via('https://api.example.com:6443', { HTTPS_PROXY: PROXY, HTTP_PROXY: 'http://other:1/' })).toBe(PROXY);
    expect(via('http://api.example.com:8080', { HTTPS_PROXY: 'http://other:1/', HTTP_PROXY: PROXY })).toBe(PROXY);
    expect(via('https://api.example.com', { https_proxy: PROXY })).toBe(PROXY);
    expect(via('https://api.example.com', { HTTPS_PROXY: PROXY, https_proxy: 'http://lower:1/' })).toBe(PROXY);
    expect(via('https://api.example.com', { HTTP_PROXY: PROXY })).toBeUndefined();
    expect(via('https://api.example.com', {})).toBeUndefined();
  });

  it('reads a bare host:port as an http proxy and keeps https and socks5 URLs', () => {
    expect(via('https://api.example.com', { HTTPS_PROXY: 'proxy.corp:3128' })).toBe(PROXY);
    expect(via('https://api.example.com', { HTTPS_PROXY: 'socks5://127.0.0.1:1080' })).toBe('socks5://127.0.0.1:1080');
    expect(via('https://api.example.com', { HTTPS_PROXY: 'https://proxy.corp' })).toBe('https://proxy.corp/');
  });

  it('never proxies localhost or a loopback address', () => {
    for (const server of ['https://localhost:6443', 'https://127.0.0.1:6443', 'https://127.9.9.9', 'https://[::1]:6443']) {
      expect(via(server, { HTTPS_PROXY: PROXY })).toBeUndefined();
    }
    expect(via('https://10.0.0.1:6443', { HTTPS_PROXY: PROXY })).toBe(PROXY);
  });

  it('excludes what NO_PROXY names: domains with their subdomains, ".domain" for subdomains only, IPs, CIDR blocks, ports, "*"', () => {
    const cases: Array<[string, string, boolean]> = [
      ['api.example.com', 'https://api.example.com', false],
      ['example.com', 'https://api.example.com', false],
      ['example.com', 'https://example.com', false],
      ['example.com', 'https://notexample.com', true],
      ['.example.com', 'https://example.com', true],
      ['.example.com', 'https://api.example.com', false],
      ['*.example.com', 'https://example.com', true],
      ['*.example.com', 'https://api.example.com', false],
      [' Example.COM ', 'https://API.example.com', false],
      ['example.com:6443', 'https://api.example.com:6443', false],
      ['example.com:443', 'https://api.example.com:6443', true],
      ['example.com:443', 'https://api.example.com', false],
      ['10.1.2.3', 'https://10.1.2.3:6443', false],
      ['10.1.2.3:443', 'https://10.1.2.3:6443', true],
      ['10.0.0.0/8', 'https://10.1.2.3', false],
      ['10.0.0.0/8', 'https://11.1.2.3', true],
      ['fd00::/8', 'https://[fd00::1]:6443', false],
      ['[fd00::1]:6443', 'https://[fd00::1]:6443', false],
      ['other.org,,10.0.0.0/8, example.com', 'https://api.example.com', false],
      ['*', 'https://anything.example', false],
      ['other.org', 'https://api.example.com', true],
    ];
    for (const [noProxy, server, proxied] of cases) {
      expect([noProxy, server, via(server, { HTTPS_PROXY: PROXY, NO_PROXY: noProxy })]).toEqual([noProxy, server, proxied ? PROXY : undefined]);
    }
    expect(via('https://api.example.com', { HTTPS_PROXY: PROXY, no_proxy: 'example.com' })).toBeUndefined();
  });

  it('refuses HTTP_PROXY in a CGI handler, as Go does', () => {
    expect(via('http://api.example.com', { HTTP_PROXY: PROXY, REQUEST_METHOD: 'GET' })).toBeUndefined();
  });

  it('gives the cluster\'s proxy-url precedence over the environment', () => {
    expect(proxyFor('socks5://127.0.0.1:1080', new URL('https://api.example.com'), { HTTPS_PROXY: PROXY })?.href).toBe('socks5://127.0.0.1:1080');
    expect(proxyFor(undefined, new URL('https://api.example.com'), { HTTPS_PROXY: PROXY })?.href).toBe(PROXY);
  });
});
