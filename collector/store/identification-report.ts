import { sql, type Kysely } from 'kysely';
import type { Database } from './types.js';

const DAY_MS = 86_400_000;

export interface IdentificationQuery {
  /** First and last UTC day, both inclusive (2026-11-01). */
  from: string;
  to: string;
  /** One site's sessions (its id); every site's when absent. */
  siteId?: string | undefined;
}

/** Human sessions of one day that share a network class and what they credit. */
export interface IdentificationDay {
  day: string;
  /** The network class of the sessions' first event (business, isp, mobile …); null when it was not looked up. */
  networkClass: string | null;
  /** `target` or `company` when the sessions credit an account (on the target list or not), else null. */
  credit: 'target' | 'company' | null;
  sessions: number;
}

export interface IdentificationCounts {
  days: IdentificationDay[];
  /** Sessions started in the period that were left out as automated (bots, clouds). */
  bots: number;
}

/**
 * Human sessions per UTC day by network class and credit, over whole days. It reads what the
 * channel rollups counted for each session (`counted_day`, set for human sessions only, and
 * `counted_account`; channel-rollups.ts keeps both in step with every change to a session), so
 * its totals are the Channels report's visits, and the sessions' `network_class` (their first
 * event's, sessions.ts). The inner grouping follows the sessions_identification index (migration
 * 0022) in its order: no sort and no visit to the table; only its few hundred groups meet the
 * accounts, for the target list as it is now.
 */
export async function identificationDays(db: Kysely<Database>, q: IdentificationQuery): Promise<IdentificationCounts> {
  const site = q.siteId === undefined ? sql`` : sql`s.site_id = ${q.siteId} AND`;
  const grouped = sql<{ day: string; network_class: string | null; credit: string | null; sessions: number | string }>`
    SELECT g.day, g.network_class, CASE WHEN g.account IS NULL THEN NULL WHEN a.target = 1 THEN 'target' ELSE 'company' END AS credit, SUM(g.n) AS sessions
    FROM (
      SELECT s.counted_day AS day, s.network_class, s.counted_account AS account, COUNT(*) AS n
      FROM sessions s
      WHERE ${site} s.counted_day >= ${q.from} AND s.counted_day <= ${q.to}
      GROUP BY s.counted_day, s.network_class, s.counted_account
    ) g
    LEFT JOIN accounts a ON a.id = g.account
    GROUP BY g.day, g.network_class, CASE WHEN g.account IS NULL THEN NULL WHEN a.target = 1 THEN 'target' ELSE 'company' END`;
  // Every session started in the period, bots included, counted in the started-at index alone; the bots are the rest.
  const from = Date.parse(`${q.from}T00:00:00Z`);
  const to = Date.parse(`${q.to}T00:00:00Z`) + DAY_MS;
  let all = db.selectFrom('sessions').select((e) => e.fn.countAll<number>().as('n')).where('started_at', '>=', from).where('started_at', '<', to);
  if (q.siteId !== undefined) all = all.where('site_id', '=', q.siteId);
  const [rows, total] = await Promise.all([grouped.execute(db), all.executeTakeFirst()]);
  const days = rows.rows.map((r): IdentificationDay => ({
    day: String(r.day),
    networkClass: r.network_class,
    credit: r.credit === 'target' || r.credit === 'company' ? r.credit : null,
    sessions: Number(r.sessions),
  }));
  const humans = days.reduce((n, d) => n + d.sessions, 0);
  return { days, bots: Math.max(0, Number(total?.n ?? 0) - humans) };
}

/**
 * The period's human sessions and those crediting an account, without grouping: the same rows
 * and index as identificationDays, in about half its time (the report's previous period).
 */
export async function identificationTotals(db: Kysely<Database>, q: IdentificationQuery): Promise<{ sessions: number; identified: number }> {
  let query = db
    .selectFrom('sessions')
    .select((e) => [e.fn.countAll<number>().as('sessions'), e.fn.count<number>('counted_account').as('identified')])
    .where('counted_day', '>=', q.from)
    .where('counted_day', '<=', q.to);
  if (q.siteId !== undefined) query = query.where('site_id', '=', q.siteId);
  const row = await query.executeTakeFirst();
  return { sessions: Number(row?.sessions ?? 0), identified: Number(row?.identified ?? 0) };
}
