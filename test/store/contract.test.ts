import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { openStore, type DatabaseTarget, type Store } from '../../collector/store/index.js';
import { scratchDatabases } from './scratch.js';
import type { StoredEvent } from '../../collector/schema/domain.js';

/**
 * One contract, both adapters. PostgreSQL runs when TEST_DATABASE_URL is set (`.ci/run` sets it);
 * each run gets a schema of its own, dropped at the end.
 */
const { dir, pgUrl, schema } = scratchDatabases('store');
if (!pgUrl) console.warn('store contract: TEST_DATABASE_URL is not set; the PostgreSQL adapter is not tested in this run');
if (!pgUrl && process.env.CI === 'true') throw new Error('TEST_DATABASE_URL must be set under CI=true');

const targets: [string, () => DatabaseTarget][] = [
  ['sqlite', () => ({ kind: 'sqlite', path: join(dir, `abm-${Math.random().toString(36).slice(2)}.db`) })],
];
if (pgUrl) targets.push(['postgres', () => ({ kind: 'postgres', url: pgUrl, schema })]);

const event = (over: Partial<StoredEvent> = {}): StoredEvent => ({
  siteId: 'site-1',
  id: `e-${Math.random().toString(36).slice(2)}`,
  type: 'page_view',
  name: null,
  ts: 1_763_900_000_000,
  receivedAt: 1_763_900_000_500,
  visitor: 'v1',
  session: 's1',
  url: 'https://www.vendor.example/pricing',
  title: 'Pricing',
  referrer: null,
  props: { lang: 'en', nested: { a: [1, 2] } },
  ip: '203.0.113.0',
  userAgent: 'UA',
  bot: false,
  network: null,
  account: null,
  ...over,
});

const pfizer = { id: null, name: 'Pfizer Inc.', domain: 'pfizer.com', nameKey: 'pfizer', via: 'network' } as const;
const acme = { id: null, name: 'ACME Corp', domain: null, nameKey: 'acme', via: 'network' } as const;
const initechRef = { id: null, name: 'Initech', domain: 'initech.com', nameKey: 'initech', via: 'network' } as const;
const business = { class: 'business', organization: 'Pfizer Inc.', domain: 'pfizer.com', source: 'GeoIP2-Enterprise', confidence: 0.9 };

