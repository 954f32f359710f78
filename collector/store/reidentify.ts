import type { Kysely } from 'kysely';
import type { Database } from './types.js';
import type { Writer, WriteTx } from './write-tx.js';
import { resolveAccountIds } from './accounts.js';
import { addToRollups } from './rollups.js';
import { syncChannelRollups } from './channel-rollups.js';
import { toStoredEvent } from './rows.js';
import { rebuildAccountTotals, totalsHalfLife } from './account-totals.js';
import { DEFAULT_SCORE_READING } from '../accounts/scoring.js';
import type { AccountRef, NetworkInfo, StoredEvent } from '../schema/domain.js';

/** What identification says of a stored event now. */
export type Reidentify = (event: StoredEvent) => { network: NetworkInfo | null; account: AccountRef | null; bot: boolean };

export interface ReidentifyReport {
  events: number;
  changed: number;
  accounts: number;
  rollupDays: number;
}

const PAGE = 2000;

/**
 * Backfill: runs identification again over every stored event (after new databases, ranges or
 * target lists), rewrites what changed, re-ties visitors to their business e-mail's account,
 * and rebuilds the rollups of the days raw events still cover. Page by page, each page in a
 * transaction of its own: an interrupted run leaves consistent pages behind and can be re-run.
 */
export async function reidentifyEvents(
  db: Kysely<Database>,
  writer: Writer,
  identify: Reidentify,
  onProgress: (done: number, total: number, phase: 'events' | 'rollups') => void,
): Promise<ReidentifyReport> {
  const total = Number((await db.selectFrom('events').select((s) => s.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const known = new Map<string, string>();
  // Pass 1: who gave a business e-mail, newest first wins; their other events follow that account.
  const byVisitor = new Map<string, { accountKey: AccountRef; ts: number }>();
  await pages(db, (rows) => {
    for (const e of rows) {
      const next = identify(e);
      if (e.visitor && next.account?.via === 'email') {
        const k = `${e.siteId}\u0000${e.visitor}`;
        if (!byVisitor.has(k) || e.ts >= byVisitor.get(k)!.ts) byVisitor.set(k, { accountKey: next.account, ts: e.ts });
      }
    }
    return Promise.resolve();
  });
  let done = 0;
  let changed = 0;
  await pages(db, (rows) =>
    writer(async (tx) => {
      const fresh = rows.map((e) => {
        const next = identify(e);
        const tied = e.visitor && next.account?.via !== 'email' ? byVisitor.get(`${e.siteId}\u0000${e.visitor}`) : undefined;
        const account = tied ? { ...tied.accountKey, via: 'visitor' as const } : next.account;
        return { ...e, network: next.network, account, bot: next.bot };
      });
      const { events: resolved, learned } = await resolveAccountIds(tx, fresh, known, Date.now());
      for (const [k, v] of learned) known.set(k, v);
      for (let i = 0; i < rows.length; i++) {
        const before = rows[i]!;
        const after = resolved[i]!;
        if (sameIdentity(before, after)) continue;
        changed++;
        await rewriteIdentity(tx, after);
      }
      // Sessions credit the account of their newest event here (a session's events rarely disagree),
      // and take the network class of their first event when this page holds it (sessions.ts).
      const sessions = new Map<string, { siteId: string; id: string; account: string | null; ts: number; firstTs: number; firstClass: string | null }>();
      for (const e of resolved) {
        if (!e.session) continue;
        const k = `${e.siteId}\u0000${e.session}`;
        const known = sessions.get(k);
        const first = !known || e.ts < known.firstTs ? { firstTs: e.ts, firstClass: e.network?.class ?? null } : { firstTs: known.firstTs, firstClass: known.firstClass };
        if (!known || e.ts >= known.ts) sessions.set(k, { siteId: e.siteId, id: e.session, account: e.account?.id ?? null, ts: e.ts, ...first });
        else sessions.set(k, { ...known, ...first });
      }
      for (const s of [...sessions.values()].sort((a, b) => (a.siteId + a.id < b.siteId + b.id ? -1 : 1))) {
        await tx.run('UPDATE sessions SET account_id = ?, network_class = CASE WHEN started_at = ? THEN ? ELSE network_class END WHERE site_id = ? AND id = ?', [
          s.account,
          s.firstTs,
          s.firstClass,
          s.siteId,
          s.id,
        ]);
      }
      await syncChannelRollups(tx, [...sessions.values()]);
      // Visitors tied by e-mail remember the account (resolved ids are now known).
      for (const e of resolved) {
        if (e.visitor && e.account?.via === 'email' && e.account.id) {
          await tx.run('UPDATE visitors SET account_id = ? WHERE site_id = ? AND id = ?', [e.account.id, e.siteId, e.visitor]);
        }
      }
      done += rows.length;
      onProgress(done, total, 'events');
    }),
  );
  // Rollups: the days raw events still cover are counted again from them; older days are kept.
  const first = await db.selectFrom('events').select((s) => s.fn.min('ts').as('ts')).executeTakeFirst();
  let rollupDays = 0;
  if (first?.ts != null) {
    const fromDay = new Date(Number(first.ts)).toISOString().slice(0, 10);
    await writer(async (tx) => {
      await tx.run('DELETE FROM account_day_keys WHERE day >= ?', [fromDay]);
      await tx.run('DELETE FROM account_days WHERE day >= ?', [fromDay]);
    });
    done = 0;
    await pages(db, (rows) =>
      writer(async (tx) => {
        await addToRollups(tx, rows);
        done += rows.length;
        onProgress(done, total, 'rollups');
      }),
    );
    rollupDays = Number(
      (await db.selectFrom('account_days').select((s) => s.fn.countAll<number>().as('n')).where('day', '>=', fromDay).executeTakeFirstOrThrow()).n,
    );
  }
  // The running totals follow the rebuilt rollups (with the half-life they were made with).
  await rebuildAccountTotals(db, (await totalsHalfLife(db)) ?? DEFAULT_SCORE_READING.halfLifeDays);
  const accounts = Number((await db.selectFrom('accounts').select((s) => s.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { events: total, changed, accounts, rollupDays };
}

/** Stores what identification says of an event now: its network, account and bot flag. */
export async function rewriteIdentity(tx: WriteTx, e: StoredEvent): Promise<void> {
  await tx.run(
    'UPDATE events SET network_class = ?, organization = ?, network_domain = ?, network_source = ?, network_confidence = ?, account_id = ?, account_via = ?, bot = ? WHERE site_id = ? AND id = ?',
    [
      e.network?.class ?? null,
      e.network?.organization ?? null,
      e.network?.domain ?? null,
      e.network?.source ?? null,
      e.network?.confidence ?? null,
      e.account?.id ?? null,
      e.account?.id ? e.account.via : null,
      e.bot ? 1 : 0,
      e.siteId,
      e.id,
    ],
  );
}

export const sameIdentity = (a: StoredEvent, b: StoredEvent) =>
  a.bot === b.bot &&
  (a.account?.id ?? null) === (b.account?.id ?? null) &&
  (a.account?.id ? a.account.via : null) === (b.account?.id ? b.account.via : null) &&
  JSON.stringify(a.network ?? null) === JSON.stringify(b.network ?? null);

/** Events with their account's name, domain and key, as toStoredEvent reads them. */
export const eventsWithAccounts = (db: Kysely<Database>) =>
  db
    .selectFrom('events')
    .leftJoin('accounts', 'accounts.id', 'events.account_id')
    .selectAll('events')
    .select(['accounts.name as account_name', 'accounts.domain as account_domain', 'accounts.name_key as account_name_key']);

/** Every event, in (site, id) order, a page at a time. */
async function pages(db: Kysely<Database>, work: (rows: StoredEvent[]) => Promise<void>): Promise<void> {
  let after: { site: string; id: string } | undefined;
  for (;;) {
    let q = eventsWithAccounts(db);
    if (after) {
      const { site, id } = after;
      q = q.where((w) => w.or([w('events.site_id', '>', site), w.and([w('events.site_id', '=', site), w('events.id', '>', id)])]));
    }
    const rows = (await q.orderBy('events.site_id').orderBy('events.id').limit(PAGE).execute()).map(toStoredEvent);
    if (!rows.length) return;
    await work(rows);
    const last = rows[rows.length - 1]!;
    after = { site: last.siteId, id: last.id };
  }
}
