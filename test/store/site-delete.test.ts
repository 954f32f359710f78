import SQLite from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore, type DatabaseTarget, type Store } from '../../collector/store/index.js';
import { freshDatabases } from './scratch.js';
import { siteHistory } from './site-history.js';

/**
 * Deleting a site leaves the store as if the site had never been: two stores get the same history
 * of site Y, one also site X's (interleaved, the same visitor and session ids on both); after X is
 * deleted from it, every table matches the store that never had X.
 */
const { targets } = freshDatabases('site-delete');

/** A fresh database, and a way to read its tables directly. */
type Fresh = { target: DatabaseTarget; rows: (query: string) => Promise<Record<string, unknown>[]> };
const kinds: [string, () => Fresh][] = targets.map(([kind, make]) => [
  kind,
  () => {
    const target = make();
    const rows = async (query: string): Promise<Record<string, unknown>[]> => {
      if (target.kind === 'sqlite') {
        const db = new SQLite(target.path, { readonly: true });
        try {
          return db.prepare(query).all() as Record<string, unknown>[];
        } finally {
          db.close();
        }
      }
      const client = new pg.Client({ connectionString: target.url, options: `-c search_path=${target.schema}` });
      await client.connect();
      try {
        return (await client.query(query)).rows;
      } finally {
        await client.end();
      }
    };
    return { target, rows };
  },
]);

/** Rows as comparable values: numbers (pg's bigints arrive as text) rounded past float noise. */
const normalise = (rows: Record<string, unknown>[]) =>
  rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => {
        const number = typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?(e-?\d+)?$/.test(v) && !k.endsWith('day')) ? Number(v) : undefined;
        return [k, number === undefined ? v : Number.isInteger(number) ? number : Math.round(number * 1e6) / 1e6];
      }),
    ),
  );

const TABLES: Record<string, string> = {
  events: 'SELECT site_id, id, account_id, account_via FROM events ORDER BY site_id, id',
  sessions: 'SELECT site_id, id, visitor, account_id, channel, counted_day, counted_channel, counted_visitor, counted_account FROM sessions ORDER BY site_id, id',
  visitors: 'SELECT site_id, id, account_id, role_level FROM visitors ORDER BY site_id, id',
  account_days: 'SELECT * FROM account_days ORDER BY account_id, site_id, day',
  account_day_keys: 'SELECT * FROM account_day_keys ORDER BY account_id, site_id, day, member',
  account_visitors: 'SELECT * FROM account_visitors ORDER BY account_id, member',
  account_totals: 'SELECT * FROM account_totals ORDER BY account_id, day',
  channel_days: 'SELECT * FROM channel_days WHERE sessions <> 0 ORDER BY site_id, channel, day',
  channel_members: "SELECT * FROM channel_members WHERE day <> '' ORDER BY scope, channel, member, day",
  channel_counts: 'SELECT * FROM channel_counts WHERE n <> 0 ORDER BY scope, channel, kind, day, prev_day',
};
const ACCOUNT_COLUMNS = 'id, first_seen, last_seen, totals_first_day, totals_day, totals_day_idx, totals_sessions, totals_page_views, totals_new_visitors, totals_days, totals_decayed_c_level, totals_decayed_vp, totals_decayed_other';

async function load(store: Store, sites: string[]) {
  for (const id of sites) await store.createSite({ id, key: `key-${id}`, name: id, origins: [] });
  await store.importTargets([
    { domain: 'acme.com', name: 'Acme', nameKey: 'acme', tier: '1', owner: null, aliases: [] },
    { domain: 'globex.com', name: 'Globex', nameKey: 'globex', tier: '2', owner: null, aliases: [] },
  ]);
  const shared = { visitor: 'shared-visitor', session: 'shared-session' };
  const histories = sites.map((id) => siteHistory(id, id === 'site-x' ? 7 : 11, shared));
  const longest = Math.max(...histories.map((h) => h.length));
  for (let i = 0; i < longest; i++) for (const h of histories) if (h[i]) await store.insertEvents(h[i]!);
}

