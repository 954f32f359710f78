import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore, type ChannelRow, type DatabaseTarget, type Store } from '../../collector/store/index.js';
import { Random } from '../../demo-site/simulator/random.js';
import { scratchDatabases } from './scratch.js';
import type { AccountRef, StoredEvent } from '../../collector/schema/domain.js';

/**
 * Property: after any sequence of inserts (out of order, bots, stitching that moves sessions to
 * another account, re-identification, several sites, targets added and removed), the channel
 * breakdown read from the rollups equals the straightforward query over the sessions below, for
 * any range of whole days, with and without a site.
 */

const { dir, pgUrl, schema } = scratchDatabases('channel_rollups');
if (!pgUrl) console.warn('channel rollups: TEST_DATABASE_URL is not set; PostgreSQL is not tested in this run');


const DAY_MS = 86_400_000;
const D0 = Date.UTC(2026, 10, 10);
const DAYS = 8;
const SITES = ['site-a', 'site-b', 'site-c'] as const;
const net = (name: string, domain: string): AccountRef => ({ id: null, name, domain, nameKey: name.toLowerCase(), via: 'network' });
const NETWORK_ACCOUNTS = [net('Acme', 'acme.com'), net('Globex', 'globex.com'), net('Umbrella', 'umbrella.com'), net('Hooli', 'hooli.com')];
const EMAIL_ACCOUNTS: AccountRef[] = [
  { id: null, name: 'Initech', domain: 'initech.com', nameKey: 'initech', via: 'email' },
  { id: null, name: 'Globex', domain: 'globex.com', nameKey: 'globex', via: 'email' },
];
const TOUCHES = [
  { channel: 'Direct', source: '(direct)', medium: '(none)' },
  { channel: 'Organic Search', source: 'google', medium: 'organic' },
  { channel: 'Email', source: 'newsletter', medium: 'email' },
  { channel: 'Unassigned', source: 'x', medium: 'y' },
];

function timestamp(rng: Random): number {
  const start = D0 + rng.int(0, DAYS - 1) * DAY_MS;
  const r = rng.next();
  if (r < 0.2) return start + rng.int(0, 120_000);
  if (r < 0.4) return start + DAY_MS - 1 - rng.int(0, 120_000);
  return start + rng.int(0, DAY_MS - 1);
}

/** Batches of events in random order of time: late arrivals move sessions to earlier days and other channels. */
function generate(seed: number): StoredEvent[][] {
  const rng = new Random(seed);
  let n = 0;
  const fresh = (): StoredEvent => {
    const siteId = rng.pick(SITES);
    // A visitor id is one browser's on one site.
    let visitor = rng.chance(0.08) ? null : `${siteId}-v${rng.int(0, 7)}`;
    const session = rng.chance(0.15) ? null : visitor ? `${visitor}-s${rng.int(0, 3)}` : `${siteId}-anon-${rng.int(0, 2)}`;
    // A sender that names the session but not the visitor: the session learns its visitor later.
    if (session && rng.chance(0.05)) visitor = null;
    const type = rng.pick(['page_view', 'page_view', 'page_view', 'form', 'engagement'] as const);
    let account: AccountRef | null = rng.chance(0.3) ? null : rng.pick(NETWORK_ACCOUNTS);
    if (type === 'form' && visitor && rng.chance(0.5)) account = rng.pick(EMAIL_ACCOUNTS);
    const ts = timestamp(rng);
    return {
      siteId,
      id: `e${n++}`,
      type,
      name: null,
      ts,
      receivedAt: ts + 1,
      visitor,
      session,
      url: 'https://www.vendor.example/',
      title: null,
      referrer: null,
      props: null,
      ip: null,
      userAgent: 'UA',
      bot: rng.chance(0.05),
      network: null,
      account: account && { ...account },
      touch: type === 'page_view' && rng.chance(0.8) ? rng.pick(TOUCHES) : null,
    };
  };
  return Array.from({ length: rng.int(4, 9) }, () => Array.from({ length: rng.int(1, 50) }, fresh));
}

/** What the store answered before the rollups: one query over the sessions. */
const REFERENCE = (site: boolean) =>
  `SELECT coalesce(s.channel, 'Unassigned') AS channel, count(*) AS sessions, count(distinct s.visitor) AS visitors,
     count(distinct s.account_id) AS accounts, count(distinct case when a.target = 1 then s.account_id end) AS target_accounts
   FROM sessions s LEFT JOIN accounts a ON a.id = s.account_id
   WHERE s.started_at >= ? AND s.started_at < ? AND s.bot = 0 ${site ? 'AND s.site_id = ?' : ''}
   GROUP BY coalesce(s.channel, 'Unassigned')`;

type Query = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

async function reference(query: Query, from: number, to: number, siteId?: string): Promise<ChannelRow[]> {
  const rows = await query(REFERENCE(siteId !== undefined), siteId === undefined ? [from, to] : [from, to, siteId]);
  return rows
    .map((r) => ({ channel: String(r.channel), sessions: Number(r.sessions), visitors: Number(r.visitors), accounts: Number(r.accounts), targetAccounts: Number(r.target_accounts) }))
    .sort((a, b) => b.sessions - a.sessions || a.channel.localeCompare(b.channel));
}

