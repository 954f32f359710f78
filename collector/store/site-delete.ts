import type { Kysely } from 'kysely';
import type { Database } from './types.js';
import type { Writer, WriteTx } from './write-tx.js';
import { syncChannelRollups } from './channel-rollups.js';
import { syncAccountTotals } from './account-totals.js';
import { toSite } from './sites.js';
import type { Site } from '../schema/domain.js';

/** What a site's deletion removed. */
export interface SiteDeletionReport {
  site: Site;
  events: number;
  sessions: number;
  visitors: number;
  /** Per-account-per-day rollup rows of the site (account_days), and the visitors and sessions they counted (account_day_keys). */
  accountDays: number;
  accountDayKeys: number;
  /** Accounts whose running totals, first and last seen were worked out again from what remains. */
  accounts: number;
  /** Transactions it took (each a page: bounded, whatever the site's size). */
  pages: number;
}

export interface SiteDeletionOptions {
  now?: number;
  /**
   * Events per transaction (2000); sessions a twentieth of it (each is also counted out of the
   * channel rollups), and account-days as many as count about this many visitors and sessions.
   */
  pageSize?: number;
  /** Called after each page, with what was removed so far. */
  onProgress?: (report: SiteDeletionReport) => void | Promise<void>;
}

const PAGE = 2000;
const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const tuples = (n: number, width: number) => Array.from({ length: n }, () => `(${list(width)})`).join(', ');

/**
 * Deletes a site with its events and everything derived from them. First the site is marked: from
 * that commit on it takes no events in any process (the write transaction drops them) and no key
 * finds it. Then its data goes a page at a time, each page a short transaction of its own, so
 * the write lock is never held for long and an interrupted deletion is finished by running it
 * again. Rollups stay consistent page by page: sessions leave the channel rollups as if they had
 * become bots, account-days leave the running totals and the accounts' visitors as stitching's
 * removals do, and each account touched gets its first and last seen from what remains. Accounts
 * themselves stay (they are cross-site). Last, the site's own row goes. Undefined when there is
 * no such site.
 */
export async function deleteSite(db: Kysely<Database>, writer: Writer, id: string, o: SiteDeletionOptions = {}): Promise<SiteDeletionReport | undefined> {
  await db.updateTable('sites').set({ deleted_at: o.now ?? Date.now() }).where('id', '=', id).where('deleted_at', 'is', null).execute();
  const row = await db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const report: SiteDeletionReport = { site: toSite(row), events: 0, sessions: 0, visitors: 0, accountDays: 0, accountDayKeys: 0, accounts: 0, pages: 0 };
  const size = Math.max(4, o.pageSize ?? PAGE);
  const touched = new Set<string>();
  /** Pages of `work` (each its own transaction, adding to the report) until one finds fewer than `limit` rows. */
  const drain = async (limit: number, work: (tx: WriteTx) => Promise<number>) => {
    for (;;) {
      const n = await writer(work);
      if (n > 0) {
        report.pages += 1;
        report.accounts = touched.size;
        await o.onProgress?.(report);
      }
      if (n < limit) return;
    }
  };
  const sessionsPage = Math.ceil(size / 20);
  // A sender whose event was on its way when the site was marked can still commit it (PostgreSQL);
  // the row's removal then finds it and goes round once more.
  for (let round = 0; ; round++) {
    await drain(size, async (tx) => {
      const n = await deleteEvents(tx, id, size);
      report.events += n;
      return n;
    });
    await drain(sessionsPage, async (tx) => {
      const n = await deleteSessions(tx, id, sessionsPage);
      report.sessions += n;
      return n;
    });
    let after: { day: string; account: string } | null = null;
    await drain(1, async (tx) => {
      const page = await deleteAccountDays(tx, id, size, after);
      after = page.last ?? after;
      report.accountDays += page.rows;
      report.accountDayKeys += page.keys;
      for (const a of page.accounts) touched.add(a);
      return page.rows;
    });
    await drain(size, async (tx) => {
      const n = await deleteVisitors(tx, id, size);
      report.visitors += n;
      return n;
    });
    if (await removeSiteRow(writer, id)) break;
    if (round >= 5) throw new Error(`site ${id} still receives events while it is being deleted; run the deletion again`);
  }
  report.accounts = touched.size;
  return report;
}