describe.each(targets)('Store contract: %s', (kind, target) => {
  const withStore = async (work: (store: Store) => Promise<void>) => {
    const store = await openStore(target());
    try {
      if (kind === 'postgres') await clearPostgres();
      await work(store);
    } finally {
      await store.close();
    }
  };

  it('migrates idempotently and answers ping', () =>
    withStore(async (store) => {
      expect(store.kind).toBe(kind);
      expect(await store.migrate()).toEqual([]);
      await expect(store.ping()).resolves.toBeUndefined();
    }));

  it('creates sites and finds them by key', () =>
    withStore(async (store) => {
      await store.createSite({ id: 'site-1', key: 'key-1', name: 'One', origins: ['https://a.example'], createdAt: 1 });
      await store.createSite({ id: 'site-2', key: 'key-2', name: 'Two', origins: [], createdAt: 2 });
      expect(await store.siteByKey('key-1')).toEqual({ id: 'site-1', key: 'key-1', name: 'One', origins: ['https://a.example'], serverSide: false, createdAt: 1 });
      await store.createSite({ id: 'site-s', key: 'key-s', name: 'Server', origins: [], serverSide: true, createdAt: 3 });
      expect((await store.siteByKey('key-s'))?.serverSide).toBe(true);
      expect(await store.siteByKey('missing')).toBeUndefined();
      expect((await store.listSites()).map((s) => s.id)).toEqual(['site-1', 'site-2', 'site-s']);
      await expect(store.createSite({ id: 'site-3', key: 'key-1', name: 'Dup', origins: [] })).rejects.toThrow();
    }));

  it('round-trips events and de-duplicates by site and id', () =>
    withStore(async (store) => {
      await store.createSite({ id: 'site-1', key: 'key-1', name: 'One', origins: [] });
      await store.createSite({ id: 'site-2', key: 'key-2', name: 'Two', origins: [] });
      const a = event({ id: 'same-id-1', bot: true, referrer: 'https://www.google.com/' });
      expect(await store.insertEvents([a, a])).toEqual({ inserted: 1, duplicates: 1 });
      expect(await store.insertEvents([a, event({ id: 'same-id-1', siteId: 'site-2' })])).toEqual({ inserted: 1, duplicates: 1 });
      expect(await store.insertEvents([])).toEqual({ inserted: 0, duplicates: 0 });
      const [stored] = await store.newestEvents({ limit: 5, siteId: 'site-1' });
      // On reading, an event also says its session's channel (none was given here).
      expect(stored).toEqual({ ...a, channel: null, roleLevel: null });
    }));

  it('lists newest first, with a limit and a site filter', () =>
    withStore(async (store) => {
      await store.createSite({ id: 'site-1', key: 'key-1', name: 'One', origins: [] });
      await store.createSite({ id: 'site-2', key: 'key-2', name: 'Two', origins: [] });
      await store.insertEvents([
        event({ id: 'old-event', receivedAt: 1000 }),
        event({ id: 'new-event', receivedAt: 3000 }),
        event({ id: 'mid-event', receivedAt: 2000, siteId: 'site-2' }),
      ]);
      expect((await store.newestEvents({ limit: 10 })).map((e) => e.id)).toEqual(['new-event', 'mid-event', 'old-event']);
      expect((await store.newestEvents({ limit: 1 })).map((e) => e.id)).toEqual(['new-event']);
      expect((await store.newestEvents({ limit: 10, siteId: 'site-2' })).map((e) => e.id)).toEqual(['mid-event']);
    }));

  it('erases a visitor, or everyone who sent an email hash, and says what it removed', () =>
    withStore(async (store) => {
      await store.createSite({ id: 'site-1', key: 'key-1', name: 'One', origins: [] });
      const hash = 'a'.repeat(64);
      await store.insertEvents([
        event({ id: 'ana-view', visitor: 'ana' , session: null }),
        event({ id: 'ana-form', visitor: 'ana', type: 'form', props: { email_hash: hash, email_domain: 'pfizer.com' } , session: null }),
        event({ id: 'ana-phone', visitor: 'ana-phone', type: 'identify', props: { email_hash: hash } , session: null }),
        event({ id: 'ana-phone-view', visitor: 'ana-phone' , session: null }),
        event({ id: 'bob-view', visitor: 'bob', props: { note: hash.slice(0, 60) } , session: null }),
        event({ id: 'cookieless-form', visitor: null, type: 'form', props: { email_hash: hash } , session: null }),
      ]);
      expect(await store.erase({ emailHash: hash })).toEqual({ visitors: ['ana', 'ana-phone'], events: 5, sessions: 2 });
      expect((await store.listSessions({ limit: 10 })).map((x) => x.visitor)).toEqual(['bob']);
      expect((await store.newestEvents({ limit: 10 })).map((e) => e.id)).toEqual(['bob-view']);
      expect(await store.erase({ visitor: 'bob' })).toEqual({ visitors: ['bob'], events: 1, sessions: 1 });
      expect(await store.erase({ visitor: 'nobody' })).toEqual({ visitors: [], events: 0, sessions: 0 });
      expect(await store.newestEvents({ limit: 10 })).toEqual([]);
    }));

  it('folds events into sessions: landing, referrer and campaign from the earliest, counts without duplicates', () =>
    withStore(async (store) => {
      await store.createSite({ id: 'site-1', key: 'key-1', name: 'One', origins: [] });
      const t0 = 1_763_900_000_000;
      const campaign = { source: 'linkedin', medium: 'paid_social', name: 'q4', term: null, content: null, clickId: 'li_fat_id', network: 'linkedin' };
      const second = event({ id: 'v2', session: 'sdk-1', ts: t0 + 60_000, url: 'https://www.vendor.example/pricing' });
      await store.insertEvents([second, event({ id: 'e2', session: 'sdk-1', type: 'engagement', ts: t0 + 90_000 })]);
      // The landing page view arrives late (an offline queue replaying): it still becomes the landing.
      const landing = event({ id: 'v1', session: 'sdk-1', ts: t0, url: 'https://www.vendor.example/?utm_source=linkedin', referrer: 'https://www.linkedin.com/', campaign });
      await store.insertEvents([landing, second]);
      const [s] = await store.listSessions({ limit: 5 });
      expect(s).toMatchObject({
        id: 'sdk-1',
        visitor: 'v1',
        startedAt: t0,
        lastSeen: t0 + 90_000,
        landingUrl: 'https://www.vendor.example/?utm_source=linkedin',
        referrer: 'https://www.linkedin.com/',
        campaign: { source: 'linkedin', medium: 'paid_social', name: 'q4', term: null, content: null },
        clickId: 'li_fat_id',
        adNetwork: 'linkedin',
        pageViews: 2,
        events: 3,
        bot: false,
      });
    }));

  it('gives senders without a session the visitor\'s session of the last 30 minutes, or a new one', () =>
    withStore(async (store) => {
      await store.createSite({ id: 'site-1', key: 'key-1', name: 'One', origins: [] });
      const t0 = 1_763_900_000_000;
      const at = (id: string, minutes: number, visitor = 'srv-visitor') => event({ id, visitor, session: null, ts: t0 + minutes * 60_000 });
      await store.insertEvents([at('a1', 0), at('a2', 20)]);
      await store.insertEvents([at('a3', 45)]); // 25 minutes after a2: same session, found in the store
      await store.insertEvents([at('b1', 80), at('other', 80, 'someone-else')]); // 35 minutes after a3: a new one
      const sessions = (await store.listSessions({ limit: 10, visitor: 'srv-visitor' })).reverse();
      expect(sessions.map((x) => [x.events, x.startedAt - t0, x.lastSeen - t0])).toEqual([
        [3, 0, 45 * 60_000],
        [1, 80 * 60_000, 80 * 60_000],
      ]);
      const stored = await store.newestEvents({ limit: 10 });
      expect(stored.find((e) => e.id === 'a3')?.session).toBe(sessions[0]?.id);
      expect(stored.find((e) => e.id === 'b1')?.session).toBe(sessions[1]?.id);
      expect((await store.listSessions({ limit: 10 })).length).toBe(3);
    }));

  it('keeps visitors: seen times, counts, and the newest email, title and company they gave', () =>
    withStore(async (store) => {
      await store.createSite({ id: 'site-1', key: 'key-1', name: 'One', origins: [] });
      const t0 = 1_763_900_000_000;
      const hash = 'b'.repeat(64);
      await store.insertEvents([
        event({ id: 'p1', visitor: 'ana', ts: t0 }),
        event({ id: 'f1', visitor: 'ana', ts: t0 + 5000, type: 'form', props: { email_domain: 'pfizer.com', email_hash: hash, job_title: 'Director, FP&A', company: 'Pfizer' } }),
        event({ id: 'x1', visitor: 'ana', ts: t0 + 9000, type: 'form', props: { email_hash: 'not-a-hash', job_title: 'VP Finance' } }),
      ]);
      await store.insertEvents([event({ id: 'p0', visitor: 'ana', ts: t0 - 60_000 }), event({ id: 'p1', visitor: 'ana', ts: t0 })]);
      expect(await store.listVisitors({ limit: 5 })).toEqual([
        {
          siteId: 'site-1', id: 'ana', firstSeen: t0 - 60_000, lastSeen: t0 + 9000, events: 4,
          emailDomain: 'pfizer.com', emailHash: hash, jobTitle: 'VP Finance', company: 'Pfizer', bot: false,
        },
      ]);
      // Erasure by email finds the visitor even after retention removed the events that carried it.
      expect(await store.deleteEventsBefore(Date.now() + 1000)).toBe(4);
      expect(await store.erase({ emailHash: hash })).toEqual({ visitors: ['ana'], events: 0, sessions: 1 });
      expect(await store.listVisitors({ limit: 5 })).toEqual([]);
    }));

  it('credits accounts: one per domain or name, made on first sight, with first and last seen', () =>
    withStore(async (store) => {
      await store.createSite({ id: 'site-1', key: 'key-1', name: 'One', origins: [] });
      const day = Date.UTC(2026, 10, 20, 9);
      await store.insertEvents([
        event({ id: 'p1', ts: day, account: pfizer, network: business }),
        event({ id: 'p2', ts: day + 5000, account: { ...pfizer, name: 'Pfizer' } }),
        event({ id: 'a1', ts: day + 1000, account: acme, visitor: 'v2', session: 's2' }),
      ]);
      // A later batch, another process's view: the same domain, and the same name without one.
      await store.insertEvents([event({ id: 'p3', ts: day - 1000, account: pfizer }), event({ id: 'a2', ts: day + 9000, account: acme })]);
      const accounts = await store.listAccounts({ limit: 10 });
      expect(accounts.map((a) => [a.name, a.domain, a.target, a.firstSeen, a.lastSeen])).toEqual([
        ['ACME Corp', null, false, day + 1000, day + 9000],
        ['Pfizer Inc.', 'pfizer.com', false, day - 1000, day + 5000],
      ]);
      const events = await store.newestEvents({ limit: 10 });
      const byId = new Map(events.map((e) => [e.id, e]));
      expect(byId.get('p1')?.account).toEqual({ id: accounts[1]!.id, name: 'Pfizer Inc.', domain: 'pfizer.com', nameKey: 'pfizer', via: 'network' });
      expect(byId.get('p3')?.account?.id).toBe(accounts[1]!.id);
      expect(byId.get('a2')?.account?.id).toBe(accounts[0]!.id);
      expect(byId.get('p1')?.network).toEqual(business);
    }));

  it('keeps per-account-per-day rollups current: counts, distinct visitors and sessions, no bots, no duplicates', () =>
    withStore(async (store) => {
      await store.createSite({ id: 'site-1', key: 'key-1', name: 'One', origins: [] });
      const d1 = Date.UTC(2026, 10, 20, 23, 59);
      const d2 = Date.UTC(2026, 10, 21, 0, 1);
      const first = [
        event({ id: 'r1', ts: d1, account: pfizer, visitor: 'ana', session: 'sa', points: 2, roleLevel: 'vp' }),
        // Her seniority goes with her events that give none.
        event({ id: 'r2', ts: d1 + 10, account: pfizer, visitor: 'ana', session: 'sa', type: 'download', points: 3 }),
        event({ id: 'r3', ts: d1 + 20, account: pfizer, visitor: 'bob', session: 'sb', type: 'engagement', props: { visible_ms: 4000 } }),
        event({ id: 'r4', ts: d2, account: pfizer, visitor: 'ana', session: 'sa', type: 'form' }),
        event({ id: 'bot', ts: d1, account: pfizer, visitor: 'crawler', session: 'sc', bot: true, points: 5 }),
        event({ id: 'isp', ts: d1, visitor: 'home', session: 'sh' }),
      ];
      await store.insertEvents(first);
      // Resent events change nothing; a new event of a known visitor adds to the counts, not to visitors.
      await store.insertEvents([first[0]!, first[2]!, event({ id: 'r5', ts: d1 + 30, account: pfizer, visitor: 'bob', session: 'sb2', points: 1 })]);
      const days = await store.accountDays({ from: '2026-11-20', to: '2026-11-21' });
      expect(days.map(({ accountId, ...rest }) => rest)).toEqual([
        { siteId: 'site-1', day: '2026-11-20', events: 4, pageViews: 2, downloads: 1, forms: 0, engagedMs: 4000, visitors: 2, sessions: 3, firstTs: d1, lastTs: d1 + 30, points: { c_level: 0, vp: 5, director: 0, manager: 0, other: 1 } },
        { siteId: 'site-1', day: '2026-11-21', events: 1, pageViews: 0, downloads: 0, forms: 1, engagedMs: 0, visitors: 1, sessions: 1, firstTs: d2, lastTs: d2, points: { c_level: 0, vp: 0, director: 0, manager: 0, other: 0 } },
      ]);
      expect(await store.accountDays({ from: '2026-11-21', to: '2026-11-21', accountId: days[0]!.accountId })).toHaveLength(1);
      expect(await store.accountDays({ from: '2026-11-21', to: '2026-11-21', accountId: 'acc_missing' })).toEqual([]);
      // Erasing a visitor removes which visitor was counted; the anonymous counts stay.
      await store.erase({ visitor: 'ana' });
      expect((await store.accountDays({ from: '2026-11-21', to: '2026-11-21' }))[0]?.visitors).toBe(1);
      // The rollup no longer knows her: the same id coming back is counted as someone new.
      await store.insertEvents([event({ id: 'r6', ts: d2 + 5, account: pfizer, visitor: 'ana', session: 'sa' })]);
      expect((await store.accountDays({ from: '2026-11-21', to: '2026-11-21' }))[0]).toMatchObject({ visitors: 2, sessions: 2, events: 2 });
    }));

  it('stitches: a business e-mail re-credits the visitor\'s earlier events, moves their rollups, and wins over the network after', () =>
    withStore(async (store) => {
      await store.createSite({ id: 'site-1', key: 'key-1', name: 'One', origins: [] });
      const d = Date.UTC(2026, 10, 20, 9);
      const initech = { id: null, name: 'Initech', domain: 'initech.com', nameKey: 'initech', via: 'email' } as const;
      await store.insertEvents([
        event({ id: 'x1', ts: d, visitor: 'ana', session: 'a1', account: acme }),
        event({ id: 'x2', ts: d + 1, visitor: 'ana', session: 'a1', account: acme }),
        event({ id: 'x3', ts: d + 2, visitor: 'bob', session: 'b1', account: acme }),
        event({ id: 'x4', ts: d + 3, visitor: 'ana', session: 'a2', account: null }),
      ]);
      await store.insertEvents([event({ id: 'x5', ts: d + 4, visitor: 'ana', session: 'a2', type: 'form', account: initech })]);
      await store.insertEvents([event({ id: 'x6', ts: d + 5, visitor: 'ana', session: 'a3', account: acme })]);
      const accounts = new Map((await store.listAccounts({ limit: 10 })).map((a) => [a.id, a.name]));
      const days = (await store.accountDays({ from: '2026-11-20', to: '2026-11-20' })).map((r) => [accounts.get(r.accountId), r.events, r.visitors, r.sessions]);
      expect(days.sort()).toEqual([
        ['ACME Corp', 1, 1, 1],
        ['Initech', 5, 1, 3],
      ]);
      const credited = new Map((await store.newestEvents({ limit: 10 })).map((e) => [e.id, [accounts.get(e.account?.id ?? ''), e.account?.via]]));
      expect(Object.fromEntries(credited)).toEqual({
        x1: ['Initech', 'visitor'],
        x2: ['Initech', 'visitor'],
        x3: ['ACME Corp', 'network'],
        x4: ['Initech', 'visitor'],
        x5: ['Initech', 'email'],
        x6: ['Initech', 'visitor'],
      });
    }));

  it('keeps each session\'s channel from its earliest page view, and breaks sessions down by channel and account', () =>
    withStore(async (store) => {
      await store.createSite({ id: 'site-1', key: 'key-1', name: 'One', origins: [] });
      await store.importTargets([{ domain: 'pfizer.com', name: 'Pfizer', nameKey: 'pfizer', tier: null, owner: null, aliases: [] }]);
      const [target] = await store.listTargets();
      const t0 = Date.UTC(2026, 10, 20, 9);
      const search = { channel: 'Organic Search', source: 'google', medium: 'organic' };
      const direct = { channel: 'Direct', source: '(direct)', medium: '(none)' };
      await store.insertEvents([
        // Out of order: the landing (earliest page view) arrives second and still decides.
        event({ id: 'c2', ts: t0 + 60_000, visitor: 'ana', session: 'sa', touch: direct, account: { ...pfizer, id: target!.id } }),
        event({ id: 'c1', ts: t0, visitor: 'ana', session: 'sa', touch: search, account: { ...pfizer, id: target!.id } }),
        event({ id: 'c3', ts: t0, visitor: 'bob', session: 'sb', touch: search, account: acme }),
        event({ id: 'c4', ts: t0, visitor: 'cy', session: 'sc', touch: direct }),
        event({ id: 'c5', ts: t0, visitor: 'dee', session: 'sd', type: 'engagement', touch: null }),
        event({ id: 'c6', ts: t0, visitor: 'bot', session: 'sx', touch: search, bot: true }),
      ]);
      const sessions = new Map((await store.listSessions({ limit: 10 })).map((x) => [x.id, x]));
      expect(sessions.get('sa')).toMatchObject({ channel: 'Organic Search', source: 'google', medium: 'organic', accountId: target!.id });
      expect(sessions.get('sd')?.channel).toBeNull();
      expect((await store.newestEvents({ limit: 10 })).find((e) => e.id === 'c2')?.channel).toBe('Organic Search');
      expect(await store.channelBreakdown({ from: t0, to: t0 + 86_400_000 })).toEqual([
        { channel: 'Organic Search', sessions: 2, visitors: 2, accounts: 2, targetAccounts: 1 },
        { channel: 'Direct', sessions: 1, visitors: 1, accounts: 0, targetAccounts: 0 },
        { channel: 'Unassigned', sessions: 1, visitors: 1, accounts: 0, targetAccounts: 0 },
      ]);
      expect(await store.channelBreakdown({ from: t0 + 1, to: t0 + 86_400_000 })).toEqual([]);
      const touches = await store.accountSessions({ from: t0, to: t0 + 86_400_000 });
      expect(touches.map((x) => [x.target, x.channel, x.startedAt]).sort()).toEqual([[false, 'Organic Search', t0], [true, 'Organic Search', t0]]);
      expect(await store.accountSessions({ from: t0, to: t0 + 86_400_000, accountId: target!.id })).toHaveLength(1);
    }));

  it('lists accounts with visits, visitors and a decayed, role-weighted score from the rollups', () =>
    withStore(async (store) => {
      await store.createSite({ id: 'site-1', key: 'key-1', name: 'One', origins: [] });
      await store.importTargets([
        { domain: 'acme.com', name: 'Acme', nameKey: 'acme', tier: '1', owner: 'ana@vendor.com', aliases: [] },
        { domain: 'pfizer.com', name: 'Pfizer', nameKey: 'pfizer', tier: '2', owner: null, aliases: [] },
      ]);
      const targets = new Map((await store.listTargets()).map((a) => [a.name, a.id]));
      const acmeRef = { id: targets.get('Acme')!, name: 'Acme', domain: 'acme.com', nameKey: 'acme', via: 'network' } as const;
      const initech = { id: null, name: 'Initech', domain: 'initech.com', nameKey: 'initech', via: 'network' } as const;
      const to = Date.UTC(2026, 10, 20, 12);
      const monthAgo = to - 30 * 86_400_000;
      await store.insertEvents([
        event({ id: 'm1', ts: to, visitor: 'vp', session: 's1', account: acmeRef, points: 1, roleLevel: 'vp' }),
        event({ id: 'm2', ts: to + 1, visitor: 'vp', session: 's1', account: acmeRef, points: 2, roleLevel: 'vp' }),
        event({ id: 'm3', ts: monthAgo, visitor: 'anon', session: 's2', account: acmeRef, type: 'form', points: 5 }),
        event({ id: 'm4', ts: to, visitor: 'boss', session: 's3', account: initech, points: 1, roleLevel: 'c_level' }),
        event({ id: 'm5', ts: monthAgo - 86_400_000 * 5, visitor: 'old', session: 's4', account: { ...initech, name: 'Globex', domain: 'globex.com', nameKey: 'globex' }, points: 1 }),
      ]);
      const base = {
        fromDay: '2026-10-21', toDay: '2026-11-20', sort: 'score' as const, descending: true, limit: 10, offset: 0,
        weights: { c_level: 2, vp: 1.5, director: 1.25, manager: 1, other: 0.5 }, halfLifeDays: 30,
      };
      const list = await store.accountMetrics(base);
      // Acme: 1.5 × (1 + 2) today + 0.5 × 5 a half-life ago = 5.75; Initech 2 × 1; Pfizer nothing yet; Globex outside the range.
      expect(list.total).toBe(3);
      expect(list.rows.map((r) => [r.name, r.score, r.visits, r.visitors, r.target, r.tier])).toEqual([
        ['Acme', 5.75, 2, 2, true, '1'],
        ['Initech', 2, 1, 1, false, null],
        ['Pfizer', 0, 0, 0, true, '2'],
      ]);
      expect((await store.accountMetrics({ ...base, target: true })).rows.map((r) => r.name)).toEqual(['Acme', 'Pfizer']);
      expect((await store.accountMetrics({ ...base, search: 'INIT' })).rows.map((r) => r.name)).toEqual(['Initech']);
      expect((await store.accountMetrics({ ...base, owner: 'ANA@vendor.com' })).rows.map((r) => r.name)).toEqual(['Acme']);
      expect((await store.accountMetrics({ ...base, sort: 'name', descending: false, limit: 2, offset: 1 })).rows.map((r) => r.name)).toEqual(['Initech', 'Pfizer']);
      expect(await store.accountMetrics({ ...base, offset: 10 })).toEqual({ rows: [], total: 3 });
      // Lighter role weights and a shorter half-life, read from the same rollups.
      const reweighted = await store.accountMetrics({ ...base, weights: { ...base.weights, vp: 1 }, halfLifeDays: 15, target: true, limit: 1 });
      expect(reweighted.rows[0]?.score).toBe(3.63); // 1 × 3 + 0.5 × 5 × ¼ = 3.625
      // Visitors are counted for the page shown, or for every account when sorting by them: the same numbers either way.
      const byVisitors = await store.accountMetrics({ ...base, sort: 'visitors' });
      expect(byVisitors.rows.map((r) => [r.name, r.visitors])).toEqual([['Acme', 2], ['Initech', 1], ['Pfizer', 0]]);
      expect((await store.accountMetrics({ ...base, countVisitors: false })).rows.map((r) => r.visitors)).toEqual([0, 0, 0]);
      const ids = list.rows.map((r) => r.id);
      expect(Object.fromEntries(await store.accountVisitors({ fromDay: base.fromDay, toDay: base.toDay, ids }))).toEqual({ [ids[0]!]: 2, [ids[1]!]: 1 });
      expect(list.rows.map((r) => r.activeDays)).toEqual([2, 1, 0]);
      // A second site seeing Acme the same day: one more visit, still two active days.
      await store.createSite({ id: 'site-2', key: 'key-2', name: 'Two', origins: [] });
      await store.insertEvents([event({ id: 'm6', siteId: 'site-2', ts: to, visitor: 'vp2', session: 's5', account: acmeRef, points: 1 })]);
      const twoSites = (await store.accountMetrics(base)).rows[0]!;
      expect([twoSites.name, twoSites.visits, twoSites.activeDays]).toEqual(['Acme', 3, 2]);
    }));

  it('changes stages step by step, keeps each change, and skips a change whose starting stage is stale', () =>
    withStore(async (store) => {
      await store.importTargets([{ domain: 'acme.com', name: 'Acme', nameKey: 'acme', tier: null, owner: null, aliases: [] }]);
      const [acme] = await store.listTargets();
      const id = acme!.id;
      expect(
        await store.changeStages([
          { accountId: id, from: 'unaware', to: 'aware', at: 1000, source: 'auto', reason: null },
          { accountId: id, from: 'aware', to: 'engaged', at: 1000, source: 'auto', reason: 'score 12' },
          { accountId: id, from: 'aware', to: 'mqa', at: 2000, source: 'auto', reason: null },
        ]),
      ).toBe(2);
      expect((await store.listAccounts({ limit: 1, ids: [id] }))[0]).toMatchObject({ stage: 'engaged', stageChangedAt: 1000 });
      expect((await store.stageChanges({ accountId: id, limit: 10 })).map((c) => [c.from, c.to, c.at, c.reason])).toEqual([
        ['aware', 'engaged', 1000, 'score 12'],
        ['unaware', 'aware', 1000, null],
      ]);
      expect(await store.stageChanges({ since: 1001, limit: 10 })).toEqual([]);
    }));

  it('counts new accounts in a period, and target accounts\' known contacts by seniority', () =>
    withStore(async (store) => {
      await store.createSite({ id: 'site-1', key: 'key-1', name: 'One', origins: [] });
      await store.importTargets([{ domain: 'acme.com', name: 'Acme', nameKey: 'acme', tier: '1', owner: 'Ana@vendor.com', aliases: [] }]);
      const [acme] = await store.listTargets();
      const t0 = Date.UTC(2026, 10, 20);
      const email = { id: acme!.id, name: 'Acme', domain: 'acme.com', nameKey: 'acme', via: 'email' } as const;
      await store.insertEvents([
        event({ id: 'n1', ts: t0, visitor: 'ceo', type: 'form', account: email, roleLevel: 'c_level', props: { email_hash: 'a'.repeat(64), job_title: 'CEO' } }),
        event({ id: 'n2', ts: t0, visitor: 'dev', type: 'form', account: email, roleLevel: 'other', props: { email_hash: 'b'.repeat(64), job_title: 'Developer' } }),
        event({ id: 'n3', ts: t0, visitor: 'anon', account: { ...email, via: 'network' } }),
        event({ id: 'n4', ts: t0 + 5, visitor: 'x', account: initechRef }),
      ]);
      expect(await store.newAccounts({ from: t0, to: t0 + 86_400_000 })).toEqual({ all: 2, targets: 1 });
      expect(await store.newAccounts({ from: t0 + 1, to: t0 + 86_400_000 })).toEqual({ all: 1, targets: 0 });
      const contacts = (await store.targetContacts({ owner: 'ana@VENDOR.com' })).map((c) => [c.roleLevel, c.contacts]).sort();
      expect(contacts).toEqual([['c_level', 1], ['other', 1]]);
      expect(await store.targetContacts({ tier: '2' })).toEqual([]);
      const detail = await store.accountDetail({ accountId: acme!.id, from: t0, to: t0 + 86_400_000, fromDay: '2026-11-20', toDay: '2026-11-20', limit: 10 });
      expect(detail.events.map((e) => e.id).sort()).toEqual(['n1', 'n2', 'n3']);
      expect(detail.identification.map((i) => [i.via, i.events])).toEqual([['email', 2], ['network', 1]]);
      expect([detail.people.length, detail.anonymousVisitors, detail.days.length, detail.sessions.length]).toEqual([2, 1, 1, 1]);
    }));

  it('keeps one IP salt per day for every process, and forgets earlier days', () =>
    withStore(async (store) => {
      const day1 = await store.dailySalt('2026-11-23');
      expect(day1).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await store.dailySalt('2026-11-23')).toBe(day1);
      const day2 = await store.dailySalt('2026-11-24');
      expect(day2).not.toBe(day1);
      // Day 1's salt was deleted when day 2 began: asking for it again cannot bring it back.
      expect(await store.dailySalt('2026-11-23')).not.toBe(day1);
    }));

  it('keeps what it stored across a reopen', async () => {
    const t = target();
    const first = await openStore(t);
    if (kind === 'postgres') await clearPostgres();
    await first.createSite({ id: 'site-1', key: 'key-1', name: 'One', origins: [] });
    await first.insertEvents([event({ id: 'kept-event' })]);
    await first.close();
    const second = await openStore(t);
    try {
      expect((await second.newestEvents({ limit: 5 })).map((e) => e.id)).toEqual(['kept-event']);
    } finally {
      await second.close();
    }
  });
});

async function clearPostgres(): Promise<void> {
  // Tests in one file run in order; each starts from empty tables.
  const client = new pg.Client(pgUrl);
  await client.connect();
  // Every table but the migrations' and the settings (which say the running totals are built).
  const { rows } = await client.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = $1 and table_name not like 'kysely%' and table_name <> 'settings'`,
    [schema],
  );
  await client.query(`truncate ${rows.map((r) => `${schema}.${r.table_name}`).join(', ')}`);
  await client.end();
}
