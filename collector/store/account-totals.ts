import { sql, type Kysely } from 'kysely';
import type { Database } from './types.js';
import type { WriteTx } from './write-tx.js';

/**
 * Running totals per account, so that reading any range of days costs a few lookups per account
 * instead of summing every account-day in it (account-list.ts reads them).
 *
 * `account_totals` has one row per account and UTC day with activity (all sites together): the
 * day's own sessions, page views, new visitors and points per seniority level, and the running
 * sums up to and including that day: sessions, page views, new visitors, active days, and per
 * level the points decayed to that day (D(d) = D(previous day) · ½^(gap / half-life) + the day's
 * points). A range [A, B] is then the row at or before B minus the row before A; the decayed
 * points of each side are carried on to B by ½^((B − day) / half-life), and their difference is
 * exactly the sum of the range's points each decayed from its day to B. The newest row is also
 * kept on the account itself (`totals_*`), so a range ending today needs no lookup for its end.
 *
 * Distinct visitors do not subtract: a visitor seen before A and again in the range is one of
 * the range's visitors. `account_visitors` keeps each visitor's first day with the account, so
 * "new visitors" add up, and for an account first seen within the range they are its visitors.
 *
 * The decayed sums depend on the half-life they were made with, kept in the setting named
 * TOTALS_SETTING; reads with another half-life take the slower path over account_days.
 */
export const TOTALS_SETTING = 'account_totals';

export const LEVELS = ['c_level', 'vp', 'director', 'manager', 'other'] as const;

const DAY = 86_400_000;
/** Days since 1970-01-01 of a UTC day `2026-11-24`. */
export const dayIndex = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY);

/** A day's values, all sites together. */
interface DayValues {
  sessions: number;
  page_views: number;
  new_visitors: number;
  points: number[];
}

/** One account-day as kept: the day's values and the running sums up to it. */
interface TotalsRow extends DayValues {
  account_id: string;
  day: string;
  day_idx: number;
  cum_sessions: number;
  cum_page_views: number;
  cum_new_visitors: number;
  cum_days: number;
  decayed: number[];
}

const POINTS = LEVELS.map((l) => `points_${l}`);
const DECAYED = LEVELS.map((l) => `decayed_${l}`);
const ROW_COLUMNS = [
  'account_id', 'day', 'day_idx', 'sessions', 'page_views', 'new_visitors', ...POINTS, 'cum_sessions', 'cum_page_views', 'cum_new_visitors', 'cum_days', ...DECAYED,
];
const ROW_MERGE = ROW_COLUMNS.slice(2).map((c) => `${c} = excluded.${c}`).join(', ');
const LATEST_COLUMNS = [
  'totals_first_day', 'totals_day', 'totals_day_idx', 'totals_sessions', 'totals_page_views', 'totals_new_visitors', 'totals_days',
  ...LEVELS.map((l) => `totals_decayed_${l}`),
];
/** Many accounts' mirrors in one statement: `… FROM (VALUES (id, first day, day, …), …) AS v WHERE accounts.id = v.column1` (typed for PostgreSQL, whose VALUES parameters are text). */
const LATEST_TYPES = ['TEXT', 'TEXT', 'INTEGER', 'BIGINT', 'BIGINT', 'BIGINT', 'INTEGER', ...LEVELS.map(() => 'DOUBLE PRECISION')];
const SET_LATEST_FROM = `UPDATE accounts SET ${LATEST_COLUMNS.map((c, i) => `${c} = CAST(v.column${i + 2} AS ${LATEST_TYPES[i]})`).join(', ')} FROM`;

/** The half-life in the setting's JSON (undefined when there is none). */
const halfLifeOf = (value: string | undefined): number | undefined => {
  const h = value === undefined ? undefined : (JSON.parse(value) as { halfLifeDays?: unknown }).halfLifeDays;
  return typeof h === 'number' && h > 0 ? h : undefined;
};

/** The half-life the stored decayed sums were made with (undefined before the first build). */
export async function totalsHalfLife(db: Kysely<Database>): Promise<number | undefined> {
  return halfLifeOf((await db.selectFrom('settings').select('value').where('name', '=', TOTALS_SETTING).executeTakeFirst())?.value);
}

