import { describe, it, expect } from 'vitest';
import type { ApiRequest, Transport } from '../../src/backends/transport.js';
import {
  callSiteTag, curlCommand, goQuote, klogLine, klogString, maskValue, statusLine, structured, traceTransport, truncateBody, userAgent,
} from '../../src/trace.js';

// 2026-11-22 02:59:04.319814 local time, as klog stamps it.
const MICROS = new Date(2026, 10, 22, 2, 59, 4).getTime() * 1000 + 319_814;

describe('klog lines', () => {
  it('stamp the date, microseconds, a right-aligned pid and the file:line', () => {
    expect(klogLine(MICROS, 17511, 'round_trippers.go:560', 'GET https://127.0.0.1:37919/api?timeout=32s 200 OK in 0 milliseconds'))
      .toBe('I1122 02:59:04.319814   17511 round_trippers.go:560] GET https://127.0.0.1:37919/api?timeout=32s 200 OK in 0 milliseconds\n');
    expect(klogLine(MICROS + 1, 7, 'loader.go:402', 'x')).toBe('I1122 02:59:04.319815       7 loader.go:402] x\n');
  });
});

describe('bodies as klog prints them', () => {
  it('quote like Go\'s %q, keeping printable Unicode', () => {
    expect(goQuote('{"greeting":"hello \\"world\\"\\tü"}')).toBe('"{\\"greeting\\":\\"hello \\\\\\"world\\\\\\"\\\\tü\\"}"');
    expect(goQuote('a\tb\x01\x7f\u200b')).toBe('"a\\tb\\x01\\x7f\\u200b"');
  });

  it('put a body with a line break in klog\'s indented block', () => {
    expect(klogString('{"propagationPolicy":"Background"}\n')).toBe('<\n\t{"propagationPolicy":"Background"}\n >');
    expect(klogString('a\nb')).toBe('<\n\ta\n\tb\n >');
    expect(structured('Request Body', '')).toBe('"Request Body" body=""');
  });

  it('truncate at 1024 bytes at -v=8, 10240 at -v=9, never from -v=10', () => {
    const body = 'x'.repeat(3637);
    expect(truncateBody(body, 8)).toBe('x'.repeat(1024) + ' [truncated 2613 chars]');
    expect(truncateBody(body, 9)).toBe(body);
    expect(truncateBody('y'.repeat(12000), 9)).toBe('y'.repeat(10240) + ' [truncated 1760 chars]');
    expect(truncateBody('y'.repeat(12000), 10)).toHaveLength(12000);
  });

  it('show a character cut in two as Go does, byte by byte', () => {
    const cut = truncateBody('x'.repeat(1023) + 'ü' + 'z', 8);
    expect(goQuote(cut)).toBe('"' + 'x'.repeat(1023) + '\\xc3 [truncated 2 chars]"');
  });
});

describe('credentials', () => {
  it('are masked as client-go masks them', () => {
    expect(maskValue('Authorization', 'Bearer abc.def')).toBe('Bearer <masked>');
    expect(maskValue('authorization', 'Basic dXNlcjpwYXNz')).toBe('Basic <masked>');
    expect(maskValue('Authorization', 'Token secret')).toBe('<masked>');
    expect(maskValue('Authorization', 'Bearer')).toBe('Bearer');
    expect(maskValue('Accept', 'application/json')).toBe('application/json');
  });

  it('never reach the curl line', () => {
    expect(curlCommand('GET', 'https://h/api?timeout=32s', [['Accept', 'application/json'], ['Authorization', 'Bearer s3cret']]))
      .toBe(`curl -v -XGET  -H "Accept: application/json" -H "Authorization: Bearer <masked>" 'https://h/api?timeout=32s'`);
  });
});

describe('kubectl\'s conventions', () => {
  it('name statuses as Go does', () => {
    expect(statusLine(201)).toBe('201 Created');
    expect(statusLine(404)).toBe('404 Not Found');
  });

  it('tag bodies with the kubectl call site of the same kind of request', () => {
    expect(callSiteTag('GET', '/api')).toBe('discovery_client.go:253');
    expect(callSiteTag('GET', '/apis')).toBe('discovery_client.go:319');
    expect(callSiteTag('GET', '/api/v1/namespaces/default/pods')).toBe('helper.go:113');
    expect(callSiteTag('GET', '/api/v1/namespaces/default/configmaps/traced')).toBe('helper.go:105');
    expect(callSiteTag('GET', '/api/v1/namespaces/kube-system')).toBe('helper.go:105');
    expect(callSiteTag('GET', '/apis/apps/v1/deployments')).toBe('helper.go:113');
    expect(callSiteTag('POST', '/api/v1/namespaces/default/configmaps')).toBe('helper.go:246');
    expect(callSiteTag('PATCH', '/api/v1/namespaces/default/configmaps/x')).toBe('helper.go:269');
    expect(callSiteTag('DELETE', '/api/v1/namespaces/default/configmaps/x')).toBe('helper.go:202');
  });

  it('identify tkctl in kubectl\'s User-Agent shape', () => {
    expect(userAgent()).toMatch(/^tkctl\/v1\.36\.0 \([a-z0-9]+\/[a-z0-9]+\) tkctl\/0000000$/);
  });
});