/** A page of the site's raw events. */
async function deleteEvents(tx: WriteTx, siteId: string, size: number): Promise<number> {
  return tx.run('DELETE FROM events WHERE site_id = ? AND id IN (SELECT id FROM events WHERE site_id = ? ORDER BY id LIMIT ?)', [siteId, siteId, size]);
}

/** A page of the site's sessions: first counted out of the channel rollups (as a bot's session counts nothing), then removed. */
async function deleteSessions(tx: WriteTx, siteId: string, size: number): Promise<number> {
  const ids = (await tx.all<{ id: string }>('SELECT id FROM sessions WHERE site_id = ? ORDER BY id LIMIT ?', [siteId, size])).map((r) => r.id);
  if (!ids.length) return 0;
  await tx.run(`UPDATE sessions SET bot = 1 WHERE site_id = ? AND id IN (${list(ids.length)})`, [siteId, ...ids]);
  await syncChannelRollups(tx, ids.map((s) => ({ siteId, id: s })));
  return tx.run(`DELETE FROM sessions WHERE site_id = ? AND id IN (${list(ids.length)})`, [siteId, ...ids]);
}

/**
 * A page of the site's account-days, walked in (day, account) order from `after` (the rollups'
 * own index, so each row is visited once however many other sites there are), as many as count
 * about `budget` visitors and sessions (their keys; at least one account-day): their keys and rows
 * go, the visitors they counted get their first day with the account from what remains, the
 * running totals of those account-days are worked out again, and so are the accounts' first and
 * last seen.
 */
async function deleteAccountDays(
  tx: WriteTx,
  siteId: string,
  budget: number,
  after: { day: string; account: string } | null,
): Promise<{ rows: number; keys: number; accounts: string[]; last: { day: string; account: string } | null }> {
  const candidates = await tx.all<{ account_id: string; day: string; n: number }>(
    `SELECT account_id, day, visitors + sessions AS n FROM account_days WHERE site_id = ? ${after ? 'AND (day > ? OR (day = ? AND account_id > ?))' : ''} ORDER BY day, account_id LIMIT ?`,
    after ? [siteId, after.day, after.day, after.account, Math.ceil(budget / 4)] : [siteId, Math.ceil(budget / 4)],
  );
  let keysSoFar = 0;
  const rows = candidates.filter((r) => (keysSoFar += Number(r.n)) - Number(r.n) < budget);
  if (!rows.length) return { rows: 0, keys: 0, accounts: [], last: null };
  const where = `(account_id, site_id, day) IN (VALUES ${tuples(rows.length, 3)})`;
  const params = rows.flatMap((r) => [r.account_id, siteId, r.day]);
  const visitorKeys = await tx.all<{ account_id: string; member: string }>(`SELECT account_id, member FROM account_day_keys WHERE ${where} AND member LIKE 'v:%'`, params);
  const keys = await tx.run(`DELETE FROM account_day_keys WHERE ${where}`, params);
  await tx.run(`DELETE FROM account_days WHERE ${where}`, params);
  const moved = await refreshFirstDays(tx, visitorKeys);
  await syncAccountTotals(tx, [...rows, ...moved]);
  const accounts = [...new Set(rows.map((r) => r.account_id))].sort();
  await tx.run(
    'UPDATE accounts SET first_seen = (SELECT MIN(d.first_ts) FROM account_days d WHERE d.account_id = accounts.id), ' +
      `last_seen = (SELECT MAX(d.last_ts) FROM account_days d WHERE d.account_id = accounts.id) WHERE id IN (${list(accounts.length)})`,
    accounts,
  );
  const last = rows[rows.length - 1]!;
  return { rows: rows.length, keys, accounts, last: { day: last.day, account: last.account_id } };
}

/**
 * After `v:` keys were deleted: each of those visitors' first day with its account is looked up
 * again from the keys left (other sites'), or its row goes; returns the account-days whose new
 * visitors changed. What account-totals' forgetVisitors does key by key, in a few statements a
 * page (one per account to find the days left), which PostgreSQL's round trips need.
 */
