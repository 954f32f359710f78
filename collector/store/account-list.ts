import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from './types.js';
import type { LevelPoints } from './store.js';
import { dayIndex, totalsHalfLife } from './account-totals.js';

export type AccountSort = 'score' | 'name' | 'last_seen' | 'visits' | 'visitors';

export interface AccountListQuery {
  /** UTC days, inclusive. */
  fromDay: string;
  toDay: string;
  target?: boolean | undefined;
  tier?: string | undefined;
  /** ISO-3166 alpha-2. */
  country?: string | undefined;
  owner?: string | undefined;
  stage?: string | undefined;
  /** Part of a name or domain. */
  search?: string | undefined;
  sort: AccountSort;
  descending: boolean;
  limit: number;
  offset: number;
  /** Role weights by level, and the half-life of points in days. */
  weights: LevelPoints;
  halfLifeDays: number;
  /** Every account, active in the range or not (for stage evaluation). */
  all?: boolean;
  /** false: leave distinct visitors out (reported as 0), for callers that need only scores and visits. */
  countVisitors?: boolean;
  /** Only accounts engaged in the range by these rules: a score of at least `score`, or visits on at least `activeDays` days. */
  engaged?: { score: number; activeDays: number } | undefined;
}

export interface AccountListRow {
  id: string;
  name: string;
  domain: string | null;
  target: boolean;
  tier: string | null;
  owner: string | null;
  /** ISO-3166 alpha-2, when known. */
  country: string | null;
  stage: string;
  score: number;
  visits: number;
  visitors: number;
  pageViews: number;
  /** Days with a visit in the range. */
  activeDays: number;
  lastSeen: number | null;
}

const DAY = 86_400_000;
const LEVELS = ['c_level', 'vp', 'director', 'manager', 'other'] as const;
const ORDER: Record<AccountSort, RawBuilder<unknown>> = {
  score: sql`score`,
  name: sql`lower(a.name)`,
  last_seen: sql`a.last_seen`,
  visits: sql`visits`,
  visitors: sql`visitors`,
};

/**
 * Accounts with their numbers over a range of days, read from the rollups only: visits
 * (sessions), distinct visitors, page views, and the engagement score — each day's points per
 * seniority level times the role weights, halved every half-life counted back from the last day
 * of the range. Accounts active in the range, and every target account (active or not).
 */
