import { describe, expect, it } from 'vitest';
import { ORIGIN, pageView, testApp } from '../helpers.js';

const json = async (res: Response) => (await res.json()) as any;

describe('POST /v1/events', () => {
  it('stores a page view with what the browser sent and what the collector learned', async () => {
    const t = await testApp();
    const event = pageView({ title: 'Pricing — plans' });
    const res = await t.send({ site: t.site.key, events: [event] }, {
      'x-test-client-ip': '203.0.113.77',
      'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15',
    });
    expect(res.status).toBe(202);
    expect(await json(res)).toEqual({ accepted: 1, duplicates: 0, rejected: [] });

    const [stored] = await t.store.newestEvents({ limit: 10 });
    expect(stored).toMatchObject({
      siteId: t.site.id,
      id: event.id,
      type: 'page_view',
      url: `${ORIGIN}/pricing`,
      title: 'Pricing — plans',
      referrer: 'https://www.google.com/',
      visitor: 'visitor-1',
      ip: '203.0.113.0',
      bot: false,
    });
    expect(JSON.stringify(stored)).not.toContain('203.0.113.77');
  });

  it('opens a server-side session with the landing page, referrer and campaign', async () => {
    const t = await testApp();
    const landing = pageView({ url: `${ORIGIN}/?utm_source=google&utm_medium=cpc&utm_campaign=brand&gclid=abc`, session: 'sdk-session-1' });
    await t.send({ site: t.site.key, events: [landing, pageView({ session: 'sdk-session-1', ts: (landing.ts as number) + 1000 })] });
    const [session] = await t.store.listSessions({ limit: 5 });
    expect(session).toMatchObject({
      id: 'sdk-session-1',
      visitor: 'visitor-1',
      landingUrl: landing.url,
      referrer: 'https://www.google.com/',
      campaign: { source: 'google', medium: 'cpc', name: 'brand' },
      clickId: 'gclid',
      adNetwork: 'google',
      pageViews: 2,
    });
  });

  it('truncates IPv6 addresses to their /48', async () => {
    const t = await testApp();
    await t.send({ site: t.site.key, events: [pageView()] }, { 'x-test-client-ip': '2001:db8:85a3:1234:5678::1' });
    const [stored] = await t.store.newestEvents({ limit: 1 });
    expect(stored?.ip).toBe('2001:db8:85a3::');
  });

  it('accepts application/json as well as text/plain and answers the CORS preflight', async () => {
    const t = await testApp();
    const res = await t.send({ site: t.site.key, events: [pageView()] }, { 'content-type': 'application/json' });
    expect(res.status).toBe(202);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);

    const pre = await t.request('/v1/events', {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('counts a resent event as a duplicate, within a batch and across batches', async () => {
    const t = await testApp();
    const event = pageView();
    const first = await json(await t.send({ site: t.site.key, events: [event, event] }));
    expect(first).toMatchObject({ accepted: 1, duplicates: 1 });
    const again = await json(await t.send({ site: t.site.key, events: [event, pageView()] }));
    expect(again).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(await t.store.newestEvents({ limit: 10 })).toHaveLength(2);
  });

  it('rejects bad events by index and keeps the good ones of the same batch', async () => {
    const t = await testApp();
    const res = await t.send({
      site: t.site.key,
      events: [pageView(), pageView({ url: 'javascript:alert(1)' }), pageView({ type: 'teleport' }), 'nonsense', pageView()],
    });
    expect(res.status).toBe(202);
    const body = await json(res);
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r: any) => [r.index, r.code])).toEqual([
      [1, 'invalid_url'],
      [2, 'invalid_type'],
      [3, 'invalid_event'],
    ]);
    expect(body.rejected[0].message).toMatch(/http\(s\) URL/);
  });

  it('cleans NUL bytes and lone surrogates and caps long titles', async () => {
    const t = await testApp();
    await t.send({ site: t.site.key, events: [pageView({ title: `a\u0000b\uD800c${'x'.repeat(2000)}` })] });
    const [stored] = await t.store.newestEvents({ limit: 1 });
    expect(stored?.title?.startsWith('ab\uFFFDc')).toBe(true);
    expect(stored?.title).toHaveLength(512);
  });

  it('flags crawlers by user agent and still keeps their events', async () => {
    const t = await testApp();
    await t.send({ site: t.site.key, events: [pageView()] }, { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' });
    const [stored] = await t.store.newestEvents({ limit: 1 });
    expect(stored?.bot).toBe(true);
  });

  describe('answers bad requests with a 4xx and the error shape', () => {
    const cases: [string, (t: Awaited<ReturnType<typeof testApp>>) => Promise<Response>, number, string][] = [
      ['not JSON', (t) => t.send('{"site": '), 400, 'invalid_json'],
      ['not an envelope', (t) => t.send({ events: 'none' }), 400, 'invalid_envelope'],
      ['no events', (t) => t.send({ site: t.site.key, events: [] }), 400, 'invalid_envelope'],
      ['an unknown site key', (t) => t.send({ site: 'nope', events: [pageView()] }), 404, 'unknown_site'],
      ['a foreign origin', (t) => t.send({ site: t.site.key, events: [pageView()] }, { origin: 'https://evil.example' }), 403, 'origin_not_allowed'],
      ['a form body', (t) => t.send('site=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type'],
      ['too many events', (t) => t.send({ site: t.site.key, events: Array.from({ length: 101 }, () => pageView()) }), 413, 'too_many_events'],
      ['a body over the limit', (t) => t.send({ site: t.site.key, events: [pageView({ title: 'x'.repeat(70_000) })] }), 413, 'payload_too_large'],
    ];
    for (const [what, call, status, code] of cases) {
      it(`${what} → ${status} ${code}`, async () => {
        const t = await testApp();
        const res = await call(t);
        expect(res.status).toBe(status);
        const body = await json(res);
        expect(body.error.code).toBe(code);
        expect(typeof body.error.message).toBe('string');
        expect(await t.store.newestEvents({ limit: 10 })).toHaveLength(0);
      });
    }
  });

  it('honours configured limits', async () => {
    const t = await testApp({ maxEvents: 2, maxBodyBytes: 2048 });
    expect((await t.send({ site: t.site.key, events: [pageView(), pageView(), pageView()] })).status).toBe(413);
    expect((await t.send({ site: t.site.key, events: [pageView(), pageView()] })).status).toBe(202);
    expect((await t.send({ site: t.site.key, events: [pageView({ title: 'y'.repeat(2100) })] })).status).toBe(413);
  });

  it('accepts senders without Origin only for sites that allow server-side senders', async () => {
    const t = await testApp();
    const refused = await t.send({ site: t.site.key, events: [pageView()] }, { origin: '' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as any).error.code).toBe('origin_required');
    const server = await t.store.createSite({ id: 'server-site', key: 'server-key-1', name: 'Server', origins: [ORIGIN], serverSide: true });
    expect((await t.send({ site: server.key, events: [pageView()] }, { origin: '' })).status).toBe(202);
    expect((await t.send({ site: server.key, events: [pageView()] }, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('accepts any browser origin for a site that lists none', async () => {
    const t = await testApp();
    const open = await t.store.createSite({ id: 'open-site', key: 'open-key-123', name: 'Open', origins: [] });
    expect((await t.send({ site: open.key, events: [pageView()] }, { origin: 'https://anywhere.example' })).status).toBe(202);
  });
});

describe('hashed IP storage (IP_STORAGE=hash)', () => {
  it('stores a salted hash that changes with the day, never the address', async () => {
    const { defaultSteps } = await import('../../collector/enrich/index.js');
    const { dailyIpSalt } = await import('../../collector/http/index.js');
    let now = Date.UTC(2026, 10, 23, 10);
    const t = await testApp({ now: () => now, steps: defaultSteps('hash') });
    const app2 = await testApp({ store: t.store, now: () => now, steps: defaultSteps('hash'), ipSalt: dailyIpSalt(t.store) });
    const send = (ip: string) => app2.send({ site: app2.site.key, events: [pageView()] }, { 'x-test-client-ip': ip });
    await send('203.0.113.77');
    await send('203.0.113.77');
    await send('203.0.113.78');
    now += 24 * 3600_000;
    await send('203.0.113.77');
    const ips = (await t.store.newestEvents({ limit: 10 })).reverse().map((e) => e.ip);
    expect(ips.every((ip) => /^h:[A-Za-z0-9_-]{22}$/.test(ip ?? ''))).toBe(true);
    expect(ips[0]).toBe(ips[1]);
    expect(ips[2]).not.toBe(ips[0]);
    expect(ips[3]).not.toBe(ips[0]);
    expect(JSON.stringify(await t.store.newestEvents({ limit: 10 }))).not.toMatch(/203\.0\.113/);
  });
});

describe('ts: epoch milliseconds or ISO-8601', () => {
  it('takes an ISO-8601 date-time with a zone and keeps it as epoch milliseconds', async () => {
    const t = await testApp();
    const cases: [unknown, number][] = [
      ['2026-11-23T10:00:00Z', Date.UTC(2026, 10, 23, 10)],
      ['2026-11-23T11:00:00+01:00', Date.UTC(2026, 10, 23, 10)],
      ['2026-11-23T05:30:00.250-0430', Date.UTC(2026, 10, 23, 10, 0, 0, 250)],
      ['2026-11-23 10:00z', Date.UTC(2026, 10, 23, 10)],
      ['2026-11-23T10:00:00.123456789+00', Date.UTC(2026, 10, 23, 10, 0, 0, 123)],
      [Date.UTC(2026, 10, 23, 10), Date.UTC(2026, 10, 23, 10)],
      ['2000-01-01T00:00:00Z', Date.UTC(2000, 0, 1)],
      ['2100-01-01T00:00:00Z', Date.UTC(2100, 0, 1)],
    ];
    const events = cases.map(([ts]) => pageView({ ts }));
    const body = await json(await t.send({ site: t.site.key, events }));
    expect(body).toEqual({ accepted: cases.length, duplicates: 0, rejected: [] });
    const stored = new Map((await t.store.newestEvents({ limit: 20 })).map((e) => [e.id, e.ts]));
    expect(events.map((e) => stored.get(e.id as string))).toEqual(cases.map(([, ms]) => ms));
  });

  it('refuses other forms, saying which it takes', async () => {
    const t = await testApp();
    const bad = [
      '2026-11-23T10:00:00', // no zone: which instant?
      '2026-11-23',
      '1763900000000',
      'yesterday',
      '2026-02-30T10:00:00Z',
      '2026-11-23T24:00:00Z',
      '1999-12-31T23:59:59Z',
      '2100-01-01T00:00:00.001Z',
      1.5,
      true,
      null,
    ];
    const body = await json(await t.send({ site: t.site.key, events: bad.map((ts) => pageView({ ts })) }));
    expect(body.accepted).toBe(0);
    expect(body.rejected.map((r: any) => r.code)).toEqual(bad.map(() => 'invalid_ts'));
    const messages = body.rejected.map((r: any) => r.message as string);
    expect(messages[0]).toMatch(/no time zone.*ambiguous.*Z \(UTC\) or an offset/);
    for (const m of messages.slice(1)) expect(m).toMatch(/^ts: /);
    for (const i of [1, 2, 3, 6, 7, 8, 9, 10]) expect(messages[i]).toMatch(/epoch milliseconds .* or an ISO-8601 date-time with a zone/);
    expect(messages[4]).toMatch(/not a real date/);
    expect(messages[6]).toContain('1999-12-31T23:59:59.000Z');
  });
});
