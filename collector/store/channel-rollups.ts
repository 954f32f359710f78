import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ChannelCountsTable, ChannelMembersTable, Database } from './types.js';
import type { ChannelRow } from './store.js';
import type { WriteTx } from './write-tx.js';
import { utcDay } from './rollups.js';

/**
 * Channel breakdown rollups: sessions, distinct visitors, accounts and target accounts by channel
 * over any range of days, exact, without a DISTINCT over the range at read time.
 *
 * A member (`v:<visitor>` or `a:<accountId>`) of a channel has a row in channel_members for each
 * day it was seen there, with `prev_day`, the day it was last seen there before (NULL if never).
 * The distinct members over days [A, B] are the rows with day in [A, B] whose prev_day is NULL or
 * before A (one per member: its first row in the range). channel_counts keeps how many rows have
 * each (day, prev_day), so a read sums a few cells and never touches member rows.
 *
 * Scopes: visitors are kept per site only, as a visitor id is one browser's on one site (the
 * SDK's random id); "all sites" sums the sites' visitors. Accounts are kept per site and for all
 * sites at once (`*`), as one account can read several sites and must count once.
 */

/** A member's row on day '' (no sessions) is its lock: see `relink`. */
const LOCK_DAY = '';
const ALL_SITES = '*';
const UNASSIGNED = 'Unassigned';
const DAY_MS = 86_400_000;
/** Rows per statement where each row is a handful of parameters: SQLite prepares longer statements slowly. */
const CHUNK = 100;

export interface SessionKey {
  siteId: string;
  id: string;
}

/** What a session adds to the rollups; null when it adds nothing (a bot's). */
type Contribution = { day: string; channel: string; visitor: string | null; account: string | null } | null;

interface SessionState {
  site_id: string;
  id: string;
  visitor: string | null;
  started_at: number;
  bot: number;
  channel: string | null;
  account_id: string | null;
  counted_day: string | null;
  counted_channel: string | null;
  counted_visitor: string | null;
  counted_account: string | null;
}

type Cell = ChannelCountsTable;
type MemberRow = ChannelMembersTable;

/** A member's days in one scope and channel, and how many sessions each day gains (or loses). */
interface Group {
  scope: string;
  channel: string;
  member: string;
  deltas: Map<string, number>;
}

const MEMBER_COLUMNS = ['scope', 'channel', 'member', 'day', 'prev_day', 'sessions'] as const;
const MEMBER_KEY = ['scope', 'channel', 'member', 'day'] as const;
const COUNT_COLUMNS = ['scope', 'channel', 'kind', 'day', 'prev_day', 'n'] as const;
const COUNT_KEY = ['scope', 'channel', 'kind', 'day', 'prev_day'] as const;
const DAY_COLUMNS = ['site_id', 'channel', 'day', 'sessions'] as const;

const join = (...parts: string[]) => parts.join('\u0000');
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sortedValues = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => compare(a, b)).map(([, v]) => v);
const placeholders = (rows: number, columns: number) => Array.from({ length: rows }, () => `(${Array(columns).fill('?').join(', ')})`).join(', ');

function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

const current = (s: SessionState): Contribution =>
  Number(s.bot) === 0 ? { day: utcDay(Number(s.started_at)), channel: s.channel ?? UNASSIGNED, visitor: s.visitor, account: s.account_id } : null;

const counted = (s: SessionState): Contribution =>
  s.counted_day === null ? null : { day: s.counted_day, channel: s.counted_channel!, visitor: s.counted_visitor, account: s.counted_account };

const same = (a: Contribution, b: Contribution) =>
  a === b || (a !== null && b !== null && a.day === b.day && a.channel === b.channel && a.visitor === b.visitor && a.account === b.account);

/**
 * Brings the channel rollups in line with these sessions as they are now: each session row keeps
 * what the rollups last counted for it (`counted_*`), so a session whose day, channel, visitor,
 * account or bot flag changed has its old contribution taken off and its new one added. Call it
 * in the transaction that changed the sessions, after the change.
 */