export async function listAccountMetrics(db: Kysely<Database>, q: AccountListQuery): Promise<{ rows: AccountListRow[]; total: number }> {
  const stored = await totalsHalfLife(db);
  // Distinct visitors of every account are no running total: sorting by them sums the days.
  if (stored === q.halfLifeDays && q.sort !== 'visitors') return fromTotals(db, q);
  const from = Date.parse(`${q.fromDay}T00:00:00Z`);
  const to = Date.parse(`${q.toDay}T00:00:00Z`);
  const days: RawBuilder<unknown>[] = [];
  for (let t = from; t <= to; t += DAY) {
    const weight = Math.pow(0.5, (to - t) / DAY / q.halfLifeDays);
    days.push(sql`(${new Date(t).toISOString().slice(0, 10)}, CAST(${weight} AS DOUBLE PRECISION))`);
  }
  const weighted = sql.join(
    LEVELS.map((l) => sql`CAST(${q.weights[l]} AS DOUBLE PRECISION) * d.${sql.ref(`points_${l}`)}`),
    sql` + `,
  );
  const filters: RawBuilder<unknown>[] = [q.all ? sql`1 = 1` : sql`(act.account_id IS NOT NULL OR a.target = 1)`, ...accountFilters(q)];
  // With one site an account has one row a day; counting them spares a distinct pass.
  const sites = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM sites`.execute(db);
  const activeDays = Number(sites.rows[0]?.n ?? 0) > 1 ? sql`COUNT(DISTINCT d.day)` : sql`COUNT(*)`;
  const direction = q.descending ? sql`DESC` : sql`ASC`;
  const byVisitors = q.sort === 'visitors';
  const result = await sql<ResultRow>`
    WITH w(day, weight) AS (VALUES ${sql.join(days)}),
    act AS (
      SELECT d.account_id, SUM(d.sessions) AS visits, SUM(d.page_views) AS page_views, ${activeDays} AS active_days,
        SUM(w.weight * (${weighted})) AS score
      FROM account_days d JOIN w ON w.day = d.day
      ${q.target === true ? sql`WHERE d.account_id IN (SELECT id FROM accounts WHERE target = 1)` : sql``}
      GROUP BY d.account_id
    ),
    people AS (${
      // Distinct visitors cost a pass over every visitor-day of the range: only when sorting by them.
      byVisitors
        ? sql`SELECT account_id, COUNT(DISTINCT member) AS visitors FROM account_day_keys
          WHERE day >= ${q.fromDay} AND day <= ${q.toDay} AND member LIKE 'v:%'
          GROUP BY account_id`
        : sql`SELECT NULL AS account_id, 0 AS visitors WHERE 1 = 0`
    })
    SELECT a.id, a.name, a.domain, a.target, a.tier, a.owner, a.country, a.stage, a.last_seen,
      COALESCE(act.score, 0) AS score, COALESCE(act.visits, 0) AS visits, COALESCE(act.page_views, 0) AS page_views,
      COALESCE(people.visitors, 0) AS visitors, COALESCE(act.active_days, 0) AS active_days, COUNT(*) OVER () AS total
    FROM accounts a
    LEFT JOIN act ON act.account_id = a.id
    LEFT JOIN people ON people.account_id = a.id
    WHERE ${sql.join(filters, sql` AND `)}
      ${q.engaged ? sql`AND (COALESCE(act.score, 0) >= ${q.engaged.score} OR COALESCE(act.active_days, 0) >= ${q.engaged.activeDays})` : sql``}
    ORDER BY ${ORDER[q.sort]} ${direction} NULLS LAST, lower(a.name) ASC, a.id ASC
    LIMIT ${q.limit} OFFSET ${q.offset}
  `.execute(db);
  return finish(db, q, result.rows, byVisitors, () => listAccountMetrics(db, { ...q, offset: 0, limit: 1 }));
}

/** The countries accounts are in, for the list's filter. */
export async function accountCountries(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('accounts').select('country').distinct().where('country', 'is not', null).orderBy('country').execute();
  return rows.map((r) => r.country!);
}

/** What the account list filters on that is the account's own (the target list's fields, stage, name). */
function accountFilters(q: AccountListQuery): RawBuilder<unknown>[] {
  const filters: RawBuilder<unknown>[] = [];
  if (q.target !== undefined) filters.push(sql`a.target = ${q.target ? 1 : 0}`);
  if (q.tier) filters.push(sql`a.tier = ${q.tier}`);
  if (q.country) filters.push(sql`a.country = ${q.country}`);
  if (q.owner) filters.push(sql`lower(a.owner) = ${q.owner.toLowerCase()}`);
  if (q.stage) filters.push(sql`a.stage = ${q.stage}`);
  if (q.search) {
    const like = `%${q.search.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    filters.push(sql`(lower(a.name) LIKE ${like} ESCAPE '\\' OR lower(a.domain) LIKE ${like} ESCAPE '\\')`);
  }
  return filters.length ? filters : [sql`1 = 1`];
}

interface ResultRow {
  id: string;
  name: string;
  domain: string | null;
  target: number;
  tier: string | null;
  owner: string | null;
  country: string | null;
  stage: string;
  last_seen: number | null;
  score: number;
  visits: number;
  page_views: number;
  visitors: number;
  active_days: number;
  total: number;
}

/**
 * Rows as the API gives them, with distinct visitors counted for the page shown only: `known`
 * has those the running totals already tell; the others are counted over their visitor-days.
 */