async function refreshFirstDays(tx: WriteTx, keys: { account_id: string; member: string }[]): Promise<{ account_id: string; day: string }[]> {
  const byAccount = new Map<string, Set<string>>();
  for (const k of keys) byAccount.set(k.account_id, (byAccount.get(k.account_id) ?? new Set()).add(k.member));
  const pairs = [...byAccount].sort(([a], [b]) => (a < b ? -1 : 1)).flatMap(([a, members]) => [...members].sort().map((member) => ({ account_id: a, member })));
  const was = new Map<string, string>();
  const now = new Map<string, string>();
  const pairKey = (a: string, m: string) => `${a}\u0000${m}`;
  for (let i = 0; i < pairs.length; i += 200) {
    const part = pairs.slice(i, i + 200);
    const rows = await tx.all<{ account_id: string; member: string; first_day: string }>(
      `SELECT account_id, member, first_day FROM account_visitors WHERE (account_id, member) IN (VALUES ${tuples(part.length, 2)})`,
      part.flatMap((p) => [p.account_id, p.member]),
    );
    for (const r of rows) was.set(pairKey(r.account_id, r.member), String(r.first_day));
  }
  for (const [account, members] of byAccount) {
    const names = [...members];
    for (let i = 0; i < names.length; i += 500) {
      const part = names.slice(i, i + 500);
      const rows = await tx.all<{ member: string; day: string }>(`SELECT member, MIN(day) AS day FROM account_day_keys WHERE account_id = ? AND member IN (${list(part.length)}) GROUP BY member`, [account, ...part]);
      for (const r of rows) now.set(pairKey(account, r.member), String(r.day));
    }
  }
  const touched: { account_id: string; day: string }[] = [];
  const moved: { account_id: string; member: string; first_day: string }[] = [];
  const gone: { account_id: string; member: string }[] = [];
  for (const p of pairs) {
    const before = was.get(pairKey(p.account_id, p.member));
    const after = now.get(pairKey(p.account_id, p.member));
    if (before === after) continue;
    if (before) touched.push({ account_id: p.account_id, day: before });
    if (after) {
      touched.push({ account_id: p.account_id, day: after });
      moved.push({ ...p, first_day: after });
    } else gone.push(p);
  }
  await tx.upsert('account_visitors', ['account_id', 'member', 'first_day'], ['account_id', 'member'], 'first_day = excluded.first_day', moved);
  for (let i = 0; i < gone.length; i += 200) {
    const part = gone.slice(i, i + 200);
    await tx.run(`DELETE FROM account_visitors WHERE (account_id, member) IN (VALUES ${tuples(part.length, 2)})`, part.flatMap((p) => [p.account_id, p.member]));
  }
  return touched;
}

/** A page of the site's visitors (their place in account_visitors went with the account-days). */
async function deleteVisitors(tx: WriteTx, siteId: string, size: number): Promise<number> {
  return tx.run('DELETE FROM visitors WHERE site_id = ? AND id IN (SELECT id FROM visitors WHERE site_id = ? ORDER BY id LIMIT ?)', [siteId, siteId, size]);
}

/**
 * The site's channel rollup rows (what is left of them: zero counts and member locks) and its own
 * row, once nothing refers to it. False when an event, session or visitor arrived meanwhile.
 */
async function removeSiteRow(writer: Writer, siteId: string): Promise<boolean> {
  try {
    return await writer(async (tx) => {
      for (const table of ['events', 'sessions', 'visitors']) {
        if (await tx.first(`SELECT 1 AS one FROM ${table} WHERE site_id = ? LIMIT 1`, [siteId])) return false;
      }
      await tx.run('DELETE FROM channel_members WHERE scope = ?', [siteId]);
      await tx.run('DELETE FROM channel_counts WHERE scope = ?', [siteId]);
      await tx.run('DELETE FROM channel_days WHERE site_id = ?', [siteId]);
      await tx.run('DELETE FROM sites WHERE id = ?', [siteId]);
      return true;
    });
  } catch (err) {
    // PostgreSQL: a row committed after the check above still refers to the site (23503).
    if ((err as { code?: string }).code === '23503') return false;
    throw err;
  }
}
