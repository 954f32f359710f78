import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../collector/config.js';
import { clientIpResolver } from '../../collector/http/client-ip.js';
import { pageView, testApp } from '../helpers.js';

/** The client IP the resolver finds for a socket peer and request headers, TRUST_PROXY as in the environment. */
async function clientIp(trustProxy: string, socket: string | undefined, headers: HeadersInit = {}): Promise<string | undefined> {
  const resolve = clientIpResolver({ trustProxy: parseConfig({ TRUST_PROXY: trustProxy }).trustProxy, socketIp: () => socket });
  const app = new Hono().get('/', (c) => c.json({ ip: resolve(c) ?? null }));
  const { ip } = (await (await app.request('/', { headers })).json()) as { ip: string | null };
  return ip ?? undefined;
}

describe('client IP', () => {
  it('is the socket address when TRUST_PROXY is unset, whatever the headers say', async () => {
    const headers = { 'x-forwarded-for': '198.51.100.1', forwarded: 'for=198.51.100.2' };
    expect(await clientIp('', '10.0.0.1', headers)).toBe('10.0.0.1');
  });

  it('ignores the headers of a peer that is not a trusted proxy', async () => {
    const headers = { 'x-forwarded-for': '198.51.100.1', forwarded: 'for=198.51.100.2' };
    expect(await clientIp('10.0.0.0/8', '203.0.113.9', headers)).toBe('203.0.113.9');
    expect(await clientIp('10.0.0.0/8, 2001:db8::/32', '2001:db9::1', headers)).toBe('2001:db9::1');
  });

  it('takes the right-most untrusted hop, so entries a client prepends are ignored', async () => {
    const xff = '198.51.100.66, 203.0.113.5, 10.0.0.2';
    expect(await clientIp('10.0.0.0/8', '10.0.0.1', { 'x-forwarded-for': xff })).toBe('203.0.113.5');
    // a trusted IPv6 hop between the client and the peer is skipped too
    expect(await clientIp('10.0.0.0/8, 2001:db8::/32', '10.0.0.1', { 'x-forwarded-for': '198.51.100.7, 2001:db8:5::9' })).toBe('198.51.100.7');
  });

  it('reads every X-Forwarded-For header, in order', async () => {
    const headers = new Headers();
    headers.append('x-forwarded-for', '198.51.100.66');
    headers.append('x-forwarded-for', '203.0.113.5, 10.0.0.2');
    expect(await clientIp('10.0.0.0/8', '10.0.0.1', headers)).toBe('203.0.113.5');
  });

  it('takes the left-most hop when every hop is a trusted proxy', async () => {
    expect(await clientIp('10.0.0.0/8', '10.0.0.1', { 'x-forwarded-for': '10.9.9.9, 10.0.0.2' })).toBe('10.9.9.9');
  });

  it('is the trusted peer itself when it forwarded nothing', async () => {
    expect(await clientIp('loopback', '127.0.0.1')).toBe('127.0.0.1');
    expect(await clientIp('loopback', '::1', { 'x-forwarded-for': 'unknown' })).toBe('::1');
  });

  it('reads RFC 7239 Forwarded: quoted, IPv6 in brackets, ports stripped, any case', async () => {
    const forwarded = 'for=198.51.100.66, For="[2001:DB8:cafe::17]:4711";proto=https;by=10.0.0.2, for="10.0.0.3:80"';
    expect(await clientIp('10.0.0.0/8', '10.0.0.1', { forwarded })).toBe('2001:db8:cafe::17');
    expect(await clientIp('10.0.0.0/8', '10.0.0.1', { forwarded: 'for="203.0.113.5:4711"' })).toBe('203.0.113.5');
    expect(await clientIp('10.0.0.0/8', '10.0.0.1', { forwarded: 'proto=https;for=203.0.113.6' })).toBe('203.0.113.6');
  });

  it('treats unknown and obfuscated Forwarded nodes as absent', async () => {
    expect(await clientIp('10.0.0.0/8', '10.0.0.1', { forwarded: 'for=203.0.113.5, for=unknown, for="_gw1:_p"' })).toBe('203.0.113.5');
    expect(await clientIp('10.0.0.0/8', '10.0.0.1', { forwarded: 'for=unknown' })).toBe('10.0.0.1');
  });

  it('prefers X-Forwarded-For, which proxies write, and reads Forwarded only without it', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.5', forwarded: 'for=198.51.100.66' };
    expect(await clientIp('10.0.0.0/8', '10.0.0.1', headers)).toBe('203.0.113.5');
    expect(await clientIp('10.0.0.0/8', '10.0.0.1', { ...headers, 'x-forwarded-for': 'garbage' })).toBe('198.51.100.66');
  });

  it('strips ports from X-Forwarded-For entries', async () => {
    expect(await clientIp('10.0.0.0/8', '10.0.0.1', { 'x-forwarded-for': '203.0.113.5:51234' })).toBe('203.0.113.5');
    expect(await clientIp('10.0.0.0/8', '10.0.0.1', { 'x-forwarded-for': '[2001:db8::5]:443' })).toBe('2001:db8::5');
  });

  it('skips garbage without crashing, and falls back to the peer when nothing parses', async () => {
    const xff = '203.0.113.5, not-an-ip, 999.1.1.1, , <script>, 1.2.3, ::gg, 10.0.0.2';
    expect(await clientIp('10.0.0.0/8', '10.0.0.1', { 'x-forwarded-for': xff })).toBe('203.0.113.5');
    expect(await clientIp('10.0.0.0/8', '10.0.0.1', { 'x-forwarded-for': ',,;"[]', forwarded: 'for=;;"=,for' })).toBe('10.0.0.1');
  });

  it('does not let an open quote swallow the hop a proxy appends after it', async () => {
    expect(await clientIp('10.0.0.0/8', '10.0.0.1', { forwarded: 'for=198.51.100.66;x=", for=203.0.113.5' })).toBe('203.0.113.5');
    expect(await clientIp('10.0.0.0/8', '10.0.0.1', { 'x-forwarded-for': '198.51.100.66, ", 203.0.113.5' })).toBe('203.0.113.5');
  });

  it('turns IPv4-mapped IPv6 into IPv4, for the socket and in headers', async () => {
    expect(await clientIp('', '::ffff:198.51.100.4')).toBe('198.51.100.4');
    expect(await clientIp('10.0.0.0/8', '::ffff:10.0.0.1', { 'x-forwarded-for': '::ffff:203.0.113.5' })).toBe('203.0.113.5');
    expect(await clientIp('10.0.0.0/8', '::FFFF:a00:1', { 'x-forwarded-for': '::ffff:cb00:7105' })).toBe('203.0.113.5');
  });

  it('knows no client without a socket address', async () => {
    expect(await clientIp('loopback', undefined, { 'x-forwarded-for': '203.0.113.5' })).toBeUndefined();
  });

  it('feeds the collector: a trusted proxy’s client is what gets stored', async () => {
    const trustProxy = parseConfig({ TRUST_PROXY: 'loopback' }).trustProxy;
    const t = await testApp({ clientIp: clientIpResolver({ trustProxy, socketIp: (c) => c.req.header('x-test-socket') }) });
    await t.send({ site: t.site.key, events: [pageView()] }, { 'x-test-socket': '127.0.0.1', 'x-forwarded-for': '198.51.100.1, 203.0.113.77' });
    await t.send({ site: t.site.key, events: [pageView()] }, { 'x-test-socket': '192.0.2.10', 'x-forwarded-for': '203.0.113.77' });
    const stored = await t.store.newestEvents({ limit: 10 });
    expect(stored.map((e) => e.ip).sort()).toEqual(['192.0.2.0', '203.0.113.0']);
  });
});
