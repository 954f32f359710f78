import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { LATE_WRITE_MS } from '../../collector/reports/index.js';
import { openStore, type Store } from '../../collector/store/index.js';
import { pageView, testApp } from '../helpers.js';
import { seedAccounts, signIn } from './helpers.js';
import type { StoredEvent } from '../../collector/schema/domain.js';

/**
 * The live view over app.request, on SQLite and (with TEST_DATABASE_URL) PostgreSQL: event-time
 * order with late arrivals in their place, the poll's cursor (what arrived since, late writes
 * included, nothing twice), titles with the URL on hover, engagement and vitals hidden until asked.
 */
const NOW = Date.UTC(2026, 10, 23, 12);
const pgUrl = process.env.TEST_DATABASE_URL;
const schemas: string[] = [];
const opened: Store[] = [];

const backends: [string, () => Promise<Store>][] = [['sqlite', () => openStore({ kind: 'sqlite', path: ':memory:' })]];
if (pgUrl) {
  backends.push([
    'postgres',
    () => {
      const schema = `test_live_${process.pid}_${Date.now()}_${schemas.length}`;
      schemas.push(schema);
      return openStore({ kind: 'postgres', url: pgUrl, schema });
    },
  ]);
} else console.warn('live view: TEST_DATABASE_URL is not set; PostgreSQL is not tested in this run');

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  if (!pgUrl || !schemas.length) return;
  const client = new pg.Client(pgUrl);
  await client.connect();
  for (const s of schemas) await client.query(`drop schema if exists ${s} cascade`);
  await client.end();
});

const idsIn = (html: string) => [...html.matchAll(/<tr data-id="([^"]+)"/g)].map((m) => m[1]);
const event = (siteId: string, over: Partial<StoredEvent> & Pick<StoredEvent, 'id' | 'ts' | 'receivedAt'>): StoredEvent => ({
  siteId, type: 'page_view', name: null, visitor: 'v1', session: null, url: 'https://vendor.example/', title: 'Home', referrer: null, props: null, ip: null, userAgent: null, bot: false,
  ...over,
});