async function finish(
  db: Kysely<Database>,
  q: AccountListQuery,
  found: ResultRow[],
  byVisitors: boolean,
  firstPage: () => Promise<{ total: number }>,
  known: Map<string, number> = new Map(),
): Promise<{ rows: AccountListRow[]; total: number }> {
  let visitors: Map<string, number> | null = null;
  if (!byVisitors && q.countVisitors !== false) {
    const counted = await distinctVisitors(db, q, found.map((r) => r.id).filter((id) => !known.has(id)));
    visitors = new Map([...known, ...counted]);
  }
  const rows = found.map((r) => ({
    id: r.id,
    name: r.name,
    domain: r.domain,
    target: Number(r.target) === 1,
    tier: r.tier,
    owner: r.owner,
    country: r.country ?? null,
    stage: r.stage,
    score: Math.round(Number(r.score) * 100) / 100,
    visits: Number(r.visits),
    visitors: byVisitors ? Number(r.visitors) : (visitors?.get(r.id) ?? 0),
    pageViews: Number(r.page_views),
    activeDays: Number(r.active_days),
    lastSeen: r.last_seen === null ? null : Number(r.last_seen),
  }));
  // Past the end: the total still says how many there are.
  if (!found.length && q.offset > 0) return { rows, total: (await firstPage()).total };
  return { rows, total: found.length ? Number(found[0]!.total) : 0 };
}

const weightedSum = (q: AccountListQuery, column: (level: string) => string) =>
  sql.join(LEVELS.map((l) => sql`CAST(${q.weights[l]} AS DOUBLE PRECISION) * ${sql.raw(column(l))}`), sql` + `);

/** Each account's numbers over the range from the running totals, as a subquery `m` (one row per account the filters keep). */
function fromTotalsSql(q: AccountListQuery, postgres: boolean): RawBuilder<unknown> {
  const end = dayIndex(q.toDay);
  const h = sql`CAST(${q.halfLifeDays} AS DOUBLE PRECISION)`;
  const carried = (prefix: string, idx: string) =>
    sql`(${weightedSum(q, (l) => `${prefix}${l}`)}) * pow(0.5, (CAST(${end} AS DOUBLE PRECISION) - ${sql.raw(idx)}) / ${h})`;
  // The newest row at or before the last day: the account's mirror, or `h` when it was active after the range.
  // (None, for an account not active since the first day: its rows before and at the end are the same one.)
  const upTo = (mirror: string, row: string) =>
    sql`CASE WHEN a.totals_day IS NULL OR a.totals_day < ${q.fromDay} THEN 0 WHEN a.totals_day <= ${q.toDay} THEN COALESCE(${sql.raw(`a.${mirror}`)}, 0) ELSE COALESCE(${sql.raw(`h.${row}`)}, 0) END`;
  const filters = sql.join(accountFilters(q), sql` AND `);
  // Rows to look up: the newest at or before the last day for an account active since (and before it);
  // the newest before the first day for an account active both before and within the range.
  const needsEnd = sql`a.totals_day > ${q.toDay} AND a.totals_first_day <= ${q.toDay}`;
  const needsStart = sql`a.totals_first_day < ${q.fromDay} AND a.totals_day >= ${q.fromDay}`;
  return sql`(
      SELECT a.id, a.name, a.domain, a.target, a.tier, a.owner, a.country, a.stage, a.last_seen,
        ${upTo('totals_sessions', 'cum_sessions')} - COALESCE(l.cum_sessions, 0) AS visits,
        ${upTo('totals_page_views', 'cum_page_views')} - COALESCE(l.cum_page_views, 0) AS page_views,
        ${upTo('totals_days', 'cum_days')} - COALESCE(l.cum_days, 0) AS active_days,
        CASE WHEN a.totals_day IS NULL OR a.totals_day < ${q.fromDay} THEN 0
          WHEN a.totals_day <= ${q.toDay} THEN COALESCE(${carried('a.totals_decayed_', 'a.totals_day_idx')}, 0) ELSE COALESCE(${carried('h.decayed_', 'h.day_idx')}, 0) END
          - COALESCE(${carried('l.decayed_', 'l.day_idx')}, 0) AS score,
        ${
          // First seen within the range (or never): every visitor up to the last day is one of the range's.
          q.countVisitors === false
            ? sql`NULL`
            : sql`CASE WHEN a.totals_first_day IS NULL OR a.totals_first_day >= ${q.fromDay} OR a.totals_day < ${q.fromDay}
          THEN ${upTo('totals_new_visitors', 'cum_new_visitors')} END`
        } AS known_visitors
      FROM accounts a
      ${
        postgres
          ? // PostgreSQL: a lateral subquery per account, run only where its condition on the account holds.
            sql`LEFT JOIN LATERAL (SELECT * FROM account_totals t WHERE ${needsEnd} AND t.account_id = a.id AND t.day <= ${q.toDay} ORDER BY t.day DESC LIMIT 1) h ON TRUE
      LEFT JOIN LATERAL (SELECT * FROM account_totals t WHERE ${needsStart} AND t.account_id = a.id AND t.day < ${q.fromDay} ORDER BY t.day DESC LIMIT 1) l ON TRUE`
          : // SQLite (no LATERAL): the day to join on is the key of the lookup, worked out once per account, and only where needed.
            sql`LEFT JOIN account_totals h ON h.account_id = a.id AND h.day = CASE WHEN ${needsEnd}
        THEN (SELECT t.day FROM account_totals t WHERE t.account_id = a.id AND t.day <= ${q.toDay} ORDER BY t.day DESC LIMIT 1) END
      LEFT JOIN account_totals l ON l.account_id = a.id AND l.day = CASE WHEN ${needsStart}
        THEN (SELECT t.day FROM account_totals t WHERE t.account_id = a.id AND t.day < ${q.fromDay} ORDER BY t.day DESC LIMIT 1) END`
      }
      WHERE ${filters}
    )`;
}

