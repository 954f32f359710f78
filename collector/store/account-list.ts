import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from './types.js';
import type { LevelPoints } from './store.js';

export type AccountSort = 'score' | 'name' | 'last_seen' | 'visits' | 'visitors';

export interface AccountListQuery {
  /** UTC days, inclusive. */
  fromDay: string;
  toDay: string;
  target?: boolean | undefined;
  tier?: string | undefined;
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
}

export interface AccountListRow {
  id: string;
  name: string;
  domain: string | null;
  target: boolean;
  tier: string | null;
  owner: string | null;
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
  const filters: RawBuilder<unknown>[] = [q.all ? sql`1 = 1` : sql`(act.account_id IS NOT NULL OR a.target = 1)`];
  if (q.target !== undefined) filters.push(sql`a.target = ${q.target ? 1 : 0}`);
  if (q.tier) filters.push(sql`a.tier = ${q.tier}`);
  if (q.owner) filters.push(sql`lower(a.owner) = ${q.owner.toLowerCase()}`);
  if (q.stage) filters.push(sql`a.stage = ${q.stage}`);
  if (q.search) {
    const like = `%${q.search.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    filters.push(sql`(lower(a.name) LIKE ${like} ESCAPE '\\' OR lower(a.domain) LIKE ${like} ESCAPE '\\')`);
  }
  // With one site an account has one row a day; counting them spares a distinct pass.
  const sites = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM sites`.execute(db);
  const activeDays = Number(sites.rows[0]?.n ?? 0) > 1 ? sql`COUNT(DISTINCT d.day)` : sql`COUNT(*)`;
  const direction = q.descending ? sql`DESC` : sql`ASC`;
  const byVisitors = q.sort === 'visitors';
  const result = await sql<{
    id: string;
    name: string;
    domain: string | null;
    target: number;
    tier: string | null;
    owner: string | null;
    stage: string;
    last_seen: number | null;
    score: number;
    visits: number;
    page_views: number;
    visitors: number;
    active_days: number;
    total: number;
  }>`
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
    SELECT a.id, a.name, a.domain, a.target, a.tier, a.owner, a.stage, a.last_seen,
      COALESCE(act.score, 0) AS score, COALESCE(act.visits, 0) AS visits, COALESCE(act.page_views, 0) AS page_views,
      COALESCE(people.visitors, 0) AS visitors, COALESCE(act.active_days, 0) AS active_days, COUNT(*) OVER () AS total
    FROM accounts a
    LEFT JOIN act ON act.account_id = a.id
    LEFT JOIN people ON people.account_id = a.id
    WHERE ${sql.join(filters, sql` AND `)}
    ORDER BY ${ORDER[q.sort]} ${direction} NULLS LAST, lower(a.name) ASC, a.id ASC
    LIMIT ${q.limit} OFFSET ${q.offset}
  `.execute(db);
  const visitors = byVisitors ? null : q.countVisitors === false ? new Map<string, number>() : await distinctVisitors(db, q, result.rows.map((r) => r.id));
  const rows = result.rows.map((r) => ({
    id: r.id,
    name: r.name,
    domain: r.domain,
    target: Number(r.target) === 1,
    tier: r.tier,
    owner: r.owner,
    stage: r.stage,
    score: Math.round(Number(r.score) * 100) / 100,
    visits: Number(r.visits),
    visitors: visitors ? (visitors.get(r.id) ?? 0) : Number(r.visitors),
    pageViews: Number(r.page_views),
    activeDays: Number(r.active_days),
    lastSeen: r.last_seen === null ? null : Number(r.last_seen),
  }));
  if (!result.rows.length && q.offset > 0) {
    // Past the end: the total still says how many there are.
    return { rows, total: (await listAccountMetrics(db, { ...q, offset: 0, limit: 1 })).total };
  }
  return { rows, total: result.rows.length ? Number(result.rows[0]!.total) : 0 };
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
