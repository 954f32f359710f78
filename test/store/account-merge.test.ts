import { describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { DEFAULT_SCORE_READING } from '../../collector/accounts/scoring.js';
import { normaliseName } from '../../collector/accounts/normalise.js';
import { mergeAccounts, mergeDuplicateAccounts } from '../../collector/store/account-merge.js';
import { migrateToLatest } from '../../collector/store/migrations.js';
import { postgresWriter, sqliteWriter, type Writer } from '../../collector/store/write-tx.js';
import type { Database } from '../../collector/store/types.js';
import { accountId, type DatabaseTarget, type Store } from '../../collector/store/index.js';
import { Random } from '../../demo-site/simulator/random.js';
import { freshDatabases, visitEvent, withStore } from './scratch.js';
import type { AccountRef, StoredEvent } from '../../collector/schema/domain.js';

/**
 * One company, one account: a company met by its network's name (no domain) and by a form's
 * business e-mail domain is one account whichever came first; accounts made apart before that
 * (older data) are merged with their history, and the store then reads exactly as if the events
 * had credited the one account on arrival.
 */

const { targets } = freshDatabases('account_merge');
const DAY_MS = 86_400_000;
const D0 = Date.UTC(2026, 10, 2);

const network = (name: string): AccountRef => ({ id: null, name, domain: null, nameKey: normaliseName(name), via: 'network' });
/** A form's e-mail domain, with the company field when it was filled in (else the account is named after the domain). */
const email = (domain: string, company?: string): AccountRef => ({ id: null, name: company ?? domain, domain, nameKey: normaliseName(company ?? domain), via: 'email' });

let n = 0;
const event = (account: AccountRef | null, over: Partial<StoredEvent> = {}): StoredEvent => {
  n++;
  return visitEvent({ siteId: 's1', id: `e${n}`, type: 'page_view', ts: D0 + n * 1000, receivedAt: D0 + n * 1000, visitor: `v${n}`, session: `s${n}`, dayZero: D0, account: account && { ...account }, ...over });
};

async function setUp(store: Store): Promise<void> {
  for (const site of ['s1', 's2']) await store.createSite({ id: site, key: `key-${site}`, name: site, origins: [] });
}

const accounts = async (store: Store) => (await store.listAccounts({ limit: 100 })).map((a) => ({ id: a.id, name: a.name, domain: a.domain, target: a.target }));

/**
 * An account as the code before this change made it for a form without a company field: named
 * after its domain, the domain's words as its name key (so no network's name matched it). Made as
 * a target and taken off the list again, the only way left to make one.
 */
async function oldDomainAccount(store: Store, domain: string): Promise<string> {
  const [made] = await store.importTargets([{ domain, name: domain, nameKey: normaliseName(domain), tier: null, owner: null, aliases: [] }]);
  await store.removeTarget(made!.id);
  return made!.id;
}

describe.each(targets)('one company, one account (%s)', (_kind, target) => {
  it('network first, then a form: the account keeps its id and adopts the domain', async () => {
    await withStore(target, async (store) => {
      await setUp(store);
      await store.insertEvents([event(network('Acme Widgets'))]);
      const [first] = await accounts(store);
      expect(first).toMatchObject({ name: 'Acme Widgets', domain: null });
      // The form's company field names it…
      await store.insertEvents([event(email('acmewidgets.example', 'Acme Widgets Inc.'))]);
      // …or only the domain's label does ('initech' of initech.example).
      await store.insertEvents([event(network('Initech')), event(email('initech.example'))]);
      const after = await accounts(store);
      expect(after.map((a) => [a.name, a.domain]).sort()).toEqual([['Acme Widgets', 'acmewidgets.example'], ['Initech', 'initech.example']]);
      expect(after.find((a) => a.name === 'Acme Widgets')!.id).toBe(first!.id);
      // The network's events and the form's credit it; later ones by either road too.
      await store.insertEvents([event(network('Acme Widgets')), event(email('acmewidgets.example'))]);
      const days = await store.accountDays({ from: '2026-11-01', to: '2026-11-30', accountId: first!.id });
      expect(days.reduce((s, d) => s + d.events, 0)).toBe(4);
      expect(await accounts(store)).toHaveLength(2);
    });
  });

  it('a form first, then the network: the network credits the form\'s account', async () => {
    await withStore(target, async (store) => {
      await setUp(store);
      await store.insertEvents([event(email('hooli.example', 'Hooli')), event(email('initrode.example'))]);
      await store.insertEvents([event(network('Hooli Inc')), event(network('Initrode'))]);
      expect((await accounts(store)).map((a) => [a.name, a.domain]).sort()).toEqual([['Hooli', 'hooli.example'], ['initrode.example', 'initrode.example']]);
    });
  });

  it('never by a short label, two domains of one label, or a target\'s name', async () => {
    await withStore(target, async (store) => {
      await setUp(store);
      // 'abc' is too short to tell a company by, either way round.
      await store.insertEvents([event(network('Abc')), event(email('abc.example'))]);
      await store.insertEvents([event(email('xyz.example')), event(network('Xyz'))]);
      // Two domains read as 'umbra': no telling which the network is.
      await store.insertEvents([event(email('umbra.example')), event(email('umbra.test')), event(network('Umbra'))]);
      // A target without a domain: its id is the one a network of its name would derive; the
      // network still gets an account of its own (targets are matched by enrichment, never here).
      const [globex] = await store.importTargets([{ domain: null, name: 'Globex', nameKey: 'globex', tier: null, owner: null, aliases: [] }]);
      await store.insertEvents([event(network('Globex'))]);
      const all = await accounts(store);
      expect(all.map((a) => [a.name, a.domain, a.target]).sort()).toEqual([
        ['Abc', null, false], ['Globex', null, false], ['Globex', null, true], ['Umbra', null, false], ['Xyz', null, false],
        ['abc.example', 'abc.example', false], ['umbra.example', 'umbra.example', false], ['umbra.test', 'umbra.test', false], ['xyz.example', 'xyz.example', false],
      ]);
      expect(await store.accountDays({ from: '2026-11-01', to: '2026-11-30', accountId: globex!.id })).toEqual([]);
      // And the pass over older data agrees: nothing here is one company.
      expect(await store.mergeDuplicateAccounts()).toEqual([]);
      expect(await accounts(store)).toHaveLength(all.length);
    });
  });

  it('merges accounts made apart before, with their history, as if the events had credited one account on arrival', async () => {
    for (const seed of [1, 2]) {
      const batches = generate(seed);
      const reference = await snapshotOf(target(), async (store) => {
        // The e-mail's account was there first, so the network's name credits it on arrival.
        await oldDomainAccount(store, 'acme.example');
        for (const batch of batches) await store.insertEvents(batch);
      });
      // Merged by the store, and again a page of one account-day and three rows per transaction.
      for (const paged of [false, true]) {
        const later = await snapshotOf(target(), async (store, t) => {
          // The network made an account of its own first; the e-mail's was made apart (as before this change).
          await store.insertEvents(batches[0]!);
          const acme = await oldDomainAccount(store, 'acme.example');
          await store.insertEvents(batches[1]!);
          expect((await accounts(store)).map((a) => a.name).sort()).toEqual(['Acme', 'Globex', 'Hooli', 'acme.example']);
          expect(await snapshot(store)).not.toEqual(reference);
          const merged = paged ? await withRaw(t, (db, writer) => mergeDuplicateAccounts(db, writer, { keysPerPage: 1, rowsPerPage: 3 })) : await store.mergeDuplicateAccounts();
          expect(merged).toEqual([expect.objectContaining({ from: expect.objectContaining({ name: 'Acme' }), into: { id: acme, name: 'acme.example' } })]);
          expect(merged[0]!.events).toBeGreaterThan(20);
          expect(merged[0]!.days).toBeGreaterThan(5);
          // Nothing is left to merge; the account goes by the name it had too.
          expect(await store.mergeDuplicateAccounts()).toEqual([]);
          expect((await store.listAccounts({ limit: 10, ids: [acme] }))[0]!.aliases).toEqual(['Acme']);
        });
        expect(later).toEqual(reference);
      }
    }
  });

  it('a process that remembers a merged account credits the account it went into', async () => {
    const t = target();
    await withStore(() => t, async (collector) =>
      withStore(() => t, async (backfill) => {
        await setUp(collector);
        await collector.insertEvents([event(network('Acme'))]);
        const into = await oldDomainAccount(backfill, 'acme.example');
        // The collector's memory still has the network's name → the old account.
        expect(await backfill.mergeDuplicateAccounts()).toHaveLength(1);
        await collector.insertEvents([event(network('Acme'), { ts: D0 + 5 * DAY_MS })]);
        expect((await accounts(collector)).map((a) => a.id)).toEqual([into]);
        const days = await collector.accountDays({ from: '2026-11-01', to: '2026-11-30' });
        expect(days.map((d) => [d.accountId, d.day, d.events])).toEqual([
          [into, '2026-11-02', 1],
          [into, '2026-11-07', 1],
        ]);
      }),
    );
  });
});

describe('mergeAccounts', () => {
  it('never merges a target away, nor an account into itself', async () => {
    const sqlite = new SQLite(':memory:');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    try {
      await migrateToLatest(db);
      const writer = sqliteWriter(sqlite, db);
      const row = (id: string, target: number) => ({ id, name: id, domain: null, name_key: id, aliases: '[]', target, stage: 'unaware', created_at: 1 });
      await db.insertInto('accounts').values([row('a', 1), row('b', 0)]).execute();
      await db.insertInto('sites').values({ id: 's', key: 'k', name: 's', origins: '[]', server_side: 0, created_at: 1 }).execute();
      await db.insertInto('visitors').values({ site_id: 's', id: 'v', first_seen: 1, last_seen: 1, events: 1, email_domain: null, email_hash: null, job_title: null, company: null, bot: 0, account_id: 'b', role_level: null }).execute();
      await db.insertInto('stage_changes').values({ account_id: 'b', from_stage: 'unaware', to_stage: 'aware', at: 5, source: 'auto', reason: null }).execute();
      await db.insertInto('alert_throttle').values([{ account_id: 'a', rule: 'form', last_at: 3 }, { account_id: 'b', rule: 'form', last_at: 9 }, { account_id: 'b', rule: 'surge', last_at: 2 }]).execute();
      await db.updateTable('accounts').set({ stage: 'aware', stage_changed_at: 5, first_seen: 4, last_seen: 8 }).where('id', '=', 'b').execute();
      const decision = (account_id: string, asn: number, decision: string) => ({ account_id, asn, organization: `AS${asn}`, decision, decided_by: null, decided_at: 1 });
      await db.insertInto('network_decisions').values([decision('a', 1, 'confirm'), decision('b', 1, 'reject'), decision('b', 2, 'reject')]).execute();
      await db.insertInto('reverse_dns').values({ network: '192.0.2.0/24', ptr: 'gw.b.example', domain: 'b.example', account_id: 'b', checked_at: 1 }).execute();
      await expect(mergeAccounts(db, writer, { from: 'a', into: 'b' })).rejects.toThrow(/target account is never merged away/);
      await expect(mergeAccounts(db, writer, { from: 'b', into: 'b' })).rejects.toThrow(/itself/);
      // Into a target is allowed: the caller decided they are one.
      await mergeAccounts(db, writer, { from: 'b', into: 'a' });
      expect(await db.selectFrom('accounts').select(['id', 'aliases', 'stage', 'stage_changed_at', 'first_seen', 'last_seen']).execute()).toEqual([
        { id: 'a', aliases: '["b"]', stage: 'aware', stage_changed_at: 5, first_seen: 4, last_seen: 8 },
      ]);
      expect(await db.selectFrom('visitors').select('account_id').execute()).toEqual([{ account_id: 'a' }]);
      expect(await db.selectFrom('stage_changes').select('account_id').execute()).toEqual([{ account_id: 'a' }]);
      expect(await db.selectFrom('network_decisions').select(['account_id', 'asn', 'decision']).orderBy('asn').execute()).toEqual([
        { account_id: 'a', asn: 1, decision: 'confirm' },
        { account_id: 'a', asn: 2, decision: 'reject' },
      ]);
      expect(await db.selectFrom('reverse_dns').select('account_id').execute()).toEqual([{ account_id: 'a' }]);
      expect(await db.selectFrom('alert_throttle').selectAll().orderBy('rule').execute()).toEqual([{ account_id: 'a', rule: 'form', last_at: 9 }, { account_id: 'a', rule: 'surge', last_at: 2 }]);
    } finally {
      await db.destroy();
    }
  });
});

/**
 * Two batches over ten days on two sites: the network 'Acme' (198.51.100.0/24), a form's e-mail
 * at acme.example for a few of its visitors (stitching then takes their other events along), a
 * look-alike network that is another company (Hooli), a target on its own network, and nobody.
 * Visitors and sessions are shared across networks, so both accounts see some of the same ones on
 * the same days.
 */
function generate(seed: number): StoredEvent[][] {
  const rng = new Random(seed);
  // The target is credited by enrichment (its id set), never by the store.
  const globex: AccountRef = { id: accountId({ domain: 'globex.example', nameKey: 'globex' }), name: 'Globex', domain: 'globex.example', nameKey: 'globex', via: 'network' };
  const all = Array.from({ length: 500 }, (_, i): StoredEvent => {
    const visitor = `v${rng.int(0, 40)}`;
    const type = rng.pick(['page_view', 'page_view', 'download', 'form', 'engagement'] as const);
    const ts = D0 + rng.int(0, 10 * DAY_MS);
    const net = rng.pick(['acme', 'acme', 'hooli', 'globex', 'none'] as const);
    const mail = type === 'form' && ['v1', 'v2', 'v3'].includes(visitor);
    const account = mail ? email('acme.example') : net === 'acme' ? network('Acme') : net === 'hooli' ? network('Hooli') : net === 'globex' ? globex : null;
    return visitEvent({
      siteId: rng.pick(['s1', 's2']),
      id: `g${i}`,
      type,
      ts,
      visitor,
      dayZero: D0,
      props: type === 'engagement' ? { visible_ms: rng.int(1000, 60_000) } : mail ? { email_domain: 'acme.example' } : null,
      bot: rng.chance(0.05),
      roleLevel: rng.pick([null, 'vp', 'manager']),
      points: rng.int(0, 5),
      account,
      touch: type === 'page_view' ? { channel: rng.pick(['Direct', 'Email', 'Organic Search']), source: 'x', medium: 'y' } : null,
    });
  });
  // The first batch has no e-mail: arrival would have joined the network's account and the domain.
  const first = all.slice(0, 300).filter((e) => e.account?.via !== 'email');
  return [first, all.filter((e) => !first.includes(e))];
}

/** Opens a store on a fresh database with the sites and the target, runs `work`, and reads it all. */
async function snapshotOf(t: DatabaseTarget, work: (store: Store, t: DatabaseTarget) => Promise<void>): Promise<unknown[]> {
  let out: unknown[] = [];
  await withStore(() => t, async (store) => {
    await setUp(store);
    await store.importTargets([{ domain: 'globex.example', name: 'Globex', nameKey: 'globex', tier: null, owner: null, aliases: [] }]);
    await store.useHalfLife(DEFAULT_SCORE_READING.halfLifeDays);
    await work(store, t);
    out = await snapshot(store);
  });
  return out;
}

/** The store's database without the store: for the store functions' own options. */
async function withRaw<T>(t: DatabaseTarget, work: (db: Kysely<Database>, writer: Writer) => Promise<T>): Promise<T> {
  if (t.kind === 'sqlite') {
    const sqlite = new SQLite(t.path);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    try {
      return await work(db, sqliteWriter(sqlite, db));
    } finally {
      await db.destroy();
    }
  }
  const pool = new pg.Pool({ connectionString: t.url, options: `-c search_path=${t.schema}` });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    return await work(db, postgresWriter(db));
  } finally {
    await db.destroy();
  }
}