/** Carries the running sums of `base` on to a later day with that day's values. */
function next(base: TotalsRow | null, accountId: string, day: string, v: DayValues, halfLifeDays: number): TotalsRow {
  const idx = dayIndex(day);
  const carry = base ? Math.pow(0.5, (idx - base.day_idx) / halfLifeDays) : 0;
  return {
    account_id: accountId,
    day,
    day_idx: idx,
    ...v,
    cum_sessions: (base?.cum_sessions ?? 0) + v.sessions,
    cum_page_views: (base?.cum_page_views ?? 0) + v.page_views,
    cum_new_visitors: (base?.cum_new_visitors ?? 0) + v.new_visitors,
    cum_days: (base?.cum_days ?? 0) + 1,
    decayed: v.points.map((p, i) => (base ? base.decayed[i]! * carry : 0) + p),
  };
}

const toRow = (r: TotalsRow) => ({
  account_id: r.account_id, day: r.day, day_idx: r.day_idx, sessions: r.sessions, page_views: r.page_views, new_visitors: r.new_visitors,
  ...Object.fromEntries(POINTS.map((c, i) => [c, r.points[i]])),
  cum_sessions: r.cum_sessions, cum_page_views: r.cum_page_views, cum_new_visitors: r.cum_new_visitors, cum_days: r.cum_days,
  ...Object.fromEntries(DECAYED.map((c, i) => [c, r.decayed[i]])),
});

function fromRow(r: Record<string, unknown>): TotalsRow {
  return {
    account_id: String(r.account_id), day: String(r.day), day_idx: Number(r.day_idx),
    sessions: Number(r.sessions), page_views: Number(r.page_views), new_visitors: Number(r.new_visitors), points: POINTS.map((c) => Number(r[c])),
    cum_sessions: Number(r.cum_sessions), cum_page_views: Number(r.cum_page_views), cum_new_visitors: Number(r.cum_new_visitors), cum_days: Number(r.cum_days),
    decayed: DECAYED.map((c) => Number(r[c])),
  };
}

/** The account's columns that mirror its newest row (all null when it has none). */
const latest = (first: string | null, last: TotalsRow | null): unknown[] => [
  last ? first : null, last?.day ?? null, last?.day_idx ?? null, last?.cum_sessions ?? null, last?.cum_page_views ?? null, last?.cum_new_visitors ?? null,
  last?.cum_days ?? null, ...LEVELS.map((_, i) => last?.decayed[i] ?? null),
];

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/**
 * Visitors seen crediting accounts on days (fresh `v:` keys of account_day_keys): each account's
 * visitor keeps its first day. Returns the account-days whose new visitors changed besides the
 * keys' own days: a late event can make a visitor first seen earlier than the day it had.
 */