describe('the traced transport', () => {
  const inner = (seen: ApiRequest[]): Transport => ({
    server: 'https://127.0.0.1:6443',
    async request(req) {
      seen.push(req);
      return { status: 201, headers: { 'content-type': 'application/json', 'cache-control': 'no-cache, private' }, body: '{"kind":"ConfigMap"}' };
    },
    async stream() { throw new Error('unused'); },
    async channel() { throw new Error('unused'); },
    async close() {},
  });

  const run = async (level: number) => {
    const out: string[] = [];
    const seen: ApiRequest[] = [];
    let clock = MICROS;
    const t = traceTransport(inner(seen), {
      level, write: (s) => out.push(s), server: 'https://127.0.0.1:6443', userAgent: 'tkctl/v1.36.0 (linux/amd64) tkctl/0000000',
      credentials: { authorization: 'Bearer s3cret' }, nowMicros: () => clock++, monotonicMs: () => 5, pid: 42,
    });
    await t.request({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', query: { fieldManager: 'kubectl-client-side-apply' },
      headers: { accept: 'application/json', 'content-type': 'application/json' }, body: '{"kind":"ConfigMap"}\n' });
    return { lines: out.join('').split('\n').filter(Boolean).map((l) => l.replace(/^I\S+ \S+ +42 /, '')), seen };
  };

  it('at -v=6 writes one line a request', async () => {
    expect((await run(6)).lines).toEqual([
      'round_trippers.go:560] POST https://127.0.0.1:6443/api/v1/namespaces/default/configmaps?fieldManager=kubectl-client-side-apply 201 Created in 0 milliseconds',
    ]);
  });

  it('at -v=8 adds headers and bodies, the token masked, and sends the User-Agent', async () => {
    const { lines, seen } = await run(8);
    expect(lines).toEqual([
      'helper.go:246] "Request Body" body=<',
      '\t{"kind":"ConfigMap"}',
      ' >',
      'round_trippers.go:470] POST https://127.0.0.1:6443/api/v1/namespaces/default/configmaps?fieldManager=kubectl-client-side-apply',
      'round_trippers.go:476] Request Headers:',
      'round_trippers.go:480]     Accept: application/json',
      'round_trippers.go:480]     Content-Type: application/json',
      'round_trippers.go:480]     User-Agent: tkctl/v1.36.0 (linux/amd64) tkctl/0000000',
      'round_trippers.go:480]     Authorization: Bearer <masked>',
      'round_trippers.go:581] Response Status: 201 Created in 0 milliseconds',
      'round_trippers.go:584] Response Headers:',
      'round_trippers.go:587]     Content-Type: application/json',
      'round_trippers.go:587]     Cache-Control: no-cache, private',
      'helper.go:246] "Response Body" body="{\\"kind\\":\\"ConfigMap\\"}"',
    ]);
    expect(seen[0].headers).toEqual({ 'user-agent': 'tkctl/v1.36.0 (linux/amd64) tkctl/0000000', accept: 'application/json', 'content-type': 'application/json' });
  });

  it('at -v=9 writes the curl line and statistics instead of the request headers', async () => {
    const { lines } = await run(9);
    expect(lines.slice(3, 6)).toEqual([
      `round_trippers.go:473] curl -v -XPOST  -H "Accept: application/json" -H "Content-Type: application/json" -H "User-Agent: tkctl/v1.36.0 (linux/amd64) tkctl/0000000" -H "Authorization: Bearer <masked>" 'https://127.0.0.1:6443/api/v1/namespaces/default/configmaps?fieldManager=kubectl-client-side-apply'`,
      'round_trippers.go:560] POST https://127.0.0.1:6443/api/v1/namespaces/default/configmaps?fieldManager=kubectl-client-side-apply 201 Created in 0 milliseconds',
      'round_trippers.go:577] HTTP Statistics: GetConnection 0 ms ServerProcessing 0 ms Duration 0 ms',
    ]);
    expect(lines.join('\n')).not.toContain('s3cret');
  });

  it('below -v=6 is the transport itself', () => {
    const plain = inner([]);
    expect(traceTransport(plain, { level: 5, write: () => {}, server: '', userAgent: '' })).toBe(plain);
  });
});
