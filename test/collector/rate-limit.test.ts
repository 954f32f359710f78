import { describe, expect, it } from 'vitest';
import { ipKey, MemoryRateLimiter, memoryRateLimits, rateLimitChecks } from '../../collector/http/rate-limit.js';
import { ORIGIN, pageView, testApp } from '../helpers.js';

const json = async (res: Response) => (await res.json()) as any;
const events = (n: number) => Array.from({ length: n }, () => pageView());

describe('MemoryRateLimiter', () => {
  it('grants a minute’s budget, then refuses and says when the cost will be granted', () => {
    const limiter = new MemoryRateLimiter({ perMinute: 60 });
    expect(limiter.take('a', 60, 0)).toEqual({ ok: true, retryAfterMs: 0 });
    expect(limiter.take('a', 1, 0)).toEqual({ ok: false, retryAfterMs: 1000 });
    expect(limiter.take('a', 3, 500)).toEqual({ ok: false, retryAfterMs: 2500 });
    expect(limiter.take('a', 1, 1000).ok).toBe(true);
    expect(limiter.take('b', 60, 1000).ok).toBe(true);
  });

  it('is whole again a minute later', () => {
    const limiter = new MemoryRateLimiter({ perMinute: 10 });
    expect(limiter.take('a', 10, 0).ok).toBe(true);
    expect(limiter.take('a', 10, 59_999).ok).toBe(false);
    expect(limiter.take('a', 10, 60_000 + 59_999).ok).toBe(true);
  });

  it('lets a batch bigger than the budget through on a full bucket only', () => {
    const limiter = new MemoryRateLimiter({ perMinute: 10 });
    expect(limiter.take('a', 25, 0).ok).toBe(true);
    expect(limiter.take('a', 25, 30_000)).toEqual({ ok: false, retryAfterMs: 30_000 });
  });

  it('forgets keys idle for a minute, so memory follows the active clients', () => {
    const limiter = new MemoryRateLimiter({ perMinute: 10 });
    for (let i = 0; i < 500; i++) limiter.take(`ip${i}`, 1, i);
    expect(limiter.size).toBe(500);
    limiter.take('late', 1, 60_250);
    expect(limiter.size).toBe(250);
    limiter.take('later', 1, 200_000);
    expect(limiter.size).toBe(1);
  });

  it('keeps keys in last-use order, so a busy old key neither shields idle ones nor is evicted', () => {
    const limiter = new MemoryRateLimiter({ perMinute: 60, maxKeys: 50 });
    limiter.take('busy', 60, 0);
    for (let i = 0; i < 49; i++) limiter.take(`idle${i}`, 1, 1000);
    limiter.take('busy', 1, 50_000);
    limiter.take('new', 1, 50_000); // over maxKeys: the least recently used goes, not busy
    // busy kept its bucket: 50 refilled, 1 taken, 49 left (a forgotten key would start with 60)
    expect(limiter.take('busy', 49, 50_000).ok).toBe(true);
    expect(limiter.take('busy', 1, 50_000).ok).toBe(false);
    limiter.take('late', 1, 65_000);
    expect(limiter.size).toBe(3);
  });

  it('stays bounded under a flood of distinct addresses within one minute', () => {
    const limiter = new MemoryRateLimiter({ perMinute: 10, maxKeys: 1000 });
    for (let i = 0; i < 20_000; i++) limiter.take(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, 1, 0);
    expect(limiter.size).toBe(1000);
    // the survivors are the most recent, and a recent key keeps its count
    expect(limiter.take('10.0.78.31', 10, 0).ok).toBe(false);
  });

  it('refuses a budget of 0 (no limit is no limiter)', () => {
    expect(() => new MemoryRateLimiter({ perMinute: 0 })).toThrow(RangeError);
  });
});