export async function noteVisitors(tx: WriteTx, keys: { account_id: string; day: string; member: string }[]): Promise<{ account_id: string; day: string }[]> {
  const earliest = new Map<string, { account_id: string; member: string; first_day: string }>();
  for (const k of keys) {
    if (!k.member.startsWith('v:')) continue;
    const id = `${k.account_id}\u0000${k.member}`;
    const known = earliest.get(id);
    if (!known || k.day < known.first_day) earliest.set(id, { account_id: k.account_id, member: k.member, first_day: k.day });
  }
  if (!earliest.size) return [];
  const rows = [...earliest.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
  const before = new Map<string, string>();
  for (let i = 0; i < rows.length; i += 200) {
    const part = rows.slice(i, i + 200);
    for (const r of await tx.all<{ account_id: string; member: string; first_day: string }>(
      `SELECT account_id, member, first_day FROM account_visitors WHERE (account_id, member) IN (VALUES ${part.map(() => '(?, ?)').join(', ')})`,
      part.flatMap((r) => [r.account_id, r.member]),
    )) {
      before.set(`${r.account_id}\u0000${r.member}`, r.first_day);
    }
  }
  const moved: { account_id: string; day: string }[] = [];
  const changed = rows.filter((r) => {
    const was = before.get(`${r.account_id}\u0000${r.member}`);
    if (was !== undefined && was <= r.first_day) return false;
    if (was !== undefined) moved.push({ account_id: r.account_id, day: was });
    return true;
  });
  if (changed.length) {
    await tx.upsert('account_visitors', ['account_id', 'member', 'first_day'], ['account_id', 'member'],
      'first_day = CASE WHEN excluded.first_day < account_visitors.first_day THEN excluded.first_day ELSE account_visitors.first_day END', changed);
  }
  return moved;
}

/**
 * The other way, after `v:` keys were deleted from account_day_keys: each of those visitors'
 * first day with the account is looked up again (gone when no key is left). Returns the
 * account-days whose new visitors changed.
 */
export async function forgetVisitors(tx: WriteTx, keys: { account_id: string; member: string }[]): Promise<{ account_id: string; day: string }[]> {
  const touched: { account_id: string; day: string }[] = [];
  const seen = new Set<string>();
  for (const k of [...keys].sort((a, b) => (a.account_id + a.member < b.account_id + b.member ? -1 : 1))) {
    const id = `${k.account_id}\u0000${k.member}`;
    if (!k.member.startsWith('v:') || seen.has(id)) continue;
    seen.add(id);
    const was = await tx.first<{ first_day: string }>('SELECT first_day FROM account_visitors WHERE account_id = ? AND member = ?', [k.account_id, k.member]);
    const now = await tx.first<{ day: string | null }>('SELECT MIN(day) AS day FROM account_day_keys WHERE account_id = ? AND member = ?', [k.account_id, k.member]);
    if (was?.first_day === (now?.day ?? undefined)) continue;
    if (was) touched.push({ account_id: k.account_id, day: was.first_day });
    if (now?.day) {
      touched.push({ account_id: k.account_id, day: now.day });
      await tx.upsert('account_visitors', ['account_id', 'member', 'first_day'], ['account_id', 'member'], 'first_day = excluded.first_day', [
        { account_id: k.account_id, member: k.member, first_day: now.day },
      ]);
    } else {
      await tx.run('DELETE FROM account_visitors WHERE account_id = ? AND member = ?', [k.account_id, k.member]);
    }
  }
  return touched;
}

/** Each account's listed days' values, all sites together (days without activity left out), in a statement or two per chunk of pairs. */
async function dayValues(tx: WriteTx, pairs: { account_id: string; day: string }[]): Promise<Map<string, DayValues>> {
  const out = new Map<string, DayValues>();
  for (let i = 0; i < pairs.length; i += 300) {
    const part = pairs.slice(i, i + 300);
    const values = `(VALUES ${part.map(() => '(?, ?)').join(', ')})`;
    const params = part.flatMap((p) => [p.account_id, p.day]);
    const sums = await tx.all<Record<string, unknown>>(
      `SELECT account_id, day, SUM(sessions) AS sessions, SUM(page_views) AS page_views, ${POINTS.map((c) => `SUM(${c}) AS ${c}`).join(', ')}
       FROM account_days WHERE (account_id, day) IN ${values} GROUP BY account_id, day`,
      params,
    );
    for (const s of sums) {
      out.set(pairKey(String(s.account_id), String(s.day)), { sessions: Number(s.sessions), page_views: Number(s.page_views), new_visitors: 0, points: POINTS.map((c) => Number(s[c])) });
    }
    const fresh = await tx.all<{ account_id: string; day: string; n: number }>(
      `SELECT account_id, first_day AS day, COUNT(*) AS n FROM account_visitors WHERE (account_id, first_day) IN ${values} GROUP BY account_id, first_day`,
      params,
    );
    for (const f of fresh) {
      const v = out.get(pairKey(f.account_id, String(f.day)));
      if (v) v.new_visitors = Number(f.n);
    }
  }
  return out;
}

const pairKey = (accountId: string, day: string) => `${accountId}\u0000${day}`;

/**
 * The running sums just before a row's day, as a row at that day to carry on from: its own values
 * taken off. (Carrying it to an earlier day multiplies by 2^(days / half-life), exactly what
 * carrying the row before it forwards to that day gives.) Null when there was no row before.
 */
function stateBefore(r: TotalsRow): TotalsRow | null {
  if (r.cum_days <= 1) return null;
  return {
    ...r, sessions: 0, page_views: 0, new_visitors: 0, points: [],
    cum_sessions: r.cum_sessions - r.sessions, cum_page_views: r.cum_page_views - r.page_views, cum_new_visitors: r.cum_new_visitors - r.new_visitors,
    cum_days: r.cum_days - 1, decayed: r.decayed.map((d, i) => d - r.points[i]!),
  };
}

/** The account's mirror of its newest row, as a row to carry on from. */
function mirrored(a: Record<string, unknown>): TotalsRow | null {
  if (a.totals_day === null || a.totals_day === undefined) return null;
  return {
    account_id: String(a.id), day: String(a.totals_day), day_idx: Number(a.totals_day_idx), sessions: 0, page_views: 0, new_visitors: 0, points: [],
    cum_sessions: Number(a.totals_sessions), cum_page_views: Number(a.totals_page_views), cum_new_visitors: Number(a.totals_new_visitors), cum_days: Number(a.totals_days),
    decayed: LEVELS.map((l) => Number(a[`totals_decayed_${l}`])),
  };
}

/**
 * Brings the running totals of these account-days in line with account_days and
 * account_visitors (after the rollups were written): each account's rows from its earliest
 * touched day on are worked out again from the row before it. Days arrive in order almost always,
 * so that is the newest row, carried on from the account's mirror of the one before; a late event
 * (an offline queue replaying) rewrites the rows after it. A few statements a batch, whatever the
 * number of accounts (PostgreSQL pays a round trip for each).
 */
export async function syncAccountTotals(tx: WriteTx, touched: { account_id: string; day: string }[]): Promise<void> {
  if (!touched.length) return;
  const halfLife = halfLifeOf((await tx.first<{ value: string }>('SELECT value FROM settings WHERE name = ?', [TOTALS_SETTING]))?.value);
  if (!halfLife) return;
  const byAccount = new Map<string, Set<string>>();
  for (const t of touched) {
    let days = byAccount.get(t.account_id);
    if (!days) byAccount.set(t.account_id, (days = new Set()));
    days.add(t.day);
  }
  // In account order: two processes lock the same rows in the same order.
  const ids = [...byAccount.keys()].sort();
  const accounts = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    for (const a of await tx.all<Record<string, unknown>>(`SELECT id, ${LATEST_COLUMNS.join(', ')} FROM accounts WHERE id IN (${placeholders(part.length)})`, part)) {
      accounts.set(String(a.id), a);
    }
  }
  // Late days: the rows from the earliest touched day on are read, and the row before them.
  const late = ids.filter((id) => {
    const newest = accounts.get(id)?.totals_day as string | null | undefined;
    return newest !== null && newest !== undefined && [...byAccount.get(id)!].some((d) => d <= newest);
  });
  const later = new Map<string, TotalsRow[]>();
  for (let i = 0; i < late.length; i += 300) {
    const part = late.slice(i, i + 300);
    const rows = await tx.all<Record<string, unknown>>(
      `SELECT t.* FROM account_totals t JOIN (VALUES ${part.map(() => '(?, ?)').join(', ')}) AS v ON t.account_id = v.column1 AND t.day >= v.column2
       ORDER BY t.account_id, t.day`,
      part.flatMap((id) => [id, [...byAccount.get(id)!].sort()[0]!]),
    );
    for (const r of rows.map(fromRow)) later.set(r.account_id, [...(later.get(r.account_id) ?? []), r]);
  }
  const days = new Map(ids.map((id) => [id, [...new Set([...byAccount.get(id)!, ...(later.get(id) ?? []).map((r) => r.day)])].sort()]));
  const values = await dayValues(tx, ids.flatMap((id) => days.get(id)!.map((day) => ({ account_id: id, day }))));

  const rows: ReturnType<typeof toRow>[] = [];
  const mirrors: unknown[][] = [];
  for (const id of ids) {
    const account = accounts.get(id);
    if (!account) continue;
    let base = later.has(id) ? stateBefore(later.get(id)![0]!) : mirrored(account);
    const first = base ? (account.totals_first_day as string | null) : null;
    const rebuilt: TotalsRow[] = [];
    for (const day of days.get(id)!) {
      const v = values.get(pairKey(id, day));
      if (!v) continue;
      base = next(base, id, day, v, halfLife);
      rebuilt.push(base);
    }
    if (!rebuilt.length && base && later.has(id)) {
      // Every day from the earliest touched on is gone: the mirror becomes the real row before them.
      const row = await tx.first<Record<string, unknown>>('SELECT * FROM account_totals WHERE account_id = ? AND day < ? ORDER BY day DESC LIMIT 1', [id, later.get(id)![0]!.day]);
      base = row ? fromRow(row) : null;
    }
    const gone = (later.get(id) ?? []).filter((r) => !values.has(pairKey(id, r.day))).map((r) => r.day);
    if (gone.length) await tx.run(`DELETE FROM account_totals WHERE account_id = ? AND day IN (${placeholders(gone.length)})`, [id, ...gone]);
    rows.push(...rebuilt.map(toRow));
    if (rebuilt.length || gone.length) mirrors.push([id, ...latest(first ?? rebuilt[0]?.day ?? null, base)]);
  }
  if (rows.length) await tx.upsert('account_totals', ROW_COLUMNS as never, ['account_id', 'day'] as never, ROW_MERGE, rows);
  for (let i = 0; i < mirrors.length; i += 200) {
    const part = mirrors.slice(i, i + 200);
    await tx.run(`${SET_LATEST_FROM} (VALUES ${part.map(() => `(${placeholders(LATEST_COLUMNS.length + 1)})`).join(', ')}) AS v WHERE accounts.id = v.column1`, part.flat());
  }
}