describe.each(backends)('live view (%s)', (_name, open) => {
  async function setup() {
    const clock = { now: NOW };
    const store = await open();
    const t = await testApp({ store, now: () => clock.now });
    opened.push(store);
    const admin = await signIn(t);
    return { t, admin, clock };
  }

  it('lists events newest first by when they happened, a late arrival in its place, with the moment it arrived', async () => {
    const { t, admin, clock } = await setup();
    const send = async (id: string, ts: number, title: string) => expect((await t.send({ site: t.site.key, events: [pageView({ id, ts, title })] })).status).toBe(202);
    await send('second-xx', NOW - 1_000, 'Second');
    clock.now += 1_000;
    await send('first-xxx', NOW - 60_000, 'First');
    clock.now += 1_000;
    await send('late-xxxx', NOW - 30 * 60_000, 'Sent from a queue'); // arrives last, happened first
    const html = await (await admin.get('/app/live')).text();
    expect(idsIn(html)).toEqual(['second-xx', 'first-xxx', 'late-xxxx']);
    const late = html.slice(html.indexOf('<tr data-id="late-xxxx"'));
    expect(late).toContain(`datetime="${new Date(NOW - 30 * 60_000).toISOString()}"`);
    expect(late).toMatch(/received <time datetime="2026-11-23T12:00:02.000Z"[^>]*>just now<\/time>/);
    expect(late).toContain('30 min ago');
    // The on-time ones say nothing about arriving.
    expect(html.slice(html.indexOf('<tr data-id="second-xx"'), html.indexOf('<tr data-id="first-xxx"'))).not.toContain('received');
  });

  it('answers a poll with what arrived since its cursor, late writes included, in event-time order', async () => {
    const { t, admin, clock } = await setup();
    await t.store.insertEvents([event(t.site.id, { id: 'old-arrival', ts: NOW - 40_000, receivedAt: NOW - 40_000 })]);
    const page = await (await admin.get('/app/live')).text();
    const cursor = /data-live-cursor="(\d+)"/.exec(page)![1]!;
    expect(Number(cursor)).toBe(NOW);

    clock.now = NOW + 5_000;
    await t.store.insertEvents([
      event(t.site.id, { id: 'newer-one', ts: NOW + 4_000, receivedAt: NOW + 4_500 }),
      event(t.site.id, { id: 'older-one', ts: NOW - 10 * 60_000, receivedAt: NOW + 4_000, title: 'Late' }),
      // Received before the page was read, written after it (a slow write): the overlap catches it.
      event(t.site.id, { id: 'slow-write', ts: NOW - 3_000, receivedAt: NOW - 2_000 }),
      // Received long before the cursor: the page had it; a poll does not send it again.
      event(t.site.id, { id: 'long-gone', ts: NOW - 30_000, receivedAt: NOW - LATE_WRITE_MS - 1 }),
    ]);
    const poll = await admin.get(`/app/live/rows?since=${cursor}`);
    expect(poll.status).toBe(200);
    expect(poll.headers.get('x-live-cursor')).toBe(String(NOW + 5_000));
    expect(idsIn(await poll.text())).toEqual(['newer-one', 'slow-write', 'older-one']);

    // The next poll looks again at the last LATE_WRITE_MS (the browser keeps one row per id); once they have passed, nothing.
    clock.now = NOW + 6_000;
    const again = await admin.get(`/app/live/rows?since=${poll.headers.get('x-live-cursor')}`);
    expect(idsIn(await again.text())).toEqual(['newer-one', 'slow-write', 'older-one']);
    clock.now = NOW + 4_500 + LATE_WRITE_MS + 1_000;
    const cursor3 = (await admin.get(`/app/live/rows?since=${again.headers.get('x-live-cursor')}`)).headers.get('x-live-cursor');
    const quiet = await admin.get(`/app/live/rows?since=${cursor3}`);
    expect(await quiet.text()).toBe('');
    // Without a cursor the rows are the page's: the newest arrivals.
    expect(idsIn(await (await admin.get('/app/live/rows')).text())).toEqual(['newer-one', 'slow-write', 'long-gone', 'old-arrival', 'older-one']);
  });

  it('shows the newest 50 arrivals, sorted by event time', async () => {
    const { t, admin } = await setup();
    // Arrival order and event order disagree: the later an event arrived, the earlier it happened.
    await t.store.insertEvents(Array.from({ length: 60 }, (_, i) => event(t.site.id, { id: `many-${String(i).padStart(2, '0')}`, ts: NOW - i * 1_000, receivedAt: NOW + i })));
    const ids = idsIn(await (await admin.get('/app/live/rows')).text());
    expect(ids).toHaveLength(50);
    expect(ids[0]).toBe('many-10');
    expect(ids.at(-1)).toBe('many-59');
    expect(ids).not.toContain('many-09');
  });

  it('shows page titles with the URL on hover, and a download or outbound click by where it led', async () => {
    const { t, admin } = await setup();
    await seedAccounts(t, NOW);
    await t.store.insertEvents([
      event(t.site.id, { id: 'untitled', ts: NOW, receivedAt: NOW, url: 'https://vendor.example/no-title?utm_source=x', title: null }),
      event(t.site.id, { id: 'outbound', type: 'outbound', ts: NOW - 5, receivedAt: NOW, url: 'https://vendor.example/partners', title: 'Partners', props: { href: 'https://partner.example/offer' } }),
    ]);
    const html = await (await admin.get('/app/live')).text();
    expect(html).toMatch(/<a href="https:\/\/vendor\.example\/pricing"[^>]*title="https:\/\/vendor\.example\/pricing">Pricing<\/a>/);
    expect(html).toMatch(/title="https:\/\/vendor\.example\/no-title\?utm_source=x">vendor\.example\/no-title\?…<\/a>/);
    const download = html.slice(html.indexOf('<tr data-id="s2-dl"'));
    expect(download).toMatch(/→ <a href="https:\/\/vendor\.example\/files\/abm-whitepaper\.pdf"[^>]*title="https:\/\/vendor\.example\/files\/abm-whitepaper\.pdf">ABM whitepaper<\/a>/);
    expect(download).toMatch(/on <a href="https:\/\/vendor\.example\/case-studies\/initrode"[^>]*>Case study: Initrode<\/a>/);
    const outbound = html.slice(html.indexOf('<tr data-id="outbound"'));
    expect(outbound).toMatch(/→ <a href="https:\/\/partner\.example\/offer"[^>]*>partner\.example\/offer<\/a>/);
    expect(outbound).toMatch(/on <a [^>]*>Partners<\/a>/);
    expect(html).toContain('<span class="badge">page view</span>');
  });

  it('hides engagement and vitals until asked, and keeps the choice in the URL', async () => {
    const { t, admin } = await setup();
    await seedAccounts(t, NOW);
    await t.store.insertEvents([event(t.site.id, { id: 'vitals-1', type: 'vitals', ts: NOW, receivedAt: NOW, props: { lcp: 1234, inp: 80, cls: 0.0512 } })]);
    const quiet = await (await admin.get('/app/live')).text();
    expect(quiet).not.toMatch(/class="badge">(engagement|vitals)</);
    expect(idsIn(quiet)).not.toContain('vitals-1');
    expect(idsIn(quiet)).toContain('s1-pv0');
    expect(quiet).toContain('Engagement and vitals are hidden.');
    expect(quiet).toMatch(/<a class="button secondary" href="\/app\/live\?all=1" data-live-toggle="" aria-pressed="false">Show engagement and vitals<\/a>/);
    expect(await (await admin.get('/app/live/rows')).text()).not.toContain('vitals-1');

    const all = await (await admin.get('/app/live?all=1')).text();
    expect(idsIn(all)).toEqual(expect.arrayContaining(['vitals-1', 's1-pv0-en', 's1-pv0']));
    expect(all).toContain('data-live="/app/live/rows?all=1"');
    expect(all).toMatch(/href="\/app\/live" data-live-toggle="" aria-pressed="true">Hide engagement and vitals</);
    expect(all).toContain('LCP 1.2 s · INP 80 ms · CLS 0.05');
    expect(all).toContain('40 s visible');
    // Time on a page carries no title: it takes the one the visitor's page view of it gave.
    const onPricing = all.slice(all.indexOf('<tr data-id="s1-pv2-en"'), all.indexOf('<tr data-id="s1-pv2"'));
    expect(onPricing).toMatch(/title="https:\/\/vendor\.example\/pricing">Pricing<\/a>.*50 s visible/);
    expect(await (await admin.get('/app/live/rows?all=1')).text()).toContain('data-id="vitals-1"');

    // With two sites, the site form carries the choice and the toggle keeps the site.
    await t.store.createSite({ id: 'second-site', key: 'second-key', name: 'Second', origins: [] });
    const narrowed = await (await admin.get(`/app/live?all=1&site=${t.site.id}`)).text();
    expect(narrowed).toContain('<input type="hidden" name="all" value="1"/>');
    expect(narrowed).toContain(`href="/app/live?site=${t.site.id}" data-live-toggle=""`);
    expect(narrowed).toContain(`data-live="/app/live/rows?site=${t.site.id}&amp;all=1"`);
  });

  it('filters by site, and explains an empty view', async () => {
    const { t, admin } = await setup();
    const empty = await (await admin.get('/app/live')).text();
    expect(empty).toContain('data-live-empty');
    expect(empty).toContain('href="/app/settings#sites"');
    expect(await (await admin.get('/app/live/rows')).text()).toBe('');

    const other = await t.store.createSite({ id: randomUUID(), key: 'other-key', name: 'Other', origins: [] });
    await seedAccounts(t, NOW);
    const filtered = await (await admin.get(`/app/live?site=${other.id}`)).text();
    expect(filtered).toContain(`data-live="/app/live/rows?site=${other.id}"`);
    expect(filtered).toContain('No events yet from Other');
    expect(await (await admin.get(`/app/live/rows?site=${other.id}`)).text()).toBe('');
    expect(idsIn(await (await admin.get(`/app/live/rows?site=${t.site.key}`)).text()).length).toBeGreaterThan(10);

    // Only engagement so far: the page says they are hidden, not that nothing came.
    await t.store.insertEvents([event(other.id, { id: 'only-engagement', type: 'engagement', ts: NOW, receivedAt: NOW, props: { visible_ms: 5000 } })]);
    const hidden = await (await admin.get(`/app/live?site=${other.id}`)).text();
    expect(hidden).toContain('Only engagement and vitals events so far');
    expect(hidden).not.toContain('No events yet');
  });

  it('refuses a malformed cursor and an unknown site with the error shape', async () => {
    const { admin } = await setup();
    for (const since of ['abc', '-5', '1e9', '12345678901234567']) {
      const res = await admin.get(`/app/live/rows?since=${since}`);
      expect(res.status, since).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'invalid_query', message: expect.stringContaining('since') } });
    }
    const unknown = await admin.get('/app/live/rows?site=nope');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_site' } });
    expect((await admin.get('/app/live?site=nope')).status).toBe(200);
  });
});
