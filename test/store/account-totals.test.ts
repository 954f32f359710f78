import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore, utcDay, type AccountDay, type LevelPoints, type Store } from '../../collector/store/index.js';
import type { AccountListQuery, AccountSort } from '../../collector/store/account-list.js';
import { Random } from '../../demo-site/simulator/random.js';
import { scratchDatabases } from './scratch.js';
import type { AccountRef, StoredEvent } from '../../collector/schema/domain.js';

/**
 * Property: the account list read from the running totals (account-totals.ts) equals the same
 * list worked out here from the account-day rollups, for any range of days, any role weights, any
 * sort and filter, after events that arrive out of order across three weeks, on two sites, with
 * bots, with e-mail stitching moving a visitor's events between accounts, and after an erasure. The reference below
 * is written independently of account-totals.ts and account-list.ts.
 */


const DAY_MS = 86_400_000;
const D0 = Date.UTC(2026, 9, 1);
const DAYS = 21;
const day = (i: number) => new Date(D0 + i * DAY_MS).toISOString().slice(0, 10);
const SITES = ['site-a', 'site-b'];
const net = (name: string, domain: string): AccountRef => ({ id: null, name, domain, nameKey: name.toLowerCase(), via: 'network' });
const NETWORKS = [net('Acme', 'acme.com'), net('Globex', 'globex.com'), net('Umbrella', 'umbrella.com'), net('Hooli', 'hooli.com')];
const INITECH: AccountRef = { id: null, name: 'Initech', domain: 'initech.com', nameKey: 'initech', via: 'email' };
const LEVELS = ['c_level', 'vp', 'director', 'manager', 'other', null] as const;

function batches(seed: number): StoredEvent[][] {
  const rng = new Random(seed);
  const out: StoredEvent[][] = [];
  let n = 0;
  for (let b = 0; b < rng.int(4, 9); b++) {
    const batch: StoredEvent[] = [];
    // Mostly recent days, sometimes a late one from long before (an offline queue replaying).
    const recent = Math.min(DAYS - 1, b * 3);
    for (let i = 0; i < rng.int(1, 30); i++) {
      const d = rng.next() < 0.7 ? rng.int(Math.max(0, recent - 2), recent) : rng.int(0, DAYS - 1);
      const visitor = rng.pick(['ana', 'bob', 'cy', 'dee']);
      const type = rng.pick(['page_view', 'page_view', 'download', 'form', 'engagement'] as const);
      const stitch = type === 'form' && rng.next() < 0.4;
      const e: StoredEvent = {
        siteId: rng.pick(SITES),
        id: `e${seed}-${n++}`,
        type,
        name: null,
        ts: D0 + d * DAY_MS + rng.int(0, DAY_MS - 1),
        receivedAt: D0 + DAYS * DAY_MS + n,
        visitor,
        session: `${visitor}-${d}-${rng.int(0, 1)}`,
        url: 'https://www.vendor.example/',
        title: null,
        referrer: null,
        props: null,
        ip: null,
        userAgent: 'UA',
        bot: rng.next() < 0.08,
        network: null,
        account: stitch ? { ...INITECH } : rng.next() < 0.15 ? null : { ...rng.pick(NETWORKS) },
        points: rng.pick([0, 1, 2, 3, 5, 8, 0.5, 2.75]),
      };
      const level = rng.pick(LEVELS);
      if (level) e.roleLevel = level;
      batch.push(e);
    }
    out.push(batch);
  }
  return out;
}

interface Ref {
  id: string;
  score: number;
  visits: number;
  pageViews: number;
  activeDays: number;
}

/** The list's numbers from account_days: sums over the range, the score decayed from each day to the last. */
function reference(rows: AccountDay[], fromDay: string, toDay: string, weights: LevelPoints, halfLifeDays: number): Map<string, Ref> {
  const end = Date.parse(`${toDay}T00:00:00Z`);
  const out = new Map<string, Ref & { days: Set<string> }>();
  for (const r of rows) {
    if (r.day < fromDay || r.day > toDay) continue;
    let a = out.get(r.accountId);
    if (!a) out.set(r.accountId, (a = { id: r.accountId, score: 0, visits: 0, pageViews: 0, activeDays: 0, days: new Set() }));
    const age = (end - Date.parse(`${r.day}T00:00:00Z`)) / DAY_MS;
    const points = (Object.keys(weights) as (keyof LevelPoints)[]).reduce((s, l) => s + weights[l] * r.points[l], 0);
    a.score += points * Math.pow(0.5, age / halfLifeDays);
    a.visits += r.sessions;
    a.pageViews += r.pageViews;
    a.days.add(r.day);
    a.activeDays = a.days.size;
  }
  return out;
}

