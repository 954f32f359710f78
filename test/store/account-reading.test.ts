import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsReading, intentOf } from '../../collector/reports/index.js';
import { openStore, READING_MAX_ACCOUNTS, type DatabaseTarget, type Store } from '../../collector/store/index.js';
import { scratchDatabases } from './scratch.js';
import type { AccountRef, StoredEvent } from '../../collector/schema/domain.js';

/**
 * What accounts read (the list's and overview's "What they read") and the account page's session
 * paging, on SQLite and, when TEST_DATABASE_URL is set, PostgreSQL: data written through the
 * store's real write path.
 */
const { dir, pgUrl, schema } = scratchDatabases('account-reading');
const backends: [string, DatabaseTarget][] = [['sqlite', { kind: 'sqlite', path: join(dir, 'reading.db') }]];
if (pgUrl) backends.push(['postgres', { kind: 'postgres', url: pgUrl, schema }]);
else console.warn('account reading: TEST_DATABASE_URL is not set; PostgreSQL is not tested in this run');

const DAY = 86_400_000;
const MIN = 60_000;
const D = Date.UTC(2026, 10, 20);
const SITE = 'https://www.vendor.example';
const INTENT = { pricing: /\/(pricing|plans)\b/i, demo: /\b(demo|contact)/i, paths: ['/quote'] };

let n = 0;
const event = (over: Partial<StoredEvent>): StoredEvent => ({
  siteId: 'site-1', id: `e${++n}`, type: 'page_view', name: null, ts: D + n, receivedAt: D + n, visitor: null, session: null, url: `${SITE}/`, title: null,
  referrer: null, props: null, ip: null, userAgent: null, bot: false, network: null, account: null, ...over,
});