export async function syncChannelRollups(tx: WriteTx, keys: SessionKey[]): Promise<void> {
  const sessionDays = new Map<string, { site_id: string; channel: string; day: string; sessions: number }>();
  const groups = new Map<string, Group>();
  const changed: { s: SessionState; now: Contribution }[] = [];
  const add = (c: Contribution, site: string, sign: number) => {
    if (!c) return;
    const k = join(site, c.channel, c.day);
    const d = sessionDays.get(k) ?? { site_id: site, channel: c.channel, day: c.day, sessions: 0 };
    d.sessions += sign;
    sessionDays.set(k, d);
    const members: [string, string][] = [];
    if (c.visitor !== null) members.push([site, `v:${c.visitor}`]);
    if (c.account !== null) members.push([site, `a:${c.account}`], [ALL_SITES, `a:${c.account}`]);
    for (const [scope, member] of members) {
      const gk = join(scope, c.channel, member);
      const g = groups.get(gk) ?? { scope, channel: c.channel, member, deltas: new Map() };
      g.deltas.set(c.day, (g.deltas.get(c.day) ?? 0) + sign);
      groups.set(gk, g);
    }
  };
  for (const s of await loadSessions(tx, keys)) {
    const before = counted(s);
    const now = current(s);
    if (same(before, now)) continue;
    add(before, s.site_id, -1);
    add(now, s.site_id, 1);
    changed.push({ s, now });
  }
  if (!changed.length) return;
  for (const [k, g] of groups) {
    for (const [day, d] of g.deltas) if (d === 0) g.deltas.delete(day);
    if (!g.deltas.size) groups.delete(k);
  }
  // Member locks first, then every other row in key order: two processes never wait on each other in a circle.
  const cells = await relink(tx, sortedValues(groups));
  await tx.upsert('channel_days', DAY_COLUMNS, ['site_id', 'channel', 'day'], 'sessions = channel_days.sessions + excluded.sessions', sortedValues(sessionDays).filter((d) => d.sessions !== 0));
  const cellRows = sortedValues(cells).filter((c) => c.n !== 0);
  await tx.upsert('channel_counts', COUNT_COLUMNS, COUNT_KEY, 'n = channel_counts.n + excluded.n', cellRows);
  await deleteKeys(tx, 'channel_counts', COUNT_KEY, cellRows.filter((c) => c.n < 0), 'n = 0');
  await markCounted(tx, changed);
}

async function loadSessions(tx: WriteTx, keys: SessionKey[]): Promise<SessionState[]> {
  const bySite = new Map<string, Set<string>>();
  for (const k of keys) bySite.set(k.siteId, (bySite.get(k.siteId) ?? new Set()).add(k.id));
  const out: SessionState[] = [];
  for (const [site, ids] of [...bySite.entries()].sort(([a], [b]) => compare(a, b))) {
    for (const part of chunks([...ids].sort(compare))) {
      out.push(
        ...(await tx.all<SessionState>(
          'SELECT site_id, id, visitor, started_at, bot, channel, account_id, counted_day, counted_channel, counted_visitor, counted_account ' +
            `FROM sessions WHERE site_id = ? AND id IN (${part.map(() => '?').join(', ')})`,
          [site, ...part],
        )),
      );
    }
  }
  return out;
}

/**
 * Applies the groups' day deltas to their member rows, keeping each row's prev_day right (a day
 * added before or between days already there re-links the next one; a day that goes hands its
 * prev_day on), and returns the histogram cells that change. Each group's lock row is upserted
 * first, in key order: on PostgreSQL that row lock keeps two transactions from re-linking one
 * member's days at once (SQLite writes one transaction at a time anyway).
 */
