import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentReport, type ContentRow } from '../../collector/store/content.js';
import { openStore, type DatabaseTarget, type Store } from '../../collector/store/index.js';
import type { Database } from '../../collector/store/types.js';
import { scratchDatabases } from './scratch.js';
import type { AccountRef, StoredEvent } from '../../collector/schema/domain.js';

/**
 * The content report over both dialects: data written through a Store, read through a second
 * Kysely on the same SQLite file or PostgreSQL schema. PostgreSQL runs when TEST_DATABASE_URL is set.
 */
const { dir, pgUrl, schema } = scratchDatabases('content');
if (!pgUrl) console.warn('content report: TEST_DATABASE_URL is not set; PostgreSQL is not tested in this run');

interface Backend {
  target: DatabaseTarget;
  reader: () => Kysely<Database>;
}

const backends: [string, () => Backend][] = [
  [
    'sqlite',
    () => {
      const path = join(dir, 'content.db');
      return { target: { kind: 'sqlite', path }, reader: () => new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(path) }) }) };
    },
  ],
];
if (pgUrl) {
  backends.push([
    'postgres',
    () => ({
      target: { kind: 'postgres', url: pgUrl, schema },
      reader: () =>
        new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: pgUrl, max: 2, options: `-c search_path=${schema}` }) }) }),
    }),
  ]);
}

const DAY = 86_400_000;
const D = Date.UTC(2026, 10, 20);
const SITE = 'https://www.vendor.example';

let n = 0;
const event = (over: Partial<StoredEvent>): StoredEvent => ({
  siteId: 'site-1',
  id: `e${++n}`,
  type: 'page_view',
  name: null,
  ts: D + n,
  receivedAt: D + n,
  visitor: null,
  session: null,
  url: `${SITE}/`,
  title: null,
  referrer: null,
  props: null,
  ip: null,
  userAgent: null,
  bot: false,
  network: null,
  account: null,
  ...over,
});