async function compareLists(store: Store, rng: Random, halfLifeDays: number, label: string): Promise<void> {
  const rows = await store.accountDays({ from: '0000-01-01', to: '9999-12-31' });
  const accounts = await store.listAccounts({ limit: 1000 });
  const events = await store.newestEvents({ limit: 100_000 });
  // Distinct visitors from the stored events themselves: non-bot events crediting the account in the range.
  const visitorsOf = (id: string, fromDay: string, toDay: string) =>
    new Set(events.filter((e) => e.account?.id === id && !e.bot && e.visitor && utcDay(e.ts) >= fromDay && utcDay(e.ts) <= toDay).map((e) => e.visitor)).size;
  for (let k = 0; k < 12; k++) {
    const a = rng.int(-3, DAYS + 2);
    const b = Math.min(DAYS + 3, a + rng.int(0, 12));
    const weights: LevelPoints = { c_level: rng.pick([2, 3]), vp: 1.5, director: rng.pick([1.25, 0]), manager: 1, other: rng.pick([0.5, 1]) };
    const sort = rng.pick(['score', 'visits', 'name', 'last_seen'] as AccountSort[]);
    const query: AccountListQuery = {
      fromDay: day(a), toDay: day(b), sort, descending: rng.next() < 0.7, limit: 1000, offset: 0, weights, halfLifeDays, countVisitors: rng.next() < 0.5, all: rng.next() < 0.3,
    };
    const got = await store.accountMetrics(query);
    const want = reference(rows, query.fromDay, query.toDay, weights, halfLifeDays);
    const where = `${label}: ${query.fromDay}..${query.toDay} ${sort}`;
    const expectedIds = accounts.filter((x) => query.all || want.has(x.id) || x.target).map((x) => x.id).sort();
    expect(got.rows.map((r) => r.id).sort(), where).toEqual(expectedIds);
    expect(got.total, where).toBe(expectedIds.length);
    for (const r of got.rows) {
      const w = want.get(r.id) ?? { score: 0, visits: 0, pageViews: 0, activeDays: 0 };
      expect(r.score, `${where} ${r.id} score`).toBeCloseTo(w.score, 1);
      expect({ visits: r.visits, pageViews: r.pageViews, activeDays: r.activeDays }, `${where} ${r.id}`).toEqual({
        visits: w.visits, pageViews: w.pageViews, activeDays: w.activeDays,
      });
      if (query.countVisitors) expect(r.visitors, `${where} ${r.id} visitors`).toBe(visitorsOf(r.id, query.fromDay, query.toDay));
    }
    const ids = accounts.map((x) => x.id);
    const counted = await store.accountVisitors({ fromDay: query.fromDay, toDay: query.toDay, ids });
    for (const id of ids) expect(counted.get(id) ?? 0, `${where} accountVisitors ${id}`).toBe(visitorsOf(id, query.fromDay, query.toDay));
    if (sort === 'score') {
      const scores = got.rows.map((r) => r.score);
      const sorted = [...scores].sort((x, y) => (query.descending ? y - x : x - y));
      expect(scores, `${where} order`).toEqual(sorted);
    }
  }
}

const { dir, pgUrl, schema } = scratchDatabases('account-totals');
let opened = 0;
const targets: { name: string; target: () => Promise<Store> }[] = [
  { name: 'sqlite', target: () => openStore({ kind: 'sqlite', path: `${dir}/totals-${opened++}.db` }) },
];
if (pgUrl) {
  // One schema, emptied between seeds (the scratch helper drops it at the end).
  targets.push({
    name: 'postgres',
    target: async () => {
      const client = new pg.Client(pgUrl);
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
      return openStore({ kind: 'postgres', url: pgUrl, schema });
    },
  });
}

describe.each(targets)('account list from running totals ($name)', ({ name, target }) => {
  it('equals the sums over account_days after out-of-order, stitched, multi-site inserts, for any range, weights and sort', async () => {
    // TOTALS_SEEDS=n tries n other seeds (for a longer hunt by hand).
    const seeds = process.env.TOTALS_SEEDS ? Array.from({ length: Number(process.env.TOTALS_SEEDS) }, (_, i) => 100 + i) : Array.from({ length: 15 }, (_, i) => 11 + 13 * i);
    for (const seed of seeds) {
      const store = await target();
      try {
        for (const site of SITES) await store.createSite({ id: site, key: `key-${site}-${seed}`, name: site, origins: [] });
        await store.importTargets([{ name: 'Hooli', domain: 'hooli.com', nameKey: 'hooli', tier: '1', owner: 'Sam', aliases: [] }]);
        const rng = new Random(seed * 31);
        for (const batch of batches(seed)) {
          await store.insertEvents(batch);
          await compareLists(store, rng, 30, `${name} seed ${seed}`);
        }
        // An erasure: the visitor leaves the distinct visitors (their events go), the anonymous counts stay.
        await store.erase({ visitor: 'bob' });
        await compareLists(store, rng, 30, `${name} seed ${seed}, after erasing bob`);
        // Another half-life: read before the rebuild (over account_days), then from totals built again.
        await compareLists(store, rng, 7, `${name} seed ${seed}, h=7 before rebuild`);
        expect(await store.useHalfLife(7)).toBe(true);
        expect(await store.useHalfLife(7)).toBe(false);
        await compareLists(store, rng, 7, `${name} seed ${seed}, h=7 rebuilt`);
      } finally {
        await store.close();
      }
    }
  }, 120_000);
});
