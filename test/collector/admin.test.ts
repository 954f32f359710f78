import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../collector/http/index.js';
import { openPostgresStore } from '../../collector/store/index.js';
import { ADMIN_TOKEN, PUBLIC_URL, pageView, testApp } from '../helpers.js';

const json = async (res: Response) => (await res.json()) as any;

describe('admin API authentication', () => {
  it.each([
    ['no header', {}],
    ['a wrong token', { authorization: 'Bearer not-the-token-at-all' }],
    ['another scheme', { authorization: `Basic ${ADMIN_TOKEN}` }],
  ])('refuses %s with 401', async (_, headers) => {
    const t = await testApp();
    for (const path of ['/api/sites', '/api/events']) {
      const res = await t.request(path, { headers });
      expect(res.status).toBe(401);
      expect((await json(res)).error.code).toBe('unauthorized');
    }
  });

  it('is closed to everyone when no ADMIN_TOKEN is configured', async () => {
    const t = await testApp({ adminToken: undefined });
    const res = await t.admin('/api/sites');
    expect(res.status).toBe(401);
    expect((await json(res)).error.message).toMatch(/ADMIN_TOKEN/);
  });
});

describe('/api/sites', () => {
  it('creates a site with a fresh key and a snippet, and lists it', async () => {
    const t = await testApp();
    const res = await t.admin('/api/sites', {
      method: 'POST',
      body: JSON.stringify({ name: 'Marketing site', origins: ['https://www.acme.example/', 'http://localhost:3000'] }),
    });
    expect(res.status).toBe(201);
    const site = await json(res);
    expect(site.key).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(site.origins).toEqual(['https://www.acme.example', 'http://localhost:3000']);
    expect(site.server_side).toBe(false);
    expect(site.snippet).toBe(`<script async src="${PUBLIC_URL}/s.js" data-site="${site.key}"></script>`);

    const list = await json(await t.admin('/api/sites'));
    expect(list.sites.map((s: any) => s.name)).toEqual(['Vendor', 'Marketing site']);
    expect(new Set(list.sites.map((s: any) => s.key)).size).toBe(2);

    // The new key accepts events from its origins at once.
    const sent = await t.send({ site: site.key, events: [pageView()] }, { origin: 'http://localhost:3000' });
    expect(sent.status).toBe(202);
  });

  it.each([
    ['no name', { origins: [] }],
    ['an origin that is not one', { name: 'x', origins: ['ftp://files.example'] }],
    ['origins that are not a list', { name: 'x', origins: 'https://a.example' }],
  ])('refuses %s with 400', async (_, body) => {
    const t = await testApp();
    const res = await t.admin('/api/sites', { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    expect((await json(res)).error.code).toBe('invalid_site');
  });

  it('lists as CSV with ?format=csv', async () => {
    const t = await testApp();
    const res = await t.admin('/api/sites?format=csv');
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, row] = (await res.text()).trim().split('\r\n');
    expect(header).toBe('id,key,name,origins,server_side,created_at,previous_key,previous_key_expires_at');
    expect(row).toContain(t.site.key);
  });
});

describe('GET /api/events', () => {
  it('returns the newest events first, in the contract shape, filtered by site', async () => {
    const t = await testApp();
    let clock = 1_000;
    const t2 = await testApp({ store: t.store, now: () => (clock += 1000) });
    await t2.send({ site: t.site.key, events: [pageView({ url: 'https://www.vendor.example/a' })] });
    await t2.send({ site: t.site.key, events: [pageView({ url: 'https://www.vendor.example/b' })] });
    await t2.send({ site: t2.site.key, events: [pageView({ url: 'https://www.vendor.example/other-site' })] });

    const all = await json(await t.admin('/api/events'));
    expect(all.events.map((e: any) => new URL(e.url).pathname)).toEqual(['/other-site', '/b', '/a']);
    expect(all.events[0]).toMatchObject({ type: 'page_view', bot: false, network: null, account: null, channel: 'Organic Search' });
    expect(all.events[0].received_at).toBe(new Date(4000).toISOString());

    const one = await json(await t.admin(`/api/events?site=${t.site.key}&limit=1`));
    expect(one.events.map((e: any) => new URL(e.url).pathname)).toEqual(['/b']);
    const byId = await json(await t.admin(`/api/events?site=${t.site.id}`));
    expect(byId.events).toHaveLength(2);
  });

  it('refuses bad queries and unknown sites', async () => {
    const t = await testApp();
    expect((await t.admin('/api/events?limit=0')).status).toBe(400);
    expect((await t.admin('/api/events?limit=abc')).status).toBe(400);
    expect((await t.admin('/api/events?site=missing')).status).toBe(404);
  });

  it('escapes spreadsheet formulas in CSV', async () => {
    const t = await testApp();
    await t.send({ site: t.site.key, events: [pageView({ title: '=HYPERLINK("http://evil.example","click")' })] });
    const csv = await (await t.admin('/api/events?format=csv')).text();
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
  });
});

describe('GET /s.js', () => {
  it('serves the script with an ETag, gzip, and 304 on revalidation', async () => {
    const script = `(()=>{/* sdk */})();`.repeat(20);
    const t = await testApp({ sdk: { 's.js': script, 's-vitals.js': 'export const start = 1;', 'other.js': 'no' } });
    const res = await t.request('/s.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(await res.text()).toBe(script);
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);

    const again = await t.request('/s.js', { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);

    const gz = await t.request('/s.js', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('etag')).not.toBe(etag);
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(script);

    const chunk = await t.request('/s-vitals.js');
    expect(chunk.status).toBe(200);
    expect(chunk.headers.get('access-control-allow-origin')).toBe('*');
    expect(await chunk.text()).toBe('export const start = 1;');
    expect((await t.request('/s-missing.js')).status).toBe(404);
    expect((await t.request('/other.js')).status).toBe(404);

    const changed = await testApp({ sdk: { 's.js': script + ';' } });
    expect((await changed.request('/s.js', { headers: { 'if-none-match': etag! } })).status).toBe(200);
  });
});

describe('GET /healthz and unknown routes', () => {
  it('is 200 when the store answers', async () => {
    const t = await testApp();
    expect(await json(await t.request('/healthz'))).toEqual({ status: 'ok', store: 'sqlite' });
  });

  it('is 503 with the error shape when the store is unreachable', async () => {
    const store = openPostgresStore('postgres://postgres@127.0.0.1:1/none');
    const app = createApp({ store, sdk: {}, publicUrl: PUBLIC_URL, adminToken: ADMIN_TOKEN });
    const t = { request: (path: string) => app.request(path) };
    const res = await t.request('/healthz');
    expect(res.status).toBe(503);
    expect((await json(res)).error.code).toBe('store_unavailable');
    await store.close();
  });

  it('answers unknown paths with a JSON 404', async () => {
    const t = await testApp();
    const res = await t.request('/nope');
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('not_found');
  });
});