/** A database to run a check on, with a way to query it besides the store. */
interface Fixture {
  /** Opens the store on an empty database. */
  open: () => Promise<Store>;
  target: DatabaseTarget;
  query: Query;
  /** Runs statements with the store closed. */
  exec: (statements: string[]) => Promise<void>;
  close: () => Promise<void>;
}

const fixtures: [string, (name: string) => Fixture][] = [
  [
    'sqlite',
    (name) => {
      const path = join(dir, `${name}.db`);
      let reader: SQLite.Database | undefined;
      const open = () => (reader ??= new SQLite(path));
      return {
        open: () => openStore({ kind: 'sqlite', path }),
        target: { kind: 'sqlite', path },
        query: async (text, params) => open().prepare(text).all(params) as Record<string, unknown>[],
        exec: async (statements) => {
          for (const s of statements) open().exec(s);
        },
        close: async () => {
          reader?.close();
        },
      };
    },
  ],
];
if (pgUrl) {
  fixtures.push([
    'postgres',
    () => {
      // One schema, emptied for each check (Kysely's migrator, seeing its tables in another schema, would not make them in a second).
      const client = new pg.Client({ connectionString: pgUrl, options: `-c search_path=${schema}` });
      const connected = client.connect();
      const numbered = (text: string) => {
        let n = 0;
        return text.replace(/\?/g, () => `$${++n}`);
      };
      const target: DatabaseTarget = { kind: 'postgres', url: pgUrl, schema };
      return {
        open: async () => {
          await connected;
          await client.query(`drop schema if exists ${schema} cascade`);
          return openStore(target);
        },
        target,
        query: async (text, params) => (await connected, (await client.query(numbered(text), params)).rows),
        exec: async (statements) => {
          await connected;
          for (const st of statements) await client.query(st);
        },
        close: async () => {
          await connected;
          await client.end();
        },
      };
    },
  ]);
}

/** Random ranges of whole days around the data, with and without each site: every answer as the reference gives it. */
async function compareRanges(store: Store, query: Query, rng: Random, label: string): Promise<void> {
  for (let i = 0; i < 12; i++) {
    const first = D0 + rng.int(-1, DAYS) * DAY_MS;
    const to = first + rng.int(1, DAYS + 1) * DAY_MS;
    for (const siteId of [undefined, rng.pick(SITES)]) {
      const q = { from: first, to, ...(siteId && { siteId }) };
      expect(await store.channelBreakdown(q), `${label}: ${JSON.stringify(q)}`).toEqual(await reference(query, first, to, siteId));
    }
  }
}

async function check(make: (name: string) => Fixture, seed: number): Promise<void> {
  const rng = new Random(seed ^ 0x5eed);
  const fixture = make(`s${seed}`);
  let store = await fixture.open();
  try {
    for (const site of SITES) await store.createSite({ id: site, key: `key-${site}`, name: site, origins: [] });
    await store.importTargets([{ domain: 'acme.com', name: 'Acme', nameKey: 'acme', tier: '1', owner: null, aliases: [] }]);
    const batches = generate(seed);
    for (const [b, batch] of batches.entries()) {
      await store.insertEvents(batch);
      await compareRanges(store, fixture.query, rng, `seed ${seed}, after batch ${b + 1} of ${batches.length}`);
    }
    // Targets are read as they are now.
    await store.importTargets([{ domain: 'initech.com', name: 'Initech', nameKey: 'initech', tier: null, owner: null, aliases: [] }]);
    const acme = (await store.listTargets()).find((t) => t.domain === 'acme.com')!;
    await store.removeTarget(acme.id);
    await compareRanges(store, fixture.query, rng, `seed ${seed}, after the target list changed`);
    // Re-identification moves sessions between accounts (and to none).
    const report = await store.reidentify(
      (e) => ({ network: null, account: e.visitor?.endsWith('1') ? null : e.account?.domain === 'acme.com' ? net('Umbrella', 'umbrella.com') : (e.account ?? null), bot: e.bot }),
      () => {},
    );
    expect(report.events).toBeGreaterThan(0);
    await compareRanges(store, fixture.query, rng, `seed ${seed}, after re-identification`);
    // A store upgraded with these sessions (the rollups' migration undone, then run again) answers the same.
    await store.close();
    await fixture.exec([
      // 0022 first: its indexes are on the rollups' counted_* columns.
      'DROP INDEX sessions_identification',
      'DROP INDEX sessions_identification_all',
      'ALTER TABLE sessions DROP COLUMN network_class',
      "DELETE FROM kysely_migration WHERE name = '0022_identification_report'",
      'DROP TABLE channel_days',
      'DROP TABLE channel_members',
      'DROP TABLE channel_counts',
      'DROP INDEX accounts_target',
      ...['counted_day', 'counted_channel', 'counted_visitor', 'counted_account'].map((c) => `ALTER TABLE sessions DROP COLUMN ${c}`),
      "DELETE FROM kysely_migration WHERE name = '0018_channel_rollups'",
      // The migrations after it are undone too: Kysely runs them in order only.
      'DROP INDEX sites_previous_key',
      ...['previous_key', 'previous_key_expires_at', 'deleted_at'].map((c) => `ALTER TABLE sites DROP COLUMN ${c}`),
      "DELETE FROM kysely_migration WHERE name = '0019_site_keys_and_deletion'",
      'DROP TABLE reverse_dns',
      "DELETE FROM kysely_migration WHERE name = '0021_reverse_dns'",
      'DROP TABLE network_decisions',
      'DROP INDEX accounts_country',
      'ALTER TABLE accounts DROP COLUMN country',
      "DELETE FROM kysely_migration WHERE name = '0023_target_networks'",
    ]);
    store = await openStore(fixture.target);
    await compareRanges(store, fixture.query, rng, `seed ${seed}, after the migration filled the rollups`);
    // And goes on from there.
    const more = generate(seed + 1).flat().map((e) => ({ ...e, id: `m${e.id}` }));
    await store.insertEvents(more);
    await compareRanges(store, fixture.query, rng, `seed ${seed}, after inserts on the migrated store`);
  } finally {
    await store.close();
    await fixture.close();
  }
}