describe.each(kinds)('deleting a site: %s', (_kind, fresh) => {
  it('leaves every table as if the site had never been, page by page, and finishes when run again after an interruption', async () => {
    const a = fresh();
    const b = fresh();
    const withX = await openStore(a.target);
    const withoutX = await openStore(b.target);
    try {
      await load(withX, ['site-x', 'site-y']);
      await load(withoutX, ['site-y']);
      const eventsOfX = (await a.rows("SELECT COUNT(*) AS n FROM events WHERE site_id = 'site-x'"))[0]!.n;
      expect(Number(eventsOfX)).toBeGreaterThan(50);

      const touchedByX = new Set((await a.rows("SELECT DISTINCT account_id FROM account_days WHERE site_id = 'site-x'")).map((r) => r.account_id as string));

      // Interrupted after three pages: the site is already closed to events and to its key.
      let pages = 0;
      const interrupted = withX.deleteSite('site-x', {
        pageSize: 16,
        onProgress: () => {
          if (++pages === 3) throw new Error('power cut');
        },
      });
      await expect(interrupted).rejects.toThrow('power cut');
      expect(await withX.siteByKey('key-site-x')).toBeUndefined();
      expect((await withX.listSites()).map((s) => s.id)).toEqual(['site-y']);
      expect((await withX.listSites({ deleting: true })).map((s) => s.id)).toEqual(['site-x']);
      const late = siteHistory('site-x', 99, { visitor: 'late', session: 'late' })[0]!;
      expect(await withX.insertEvents(late)).toEqual({ inserted: 0, duplicates: late.length });

      const progress: number[] = [];
      const report = await withX.deleteSite('site-x', { pageSize: 16, onProgress: (r) => void progress.push(r.pages) });
      expect(report).toMatchObject({ site: { id: 'site-x', key: 'key-site-x' } });
      expect(report!.site.deletedAt).toBeGreaterThan(0);
      // What the second run removed: the rest of the events (the first run took at least two pages of 16).
      expect(report!.events).toBeGreaterThan(0);
      expect(report!.events).toBeLessThanOrEqual(Number(eventsOfX) - 32);
      expect(report!.sessions).toBeGreaterThan(5);
      expect(report!.visitors).toBe(14);
      expect(report!.accountDays).toBeGreaterThan(5);
      expect(report!.accountDayKeys).toBeGreaterThan(report!.accountDays);
      expect(report!.accounts).toBe(4);
      expect(report!.pages).toBeGreaterThan(5);
      expect(progress).toEqual(progress.map((_, i) => i + 1));

      for (const [table, query] of Object.entries(TABLES)) {
        expect({ table, rows: normalise(await a.rows(query)) }).toEqual({ table, rows: normalise(await b.rows(query)) });
      }
      // Accounts stay; their first and last seen and running totals are those of what remains.
      // (The write path only ever widens first and last seen, so where stitching moved an account's
      // events away, the store without X still has the old span; the deletion reads what is left.)
      const accountsA = new Map(normalise(await a.rows(`SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY id`)).map((r) => [r.id, r]));
      const accountsB = normalise(await b.rows(`SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY id`));
      const spans = new Map(normalise(await b.rows('SELECT account_id, MIN(first_ts) AS first_seen, MAX(last_ts) AS last_seen FROM account_days GROUP BY account_id')).map((r) => [r.account_id, r]));
      for (const r of accountsB) {
        const span = touchedByX.has(r.id as string) ? { first_seen: spans.get(r.id)?.first_seen ?? null, last_seen: spans.get(r.id)?.last_seen ?? null } : {};
        expect(accountsA.get(r.id)).toEqual({ ...r, ...span });
      }
      const onlyX = [...accountsA.values()].filter((r) => !accountsB.some((x) => x.id === r.id));
      expect(onlyX.length).toBeGreaterThan(0);
      for (const r of onlyX) expect(r).toMatchObject({ first_seen: null, last_seen: null, totals_day: null });
      expect(await a.rows("SELECT * FROM sites WHERE id = 'site-x'")).toEqual([]);
      expect(await a.rows("SELECT * FROM channel_members WHERE scope = 'site-x'")).toEqual([]);

      // Reads agree too.
      const range = { from: Date.UTC(2026, 9, 1), to: Date.UTC(2026, 11, 1) };
      expect(await withX.channelBreakdown(range)).toEqual(await withoutX.channelBreakdown(range));
      const weights = { c_level: 2, vp: 1.5, director: 1.25, manager: 1, other: 0.5 };
      const list = { fromDay: '2026-10-01', toDay: '2026-11-30', sort: 'score', descending: true, limit: 50, offset: 0, weights, halfLifeDays: 30 } as const;
      const metrics = async (s: Store) => (await s.accountMetrics(list)).rows.filter((r) => r.visits > 0);
      expect(await metrics(withX)).toEqual(await metrics(withoutX));

      // Done is done: a second deletion finds no site.
      expect(await withX.deleteSite('site-x')).toBeUndefined();
    } finally {
      await withX.close();
      await withoutX.close();
    }
  });
});