async function relink(tx: WriteTx, groups: Group[]): Promise<Map<string, Cell>> {
  const cells = new Map<string, Cell>();
  if (!groups.length) return cells;
  // An update whose WHERE is false: PostgreSQL locks the row all the same, and nothing is written.
  await tx.upsert(
    'channel_members',
    MEMBER_COLUMNS,
    MEMBER_KEY,
    'sessions = channel_members.sessions WHERE 1 = 0',
    groups.map((g) => ({ scope: g.scope, channel: g.channel, member: g.member, day: LOCK_DAY, prev_day: null, sessions: 0 })),
  );
  // Each group's rows from the last day before its first changed day to the first day after its last.
  const existing = new Map<string, MemberRow[]>();
  for (const part of chunks(groups)) {
    const rows = await tx.all<MemberRow>(
      `WITH g (scope, channel, member, lo, hi) AS (VALUES ${placeholders(part.length, 5)}) ` +
        'SELECT m.scope, m.channel, m.member, m.day, m.prev_day, m.sessions FROM g JOIN channel_members m ' +
        'ON m.scope = g.scope AND m.channel = g.channel AND m.member = g.member ' +
        "AND m.day >= COALESCE((SELECT max(p.day) FROM channel_members p WHERE p.scope = g.scope AND p.channel = g.channel AND p.member = g.member AND p.day > '' AND p.day < g.lo), g.lo) " +
        'AND m.day <= COALESCE((SELECT min(n.day) FROM channel_members n WHERE n.scope = g.scope AND n.channel = g.channel AND n.member = g.member AND n.day > g.hi), g.hi)',
      part.flatMap((g) => {
        const days = [...g.deltas.keys()].sort(compare);
        return [g.scope, g.channel, g.member, days[0], days[days.length - 1]];
      }),
    );
    for (const r of rows) {
      const k = join(r.scope, r.channel, r.member);
      const list = existing.get(k) ?? [];
      list.push({ ...r, sessions: Number(r.sessions) });
      existing.set(k, list);
    }
  }
  const cell = (g: Group, day: string, prev: string | null, n: number) => {
    const kind = g.member.slice(0, 1);
    const k = join(g.scope, g.channel, kind, day, prev ?? '');
    const c = cells.get(k) ?? { scope: g.scope, channel: g.channel, kind, day, prev_day: prev ?? '', n: 0 };
    c.n += n;
    cells.set(k, c);
  };
  const upserts: MemberRow[] = [];
  const deletes: MemberRow[] = [];
  for (const g of groups) {
    const old = (existing.get(join(g.scope, g.channel, g.member)) ?? []).sort((a, b) => compare(a.day, b.day));
    const lo = [...g.deltas.keys()].sort(compare)[0]!;
    // The row before the first changed day (if any) stays as it is.
    const anchor = old[0] && old[0].day < lo ? old[0] : undefined;
    const sessions = new Map(old.map((r) => [r.day, r.sessions]));
    for (const [day, d] of g.deltas) sessions.set(day, (sessions.get(day) ?? 0) + d);
    const days = [...sessions.entries()].filter(([, n]) => n > 0).map(([day]) => day).sort(compare);
    const before = new Map(old.map((r) => [r.day, r]));
    const kept = new Set(days);
    for (const r of old) {
      if (kept.has(r.day)) continue;
      deletes.push(r);
      cell(g, r.day, r.prev_day, -1);
    }
    days.forEach((day, i) => {
      const prev = i > 0 ? days[i - 1]! : (anchor?.prev_day ?? null);
      const was = before.get(day);
      const n = sessions.get(day)!;
      if (was && was.prev_day === prev && was.sessions === n) return;
      if (!was || was.prev_day !== prev) {
        if (was) cell(g, day, was.prev_day, -1);
        cell(g, day, prev, 1);
      }
      upserts.push({ scope: g.scope, channel: g.channel, member: g.member, day, prev_day: prev, sessions: n });
    });
  }
  await deleteKeys(tx, 'channel_members', MEMBER_KEY, deletes);
  await tx.upsert('channel_members', MEMBER_COLUMNS, MEMBER_KEY, 'prev_day = excluded.prev_day, sessions = excluded.sessions', upserts);
  return cells;
}

/** Deletes rows by key (and `where`), a statement per chunk. */
async function deleteKeys<R extends object>(tx: WriteTx, table: string, key: readonly (keyof R & string)[], rows: R[], where?: string): Promise<void> {
  for (const part of chunks(rows)) {
    await tx.run(
      `DELETE FROM ${table} WHERE ${where ? `${where} AND ` : ''}(${key.join(', ')}) IN (VALUES ${placeholders(part.length, key.length)})`,
      part.flatMap((r) => key.map((c) => (r as Record<string, unknown>)[c])),
    );
  }
}

/** Remembers on each session row what the rollups now count for it. */
async function markCounted(tx: WriteTx, changed: { s: SessionState; now: Contribution }[]): Promise<void> {
  const rows = [...changed].sort((a, b) => compare(join(a.s.site_id, a.s.id), join(b.s.site_id, b.s.id)));
  for (const part of chunks(rows)) {
    await tx.run(
      `WITH c (site_id, id, day, channel, visitor, account) AS (VALUES ${placeholders(part.length, 6)}) ` +
        'UPDATE sessions SET counted_day = c.day, counted_channel = c.channel, counted_visitor = c.visitor, counted_account = c.account ' +
        'FROM c WHERE sessions.site_id = c.site_id AND sessions.id = c.id',
      part.flatMap(({ s, now }) => [s.site_id, s.id, now?.day ?? null, now?.channel ?? null, now?.visitor ?? null, now?.account ?? null]),
    );
  }
}