describe.each(backends)('account reading and session paging: %s', (_kind, target) => {
  let store: Store;
  let ids: Map<string | null, string>;

  beforeAll(async () => {
    store = await openStore(target);
    await store.createSite({ id: 'site-1', key: 'key-1', name: 'One', origins: [] });
    const row = (domain: string, name: string) => ({ domain, name, nameKey: name.toLowerCase(), tier: null, owner: null, aliases: [] });
    await store.importTargets([row('acme.com', 'Acme'), row('globex.com', 'Globex'), row('initech.com', 'Initech')]);
    ids = new Map((await store.listTargets()).map((a) => [a.domain, a.id]));
    const ref = (domain: string): AccountRef => ({ id: ids.get(domain)!, name: domain, domain, nameKey: domain.split('.')[0]!, via: 'network' });
    const acme = ref('acme.com');
    const globex = ref('globex.com');
    await store.insertEvents([
      // Acme: pricing three times in two URL variants (the newest title wins), a download, a demo page, a blog post.
      event({ url: `${SITE}/pricing?utm_source=x`, title: 'Pricing (old)', visitor: 'a1', session: 's1', account: acme, ts: D + 1 * MIN }),
      event({ url: `${SITE}/pricing`, title: 'Pricing', visitor: 'a1', session: 's1', account: acme, ts: D + 2 * MIN }),
      event({ url: `${SITE}/pricing#plans`, title: '', visitor: 'a2', session: 's2', account: acme, ts: D + 3 * MIN }),
      event({ type: 'download', url: `${SITE}/blog/abm`, props: { href: '/files/guide.pdf', text: 'The guide' }, visitor: 'a2', session: 's2', account: acme, ts: D + 4 * MIN }),
      event({ url: `${SITE}/demo`, title: 'Book a demo', visitor: 'a2', session: 's2', account: acme, ts: D + 5 * MIN }),
      event({ type: 'form', url: `${SITE}/demo`, props: { form_id: 'demo-request' }, visitor: 'a2', session: 's2', account: acme, ts: D + 5 * MIN + 1 }),
      event({ url: `${SITE}/blog/abm`, title: 'ABM', visitor: 'a1', session: 's1', account: acme, ts: D + 6 * MIN }),
      event({ url: `${SITE}/blog/abm`, title: 'ABM', visitor: 'a1', session: 's1', account: acme, ts: D + 7 * MIN }),
      event({ url: `${SITE}/blog/abm`, title: 'ABM', visitor: 'a1', session: 's1', account: acme, ts: D + 8 * MIN }),
      // Never counted: a bot, an engagement, a view outside the period.
      event({ url: `${SITE}/secret`, title: 'Bot', visitor: 'bot', account: acme, bot: true, ts: D + 9 * MIN }),
      event({ type: 'engagement', url: `${SITE}/pricing`, visitor: 'a1', session: 's1', account: acme, ts: D + 10 * MIN, props: { visible_ms: 1000 } }),
      event({ url: `${SITE}/old`, title: 'Old', visitor: 'a1', account: acme, ts: D - DAY }),
      // Globex: a quote page (an alerts' intent path).
      event({ url: `${SITE}/quote/enterprise`, title: 'Quote', visitor: 'g1', session: 'g1', account: globex, ts: D + 11 * MIN }),
    ]);
  });

  afterAll(async () => {
    await store?.close();
  });

  it('reads what each account read in one query: URL variants merged, newest title, bots and other types left out', async () => {
    const { rows, cut } = await store.accountReading({ ids: [ids.get('acme.com')!, ids.get('globex.com')!, ids.get('initech.com')!], from: D, to: D + DAY, perAccount: 300 });
    expect(cut).toEqual([]);
    const acme = rows.filter((r) => r.accountId === ids.get('acme.com')).sort((a, b) => a.url.localeCompare(b.url));
    expect(acme).toEqual([
      { accountId: ids.get('acme.com'), kind: 'page', url: `${SITE}/blog/abm`, title: 'ABM', views: 3, visitors: 1, lastTs: D + 8 * MIN },
      { accountId: ids.get('acme.com'), kind: 'page', url: `${SITE}/demo`, title: 'Book a demo', views: 1, visitors: 1, lastTs: D + 5 * MIN },
      { accountId: ids.get('acme.com'), kind: 'asset', url: `${SITE}/files/guide.pdf`, title: 'The guide', views: 1, visitors: 1, lastTs: D + 4 * MIN },
      { accountId: ids.get('acme.com'), kind: 'page', url: `${SITE}/pricing`, title: 'Pricing', views: 3, visitors: 2, lastTs: D + 3 * MIN },
    ]);
    expect(rows.filter((r) => r.accountId === ids.get('globex.com')).map((r) => r.url)).toEqual([`${SITE}/quote/enterprise`]);
    expect(rows.some((r) => r.accountId === ids.get('initech.com'))).toBe(false);
    expect(await store.accountReading({ ids: [], from: D, to: D + DAY, perAccount: 300 })).toEqual({ rows: [], cut: [] });
    await expect(store.accountReading({ ids: Array.from({ length: READING_MAX_ACCOUNTS + 1 }, (_, i) => `x${i}`), from: D, to: D + DAY, perAccount: 300 })).rejects.toThrow(RangeError);
  });

  it('reads at most the newest reads asked for per account, and says whose were cut', async () => {
    const acme = ids.get('acme.com')!;
    const globex = ids.get('globex.com')!;
    // Acme has 7 reads in the period; the newest 3 are three views of the blog post.
    const { rows, cut } = await store.accountReading({ ids: [acme, globex], from: D, to: D + DAY, perAccount: 3 });
    expect(cut).toEqual([acme]);
    expect(rows.filter((r) => r.accountId === acme)).toEqual([{ accountId: acme, kind: 'page', url: `${SITE}/blog/abm`, title: 'ABM', views: 3, visitors: 1, lastTs: D + 8 * MIN }]);
    expect(rows.filter((r) => r.accountId === globex).map((r) => r.views)).toEqual([1]);
    const four = await store.accountReading({ ids: [acme], from: D, to: D + DAY, perAccount: 4 });
    expect(four.rows.map((r) => r.url).sort()).toEqual([`${SITE}/blog/abm`, `${SITE}/demo`]);
    const report = await accountsReading(store, { ids: [acme], range: { from: D, to: D + DAY }, perAccount: 3, intent: INTENT, depth: 3 });
    expect(report.get(acme)).toMatchObject({ cut: true, total: 1 });
  });

  it('puts intent pages first, then downloads, then the most viewed, and marks them by the product\'s patterns', async () => {
    const map = await accountsReading(store, { ids: [ids.get('acme.com')!, ids.get('globex.com')!], range: { from: D, to: D + DAY }, perAccount: 3, intent: INTENT });
    const acme = map.get(ids.get('acme.com')!)!;
    expect(acme.items.map((i) => [i.title, i.intent, i.kind])).toEqual([
      ['Pricing', 'pricing', 'page'],
      ['Book a demo', 'demo', 'page'],
      ['The guide', null, 'asset'],
    ]);
    expect(acme).toMatchObject({ total: 4, intent: 2, downloads: 1, cut: false });
    expect(acme.items[0]!.last_at).toBe(new Date(D + 3 * MIN).toISOString());
    expect(map.get(ids.get('globex.com')!)!.items[0]).toMatchObject({ title: 'Quote', intent: 'intent' });
    // Outside the period: nothing.
    expect((await accountsReading(store, { ids: [ids.get('acme.com')!], range: { from: D + DAY, to: D + 2 * DAY }, perAccount: 3, intent: INTENT })).size).toBe(0);
  });

  it('pages an account\'s sessions newest first, counting them all, with each page\'s events only', async () => {
    const acme = ids.get('acme.com')!;
    const q = { accountId: acme, from: D, to: D + DAY, fromDay: '2026-11-20', toDay: '2026-11-20', limit: 5000 };
    const first = await store.accountDetail({ ...q, sessionOffset: 0, sessionLimit: 1 });
    expect(first.sessionCount).toBe(2);
    expect(first.sessions.map((s) => s.id)).toEqual(['s2']);
    expect(new Set(first.events.map((e) => e.session))).toEqual(new Set(['s2']));
    const second = await store.accountDetail({ ...q, sessionOffset: 1, sessionLimit: 1 });
    expect(second.sessions.map((s) => s.id)).toEqual(['s1']);
    // The period's forms, whichever page of sessions is listed.
    expect(second.forms).toEqual([{ formId: 'demo-request', url: `${SITE}/demo`, ts: D + 5 * MIN + 1 }]);
    expect(second.events.some((e) => e.type === 'form')).toBe(false);
    expect(second.sessionCount).toBe(2);
    expect(second.events.filter((e) => e.type === 'page_view').map((e) => e.url)).toEqual([`${SITE}/pricing?utm_source=x`, `${SITE}/pricing`, `${SITE}/blog/abm`, `${SITE}/blog/abm`, `${SITE}/blog/abm`]);
    const past = await store.accountDetail({ ...q, sessionOffset: 10, sessionLimit: 1 });
    expect(past).toMatchObject({ sessions: [], events: [], sessionCount: 2 });
    // The API's default: all of them (up to 200) and their count.
    const all = await store.accountDetail(q);
    expect(all.sessions.map((s) => s.id)).toEqual(['s2', 's1']);
    expect(all.sessionCount).toBe(2);
  });
});

describe('intent marks', () => {
  it('follow the pricing pattern, then the demo pattern, then the alerts\' paths, on the path only', () => {
    expect(intentOf(`${SITE}/pricing?plan=pro`, INTENT)).toBe('pricing');
    expect(intentOf(`${SITE}/contact-us`, INTENT)).toBe('demo');
    expect(intentOf(`${SITE}/QUOTE/now`, INTENT)).toBe('intent');
    expect(intentOf(`${SITE}/blog?ref=/pricing`, INTENT)).toBeNull();
    expect(intentOf('not a url /demo', INTENT)).toBe('demo');
  });
});