async function snapshot(store: Store) {
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const out: unknown[] = [];
  for (const [from, to] of [[D0, D0 + 10 * DAY_MS], [D0 + 2 * DAY_MS, D0 + 5 * DAY_MS]] as const) {
    const { rows } = await store.accountMetrics({ fromDay: day(from), toDay: day(to), sort: 'name', descending: false, limit: 100, offset: 0, ...DEFAULT_SCORE_READING, all: true });
    out.push(rows.map((r) => ({ ...r, score: Math.round(r.score * 1000) })));
    out.push(await store.channelBreakdown({ from, to: to + DAY_MS }));
    const ids = rows.map((r) => r.id);
    out.push([...(await store.accountVisitors({ fromDay: day(from), toDay: day(to), ids })).entries()].sort());
  }
  out.push((await store.accountDays({ from: '2026-11-01', to: '2026-11-30' })).map((d) => ({ ...d })));
  out.push((await store.listSessions({ limit: 10_000 })).map((s) => [s.siteId, s.id, s.accountId]).sort());
  out.push((await store.newestEvents({ limit: 10_000 })).map((e) => [e.siteId, e.id, e.account?.id ?? null]).sort());
  out.push((await store.listAccounts({ limit: 100 })).map((a) => [a.id, a.name, a.domain, a.firstSeen, a.lastSeen]).sort());
  return out;
}