/**
 * Sessions started in [from, to) by channel, bots left out. Whole UTC days (what the API asks)
 * are read from the rollups; any other bounds from the sessions themselves.
 */
export async function channelBreakdown(db: Kysely<Database>, { from, to, siteId }: { from: number; to: number; siteId?: string | undefined }): Promise<ChannelRow[]> {
  const rows = from % DAY_MS === 0 && to % DAY_MS === 0 ? await fromRollups(db, utcDay(from), utcDay(to - 1), siteId) : await fromSessions(db, from, to, siteId);
  return rows
    .map((r) => ({ channel: r.channel, sessions: Number(r.sessions), visitors: Number(r.visitors), accounts: Number(r.accounts), targetAccounts: Number(r.target_accounts) }))
    .sort((a, b) => b.sessions - a.sessions || a.channel.localeCompare(b.channel));
}

type Counts = { channel: string; sessions: number; visitors: number; accounts: number; target_accounts: number };

/** Days [first, last], both inclusive (nothing when last is before first). */
async function fromRollups(db: Kysely<Database>, first: string, last: string, siteId: string | undefined): Promise<Counts[]> {
  const visitorScopes = siteId === undefined ? sql`(SELECT id FROM sites)` : sql`(${siteId})`;
  const accountScope = siteId ?? ALL_SITES;
  const distinct = (kind: string, scopes: RawBuilder<unknown>) =>
    sql<number>`(SELECT COALESCE(SUM(c.n), 0) FROM channel_counts c WHERE c.scope IN ${scopes} AND c.channel = d.channel AND c.kind = ${kind} AND c.day >= ${first} AND c.day <= ${last} AND c.prev_day < ${first})`;
  const result = await sql<Counts>`
    SELECT d.channel, SUM(d.sessions) AS sessions,
      ${distinct('v', visitorScopes)} AS visitors,
      ${distinct('a', sql`(${accountScope})`)} AS accounts,
      (SELECT COUNT(*) FROM accounts t WHERE t.target = 1 AND EXISTS (
        SELECT 1 FROM channel_members m WHERE m.scope = ${accountScope} AND m.channel = d.channel AND m.member = 'a:' || t.id AND m.day >= ${first} AND m.day <= ${last}
      )) AS target_accounts
    FROM channel_days d
    WHERE d.day >= ${first} AND d.day <= ${last} ${siteId === undefined ? sql`` : sql`AND d.site_id = ${siteId}`}
    GROUP BY d.channel
    HAVING SUM(d.sessions) > 0`.execute(db);
  return result.rows;
}

async function fromSessions(db: Kysely<Database>, from: number, to: number, siteId: string | undefined): Promise<Counts[]> {
  let q = db
    .selectFrom('sessions as s')
    .leftJoin('accounts as a', 'a.id', 's.account_id')
    .select((e) => [
      sql<string>`coalesce(s.channel, 'Unassigned')`.as('channel'),
      e.fn.countAll<number>().as('sessions'),
      sql<number>`count(distinct s.visitor)`.as('visitors'),
      sql<number>`count(distinct s.account_id)`.as('accounts'),
      sql<number>`count(distinct case when a.target = 1 then s.account_id end)`.as('target_accounts'),
    ])
    .where('s.started_at', '>=', from)
    .where('s.started_at', '<', to)
    .where('s.bot', '=', 0);
  if (siteId) q = q.where('s.site_id', '=', siteId);
  return q.groupBy(sql`coalesce(s.channel, 'Unassigned')`).execute();
}

/**
 * Erasure: the visitors' member rows go (their counts stay, anonymous). Found through the sites
 * and channels that ever had sessions (channel_days rows are kept at zero for this), so each
 * delete is a seek.
 */
export async function forgetChannelVisitors(db: Kysely<Database>, visitors: string[]): Promise<void> {
  for (const part of chunks(visitors)) {
    await db
      .deleteFrom('channel_members')
      .where('member', 'in', part.map((v) => `v:${v}`))
      .where(sql<boolean>`(scope, channel) IN (SELECT DISTINCT site_id, channel FROM channel_days)`)
      .execute();
  }
}