/**
 * The same list from the running totals (account-totals.ts): per account, its newest row at or
 * before the last day minus its newest row before the first day. The first is usually the
 * account's own mirror of its newest row; rows are looked up (by the join's key, once per
 * account) only for accounts active after the range (`h`) and for accounts active both before and
 * within it (`l`).
 */
async function fromTotals(db: Kysely<Database>, q: AccountListQuery): Promise<{ rows: AccountListRow[]; total: number }> {
  const m = fromTotalsSql(q, db.getExecutor().adapter instanceof PostgresAdapter);
  const direction = q.descending ? sql`DESC` : sql`ASC`;
  const order: Record<Exclude<AccountSort, 'visitors'>, RawBuilder<unknown>> = { score: sql`score`, name: sql`lower(name)`, last_seen: sql`last_seen`, visits: sql`visits` };
  const listed = sql`${q.all ? sql`1 = 1` : sql`(active_days > 0 OR target = 1)`}
    ${q.engaged ? sql`AND (active_days >= ${q.engaged.activeDays} OR score >= ${q.engaged.score})` : sql``}`;
  const result = await sql<ResultRow & { known_visitors: number | null }>`
    WITH m AS ${m}
    SELECT m.*, 0 AS visitors, 0 AS total FROM m WHERE ${listed}
    ORDER BY ${order[q.sort as Exclude<AccountSort, 'visitors'>]} ${direction} NULLS LAST, lower(name) ASC, id ASC
    LIMIT ${q.limit} OFFSET ${q.offset}
  `.execute(db);
  // How many are listed: without a filter on the score a count of accounts; with one, of the rows above (not ordered, so no sort of them all).
  const total = q.engaged
    ? Number((await sql<{ n: number }>`WITH m AS ${m} SELECT COUNT(*) AS n FROM m WHERE ${listed}`.execute(db)).rows[0]?.n ?? 0)
    : await countListed(db, q);
  const rows = result.rows.map((r) => ({ ...r, total }));
  const known = new Map(rows.filter((r) => r.known_visitors !== null).map((r) => [r.id, Number(r.known_visitors)]));
  return finish(db, q, rows, false, async () => ({ total }), known);
}

/** Accounts with a visit in the range: the newest day in or after it, and a day in it (looked up only when there are days after it). */
const activeIn = (q: Pick<AccountListQuery, 'fromDay' | 'toDay'>) => sql`(a.totals_day >= ${q.fromDay} AND a.totals_first_day <= ${q.toDay} AND (a.totals_day <= ${q.toDay}
  OR EXISTS (SELECT 1 FROM account_totals t WHERE t.account_id = a.id AND t.day >= ${q.fromDay} AND t.day <= ${q.toDay})))`;