/**
 * Builds every account's running totals again from account_days and account_day_keys with a
 * half-life, and records it: after the rollups were rebuilt (re-identification) or the configured
 * half-life changed.
 */
export async function rebuildAccountTotals(db: Kysely<Database>, halfLifeDays: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`DELETE FROM account_visitors`.execute(trx);
    await sql`INSERT INTO account_visitors (account_id, member, first_day)
      SELECT account_id, member, MIN(day) FROM account_day_keys WHERE member LIKE 'v:%' GROUP BY account_id, member`.execute(trx);
    return fillAccountTotals(trx, halfLifeDays);
  });
}

/** The totals from account_days and account_visitors, inside a transaction (a migration's too): accounts a page at a time, so memory stays flat. */
export async function fillAccountTotals(db: Kysely<Database>, halfLifeDays: number): Promise<number> {
  await sql`DELETE FROM account_totals`.execute(db);
  await sql`UPDATE accounts SET ${sql.raw(LATEST_COLUMNS.map((c) => `${c} = NULL`).join(', '))}`.execute(db);
  let after = '';
  let rows = 0;
  for (;;) {
    const ids = (await sql<{ id: string }>`SELECT DISTINCT account_id AS id FROM account_days WHERE account_id > ${after} ORDER BY account_id LIMIT 500`.execute(db)).rows.map((r) => r.id);
    if (!ids.length) break;
    const sums = await sql<Record<string, unknown>>`
      SELECT account_id, day, SUM(sessions) AS sessions, SUM(page_views) AS page_views, ${sql.raw(POINTS.map((c) => `SUM(${c}) AS ${c}`).join(', '))}
      FROM account_days WHERE account_id IN (${sql.join(ids)}) GROUP BY account_id, day ORDER BY account_id, day
    `.execute(db);
    const fresh = new Map<string, number>();
    for (const f of (await sql<{ account_id: string; day: string; n: number }>`
      SELECT account_id, first_day AS day, COUNT(*) AS n FROM account_visitors WHERE account_id IN (${sql.join(ids)}) GROUP BY account_id, first_day
    `.execute(db)).rows) {
      fresh.set(`${f.account_id}\u0000${f.day}`, Number(f.n));
    }
    const out: ReturnType<typeof toRow>[] = [];
    const ends = new Map<string, { first: string; last: TotalsRow }>();
    let base: TotalsRow | null = null;
    for (const s of sums.rows) {
      const accountId = String(s.account_id);
      const day = String(s.day);
      if (base?.account_id !== accountId) base = null;
      const v = { sessions: Number(s.sessions), page_views: Number(s.page_views), new_visitors: fresh.get(`${accountId}\u0000${day}`) ?? 0, points: POINTS.map((c) => Number(s[c])) };
      base = next(base, accountId, day, v, halfLifeDays);
      out.push(toRow(base));
      ends.set(accountId, { first: ends.get(accountId)?.first ?? base.day, last: base });
    }
    for (let i = 0; i < out.length; i += 1000) await db.insertInto('account_totals').values(out.slice(i, i + 1000) as never).execute();
    for (const [id, end] of ends) {
      const values = latest(end.first, end.last);
      await sql`UPDATE accounts SET ${sql.join(LATEST_COLUMNS.map((c, i) => sql`${sql.ref(c)} = ${values[i]}`))} WHERE id = ${id}`.execute(db);
    }
    rows += out.length;
    after = ids[ids.length - 1]!;
  }
  const value = JSON.stringify({ halfLifeDays });
  await db.insertInto('settings').values({ name: TOTALS_SETTING, value }).onConflict((oc) => oc.column('name').doUpdateSet({ value })).execute();
  return rows;
}

/**
 * A data subject's erasure: their visitor ids leave account_visitors, and the days they were
 * first seen on count one new visitor fewer (as distinct visitors over account_day_keys do, once
 * the erasure deletes their keys).
 */
export async function forgetAccountVisitors(tx: WriteTx, visitors: string[]): Promise<void> {
  const touched: { account_id: string; day: string }[] = [];
  for (let i = 0; i < visitors.length; i += 500) {
    const members = visitors.slice(i, i + 500).map((v) => `v:${v}`);
    const rows = await tx.all<{ account_id: string; first_day: string }>(
      `SELECT account_id, first_day FROM account_visitors WHERE member IN (${placeholders(members.length)})`,
      members,
    );
    if (!rows.length) continue;
    touched.push(...rows.map((r) => ({ account_id: r.account_id, day: r.first_day })));
    await tx.run(`DELETE FROM account_visitors WHERE member IN (${placeholders(members.length)})`, members);
  }
  await syncAccountTotals(tx, touched);
}