describe.each(fixtures)('channel rollups (%s)', (kind, make) => {
  it('equal the breakdown straight from the sessions, after any inserts, stitching and re-identification', async () => {
    const seeds = Array.from({ length: kind === 'sqlite' ? 25 : 6 }, (_, i) => 7 + i * 7919);
    for (const seed of seeds) await check(make, seed);
  }, 120_000);

  it.skipIf(kind !== 'postgres')('stay exact with two writers at once on the same members', async () => {
    const fixture = make('concurrent');
    const first = await fixture.open();
    const second = await openStore(fixture.target);
    try {
      for (const site of SITES) await first.createSite({ id: site, key: `key-${site}`, name: site, origins: [] });
      const event = (siteId: string, visitor: string, account: AccountRef, ts: number): StoredEvent => ({
        siteId, id: `${visitor}-${ts}`, type: 'page_view', name: null, ts, receivedAt: ts, visitor, session: `${visitor}-${ts}`, url: 'https://www.vendor.example/',
        title: null, referrer: null, props: null, ip: null, userAgent: 'UA', bot: false, network: null, account, touch: TOUCHES[0]!,
      });
      // Each round: an account seen on day 0, then on days 2 and 1 at once from two sites (other sessions, other visitors):
      // both writers add a day to the account's days over all sites, and the earlier one must re-link the later.
      for (let round = 0; round < 40; round++) {
        const account = net(`Round ${round}`, `round-${round}.example`);
        await first.insertEvents([event('site-a', `r${round}-x`, account, D0 + 3600_000)]);
        await Promise.all([
          first.insertEvents([event('site-a', `r${round}-a`, account, D0 + 2 * DAY_MS + round)]),
          second.insertEvents([event('site-b', `r${round}-b`, account, D0 + DAY_MS + round)]),
        ]);
      }
      await compareRanges(first, fixture.query, new Random(99), 'two writers');
    } finally {
      await second.close();
      await first.close();
      await fixture.close();
    }
  });

  it('forget an erased visitor', async () => {
    const fixture = make('erase');
    const store = await fixture.open();
    try {
      await store.createSite({ id: 'site-a', key: 'key-a', name: 'A', origins: [] });
      const event = (id: string, visitor: string, session: string, ts: number): StoredEvent => ({
        siteId: 'site-a', id, type: 'page_view', name: null, ts, receivedAt: ts, visitor, session, url: 'https://www.vendor.example/', title: null,
        referrer: null, props: null, ip: null, userAgent: 'UA', bot: false, network: null, account: NETWORK_ACCOUNTS[0]!, touch: TOUCHES[0]!,
      });
      await store.insertEvents([event('x1', 'ana', 's1', D0), event('x2', 'ana', 's2', D0 + DAY_MS), event('x3', 'bob', 's3', D0)]);
      const members = async () => (await fixture.query('SELECT DISTINCT member FROM channel_members ORDER BY member', [])).map((r) => r.member);
      expect(await members()).toEqual([`a:${(await store.listAccounts({ limit: 1 }))[0]!.id}`, 'v:ana', 'v:bob']);
      await store.erase({ visitor: 'ana' });
      expect(await members()).toEqual([`a:${(await store.listAccounts({ limit: 1 }))[0]!.id}`, 'v:bob']);
      // The counts stay: erasure takes who was counted, not how many.
      const [row] = await store.channelBreakdown({ from: D0, to: D0 + 2 * DAY_MS });
      expect(row).toMatchObject({ channel: 'Direct', sessions: 3, visitors: 2 });
    } finally {
      await store.close();
      await fixture.close();
    }
  });
});