/** How many accounts the list has (those active in the range and the targets, or all), from the running totals. */
async function countListed(db: Kysely<Database>, q: AccountListQuery): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT COUNT(*) AS n FROM accounts a WHERE ${sql.join(accountFilters(q), sql` AND `)} AND ${q.all ? sql`1 = 1` : sql`(a.target = 1 OR ${activeIn(q)})`}
  `.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Accounts with a visit in the range: all, and targets. */
export async function activeAccounts(db: Kysely<Database>, q: Pick<AccountListQuery, 'fromDay' | 'toDay'>): Promise<{ all: number; targets: number }> {
  const built = await totalsHalfLife(db);
  const { rows } = built
    ? await sql<{ all: number; targets: number }>`
        SELECT COUNT(*) AS ${sql.ref('all')}, COALESCE(SUM(a.target), 0) AS targets FROM accounts a WHERE ${activeIn(q)}`.execute(db)
    : await sql<{ all: number; targets: number }>`
        SELECT COUNT(*) AS ${sql.ref('all')}, COALESCE(SUM(a.target), 0) AS targets FROM accounts a
        WHERE a.id IN (SELECT account_id FROM account_days WHERE day >= ${q.fromDay} AND day <= ${q.toDay})`.execute(db);
  return { all: Number(rows[0]?.all ?? 0), targets: Number(rows[0]?.targets ?? 0) };
}

/**
 * Distinct visitors of these accounts over a range of days: from the running totals for accounts
 * first seen within the range (when the totals are built), over their visitor-days otherwise.
 */
export async function accountVisitors(db: Kysely<Database>, q: Pick<AccountListQuery, 'fromDay' | 'toDay'>, ids: string[]): Promise<Map<string, number>> {
  const built = await totalsHalfLife(db);
  if (built === undefined) return distinctVisitors(db, q, ids);
  const known = new Map<string, number>();
  const rest: string[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('accounts')
      .select(['id', 'totals_first_day', 'totals_day', 'totals_new_visitors'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      if (r.totals_day === null || r.totals_day === undefined) continue;
      if (r.totals_first_day! >= q.fromDay && r.totals_day <= q.toDay) known.set(r.id, Number(r.totals_new_visitors));
      else rest.push(r.id);
    }
  }
  const counted = await distinctVisitors(db, q, rest);
  return new Map([...[...known].filter(([, n]) => n > 0), ...counted]);
}

/** Distinct visitors over the range of the given accounts, from the rollup's visitor-days, in chunks of ids. */
export async function distinctVisitors(db: Kysely<Database>, q: Pick<AccountListQuery, 'fromDay' | 'toDay'>, ids: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const { rows } = await sql<{ account_id: string; visitors: number }>`
      SELECT account_id, COUNT(DISTINCT member) AS visitors FROM account_day_keys
      WHERE account_id IN (${sql.join(chunk)}) AND day >= ${q.fromDay} AND day <= ${q.toDay} AND member LIKE 'v:%'
      GROUP BY account_id
    `.execute(db);
    for (const r of rows) out.set(r.account_id, Number(r.visitors));
  }
  return out;
}

/**
 * For the KPIs: every target account with its numbers over the range, and the best `top` (by
 * score) of the accounts that are not targets but were active and engaged by `engaged`, with how
 * many of those there are. (Two statements: one pass numbering both groups by a window function
 * measured slower on SQLite than the targets' pass and the candidates' bounded sort and count.)
 */
export async function targetsAndCandidates(
  db: Kysely<Database>,
  q: Pick<AccountListQuery, 'fromDay' | 'toDay' | 'weights' | 'halfLifeDays'>,
  engaged: { score: number; activeDays: number },
  top: number,
): Promise<{ targets: AccountListRow[]; candidates: AccountListRow[]; candidateCount: number }> {
  const base: AccountListQuery = { ...q, sort: 'score', descending: true, limit: 10_000_000, offset: 0, countVisitors: false };
  const targets = await listAccountMetrics(db, { ...base, target: true });
  const candidates = await listAccountMetrics(db, { ...base, target: false, limit: top, engaged });
  return { targets: targets.rows, candidates: candidates.rows, candidateCount: candidates.total };
}