describe('ipKey', () => {
  it('counts IPv4 per address and IPv6 per /64', () => {
    expect(ipKey('203.0.113.5')).toBe('203.0.113.5');
    expect(ipKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(ipKey('2001:db8:1:2::ffff')).toBe('2001:db8:1:2::/64');
    expect(ipKey('2001:0db8:0001:0002:0:0:0:1')).toBe('2001:db8:1:2::/64');
    expect(ipKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(ipKey('2001:db8:1:3::1')).not.toBe(ipKey('2001:db8:1:2::1'));
    expect(ipKey('::1')).toBe('0:0:0:0::/64');
    expect(ipKey('64:ff9b::203.0.113.5')).toBe('64:ff9b:0:0::/64');
    expect(ipKey(null)).toBe('unknown');
  });
});

describe('rate limits on POST /v1/events', () => {
  async function limited(perIp: number | undefined, perSite: number | undefined) {
    let clock = 1_000_000;
    const t = await testApp({
      now: () => clock,
      rateLimit: {
        perIp: perIp ? new MemoryRateLimiter({ perMinute: perIp }) : undefined,
        perSite: perSite ? new MemoryRateLimiter({ perMinute: perSite }) : undefined,
      },
    });
    const from = (ip: string, n: number, site = t.site.key) => t.send({ site, events: events(n) }, { 'x-test-client-ip': ip });
    return { t, from, tick: (ms: number) => void (clock += ms) };
  }

  it('counts events per client IP and answers 429 rate_limited with Retry-After past the limit', async () => {
    const { t, from } = await limited(5, undefined);
    expect((await from('203.0.113.5', 3)).status).toBe(202);
    const refused = await from('203.0.113.5', 3);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('12');
    expect(refused.headers.get('access-control-allow-origin')).toBe(ORIGIN); // a browser must see the 429 to retry
    const body = await json(refused);
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toMatch(/IP address.*12 s/);
    expect((await from('203.0.113.5', 2)).status).toBe(202);
    expect((await from('203.0.113.5', 1)).status).toBe(429);
    expect((await from('198.51.100.9', 5)).status).toBe(202);
    expect(await t.store.newestEvents({ limit: 100 })).toHaveLength(10);
  });

  it('counts one IPv6 subscriber’s /64 as one address', async () => {
    const { from } = await limited(4, undefined);
    expect((await from('2001:db8:1:2::1', 4)).status).toBe(202);
    expect((await from('2001:db8:1:2::abcd', 1)).status).toBe(429);
    expect((await from('2001:db8:1:3::1', 1)).status).toBe(202);
  });

  it('limits a site across all its visitors, and leaves other sites alone', async () => {
    const { t, from } = await limited(100, 6);
    const other = await t.store.createSite({ id: 'other-site', key: 'other-key-123', name: 'Other', origins: [] });
    expect((await from('203.0.113.1', 3)).status).toBe(202);
    expect((await from('203.0.113.2', 3)).status).toBe(202);
    const refused = await from('203.0.113.3', 1);
    expect(refused.status).toBe(429);
    expect((await json(refused)).error.message).toMatch(/for this site/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await from('203.0.113.3', 6, other.key)).status).toBe(202);
  });

  it('grants the budget again once the window has passed', async () => {
    const { from, tick } = await limited(5, 5);
    expect((await from('203.0.113.5', 5)).status).toBe(202);
    expect((await from('203.0.113.5', 1)).status).toBe(429);
    tick(30_000);
    expect((await from('203.0.113.5', 3)).status).toBe(429);
    expect((await from('203.0.113.5', 2)).status).toBe(202);
    tick(60_000);
    expect((await from('203.0.113.5', 5)).status).toBe(202);
  });

  it('is off with 0: no limiter, no check', async () => {
    expect(memoryRateLimits({ perIp: 0, perSite: 0 })).toEqual({ perIp: undefined, perSite: undefined });
    expect(rateLimitChecks(memoryRateLimits({ perIp: 0, perSite: 0 }))).toHaveLength(0);
    expect(rateLimitChecks(memoryRateLimits({ perIp: 0, perSite: 10 }))).toHaveLength(1);
    const t = await testApp({ rateLimit: memoryRateLimits({ perIp: 0, perSite: 0 }) });
    for (let i = 0; i < 3; i++) expect((await t.send({ site: t.site.key, events: events(100) })).status).toBe(202);
    const one = await testApp({ rateLimit: memoryRateLimits({ perIp: 1, perSite: 0 }) });
    expect((await one.send({ site: one.site.key, events: events(1) })).status).toBe(202);
    expect((await one.send({ site: one.site.key, events: events(1) })).status).toBe(429);
  });
});