describe.each(backends)('content report: %s', (_kind, backend) => {
  let store: Store;
  let db: Kysely<Database>;

  beforeAll(async () => {
    const b = backend();
    store = await openStore(b.target);
    await store.createSite({ id: 'site-1', key: 'key-1', name: 'One', origins: [] });
    await store.createSite({ id: 'site-2', key: 'key-2', name: 'Two', origins: [] });
    const targetRow = (domain: string, name: string) => ({ domain, name, nameKey: name.toLowerCase(), tier: null, owner: null, aliases: [] });
    await store.importTargets([targetRow('pfizer.com', 'Pfizer'), targetRow('acme.com', 'Acme'), targetRow('globex.com', 'Globex')]);
    const ids = new Map((await store.listTargets()).map((a) => [a.domain, a.id]));
    const ref = (domain: string): AccountRef => ({ id: ids.get(domain) ?? null, name: domain, domain, nameKey: domain.split('.')[0]!, via: 'network' });
    const [t1, t2, t3, other] = [ref('pfizer.com'), ref('acme.com'), ref('globex.com'), ref('initech.com')];
    expect(other.id).toBeNull(); // not a target: the store creates it on insert

    const pricing = `${SITE}/pricing`;
    const blog = `${SITE}/blog/abm`;
    const guide = `${SITE}/files/guide.pdf`;
    await store.insertEvents([
      // /pricing: six views in five variants; the newest non-null title wins.
      event({ url: `${pricing}?utm_source=linkedin`, title: 'Pricing (old)', visitor: 'ana', account: t1, ts: D + 1000 }),
      event({ url: pricing, title: 'Pricing | Vendor', visitor: 'ana', account: t1, ts: D + 5000 }),
      event({ url: `${pricing}#plans`, title: null, visitor: 'bob', account: t1, ts: D + 6000 }),
      event({ url: `${pricing}?utm_source=google&utm_medium=cpc`, title: 'Pricing', visitor: 'cat', account: t2, ts: D + 2000 }),
      event({ url: pricing, title: 'Pricing', visitor: 'dan', account: other, ts: D + 3000 }),
      event({ url: `${pricing}?gclid=x1#top`, title: '', visitor: 'eve', ts: D + 7000 }),
      // Never counted: a bot, before the range, on another site.
      event({ url: pricing, title: 'Bot', visitor: 'crawler', account: t3, bot: true, ts: D + 9000 }),
      event({ url: pricing, title: 'Early', visitor: 'fay', account: t3, ts: D - 1 }),
      event({ url: pricing, title: 'Other site', visitor: 'zed', account: t3, siteId: 'site-2', ts: D + 100 }),
      // /blog/abm: three target accounts.
      event({ url: blog, title: 'ABM guide', visitor: 'ana', account: t1 }),
      event({ url: blog, title: 'ABM guide', visitor: 'gus', account: t3 }),
      event({ url: blog, title: 'ABM guide', visitor: 'hal', account: t2 }),
      event({ url: `${blog}?ref=nl`, title: 'ABM guide', visitor: 'hal', account: t2 }),
      // Home: no target accounts; a cookieless view has no visitor; the end of the range is excluded.
      event({ url: `${SITE}/`, title: 'Home', visitor: 'eve' }),
      event({ url: `${SITE}/`, title: 'Home', visitor: 'ivy' }),
      event({ url: `${SITE}/?fbclid=abc`, title: 'Home', visitor: null, account: other }),
      event({ url: `${SITE}/`, title: 'Late', visitor: 'jon', account: t3, ts: D + DAY }),
      // The guide: three downloads (one with a fragment), one by a bot.
      event({ type: 'download', url: blog, title: 'ABM guide', props: { href: guide, text: 'Get the guide' }, visitor: 'ana', account: t1, ts: D + 100 }),
      event({ type: 'download', url: pricing, title: 'Pricing', props: { href: guide, text: 'Download PDF' }, visitor: 'cat', account: t2, ts: D + 300 }),
      event({ type: 'download', url: blog, title: 'ABM guide', props: { href: `${guide}#page=2`, text: '' }, visitor: 'ana', account: t1, ts: D + 400 }),
      event({ type: 'download', url: blog, props: { href: guide, text: 'x' }, visitor: 'crawler', account: t3, bot: true, ts: D + 500 }),
      // The sheet: once without props (keyed by the event URL), once as a relative link.
      event({ type: 'download', url: `${SITE}/files/sheet.xlsx`, visitor: 'dan', account: other, ts: D + 100 }),
      event({ type: 'download', url: `${SITE}/resources`, props: { href: '/files/sheet.xlsx', text: 'Sheet' }, visitor: 'eve', ts: D + 200 }),
    ]);
    db = b.reader();
  });

  afterAll(async () => {
    await db?.destroy();
    await store?.close();
  });

  const row = (kind: ContentRow['kind'], url: string, title: string | null, views: number, visitors: number, accounts: number, targets: number, targetVisitors: number): ContentRow => ({
    kind,
    url,
    title,
    views,
    visitors,
    accounts,
    targetAccounts: targets,
    peoplePerTargetAccount: targets ? targetVisitors / targets : 0,
    targetShare: targets / 3,
  });
  const blogRow = row('page', `${SITE}/blog/abm`, 'ABM guide', 4, 3, 3, 3, 3);
  const pricingRow = row('page', `${SITE}/pricing`, 'Pricing | Vendor', 6, 5, 3, 2, 3);
  const guideRow = row('asset', `${SITE}/files/guide.pdf`, 'Download PDF', 3, 2, 2, 2, 2);
  const homeRow = row('page', `${SITE}/`, 'Home', 3, 2, 1, 0, 0);
  const sheetRow = row('asset', `${SITE}/files/sheet.xlsx`, 'Sheet', 2, 2, 1, 0, 0);
  const range = { from: D, to: D + DAY, siteId: 'site-1', limit: 100 };

  it('counts pages and assets by target accounts reached, merging URL variants and leaving bots out', async () => {
    const report = await contentReport(db, range);
    expect(report.targetAccounts).toBe(3);
    expect(report.rows).toEqual([blogRow, pricingRow, guideRow, homeRow, sheetRow]);
    expect(pricingRow.peoplePerTargetAccount).toBe(1.5);
  });

  it('reads only target accounts\' events when asked (what the overview shows), counting their visitors and accounts alone', async () => {
    const pricingByTargets = row('page', `${SITE}/pricing`, 'Pricing | Vendor', 4, 3, 2, 2, 3);
    expect((await contentReport(db, { ...range, targetsOnly: true })).rows).toEqual([blogRow, pricingByTargets, guideRow]);
  });

  it('filters by kind and limits after sorting', async () => {
    expect((await contentReport(db, { ...range, kind: 'asset' })).rows).toEqual([guideRow, sheetRow]);
    expect((await contentReport(db, { ...range, kind: 'page' })).rows).toEqual([blogRow, pricingRow, homeRow]);
    expect((await contentReport(db, { ...range, limit: 2 })).rows).toEqual([blogRow, pricingRow]);
  });

  it('counts every site without a site filter, and nothing outside the range', async () => {
    const { siteId: _, ...allSites } = range;
    const rows = (await contentReport(db, allSites)).rows;
    // zed (Globex, site-2) is a third target account and a sixth visitor on /pricing.
    expect(rows[0]).toEqual({ ...pricingRow, views: 7, visitors: 6, accounts: 4, targetAccounts: 3, peoplePerTargetAccount: 4 / 3, targetShare: 1 });
    expect(await contentReport(db, { ...range, from: D + DAY, to: D + 2 * DAY })).toEqual({
      rows: [row('page', `${SITE}/`, 'Late', 1, 1, 1, 1, 1)],
      targetAccounts: 3,
    });
    expect((await contentReport(db, { ...range, from: D - DAY, to: D - DAY + 1 })).rows).toEqual([]);
  });
});
